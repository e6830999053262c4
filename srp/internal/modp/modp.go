// Package modp implements constant-time arithmetic modulo the 3072-bit MODP
// prime N of RFC 3526 / RFC 5054, the group of Amazon Cognito's SRP.
//
// Elements are kept in Montgomery form as 48 little-endian 64-bit limbs and are
// always fully reduced (< N).
//
// # Constant-time rules
//
// Every function here runs in time independent of the values of its operands;
// only lengths (the exponent's byte length, input byte lengths) may affect
// timing, and those are public facts of the protocol. The code keeps to these
// rules:
//
//   - No branch, loop bound or memory index depends on a secret value. Loops
//     run over fixed limb counts or over the caller-given exponent length,
//     never over a value's bit length.
//   - Conditional operations (the final Montgomery subtraction, the reduction
//     of inputs, table lookups) use masks built from carries, never if.
//   - Table lookups read every entry and keep the wanted one with a mask.
//   - Exponentiation handles every window alike: always a lookup and a
//     multiply, also for zero windows and leading zero bits.
//   - math/big is used only on public values: N, R² mod N at start-up, and in
//     tests as the reference.
//   - Nothing allocates on the heap inside multiplication or exponentiation,
//     so the garbage collector cannot add value-dependent work.
package modp

import (
	"errors"
	"math/big"
	"math/bits"
)

// Limbs is the number of 64-bit words in an element.
const Limbs = 48

// Size is the byte length of N and of the big-endian encoding of an element.
const Size = Limbs * 8

// nHex is the RFC 3526 3072-bit MODP prime.
const nHex = "ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74020bbea63b139b22514a08798e3404ddef9519b3cd3a431b302b0a6df25f14374fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7edee386bfb5a899fa5ae9f24117c4b1fe649286651ece45b3dc2007cb8a163bf0598da48361c55d39a69163fa8fd24cf5f83655d23dca3ad961c62f356208552bb9ed529077096966d670c354e4abc9804f1746c08ca18217c32905e462e36ce3be39e772c180e86039b2783a2ec07a28fb5c55df06f4c52c9de2bcbf6955817183995497cea956ae515d2261898fa051015728e5a8aaac42dad33170d04507a33a85521abdf1cba64ecfb850458dbef0a8aea71575d060c7db3970f85a6e1e4c7abf5ae8cdb0933d71e8c94e04a25619dcee3d2261ad2ee6bf12ffa06d98a0864d87602733ec86a64521f2b18177b200cbbe117577a615d6c770988c0bad946e208e24fa074e5ab3143db5bfce0fd108e4b82d120a93ad2caffffffffffffffff"

// ErrTooLong is returned by SetBytes for input longer than Size bytes.
var ErrTooLong = errors.New("modp: value longer than 384 bytes")

type limbs = [Limbs]uint64

var (
	modulus limbs // N
	rr      limbs // R² mod N, R = 2^3072, to enter Montgomery form
	one     limbs // R mod N, the Montgomery form of 1
)

// N returns the modulus as a new big.Int (a public value).
func N() *big.Int {
	n, _ := new(big.Int).SetString(nHex, 16)
	return n
}

func init() {
	n := N()
	fromBig(&modulus, n)
	r := new(big.Int).Lsh(big.NewInt(1), 64*Limbs)
	fromBig(&one, new(big.Int).Mod(r, n))
	fromBig(&rr, new(big.Int).Mod(new(big.Int).Mul(r, r), n))
	if modulus[0] != ^uint64(0) {
		panic("modp: N mod 2^64 must be 2^64-1 (Montgomery constant -N⁻¹ = 1)")
	}
}

// fromBig is for public constants only.
func fromBig(z *limbs, x *big.Int) {
	var b [Size]byte
	x.FillBytes(b[:])
	bytesToLimbs(z, b[:])
}

// Element is an integer modulo N in Montgomery form. The zero value is 0.
type Element struct {
	l limbs
}

// One sets z = 1 and returns z.
func (z *Element) One() *Element {
	z.l = one
	return z
}

// Set sets z = x and returns z.
func (z *Element) Set(x *Element) *Element {
	z.l = x.l
	return z
}

// bytesToLimbs reads big-endian b (len(b) <= Size) into z; the loop depends
// only on len(b).
func bytesToLimbs(z *limbs, b []byte) {
	*z = limbs{}
	for i := range b {
		pos := len(b) - 1 - i
		z[pos/8] |= uint64(b[i]) << (8 * uint(pos%8))
	}
}

// SetBytes sets z to the big-endian value b modulo N and returns z. b may be
// any length up to Size bytes; values in [N, 2^3072) are reduced in constant
// time. It returns ErrTooLong (and leaves z unchanged) for longer input.
func (z *Element) SetBytes(b []byte) (*Element, error) {
	if len(b) > Size {
		return nil, ErrTooLong
	}
	var t limbs
	bytesToLimbs(&t, b)
	// t < 2^3072 < 2N, so one conditional subtraction reduces it.
	subtractIfAtLeastN(&t, 0)
	montMul(&z.l, &t, &rr)
	return z, nil
}

// Bytes writes z as a 384-byte big-endian integer in [0, N) into out.
func (z *Element) Bytes(out *[Size]byte) {
	var t, u limbs
	u[0] = 1
	montMul(&t, &z.l, &u)
	for i := 0; i < Limbs; i++ {
		w := t[Limbs-1-i]
		for j := 0; j < 8; j++ {
			out[8*i+j] = byte(w >> (56 - 8*uint(j)))
		}
	}
}

// subtractIfAtLeastN replaces t by t - N when hi:t >= N, where hi is an extra
// top limb of 0 or 1.
func subtractIfAtLeastN(t *limbs, hi uint64) {
	var d limbs
	var b uint64
	for i := 0; i < Limbs; i++ {
		d[i], b = bits.Sub64(t[i], modulus[i], b)
	}
	_, b = bits.Sub64(hi, 0, b)
	// b == 1 iff hi:t < N: keep t; otherwise take d.
	mask := b - 1 // all ones when we must subtract
	for i := 0; i < Limbs; i++ {
		t[i] = t[i]&^mask | d[i]&mask
	}
}

// Mul sets z = x·y mod N and returns z.
func (z *Element) Mul(x, y *Element) *Element {
	montMul(&z.l, &x.l, &y.l)
	return z
}

// Square sets z = x² mod N and returns z.
func (z *Element) Square(x *Element) *Element {
	montSqr(&z.l, &x.l)
	return z
}

// Add sets z = x + y mod N and returns z.
func (z *Element) Add(x, y *Element) *Element {
	var c uint64
	for i := 0; i < Limbs; i++ {
		z.l[i], c = bits.Add64(x.l[i], y.l[i], c)
	}
	subtractIfAtLeastN(&z.l, c)
	return z
}

// Sub sets z = x - y mod N and returns z.
func (z *Element) Sub(x, y *Element) *Element {
	var b uint64
	for i := 0; i < Limbs; i++ {
		z.l[i], b = bits.Sub64(x.l[i], y.l[i], b)
	}
	// On borrow add N back, by mask.
	mask := -b
	var c uint64
	for i := 0; i < Limbs; i++ {
		z.l[i], c = bits.Add64(z.l[i], modulus[i]&mask, c)
	}
	return z
}

// Equal returns 1 if z == y and 0 otherwise.
func (z *Element) Equal(y *Element) int {
	var acc uint64
	for i := 0; i < Limbs; i++ {
		acc |= z.l[i] ^ y.l[i]
	}
	return isZeroWord(acc)
}

// IsZero returns 1 if z == 0 and 0 otherwise.
func (z *Element) IsZero() int {
	var acc uint64
	for i := 0; i < Limbs; i++ {
		acc |= z.l[i]
	}
	return isZeroWord(acc)
}

func isZeroWord(w uint64) int {
	// (w | -w) has its top bit set iff w != 0.
	return int(1 ^ (w|-w)>>63)
}

// Assign sets z = x if cond == 1 and leaves z unchanged if cond == 0. cond
// must be 0 or 1.
func (z *Element) Assign(cond int, x *Element) *Element {
	mask := -uint64(cond)
	for i := 0; i < Limbs; i++ {
		z.l[i] ^= (z.l[i] ^ x.l[i]) & mask
	}
	return z
}

// montMulGeneric sets z = x·y·R⁻¹ mod N (CIOS). x, y < N; z may alias them.
func montMulGeneric(z, x, y *limbs) {
	var t [Limbs + 2]uint64
	for i := 0; i < Limbs; i++ {
		yi := y[i]
		var c uint64
		for j := 0; j < Limbs; j++ {
			hi, lo := bits.Mul64(x[j], yi)
			var cc uint64
			lo, cc = bits.Add64(lo, t[j], 0)
			hi += cc
			lo, cc = bits.Add64(lo, c, 0)
			hi += cc
			t[j], c = lo, hi
		}
		var cc uint64
		t[Limbs], cc = bits.Add64(t[Limbs], c, 0)
		t[Limbs+1] = cc

		// m = t[0]·(-N⁻¹) mod 2^64 = t[0], since N ≡ -1 (mod 2^64).
		m := t[0]
		hi, lo := bits.Mul64(m, modulus[0])
		_, cc = bits.Add64(lo, t[0], 0)
		c = hi + cc
		for j := 1; j < Limbs; j++ {
			hi, lo := bits.Mul64(m, modulus[j])
			lo, cc = bits.Add64(lo, t[j], 0)
			hi += cc
			lo, cc = bits.Add64(lo, c, 0)
			hi += cc
			t[j-1], c = lo, hi
		}
		t[Limbs-1], cc = bits.Add64(t[Limbs], c, 0)
		t[Limbs] = t[Limbs+1] + cc
	}
	// t < 2N: one conditional subtraction.
	var r limbs
	copy(r[:], t[:Limbs])
	subtractIfAtLeastN(&r, t[Limbs])
	*z = r
}

// montSqrGeneric sets z = x²·R⁻¹ mod N; x < N; z may alias x. It computes
// each cross product once, doubles, adds the squares, then reduces.
func montSqrGeneric(z, x *limbs) {
	var t [2 * Limbs]uint64
	for i := 0; i < Limbs-1; i++ {
		xi := x[i]
		var c uint64
		for j := i + 1; j < Limbs; j++ {
			hi, lo := bits.Mul64(x[j], xi)
			var cc uint64
			lo, cc = bits.Add64(lo, t[i+j], 0)
			hi += cc
			lo, cc = bits.Add64(lo, c, 0)
			hi += cc
			t[i+j], c = lo, hi
		}
		t[i+Limbs] = c
	}
	var c, d uint64 // c: bit shifted out by doubling; d: carry of the additions
	for i := 0; i < Limbs; i++ {
		hi, lo := bits.Mul64(x[i], x[i])
		t0, t1 := t[2*i], t[2*i+1]
		n0 := t0<<1 | c
		n1 := t1<<1 | t0>>63
		c = t1 >> 63
		n0, d = bits.Add64(n0, lo, d)
		n1, d = bits.Add64(n1, hi, d)
		t[2*i], t[2*i+1] = n0, n1
	}
	montReduceGeneric(z, &t)
}

// montReduceGeneric sets z = t·R⁻¹ mod N for t < N·R.
func montReduceGeneric(z *limbs, t *[2 * Limbs]uint64) {
	var top uint64 // carry bit into t[i+Limbs]
	for i := 0; i < Limbs; i++ {
		m := t[i] // -N⁻¹ ≡ 1 (mod 2^64)
		var c uint64
		for j := 0; j < Limbs; j++ {
			hi, lo := bits.Mul64(m, modulus[j])
			var cc uint64
			lo, cc = bits.Add64(lo, t[i+j], 0)
			hi += cc
			lo, cc = bits.Add64(lo, c, 0)
			hi += cc
			t[i+j], c = lo, hi
		}
		t[i+Limbs], top = bits.Add64(t[i+Limbs], c, top)
	}
	var r limbs
	copy(r[:], t[Limbs:])
	subtractIfAtLeastN(&r, top)
	*z = r
}
