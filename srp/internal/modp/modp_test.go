package modp

import (
	"bytes"
	"math/big"
	"sync"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/srpkit/cognito/internal/testenv"
)

var (
	bigN   = N()
	bigOne = big.NewInt(1)
	// max3072 is 2^3072 - 1, the largest value SetBytes accepts.
	max3072 = new(big.Int).Sub(new(big.Int).Lsh(bigOne, 3072), bigOne)
)

// edgeValues are the special inputs every property also sees.
func edgeValues() []*big.Int {
	return []*big.Int{
		big.NewInt(0), big.NewInt(1), big.NewInt(2),
		new(big.Int).Sub(bigN, bigOne), // N-1
		new(big.Int).Set(bigN),         // N, reduces to 0
		new(big.Int).Add(bigN, bigOne), // N+1, reduces to 1
		new(big.Int).Set(max3072),
	}
}

func pad(x *big.Int) []byte { return x.FillBytes(make([]byte, Size)) }

// genValue yields 384-byte big-endian values: uniformly random, or one of
// the edge values (a quarter of the time).
func genValue() gopter.Gen {
	edges := edgeValues()
	return func(p *gopter.GenParameters) *gopter.GenResult {
		var v *big.Int
		if p.Rng.Intn(4) == 0 {
			v = edges[p.Rng.Intn(len(edges))]
		} else {
			b := make([]byte, Size)
			randBytes(p.Rng, b)
			v = new(big.Int).SetBytes(b)
		}
		return gopter.NewGenResult(pad(v), gopter.NoShrinker)
	}
}

// genExponent yields exponents of minLen..maxLen bytes, uniformly random or
// with a pattern: all zero, one, all ones, top half zero.
func genExponent(minLen, maxLen int) gopter.Gen {
	return func(p *gopter.GenParameters) *gopter.GenResult {
		n := minLen + p.Rng.Intn(maxLen-minLen+1)
		return gopter.NewGenResult(exponentPattern(p.Rng, n, p.Rng.Intn(6)), gopter.NoShrinker)
	}
}

func exponentPattern(r uint64Source, n, pattern int) []byte {
	e := make([]byte, n)
	switch pattern {
	case 0: // zero
	case 1: // one
		if n > 0 {
			e[n-1] = 1
		}
	case 2: // all ones
		for i := range e {
			e[i] = 0xff
		}
	case 3: // top half zero
		randBytes(r, e[n/2:])
	default:
		randBytes(r, e)
	}
	return e
}

// properties returns gopter properties that run n cases each, seeded with
// testenv.Seed (logged; SRP_SEED replays it).
func properties(t *testing.T, n int) *gopter.Properties {
	t.Helper()
	params := gopter.DefaultTestParametersWithSeed(int64(testenv.Seed(t)))
	params.MinSuccessfulTests = n
	return gopter.NewProperties(params)
}

// uint64Source is a math/rand/v2 generator or gopter's: both have Uint64.
type uint64Source interface{ Uint64() uint64 }

// randBytes fills b from r.
func randBytes(r uint64Source, b []byte) {
	for i := 0; i < len(b); i += 8 {
		w := r.Uint64()
		for j := i; j < min(i+8, len(b)); j++ {
			b[j] = byte(w)
			w >>= 8
		}
	}
}

// sampleSize is a test's number of cases: short with -short, long with
// SRP_LONG_TESTS=1, else def.
func sampleSize(short, def, long int) int {
	switch {
	case testenv.Long():
		return long
	case testing.Short():
		return short
	}
	return def
}

// elem converts a reference value (any size up to 384 bytes) to an Element.
func elem(t testing.TB, b []byte) *Element {
	z, err := new(Element).SetBytes(b)
	require.NoError(t, err)
	return z
}

func toBig(z *Element) *big.Int {
	var out [Size]byte
	z.Bytes(&out)
	return new(big.Int).SetBytes(out[:])
}

// enc is z's encoding, for comparing with pad(want) (big.Int values do not
// compare well with assert.Equal).
func enc(z *Element) []byte {
	var out [Size]byte
	z.Bytes(&out)
	return out[:]
}

func mod(x *big.Int) *big.Int { return new(big.Int).Mod(x, bigN) }

// fromBig sets z to x (< 2^3072) as limbs.
func fromBig(z *limbs, x *big.Int) {
	var b [Size]byte
	x.FillBytes(b[:])
	bytesToLimbs(z, b[:])
}

// TestConstants checks the generated constants (group_const.go) against
// math/big.
func TestConstants(t *testing.T) {
	n, ok := new(big.Int).SetString(nHex, 16)
	require.True(t, ok)
	assert.Zero(t, n.Cmp(N()), "N")
	assert.Equal(t, 3072, n.BitLen())
	r := new(big.Int).Lsh(bigOne, 64*limbCount)
	var want limbs
	fromBig(&want, n)
	assert.Equal(t, want, modulus, "modulus")
	fromBig(&want, new(big.Int).Mod(r, n))
	assert.Equal(t, want, one, "R mod N")
	fromBig(&want, new(big.Int).Mod(new(big.Int).Mul(r, r), n))
	assert.Equal(t, want, rr, "R² mod N")
	for i := range modulusRev {
		assert.Equal(t, modulus[limbCount-1-i], modulusRev[i], "modulusRev[%d]", i)
	}
}

func TestSetBytesEdges(t *testing.T) {
	for _, v := range edgeValues() {
		want := mod(v)
		assert.Equal(t, pad(want), enc(elem(t, pad(v))), "padded %x", v)
		assert.Equal(t, pad(want), enc(elem(t, v.Bytes())), "minimal %x", v)
	}
	assert.Equal(t, 1, elem(t, pad(bigN)).IsZero(), "N reduces to 0")
	assert.Equal(t, 1, elem(t, nil).IsZero(), "empty input is 0")

	z := elem(t, []byte{7})
	for _, n := range []int{Size + 1, 1024} {
		got, err := z.SetBytes(make([]byte, n))
		assert.ErrorIs(t, err, errTooLong)
		assert.Nil(t, got)
	}
	assert.Equal(t, pad(big.NewInt(7)), enc(z), "z unchanged after errTooLong")
}

func TestOneAndBytes(t *testing.T) {
	assert.Equal(t, pad(bigOne), enc(new(Element).setOne()))
	assert.Equal(t, 0, new(Element).setOne().IsZero())
	assert.Equal(t, 1, new(Element).IsZero(), "zero value is 0")
	var out [Size]byte
	new(Element).Bytes(&out)
	assert.Equal(t, make([]byte, Size), out[:])
}

func TestArithmeticProperties(t *testing.T) {
	p := properties(t, sampleSize(100, 300, 3000))
	p.Property("Mul", prop.ForAll(func(a, b []byte) bool {
		want := mod(new(big.Int).Mul(new(big.Int).SetBytes(a), new(big.Int).SetBytes(b)))
		x, y := elem(t, a), elem(t, b)
		got := toBig(new(Element).Mul(x, y))
		alias := toBig(x.Mul(x, y)) // z aliases x
		return got.Cmp(want) == 0 && alias.Cmp(want) == 0
	}, genValue(), genValue()))
	p.Property("Square", prop.ForAll(func(a []byte) bool {
		v := new(big.Int).SetBytes(a)
		want := mod(new(big.Int).Mul(v, v))
		x := elem(t, a)
		got := toBig(new(Element).square(x))
		alias := toBig(x.square(x))
		return got.Cmp(want) == 0 && alias.Cmp(want) == 0
	}, genValue()))
	p.Property("Add", prop.ForAll(func(a, b []byte) bool {
		want := mod(new(big.Int).Add(new(big.Int).SetBytes(a), new(big.Int).SetBytes(b)))
		return toBig(new(Element).Add(elem(t, a), elem(t, b))).Cmp(want) == 0
	}, genValue(), genValue()))
	p.Property("Sub", prop.ForAll(func(a, b []byte) bool {
		want := mod(new(big.Int).Sub(new(big.Int).SetBytes(a), new(big.Int).SetBytes(b)))
		return toBig(new(Element).Sub(elem(t, a), elem(t, b))).Cmp(want) == 0
	}, genValue(), genValue()))
	p.Property("Equal IsZero", prop.ForAll(func(a, b []byte) bool {
		ra, rb := mod(new(big.Int).SetBytes(a)), mod(new(big.Int).SetBytes(b))
		x, y := elem(t, a), elem(t, b)
		eq, zero := 0, 0
		if ra.Cmp(rb) == 0 {
			eq = 1
		}
		if ra.Sign() == 0 {
			zero = 1
		}
		return x.equal(y) == eq && x.equal(x) == 1 && x.IsZero() == zero
	}, genValue(), genValue()))
	p.TestingRun(t)
}

// TestGenericKernels checks the pure-Go kernels (the only ones off amd64,
// or with -tags purego) against math/big on every build: crafted inputs
// whose columns carry the most (all-ones limbs, N-1, values just below
// powers of two) and random ones, with z aliasing x and y.
func TestGenericKernels(t *testing.T) {
	r := testenv.Rand(t)
	rInv := new(big.Int).ModInverse(new(big.Int).Lsh(bigOne, 64*limbCount), bigN)
	var inputs []*big.Int
	for _, v := range []int64{0, 1, 2, 3} {
		inputs = append(inputs, big.NewInt(v), new(big.Int).Sub(bigN, big.NewInt(v+1)))
	}
	for _, k := range []uint{63, 64, 65, 128, 1536, 3008, 3071} {
		inputs = append(inputs, new(big.Int).Sub(new(big.Int).Lsh(bigOne, k), bigOne))
	}
	inputs = append(inputs, new(big.Int).Mod(new(big.Int).Lsh(bigOne, 64*limbCount), bigN)) // R mod N
	for range sampleSize(50, 200, 5000) {
		inputs = append(inputs, randBelowN(r))
	}
	for i, a := range inputs {
		b := inputs[(i*7+3)%len(inputs)]
		var x, y limbs
		fromBig(&x, a)
		fromBig(&y, b)
		want := new(big.Int).Mul(a, b)
		want.Mul(want, rInv).Mod(want, bigN)
		var z limbs
		montMulGeneric(&z, &x, &y)
		require.Equal(t, pad(want), limbsToBytes(&z), "mul %x·%x", a, b)
		xa, ya := x, y
		montMulGeneric(&xa, &xa, &y)
		montMulGeneric(&ya, &x, &ya)
		require.Equal(t, z, xa, "mul, z aliasing x")
		require.Equal(t, z, ya, "mul, z aliasing y")

		want.Mul(a, a).Mul(want, rInv).Mod(want, bigN)
		montSqrGeneric(&z, &x)
		require.Equal(t, pad(want), limbsToBytes(&z), "sqr %x", a)
		montSqrGeneric(&x, &x)
		require.Equal(t, z, x, "sqr, z aliasing x")
	}
}

// limbsToBytes is z's 384-byte big-endian encoding (no Montgomery
// conversion).
func limbsToBytes(z *limbs) []byte {
	v := new(big.Int)
	for i := limbCount - 1; i >= 0; i-- {
		v.Lsh(v, 64).Or(v, new(big.Int).SetUint64(z[i]))
	}
	return pad(v)
}

// TestMulSquareEdgePairs multiplies every pair of edge values.
func TestMulSquareEdgePairs(t *testing.T) {
	for _, a := range edgeValues() {
		for _, b := range edgeValues() {
			want := mod(new(big.Int).Mul(a, b))
			assert.Equal(t, pad(want), enc(new(Element).Mul(elem(t, pad(a)), elem(t, pad(b)))), "%x * %x", a, b)
		}
		want := mod(new(big.Int).Mul(a, a))
		assert.Equal(t, pad(want), enc(new(Element).square(elem(t, pad(a)))), "%x^2", a)
	}
}

func checkExp(t *testing.T, a, e []byte) bool {
	t.Helper()
	base := mod(new(big.Int).SetBytes(a))
	want := new(big.Int).Exp(base, new(big.Int).SetBytes(e), bigN)
	got := toBig(new(Element).Exp(elem(t, a), e))
	x := elem(t, a)
	alias := toBig(x.Exp(x, e)) // z aliases x
	if got.Cmp(want) != 0 || alias.Cmp(want) != 0 {
		t.Logf("Exp(%x, %x) wrong", a, e)
		return false
	}
	return true
}

// checkExpBits checks ExpBits over the low n bits of e, for n from 0 to a
// few bits past 8·len(e).
func checkExpBits(t *testing.T, a, e []byte, n int) bool {
	t.Helper()
	base := mod(new(big.Int).SetBytes(a))
	low := new(big.Int).SetBytes(e)
	low.Mod(low, new(big.Int).Lsh(bigOne, uint(n)))
	want := new(big.Int).Exp(base, low, bigN)
	if got := toBig(new(Element).ExpBits(elem(t, a), e, n)); got.Cmp(want) != 0 {
		t.Logf("ExpBits(%x, %x, %d) wrong", a, e, n)
		return false
	}
	return true
}

// checkExpG checks every fixed-base path: the ladder, the table (for
// exponents it covers) and ExpG itself.
func checkExpG(t *testing.T, e []byte) bool {
	t.Helper()
	BuildGTable()
	want := new(big.Int).Exp(big.NewInt(2), new(big.Int).SetBytes(e), bigN)
	ok := true
	check := func(path string, z *Element) {
		if got := toBig(z); got.Cmp(want) != 0 {
			t.Logf("%s(%x) wrong", path, e)
			ok = false
		}
	}
	check("expGLadder", new(Element).expGLadder(e, 8*len(e)))
	if 8*len(e) <= combBits {
		check("expGComb", new(Element).expGComb(e))
	}
	check("ExpG", new(Element).ExpG(e))
	if 8*len(e) <= gBits {
		check("expGTable", new(Element).expGTable(e))
	}
	return ok
}

func TestExpProperties(t *testing.T) { forEachImpl(t, impls(), testExpProperties) }

func testExpProperties(t *testing.T) {
	p := properties(t, sampleSize(20, 50, 300))
	p.Property("Exp short", prop.ForAll(func(a, e []byte) bool { return checkExp(t, a, e) },
		genValue(), genExponent(0, 140)))
	p.Property("ExpG table", prop.ForAll(func(e []byte) bool { return checkExpG(t, e) },
		genExponent(0, 128)))
	p.Property("ExpBits", prop.ForAll(func(a, e []byte, extra int) bool {
		n := max(0, 8*len(e)+extra)
		return checkExpBits(t, a, e, n)
	}, genValue(), genExponent(0, 140), gen.IntRange(-20, 3)))
	p.TestingRun(t)

	p = properties(t, sampleSize(2, 4, 40))
	p.Property("Exp long", prop.ForAll(func(a, e []byte) bool { return checkExp(t, a, e) },
		genValue(), genExponent(1, 1024)))
	p.Property("ExpG long", prop.ForAll(func(e []byte) bool { return checkExpG(t, e) },
		genExponent(0, 1024)))
	p.TestingRun(t)
}

// TestExpPatterns runs every exponent pattern at the lengths where the
// window or table boundaries change, on every edge base (the longest
// length on base 2 only, unless SRP_LONG_TESTS=1; not at all with -short).
func TestExpPatterns(t *testing.T) { forEachImpl(t, fastImpls(), testExpPatterns) }

func testExpPatterns(t *testing.T) {
	r := testenv.Rand(t)
	lengths := []int{0, 1, 2, 5, 31, 32, 128, 129, 1024}
	switch {
	case testenv.Long():
		lengths = append(lengths, 64, 127, 256, 512)
	case testing.Short():
		lengths = lengths[:len(lengths)-1] // 1024 bytes: the ladder, slow
	}
	for _, n := range lengths {
		for pattern := range 5 {
			e := exponentPattern(r, n, pattern)
			for _, a := range edgeValues() {
				// Past 256 bytes each check is slow (an 8192-bit
				// exponent): base 2 only by default.
				if n > 256 && !testenv.Long() && a.BitLen() != 2 {
					continue
				}
				assert.True(t, checkExp(t, pad(a), e), "len %d pattern %d", n, pattern)
				assert.True(t, checkExpBits(t, pad(a), e, max(0, 8*n-7)), "len %d pattern %d", n, pattern)
			}
			assert.True(t, checkExpG(t, e), "len %d pattern %d", n, pattern)
		}
	}
}

// TestExpEveryLength runs every fixed-base path and Exp on exponents of
// growing byte length, from 0 to 1024. Each exponent extends the previous
// one by a random low byte (a zero or 0xff byte one time in four), so the
// reference 2^e follows from the previous one: 2^(256·e + b) =
// (2^e)^256 · 2^b. With SRP_LONG_TESTS=1 it checks the ladder at every
// length, the comb and the table at every length they cover, ExpG and Exp
// at every length up to 160 and every 37th after (Exp also every 16th); by
// default all of them at every length up to 40 (12 with -short) and at the
// lengths around the paths' boundaries.
func TestExpEveryLength(t *testing.T) { forEachImpl(t, fastImpls(), testExpEveryLength) }

func testExpEveryLength(t *testing.T) {
	r := testenv.Rand(t)
	base := make([]byte, Size)
	randBytes(r, base)
	BuildGTable()
	boundary := map[int]bool{63: true, 64: true, 65: true, 127: true, 128: true, 129: true, 1023: true, 1024: true}
	var e []byte
	want := big.NewInt(1)
	for n := 0; n <= 1024; n++ {
		if n > 0 {
			b := byte(r.Uint64())
			switch r.IntN(8) {
			case 0:
				b = 0
			case 1:
				b = 0xff
			}
			e = append(e, b)
			want.Exp(want, big.NewInt(256), bigN)
			want.Mul(want, new(big.Int).Lsh(bigOne, uint(b))).Mod(want, bigN)
		}
		sampled := n <= 40 && (n <= 12 || !testing.Short()) || boundary[n]
		if !testenv.Long() && !sampled {
			continue
		}
		require.Zero(t, toBig(new(Element).expGLadder(e, 8*n)).Cmp(want), "ladder, len %d", n)
		if n <= 128 {
			require.Zero(t, toBig(new(Element).expGTable(e)).Cmp(want), "table, len %d", n)
			require.Zero(t, toBig(new(Element).expGComb(e)).Cmp(want), "comb, len %d", n)
		}
		every := sampled || n <= 160 || n%37 == 0
		if every {
			require.Zero(t, toBig(new(Element).ExpG(e)).Cmp(want), "ExpG, len %d", n)
		}
		if every || n%16 == 0 {
			require.True(t, checkExp(t, base, e), "len %d", n)
		}
	}
}

// TestCombConstants checks the comb's constants (comb_const.go, written by
// go generate) against math/big.
func TestCombConstants(t *testing.T) {
	r := new(big.Int).Lsh(bigOne, 64*limbCount)
	for j := 1; j < combTeeth; j++ {
		v := new(big.Int).Exp(big.NewInt(2), new(big.Int).Lsh(bigOne, uint(combSpacing*j)), bigN)
		var want limbs
		fromBig(&want, v.Mul(v, r).Mod(v, bigN))
		assert.Equal(t, want, combConst[j-1], "c_%d", j)
	}
}

// gTableAtStart is whether the fixed-base table existed when the tests
// started (package variables initialise before any test runs).
var gTableAtStart = gTableBuilt()

// resetGTable forgets the fixed-base tables and the policy's count, as in a
// fresh process; the next BuildGTable builds them again.
func resetGTable() {
	gOnce, gOnce52 = sync.Once{}, sync.Once{}
	gTable.Store(nil)
	gTable52.Store(nil)
	gTableFreeBits.Store(0)
}

// TestExpGPolicy checks when ExpG builds the table: not at start-up, not
// while the table-free work stays within gBuildAfter bits, and on the call
// that passes it. It resets the tables in this process rather than start a
// fresh one, so that it also runs under emulation (go test -exec qemu-...).
func TestExpGPolicy(t *testing.T) {
	require.False(t, gTableAtStart, "built at start-up")
	resetGTable()
	t.Cleanup(resetGTable)
	e := make([]byte, 128)
	for range gBuildAfter / 1024 {
		new(Element).ExpG(e)
	}
	new(Element).ExpG(make([]byte, 200)) // longer than the table: the ladder, not counted
	require.False(t, gTableBuilt(), "built within %d bits", gBuildAfter)
	new(Element).ExpG(e[:1])
	require.True(t, gTableBuilt(), "not built past %d bits", gBuildAfter)
}

func TestLookup(t *testing.T) {
	r := testenv.Rand(t)
	table := make([]Element, 33)
	for i := range table {
		b := make([]byte, Size)
		randBytes(r, b)
		table[i] = *elem(t, b)
	}
	for _, n := range []int{1, 2, 16, 32, 33} {
		for idx := range n + 2 { // idx >= n selects nothing: zero
			want := Element{}
			if idx < n {
				want = table[idx]
			}
			var z Element
			z.setOne()
			lookup(&z, table[:n], uint64(idx))
			assert.Equal(t, want, z, "n %d idx %d", n, idx)
			z.setOne()
			lookupGeneric(&z, table[:n], uint64(idx)) // the pure-Go one on every platform
			assert.Equal(t, want, z, "generic, n %d idx %d", n, idx)
		}
	}
}

func TestMulAdd(t *testing.T) {
	p := properties(t, sampleSize(100, 300, 3000))
	p.Property("MulAdd", prop.ForAll(func(a, u, x []byte) bool {
		want := new(big.Int).Mul(new(big.Int).SetBytes(u), new(big.Int).SetBytes(x))
		want.Add(want, new(big.Int).SetBytes(a))
		got, nbits := MulAdd(a, u, x)
		n := max(len(a), len(u)+len(x)) + 1
		return len(got) == n && bytes.Equal(got, want.FillBytes(make([]byte, n))) &&
			want.BitLen() <= nbits && nbits == 8*n-7
	}, genExponent(0, 1024), genExponent(0, 64), genExponent(0, 64)))
	p.TestingRun(t)
}

func TestNoAllocations(t *testing.T) { forEachImpl(t, impls(), testNoAllocations) }

func testNoAllocations(t *testing.T) {
	r := testenv.Rand(t)
	b := make([]byte, Size)
	randBytes(r, b)
	x := elem(t, b)
	var z Element
	e := exponentPattern(r, 129, 4)
	BuildGTable()
	for name, f := range map[string]func(){
		"Mul":          func() { z.Mul(x, x) },
		"Square":       func() { z.square(x) },
		"Exp":          func() { z.Exp(x, e) },
		"ExpG":         func() { z.ExpG(e[:128]) },
		"ExpG256":      func() { z.ExpG(e[:32]) },
		"ExpGlong":     func() { z.ExpG(e) },
		"ladder":       func() { z.expGLadder(e, 1025) },
		"comb":         func() { z.expGComb(e[:128]) },
		"ExpBits":      func() { z.ExpBits(x, e, 1025) },
		"SetBytes":     func() { z.SetBytes(b) },
		"Bytes":        func() { z.Bytes((*[Size]byte)(b)) },
		"Add Sub":      func() { z.Add(x, x).Sub(&z, x) },
		"equal IsZero": func() { _ = z.equal(x) & z.IsZero() },
	} {
		assert.Zero(t, testing.AllocsPerRun(5, f), name)
	}
}

func FuzzSetBytes(f *testing.F) {
	for _, v := range edgeValues() {
		f.Add(v.Bytes())
		f.Add(pad(v))
	}
	f.Add(make([]byte, Size+1))
	f.Fuzz(func(t *testing.T, b []byte) {
		z, err := new(Element).SetBytes(b)
		if len(b) > Size {
			require.ErrorIs(t, err, errTooLong)
			return
		}
		require.NoError(t, err)
		want := mod(new(big.Int).SetBytes(b))
		var out [Size]byte
		z.Bytes(&out)
		require.Equal(t, pad(want), out[:])
		// The round trip is the identity on reduced values.
		require.Equal(t, 1, elem(t, out[:]).equal(z))
	})
}

// equal, for the tests, returns 1 if z == y and 0 otherwise.
func (z *Element) equal(y *Element) int {
	var acc uint64
	for i := 0; i < limbCount; i++ {
		acc |= z.l[i] ^ y.l[i]
	}
	return isZeroWord(acc)
}
