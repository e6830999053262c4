package modp

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// Benchmarks compare this package (impl=ct) with math/big (impl=mathbig) on
// the same values, so one run gives both sides of each ratio.

func benchValue(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	randBytes(r, b)
	b[0] |= 0x80 // full bit length, so math/big does the full work too
	return b
}

func BenchmarkModExp(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 0))
	base := benchValue(r, Size)
	base[0] = 0x7f // < N
	// The S exponent a + u·x: 129 bytes holding a 1025-bit value, the
	// length MulAdd returns for a 128-byte a.
	e1025 := benchValue(r, 129)
	e1025[0] = 1
	a := benchValue(r, 128)
	x := benchValue(r, 32)

	ct := func(f func()) func(*testing.B) {
		return func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f()
			}
		}
	}
	var z Element
	xe := elem(b, base)
	bigBase, bigZ, two := new(big.Int).SetBytes(base), new(big.Int), big.NewInt(2)
	for _, c := range []struct {
		op      string
		ct, big func()
	}{
		{"variable1025", func() { z.ExpBits(xe, e1025, 1025) }, func() { bigZ.Exp(bigBase, new(big.Int).SetBytes(e1025), bigN) }},
		{"fixedbase1024", func() { z.ExpG(a) }, func() { bigZ.Exp(two, new(big.Int).SetBytes(a), bigN) }},
		{"fixedbase256", func() { z.ExpG(x) }, func() { bigZ.Exp(two, new(big.Int).SetBytes(x), bigN) }},
	} {
		// The assembly paths this CPU has (ifma, adx; generic without
		// them), then math/big.
		for _, path := range fastImpls() {
			b.Run("op="+c.op+"/impl="+path, func(b *testing.B) {
				setImpl(b, path)
				BuildGTable() // outside the timings
				ct(c.ct)(b)
			})
		}
		b.Run("op="+c.op+"/impl=mathbig", ct(c.big))
	}
}

func benchMulSqr(b *testing.B, square bool) {
	r := rand.New(rand.NewPCG(2, 0))
	xb, yb := benchValue(r, Size), benchValue(r, Size)
	xb[0], yb[0] = 0x7f, 0x7e
	for _, name := range impls() {
		b.Run("impl="+name, func(b *testing.B) {
			x, y := elem(b, xb), elem(b, yb)
			mul, sqr := kernelOps(name, &x.l, &y.l)
			if square {
				mul = sqr
			}
			b.ReportAllocs()
			for b.Loop() {
				mul()
			}
		})
	}
	b.Run("impl=mathbig", func(b *testing.B) {
		x, y, z := new(big.Int).SetBytes(xb), new(big.Int).SetBytes(yb), new(big.Int)
		if square {
			y = x
		}
		b.ReportAllocs()
		for b.Loop() {
			z.Mul(x, y)
			z.Mod(z, bigN)
		}
	})
}

func BenchmarkMul(b *testing.B) { benchMulSqr(b, false) }
func BenchmarkSqr(b *testing.B) { benchMulSqr(b, true) }

// BenchmarkFixedBase compares the ways to compute 2^e for the exponents of a
// sign-in (a: 1024 bits, x: 256 bits): the table-free ladder, the table
// (built before the timing) and, for the first exponentiation of a process,
// small comb tables (comb_test.go), built for the op and prebuilt.
func BenchmarkFixedBase(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 0))
	BuildGTable()
	var z Element
	z.expGComb(make([]byte, combBits/8)) // its group tables
	for _, n := range []int{128, 32} {
		e := benchValue(r, n)
		bits := fmt.Sprintf("/bits=%d", 8*n)
		b.Run("path=ladder"+bits, func(b *testing.B) {
			for b.Loop() {
				z.expGLadder(e, 8*n)
			}
		})
		b.Run("path=comb"+bits, func(b *testing.B) {
			for b.Loop() {
				z.expGComb(e)
			}
		})
		b.Run("path=table"+bits, func(b *testing.B) {
			for b.Loop() {
				z.expGTable(e)
			}
		})
		// Comb tables for 1024-bit exponents: built and used once (the
		// first exponentiation of a process), and used with the table
		// already built.
		for _, h := range []int{4, 6} { // runtime-built combs (comb_test.go)
			if n != 128 {
				break
			}
			want := new(Element).ExpG(e)
			c := newComb(1024, h)
			c.exp(&z, e)
			require.Equal(b, 1, z.equal(want), "comb%d wrong", h)
			b.Run(fmt.Sprintf("path=comb%d-build+use%s", h, bits), func(b *testing.B) {
				for b.Loop() {
					newComb(1024, h).exp(&z, e)
				}
			})
			b.Run(fmt.Sprintf("path=comb%d-use%s", h, bits), func(b *testing.B) {
				for b.Loop() {
					c.exp(&z, e)
				}
			})
		}
	}
}

// BenchmarkCombTables is the one-time build of the comb's four group
// tables (the first 1024-bit exponentiation of a process pays it).
func BenchmarkCombTables(b *testing.B) {
	for b.Loop() {
		combOnce = [len(combOnce)]sync.Once{}
		for k := range combOnce {
			combTable(k)
		}
	}
}

func BenchmarkFixedBaseTable(b *testing.B) {
	for _, path := range fastImpls() {
		b.Run("impl="+path, func(b *testing.B) {
			setImpl(b, path)
			b.ReportAllocs()
			for b.Loop() {
				if useIFMA() {
					newGTable52()
				} else {
					newGTable()
				}
			}
		})
	}
}
