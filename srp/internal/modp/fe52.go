package modp

import "unsafe"

// The AVX-512 IFMA kernels (mulIFMA, sqrIFMA in mul_amd64.s) work in radix
// 2^52: an fe52 holds 60 limbs of 52 bits in 64 words (words 60..63 are 0),
// the 8 zmm registers of one value. They compute "almost Montgomery"
// products (Gueron) with R52 = 2^3120: for inputs < 4N the result
// x·y/R52 mod N is < 2N (x·y/R52 + N, and 16N < R52), so no conditional
// subtraction is needed until the value leaves the 52-bit domain, and a
// doubled value (< 4N) may go straight into the next product. Every limb
// is carry-normalised to < 2^52 after each product, since VPMADD52 reads
// only the low 52 bits of a lane.
//
// An exponentiation enters the domain once (to52: repack, then one product
// by 2^(2·3120-3072) mod N, which changes R = 2^3072 into R52) and leaves
// once (from52: one product by 2^3072 mod N, a masked subtraction, repack).
// The constants n52, one52, in52 and out52 are generated (group_const.go).

const (
	limbs52 = 60
	mask52  = 1<<52 - 1
)

type fe52 [64]uint64

// consts52 is what the kernels read at ·consts52 rounded up to 64 bytes
// (constsOff words in): N shifted up by s = 0..8 lanes (9 vectors each, for
// the reduction's lo and hi products), then the two VPERMQ patterns that
// spread 4 limbs over the even/odd lanes of the square's diagonal.
var consts52 [9*9*8 + 2*8 + 8]uint64

// constsOff is where consts52's 64-byte-aligned part starts, in words.
var constsOff = fillConsts52()

// fillConsts52 fills consts52 at its first 64-byte boundary and returns
// that offset in words.
func fillConsts52() int {
	off := int((64 - uintptr(unsafe.Pointer(&consts52))%64) % 64 / 8)
	c := consts52[off:]
	for s := range 9 {
		for i := range limbs52 {
			c[s*72+i+s] = n52[i]
		}
	}
	for l := range 8 {
		c[81*8+l] = uint64(l / 2)
		c[82*8+l] = uint64(4 + l/2)
	}
	return off
}

// nsh52 is the part of consts52 that the kernels read.
func nsh52() []uint64 { return consts52[constsOff : constsOff+83*8] }

// repack64to52 spreads the 48 words of x over 60 limbs of 52 bits.
func repack64to52(z *fe52, x *limbs) {
	for i := range limbs52 {
		bit := 52 * i
		w, o := bit/64, uint(bit%64)
		v := x[w] >> o
		if o > 12 && w+1 < limbCount {
			v |= x[w+1] << (64 - o)
		}
		z[i] = v & mask52
	}
	z[60], z[61], z[62], z[63] = 0, 0, 0, 0
}

// repack52to64 packs normalised limbs (x < 2^3072) into 48 words.
func repack52to64(z *limbs, x *fe52) {
	for w := range limbCount {
		bit := 64 * w
		i, o := bit/52, uint(bit%52)
		v := x[i] >> o
		v |= x[i+1] << (52 - o)
		if o > 40 {
			v |= x[i+2] << (104 - o)
		}
		z[w] = v
	}
}

// reduce52 replaces x (normalised, < 2N) by x mod N with a masked
// subtraction.
func reduce52(x *fe52) {
	var d fe52
	var borrow uint64
	for i := range limbs52 {
		t := x[i] - n52[i] - borrow
		borrow = t >> 63 // limbs are < 2^52: the sign bit is the borrow
		d[i] = t & mask52
	}
	keep := -borrow // all ones if x < N
	for i := range limbs52 {
		x[i] = x[i]&keep | d[i]&^keep
	}
}
