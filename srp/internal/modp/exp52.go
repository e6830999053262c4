package modp

import "sync"

// Exponentiation in the 52-bit domain (fe52.go) with the IFMA kernels: one
// conversion in, all products in radix 2^52, one conversion out. The
// functions mirror Exp, expGLadder and expGTable and keep the same
// constant-time rules; exp.go calls them when useIFMA() reports true.

// to52 converts x (< N, Montgomery form with R = 2^3072) to the 52-bit
// Montgomery form (R52 = 2^3120).
func to52(z *fe52, x *limbs) {
	var t fe52
	repack64to52(&t, x)
	mulIFMA(z, &t, &in52)
}

// from52 converts x (< 4N, normalised) back, fully reduced.
func from52(z *limbs, x *fe52) {
	var t fe52
	mulIFMA(&t, x, &out52)
	reduce52(&t)
	repack52to64(z, &t)
}

// exp52 is ExpBits in the 52-bit domain: the same fixed windows, one
// lookup and one multiply for every window.
func exp52(z, x *limbs, e []byte, n int) {
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
	nw := (n + window - 1) / window
	acc := one52
	if nw > 0 {
		lookupIFMA(&acc, &table[0], len(table), bitsAt(e, n, (nw-1)*window, window))
	}
	var t fe52
	for k := nw - 2; k >= 0; k-- {
		for range window {
			sqrIFMA(&acc, &acc)
		}
		lookupIFMA(&t, &table[0], len(table), bitsAt(e, n, k*window, window))
		mulIFMA(&acc, &acc, &t)
	}
	from52(z, &acc)
}

// double52If sets z = 2z if bit is 1 and leaves it unchanged if bit is 0,
// in the same time either way; z is normalised and < 2N. The result, < 4N,
// is not reduced: the kernels take inputs up to 4N (16N² < 2^3120·N keeps
// their output < 2N), and from52 too. Doubling shifts each limb up one bit
// and moves its top bit into the next limb; the shifted limb is even, so
// the incoming bit never carries further.
func double52If(z *fe52, bit uint64) {
	mask := -bit
	for i := limbs52 - 1; i >= 0; i-- { // top down: z[i-1] is read unchanged
		d := z[i] << 1 & mask52
		if i > 0 {
			d |= z[i-1] >> 51
		}
		z[i] ^= (d ^ z[i]) & mask
	}
}

// expGLadder52 is expGLadder in the 52-bit domain: a squaring and a masked
// doubling per bit, no table.
func expGLadder52(z *limbs, e []byte, n int) {
	acc := one52
	if n > 0 {
		double52If(&acc, bitsAt(e, n, n-1, 1))
	}
	for p := n - 2; p >= 0; p-- {
		sqrIFMA(&acc, &acc)
		double52If(&acc, bitsAt(e, n, p, 1))
	}
	from52(z, &acc)
}

// gTable52T is the fixed-base table in the 52-bit domain (limbs of 52
// bits in 64-bit words, entries < 2N).
type gTable52T = [gRows][1 << gWindow]fe52

// newGTable52 computes the fixed-base table; everything in it is public.
func newGTable52() *gTable52T {
	t := new(gTable52T)
	g := one52 // 2^(2^(gWindow·k))
	double52If(&g, 1)
	for k := range t {
		t[k][0] = one52
		for d := 1; d < len(t[k]); d++ {
			mulIFMA(&t[k][d], &t[k][d-1], &g)
		}
		mulIFMA(&g, &t[k][len(t[k])-1], &g)
	}
	return t
}

// expGTable52 is expGTable in the 52-bit domain, for 8·len(e) <= gBits.
func expGTable52(z *limbs, t *gTable52T, e []byte) {
	n := 8 * len(e)
	nw := (n + gWindow - 1) / gWindow
	acc := one52
	var d fe52
	for k := range nw {
		lookupIFMA(&d, &t[k][0], len(t[k]), bitsAt(e, n, k*gWindow, gWindow))
		if k == 0 {
			acc = d
		} else {
			mulIFMA(&acc, &acc, &d)
		}
	}
	from52(z, &acc)
}

// The comb's group tables in the 52-bit domain, converted from combTable's
// on first use (public values).
var (
	comb52Once   [combTeeth / combGroup]sync.Once
	comb52Tables [combTeeth / combGroup][1 << combGroup]fe52
)

func combTable52(k int) *[1 << combGroup]fe52 {
	comb52Once[k].Do(func() {
		for m, c := range combTable(k) {
			to52(&comb52Tables[k][m], &c.l)
		}
	})
	return &comb52Tables[k]
}

// expGComb52 is expGComb in the 52-bit domain, for 8·len(e) <= combBits.
func expGComb52(z *limbs, e []byte) {
	n := 8 * len(e)
	groups := (n + combSpacing*combGroup - 1) / (combSpacing * combGroup)
	var tables [combTeeth / combGroup]*[1 << combGroup]fe52
	for k := range groups {
		tables[k] = combTable52(k)
	}
	acc := one52
	var t fe52
	for b := combSpacing - 1; b >= 0; b-- {
		if b < combSpacing-1 {
			sqrIFMA(&acc, &acc)
		}
		for k := range groups {
			var idx uint64
			for i := range combGroup {
				idx |= bitsAt(e, n, (combGroup*k+i)*combSpacing+b, 1) << i
			}
			lookupIFMA(&t, &tables[k][0], len(tables[k]), idx)
			mulIFMA(&acc, &acc, &t)
		}
	}
	from52(z, &acc)
}
