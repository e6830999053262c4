package modp

import (
	"math/bits"
	"sync"
)

// window is the fixed window width of variable-base exponentiation. For a
// 1025-bit exponent 5 beats 4 by 2-3%: 50 fewer multiplies outweigh the
// 16 extra table entries (built once) and the longer scans (a 32-entry SSE2
// scan costs about a seventh of a squaring).
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
// (counted from the least significant bit); bits past the top read as zero.
// Which bytes are read depends only on pos, w and len(e), all public.
func bitsAt(e []byte, pos, w int) uint64 {
	var v uint64
	for k := w - 1; k >= 0; k-- {
		p := pos + k
		var bit uint64
		if p < 8*len(e) { // public: depends only on the exponent's length
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
	var table [1 << window]Element
	table[0].One()
	table[1] = *x
	for i := 2; i < len(table); i++ {
		if i%2 == 0 {
			table[i].Square(&table[i/2])
		} else {
			table[i].Mul(&table[i-1], x)
		}
	}
	nw := (8*len(e) + window - 1) / window // windows aligned to the bottom bit
	var acc, t Element
	acc.One()
	if nw > 0 {
		lookup(&acc, table[:], bitsAt(e, (nw-1)*window, window))
	}
	for k := nw - 2; k >= 0; k-- {
		for range window {
			acc.Square(&acc)
		}
		lookup(&t, table[:], bitsAt(e, k*window, window))
		acc.Mul(&acc, &t)
	}
	*z = acc
	return z
}

// gWindow and gBits size the fixed-base table: gBits/gWindow rows of
// 2^gWindow entries, row k holding 2^(d·2^(gWindow·k)) for every digit d.
// 205 rows of 32 elements are 2.4 MiB and cover 1025-bit exponents.
const (
	gWindow = 5
	gRows   = 205
	gBits   = gRows * gWindow
)

var (
	gOnce  sync.Once
	gTable *[gRows][1 << gWindow]Element
)

// newGTable computes the fixed-base table; everything in it is public.
func newGTable() *[gRows][1 << gWindow]Element {
	t := new([gRows][1 << gWindow]Element)
	var g Element // 2^(2^(gWindow·k))
	g.One()
	g.Add(&g, &g)
	for k := range t {
		t[k][0].One()
		for d := 1; d < len(t[k]); d++ {
			t[k][d].Mul(&t[k][d-1], &g)
		}
		g.Mul(&t[k][len(t[k])-1], &g)
	}
	return t
}

// ExpG sets z = 2^e mod N and returns z, with e as for Exp. Exponents of up
// to 128 bytes use a table built on first use: one lookup and multiply per
// 5-bit digit, no squarings. Longer ones (a length is public) use Exp.
func (z *Element) ExpG(e []byte) *Element {
	if 8*len(e) > gBits {
		var two Element
		two.One()
		two.Add(&two, &two)
		return z.Exp(&two, e)
	}
	gOnce.Do(func() { gTable = newGTable() })
	nw := (8*len(e) + gWindow - 1) / gWindow
	var acc, t Element
	acc.One()
	for k := range nw {
		lookup(&t, gTable[k][:], bitsAt(e, k*gWindow, gWindow))
		if k == 0 {
			acc = t
		} else {
			acc.Mul(&acc, &t)
		}
	}
	*z = acc
	return z
}

// MulAdd returns a + u·x as a big-endian integer of exactly
// max(len(a), len(u)+len(x)) + 1 bytes. All three inputs are big-endian; the
// running time depends only on their lengths.
func MulAdd(a, u, x []byte) []byte {
	n := max(len(a), len(u)+len(x)) + 1
	la, lu, lx, lr := words(len(a)), words(len(u)), words(len(x)), words(n)+1
	// One scratch buffer, on the stack for every length the protocol uses
	// (a up to 1024 bytes, u and x 32 bytes).
	var stack [300]uint64
	scratch := stack[:0]
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
	return out
}

func words(nbytes int) int { return (nbytes + 7) / 8 }

// toWords reads big-endian b into the little-endian words w (zeroed).
func toWords(w []uint64, b []byte) {
	for i := range b {
		pos := len(b) - 1 - i
		w[pos/8] |= uint64(b[i]) << (8 * uint(pos%8))
	}
}
