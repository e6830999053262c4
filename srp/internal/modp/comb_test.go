package modp

import "math/bits"

// A comb (Lim-Lee) table for 2^e, kept only to measure it against the
// ladder and the big table (BenchmarkFixedBase): h teeth d = ceil(n/h) bits
// apart, 2^h entries, then d squarings and d lookups and multiplies. Built at
// run time it needs 2^(2^(i·d)) for every tooth, (h-1)·d squarings, so for a
// single exponentiation it costs more than the ladder's n squarings.
type comb struct {
	n, h, d int
	table   []Element
}

func newComb(n, h int) *comb {
	c := &comb{n: n, h: h, d: (n + h - 1) / h, table: make([]Element, 1<<h)}
	g := make([]Element, h) // g[i] = 2^(2^(i·d))
	g[0].setOne()
	g[0].Add(&g[0], &g[0])
	for i := 1; i < h; i++ {
		g[i] = g[i-1]
		for range c.d {
			g[i].square(&g[i])
		}
	}
	c.table[0].setOne()
	for m := 1; m < len(c.table); m++ {
		top := bits.Len(uint(m)) - 1
		c.table[m].Mul(&c.table[m&^(1<<top)], &g[top])
	}
	return c
}

// exp sets z = 2^e for 8·len(e) <= c.n.
func (c *comb) exp(z *Element, e []byte) {
	var acc, t Element
	acc.setOne()
	for j := c.d - 1; j >= 0; j-- {
		acc.square(&acc)
		var idx uint64
		for i := range c.h {
			idx |= bitsAt(e, c.n, i*c.d+j, 1) << i
		}
		lookup(&t, c.table, idx)
		acc.Mul(&acc, &t)
	}
	*z = acc
}
