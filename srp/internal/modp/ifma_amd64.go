//go:build !purego

package modp

import "golang.org/x/sys/cpu"

// mulIFMA sets z = x·y/2^3120 mod N, < 2N; x, y < 2N normalised (fe52.go);
// z may alias x or y.
//
//go:noescape
func mulIFMA(z, x, y *fe52)

// sqrIFMA sets z = x²/2^3120 mod N, < 2N; x < 2N normalised; z may alias x.
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
	if nsh52()[1] != n52[1] { // also orders this after consts52 is filled
		return false
	}
	var x, y, want, got limbs
	for i := range x {
		x[i] = uint64(i+1) * 0x9e3779b97f4a7c15
		y[i] = ^x[i] ^ uint64(i)<<40
	}
	x[Limbs-1] >>= 1 // < N
	y[Limbs-1] >>= 2
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

// to52 converts x (< N, Montgomery form with R = 2^3072) to the 52-bit
// Montgomery form (R52 = 2^3120).
func to52(z *fe52, x *limbs) {
	var t fe52
	repack64to52(&t, x)
	mulIFMA(z, &t, &in52)
}

// from52 converts x (< 2N, normalised) back, fully reduced.
func from52(z *limbs, x *fe52) {
	var t fe52
	mulIFMA(&t, x, &out52)
	reduce52(&t)
	repack52to64(z, &t)
}

// exp52 is Exp in the 52-bit domain: the same fixed windows, one lookup
// and one multiply for every window.
func exp52(z, x *limbs, e []byte) {
	var table [1 << window]fe52
	table[0] = one52
	to52(&table[1], x)
	for i := 2; i < len(table); i++ {
		if i%2 == 0 {
			sqrIFMA(&table[i], &table[i/2])
		} else {
			mulIFMA(&table[i], &table[i-1], &table[1])
		}
	}
	nw := (8*len(e) + window - 1) / window
	acc := one52
	if nw > 0 {
		lookupIFMA(&acc, &table[0], len(table), bitsAt(e, (nw-1)*window, window))
	}
	var t fe52
	for k := nw - 2; k >= 0; k-- {
		for range window {
			sqrIFMA(&acc, &acc)
		}
		lookupIFMA(&t, &table[0], len(table), bitsAt(e, k*window, window))
		mulIFMA(&acc, &acc, &t)
	}
	from52(z, &acc)
}
