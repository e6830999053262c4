package modp

import "math/bits"

// The pure-Go Montgomery kernels: product scanning (Comba) with the
// reduction interleaved column by column (Koç's FIPS method). Column k of
// the 96-word product is the sum of x[i]·y[k-i] and of m[j]·N[k-j], kept in
// a three-word accumulator whose carries stay in the flags (ADC on amd64,
// ADCS on arm64); the product is never stored. Since -N⁻¹ ≡ 1 (mod 2^64),
// the reduction digit m[k] is the accumulator's low word, and as
// N[0] = 2^64-1, adding m[k]·N[0] clears that word and carries m[k] into the
// next one, with no multiply.
//
// The inner loops (dot) index slices whose lengths the compiler relates, so
// they carry no bounds checks; every loop bound and slice bound depends only
// on the column index, never on a value. Operand y (and N) is read
// reversed, from a copy, so both operands of a column run upwards.

// montMulGeneric sets z = x·y·R⁻¹ mod N; x, y < N; z may alias them.
func montMulGeneric(z, x, y *limbs) {
	var yr, m, t limbs // y reversed; reduction digits; result
	for i := range yr {
		yr[i] = y[limbCount-1-i]
	}
	var c0, c1, c2 uint64
	for k := 0; k < limbCount; k++ {
		c0, c1, c2 = dot(c0, c1, c2, x[:k+1], yr[limbCount-1-k:])
		c0, c1, c2 = dot(c0, c1, c2, m[:k], modulusRev[limbCount-1-k:])
		m[k] = c0
		var cc uint64
		c1, cc = bits.Add64(c1, c0, 0) // + m[k]·N[0]: the low word becomes 0
		c2 += cc
		c0, c1, c2 = c1, c2, 0
	}
	for k := limbCount; k < 2*limbCount-1; k++ {
		lo := k - (limbCount - 1)
		c0, c1, c2 = dot(c0, c1, c2, x[lo:], yr[:])
		c0, c1, c2 = dot(c0, c1, c2, m[lo:], modulusRev[:])
		t[k-limbCount] = c0
		c0, c1, c2 = c1, c2, 0
	}
	t[limbCount-1] = c0
	subtractIfAtLeastN(&t, c1) // c1:t < 2N
	*z = t
}

// montSqrGeneric sets z = x²·R⁻¹ mod N; x < N; z may alias x. Each column
// sums its cross products x[i]·x[k-i] (i < k-i) once, doubles the sum and
// adds the square x[k/2]², then the reduction terms.
func montSqrGeneric(z, x *limbs) {
	var xr, m, t limbs
	for i := range xr {
		xr[i] = x[limbCount-1-i]
	}
	var c0, c1, c2 uint64
	for k := 0; k < 2*limbCount-1; k++ {
		lo := max(0, k-(limbCount-1))
		n := (k+1)/2 - lo // cross products x[i]·x[k-i] for lo <= i < k-i
		s0, s1, s2 := dot(0, 0, 0, x[lo:lo+n], xr[limbCount-1-k+lo:])
		s2 = s2<<1 | s1>>63
		s1 = s1<<1 | s0>>63
		s0 <<= 1
		if k%2 == 0 {
			s0, s1, s2 = mac(s0, s1, s2, x[k/2], x[k/2])
		}
		var cc uint64
		c0, cc = bits.Add64(c0, s0, 0)
		c1, cc = bits.Add64(c1, s1, cc)
		c2, _ = bits.Add64(c2, s2, cc)
		if k < limbCount {
			c0, c1, c2 = dot(c0, c1, c2, m[:k], modulusRev[limbCount-1-k:])
			m[k] = c0
			c1, cc = bits.Add64(c1, c0, 0)
			c2 += cc
		} else {
			c0, c1, c2 = dot(c0, c1, c2, m[lo:], modulusRev[:])
			t[k-limbCount] = c0
		}
		c0, c1, c2 = c1, c2, 0
	}
	t[limbCount-1] = c0
	subtractIfAtLeastN(&t, c1)
	*z = t
}

// mac returns c2:c1:c0 + a·b.
func mac(c0, c1, c2, a, b uint64) (uint64, uint64, uint64) {
	hi, lo := bits.Mul64(a, b)
	var cc uint64
	c0, cc = bits.Add64(c0, lo, 0)
	c1, cc = bits.Add64(c1, hi, cc)
	c2, _ = bits.Add64(c2, 0, cc)
	return c0, c1, c2
}

// dot returns c2:c1:c0 + Σ x[i]·y[i] over len(x) <= len(y) terms, four at a
// time after the remainder. The accumulator cannot overflow: a column has at
// most 2·48 products of less than 2^128 each.
func dot(c0, c1, c2 uint64, x, y []uint64) (uint64, uint64, uint64) {
	y = y[:len(x)]
	r := len(x) % 4
	for i := 0; i < r; i++ {
		c0, c1, c2 = mac(c0, c1, c2, x[i], y[i])
	}
	for i := r; i < len(x)-3; i += 4 {
		c0, c1, c2 = mac(c0, c1, c2, x[i], y[i])
		c0, c1, c2 = mac(c0, c1, c2, x[i+1], y[i+1])
		c0, c1, c2 = mac(c0, c1, c2, x[i+2], y[i+2])
		c0, c1, c2 = mac(c0, c1, c2, x[i+3], y[i+3])
	}
	return c0, c1, c2
}
