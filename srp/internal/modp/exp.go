package modp

import (
	"math/bits"
	"sync"
	"sync/atomic"
)

// window is the fixed window width of variable-base exponentiation. For a
// 1025-bit exponent 5 takes 50 fewer multiplies than 4, for 16 more table
// entries (built once) and longer scans; measured (BenchmarkModExp) it was
// not slower than 4 or 6 on any of the kernels.
const window = 5

// lookupGeneric sets z to table[idx] reading every entry; idx is secret.
func lookupGeneric(z *Element, table []Element, idx uint64) {
	*z = Element{}
	for i := range table {
		// eq is all ones iff i == idx, computed without a branch.
		d := uint64(i) ^ idx
		eq := ((d | -d) >> 63) - 1
		t := &table[i].l
		for j := range t {
			z.l[j] |= t[j] & eq
		}
	}
}

// bitsAt returns the w bits of big-endian e starting at bit position pos
// (counted from the least significant bit); bits at or past n, and past the
// end of e, read as zero. Which bytes are read depends only on pos, w, n and
// len(e), all public.
func bitsAt(e []byte, n, pos, w int) uint64 {
	var v uint64
	for k := w - 1; k >= 0; k-- {
		p := pos + k
		var bit uint64
		if p < n && p < 8*len(e) { // public: lengths only
			bit = uint64(e[len(e)-1-p/8]>>(uint(p)%8)) & 1
		}
		v = v<<1 | bit
	}
	return v
}

// Exp sets z = x^e mod N and returns z. The exponent e is big-endian and is
// processed over all 8·len(e) bits: its length is public, its value secret.
// An empty e gives 1.
func (z *Element) Exp(x *Element, e []byte) *Element {
	return z.ExpBits(x, e, 8*len(e))
}

// ExpBits is Exp over the low n bits of e only (z = x^(e mod 2^n)), for an
// exponent whose public bit length n is below 8·len(e); it saves a squaring
// per bit not processed. n must not be negative.
func (z *Element) ExpBits(x *Element, e []byte, n int) *Element {
	if useIFMA() { // radix 2^52 from start to end (exp52.go)
		exp52(&z.l, &x.l, e, n)
		return z
	}
	var table [1 << window]Element
	table[0].setOne()
	table[1] = *x
	for i := 2; i < len(table); i++ {
		if i%2 == 0 {
			table[i].square(&table[i/2])
		} else {
			table[i].Mul(&table[i-1], x)
		}
	}
	nw := (n + window - 1) / window // windows aligned to the bottom bit
	var acc, t Element
	acc.setOne()
	if nw > 0 {
		lookup(&acc, table[:], bitsAt(e, n, (nw-1)*window, window))
	}
	for k := nw - 2; k >= 0; k-- {
		for range window {
			acc.square(&acc)
		}
		lookup(&t, table[:], bitsAt(e, n, k*window, window))
		acc.Mul(&acc, &t)
	}
	*z = acc
	return z
}

// doubleIf sets z = 2z mod N if bit is 1 and leaves it unchanged if bit is
// 0, in the same time either way. In Montgomery form 2·(aR) = (2a)R, so this
// multiplies by the generator g = 2. z < N.
func doubleIf(z *limbs, bit uint64) {
	mask := -bit
	var c uint64
	for i := range z {
		z[i], c = bits.Add64(z[i], z[i]&mask, c)
	}
	subtractIfAtLeastN(z, c) // 2z < 2N
}

// expGLadder sets z = 2^e mod N over the low n bits of e, with no table:
// left to right, a squaring and a doubleIf per bit (the doubling always
// computed, kept or not by mask). ExpG uses it for exponents longer than the
// comb and the table cover (for 1024 bits it is slower than the comb: see
// FixedBase in bench/README.md).
func (z *Element) expGLadder(e []byte, n int) *Element {
	if useIFMA() {
		expGLadder52(&z.l, e, n)
		return z
	}
	var acc Element
	acc.setOne()
	if n > 0 {
		doubleIf(&acc.l, bitsAt(e, n, n-1, 1))
	}
	for p := n - 2; p >= 0; p-- {
		montSqr(&acc.l, &acc.l)
		doubleIf(&acc.l, bitsAt(e, n, p, 1))
	}
	*z = acc
	return z
}

// The comb: 2^e for e of up to 1024 bits without the big table. e is cut
// into combTeeth chunks of combSpacing bits, e = Σ e_j·2^(64·j), so
// 2^e = Π c_j^(e_j) with the public constants c_j = 2^(2^(64·j)) (in
// comb_const.go). Left to right over the 64 bit positions b, each step squares
// once and multiplies by Π c_j^(bit b of e_j); the teeth are grouped by
// combGroup, each group's 16 products looked up in one table. For a 1024-bit
// exponent that is 63 squarings and 4·64 lookups and multiplies instead of
// the ladder's 1024 squarings; a group's table (16 entries) is built the
// first time an exponent reaches it, with 11 multiplies.
const (
	combSpacing = 64
	combTeeth   = 16
	combGroup   = 4
	combBits    = combSpacing * combTeeth
)

var (
	combOnce   [combTeeth / combGroup]sync.Once
	combTables [combTeeth / combGroup][1 << combGroup]Element
)

// combTable returns group k's table, entry m = Π c_(4k+i) over the bits i of m.
func combTable(k int) *[1 << combGroup]Element {
	combOnce[k].Do(func() {
		var c [combGroup]Element
		for i := range c {
			j := combGroup*k + i
			if j == 0 {
				c[i].setOne()
				c[i].Add(&c[i], &c[i])
				continue
			}
			c[i].l = combConst[j-1]
		}
		t := &combTables[k]
		t[0].setOne()
		for m := 1; m < len(t); m++ {
			top := bits.Len(uint(m)) - 1
			t[m].Mul(&t[m&^(1<<top)], &c[top])
		}
	})
	return &combTables[k]
}

// expGComb sets z = 2^e mod N for 8·len(e) <= combBits. Only the groups
// that the exponent's length reaches are used (a public fact).
func (z *Element) expGComb(e []byte) *Element {
	if useIFMA() {
		expGComb52(&z.l, e)
		return z
	}
	n := 8 * len(e)
	groups := (n + combSpacing*combGroup - 1) / (combSpacing * combGroup)
	var tables [combTeeth / combGroup]*[1 << combGroup]Element
	for k := range groups {
		tables[k] = combTable(k)
	}
	var acc, t Element
	acc.setOne()
	for b := combSpacing - 1; b >= 0; b-- {
		if b < combSpacing-1 {
			acc.square(&acc)
		}
		for k := range groups {
			var idx uint64
			for i := range combGroup {
				idx |= bitsAt(e, n, (combGroup*k+i)*combSpacing+b, 1) << i
			}
			lookup(&t, tables[k][:], idx)
			acc.Mul(&acc, &t)
		}
	}
	*z = acc
	return z
}

// gWindow and gBits size the fixed-base table: gBits/gWindow rows of
// 2^gWindow entries, row k holding 2^(d·2^(gWindow·k)) for every digit d:
// 205 rows of 32 elements cover 1025-bit exponents (its size and build time
// are in bench/README.md).
const (
	gWindow = 5
	gRows   = 205
	gBits   = gRows * gWindow
)

type gTableT = [gRows][1 << gWindow]Element

// gBuildAfter is when ExpG builds the table: once the table-free paths have
// processed this many exponent bits in the process (public lengths only).
// At the comb's cost per bit that is about the table's build cost (both
// measured by FixedBase and FixedBaseTable, bench/README.md), the usual
// rent-or-buy point: a process never pays much more than twice the better
// choice in hindsight. A sign-in processes 1024 + 256 bits, so a process
// that signs in up to twelve times never builds it.
const gBuildAfter = 16384

// The table is built in the form of the arithmetic in use: 64-bit limbs,
// or with IFMA radix 2^52 (gTable52). Only tests switch the arithmetic
// inside a process, and then may build both.
var (
	gOnce, gOnce52 sync.Once
	gTable         atomic.Pointer[gTableT]
	gTable52       atomic.Pointer[gTable52T]
	gTableFreeBits atomic.Int64 // exponent bits processed by the comb or the ladder
)

// BuildGTable builds the fixed-base table now, if it is not built yet:
// 205·32 elements held for the life of the process, 205·31 multiplies of
// work; with it 2^e takes no squarings (its size, build time and speed-up
// are in bench/README.md). Calls at the same time wait for one build.
func BuildGTable() {
	if useIFMA() {
		gOnce52.Do(func() { gTable52.Store(newGTable52()) })
		return
	}
	gOnce.Do(func() { gTable.Store(newGTable()) })
}

// gTableBuilt reports whether the fixed-base table exists.
func gTableBuilt() bool {
	if useIFMA() {
		return gTable52.Load() != nil
	}
	return gTable.Load() != nil
}

// newGTable computes the fixed-base table; everything in it is public.
func newGTable() *gTableT {
	t := new(gTableT)
	var g Element // 2^(2^(gWindow·k))
	g.setOne()
	g.Add(&g, &g)
	for k := range t {
		t[k][0].setOne()
		for d := 1; d < len(t[k]); d++ {
			t[k][d].Mul(&t[k][d-1], &g)
		}
		g.Mul(&t[k][len(t[k])-1], &g)
	}
	return t
}

// ExpG sets z = 2^e mod N and returns z, with e as for Exp.
//
// Until the fixed-base table exists, exponents of up to 1024 bits use the
// comb (expGComb: 63 squarings, its small tables built on first use) and
// longer ones the ladder (a squaring and a masked doubling per bit). The
// table is built by BuildGTable, or by the ExpG call that takes the
// table-free work of the process past gBuildAfter bits; from then on
// exponents of up to 128 bytes take one lookup and one multiply per 5-bit
// digit and no squarings. The choice depends only on public facts: the
// exponent's length and how many exponent bits the process processed before.
func (z *Element) ExpG(e []byte) *Element {
	n := 8 * len(e)
	if n > gBits {
		return z.expGLadder(e, n)
	}
	if !gTableBuilt() && gTableFreeBits.Add(int64(n)) > gBuildAfter {
		BuildGTable()
	}
	switch {
	case gTableBuilt():
		return z.expGTable(e)
	case n <= combBits:
		return z.expGComb(e)
	}
	return z.expGLadder(e, n)
}

// expGTable is ExpG with the table, which must be built, for
// 8·len(e) <= gBits.
func (z *Element) expGTable(e []byte) *Element {
	if useIFMA() {
		expGTable52(&z.l, gTable52.Load(), e)
		return z
	}
	t := gTable.Load()
	n := 8 * len(e)
	nw := (n + gWindow - 1) / gWindow
	if nw == 0 {
		return z.setOne()
	}
	var acc, d Element
	lookup(&acc, t[0][:], bitsAt(e, n, 0, gWindow))
	for k := 1; k < nw; k++ {
		lookup(&d, t[k][:], bitsAt(e, n, k*gWindow, gWindow))
		acc.Mul(&acc, &d)
	}
	*z = acc
	return z
}

// MulAdd returns a + u·x as a big-endian integer of exactly
// max(len(a), len(u)+len(x)) + 1 bytes, and the public bound nbits on its bit
// length (8·max(len(a), len(u)+len(x)) + 1), for ExpBits. All three inputs
// are big-endian; the running time depends only on their lengths.
func MulAdd(a, u, x []byte) ([]byte, int) {
	n := max(len(a), len(u)+len(x)) + 1
	la, lu, lx, lr := words(len(a)), words(len(u)), words(len(x)), words(n)+1
	// One scratch buffer, on the stack for every length the protocol uses
	// (a up to 1024 bytes, u and x 32 bytes).
	var stack [300]uint64
	var scratch []uint64
	if total := la + lu + lx + lr; total <= len(stack) {
		scratch = stack[:total]
	} else {
		scratch = make([]uint64, total)
	}
	defer clear(scratch)
	al, ul, xl, r := scratch[:la], scratch[la:la+lu], scratch[la+lu:la+lu+lx], scratch[la+lu+lx:]
	toWords(al, a)
	toWords(ul, u)
	toWords(xl, x)
	for i, ui := range ul {
		r[i+len(xl)] = addMulRow(r[i:], xl, ui)
	}
	var c uint64
	for i := range r {
		var ai uint64
		if i < len(al) {
			ai = al[i]
		}
		r[i], c = bits.Add64(r[i], ai, c)
	}
	out := make([]byte, n)
	for i := range out {
		pos := n - 1 - i
		out[i] = byte(r[pos/8] >> (8 * uint(pos%8)))
	}
	return out, 8*(n-1) + 1
}

func words(nbytes int) int { return (nbytes + 7) / 8 }

// toWords reads big-endian b into the little-endian words w (zeroed).
func toWords(w []uint64, b []byte) {
	for i := range b {
		pos := len(b) - 1 - i
		w[pos/8] |= uint64(b[i]) << (8 * uint(pos%8))
	}
}
