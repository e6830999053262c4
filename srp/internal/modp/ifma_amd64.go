//go:build !purego

package modp

import "golang.org/x/sys/cpu"

// mulIFMA sets z = x·y/2^3120 mod N, < 2N; x, y < 4N normalised (fe52.go);
// z may alias x or y.
//
//go:noescape
func mulIFMA(z, x, y *fe52)

// sqrIFMA sets z = x²/2^3120 mod N, < 2N; x < 4N normalised; z may alias x.
//
//go:noescape
func sqrIFMA(z, x *fe52)

// lookupIFMA sets z to table[idx] reading all n > 0 entries; idx is secret.
//
//go:noescape
func lookupIFMA(z *fe52, table *fe52, n int, idx uint64)

// hasIFMA reports AVX-512 F, DQ and IFMA in the CPU with the ZMM and opmask
// state enabled by the OS (x/sys/cpu checks XCR0).
func hasIFMA() bool {
	return cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ && cpu.X86.HasAVX512IFMA
}

// ifmaKnownAnswer multiplies and squares fixed values through the IFMA
// kernels (and the conversions in and out) and compares with the pure-Go
// code, so that a CPU or OS that claims IFMA but gets it wrong falls back.
func ifmaKnownAnswer() bool {
	var x, y, want, got limbs
	for i := range x {
		x[i] = uint64(i+1) * 0x9e3779b97f4a7c15
		y[i] = ^x[i] ^ uint64(i)<<40
	}
	x[limbCount-1] >>= 1 // < N
	y[limbCount-1] >>= 2
	var a, b fe52
	to52(&a, &x)
	to52(&b, &y)
	mulIFMA(&a, &a, &b)
	from52(&got, &a)
	montMulGeneric(&want, &x, &y)
	ok := got == want
	to52(&a, &x)
	sqrIFMA(&a, &a)
	from52(&got, &a)
	montSqrGeneric(&want, &x)
	return ok && got == want
}
