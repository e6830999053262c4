package modp

import (
	"math/big"
	"math/rand"
	"testing"
)

// Benchmarks compare this package (impl=ct) with math/big (impl=mathbig) on
// the same values, so one run gives both sides of each ratio.

func benchValue(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	r.Read(b)
	b[0] |= 0x80 // full bit length, so math/big does the full work too
	return b
}

func BenchmarkModExp(b *testing.B) {
	r := rand.New(rand.NewSource(1))
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
	z.ExpG(a) // build the table outside the timings
	for _, c := range []struct {
		op      string
		ct, big func()
	}{
		{"variable1025", func() { z.Exp(xe, e1025) }, func() { bigZ.Exp(bigBase, new(big.Int).SetBytes(e1025), bigN) }},
		{"fixedbase1024", func() { z.ExpG(a) }, func() { bigZ.Exp(two, new(big.Int).SetBytes(a), bigN) }},
		{"fixedbase256", func() { z.ExpG(x) }, func() { bigZ.Exp(two, new(big.Int).SetBytes(x), bigN) }},
	} {
		b.Run("op="+c.op+"/impl=ct", ct(c.ct))
		b.Run("op="+c.op+"/impl=mathbig", ct(c.big))
	}
}

func benchMulSqr(b *testing.B, square bool) {
	r := rand.New(rand.NewSource(2))
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

func BenchmarkFixedBaseTable(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		newGTable()
	}
}
