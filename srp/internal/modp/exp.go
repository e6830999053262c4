package modp

import "math/bits"

// window is the fixed window width of variable-base exponentiation.
const window = 4

// lookup sets z to table[idx] reading every entry; idx is secret.
func lookup(z *Element, table []Element, idx uint64) {
	*z = Element{}
	for i := range table {
		// eq is all ones iff i == idx, computed without a branch.
		d := uint64(i) ^ idx
		eq := ((d | -d) >> 63) - 1
		for j := 0; j < Limbs; j++ {
			z.l[j] |= table[i].l[j] & eq
		}
	}
}

// bitsAt returns the w bits of big-endian e ending at bit position pos
// (counted from the least significant bit), bits below 0 read as zero.
func bitsAt(e []byte, pos, w int) uint64 {
	var v uint64
	for k := w - 1; k >= 0; k-- {
		p := pos + k
		var bit uint64
		if p >= 0 { // p is public: it depends only on the exponent's length
			bit = uint64(e[len(e)-1-p/8]>>(uint(p)%8)) & 1
		}
		v = v<<1 | bit
	}
	return v
}

// Exp sets z = x^e mod N and returns z. The exponent e is big-endian and is
// processed over all 8·len(e) bits: its length is public, its value secret.
func (z *Element) Exp(x *Element, e []byte) *Element {
	var table [1 << window]Element
	table[0].One()
	table[1] = *x
	for i := 2; i < len(table); i++ {
		table[i].Mul(&table[i-1], x)
	}
	nbits := 8 * len(e)
	// The top window may be partial; windows are aligned to the bottom bit.
	top := (nbits + window - 1) / window * window
	var acc, t Element
	acc.One()
	for pos := top - window; pos >= 0; pos -= window {
		for k := 0; k < window; k++ {
			acc.Square(&acc)
		}
		lookup(&t, table[:], bitsAt(e, pos, window))
		acc.Mul(&acc, &t)
	}
	*z = acc
	return z
}

// ExpG sets z = 2^e mod N and returns z, with e as for Exp.
func (z *Element) ExpG(e []byte) *Element {
	var two Element
	two.Add(new(Element).One(), new(Element).One())
	return z.Exp(&two, e)
}

// MulAdd returns a + u·x as a big-endian integer of exactly
// max(len(a), len(u)+len(x)) + 1 bytes. All three inputs are big-endian; the
// running time depends only on their lengths.
func MulAdd(a, u, x []byte) []byte {
	n := max(len(a), len(u)+len(x)) + 1
	nl := (n + 7) / 8
	al, ul, xl := toWords(a), toWords(u), toWords(x)
	r := make([]uint64, nl+1)
	for i, ui := range ul {
		var c uint64
		for j, xj := range xl {
			hi, lo := bits.Mul64(ui, xj)
			var cc uint64
			lo, cc = bits.Add64(lo, r[i+j], 0)
			hi += cc
			lo, cc = bits.Add64(lo, c, 0)
			hi += cc
			r[i+j], c = lo, hi
		}
		r[i+len(xl)] = c
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
	clear(al)
	clear(xl)
	clear(r)
	return out
}

func toWords(b []byte) []uint64 {
	w := make([]uint64, (len(b)+7)/8)
	for i := range b {
		pos := len(b) - 1 - i
		w[pos/8] |= uint64(b[i]) << (8 * uint(pos%8))
	}
	return w
}
