package main

import (
	"crypto/sha256"
	"encoding/binary"

	"golang.org/x/crypto/chacha20"
)

// drbgDescription is recorded in the meta of generated files.
const drbgDescription = `ChaCha20 keystream (RFC 8439, zero nonce, counter from 0), one stream per case, key = SHA-256("srpvec gen v1" || 0x00 || seed || 0x00 || kind "/" category "/" n), n = the case's index within its kind and category`

// A drbg is a deterministic random bit generator: the ChaCha20 keystream
// under a key derived from the seed and a label. Each case draws from its own
// stream, so adding a case does not change the others.
type drbg struct {
	c *chacha20.Cipher
}

func newDRBG(seed, label string) *drbg {
	key := sha256.Sum256([]byte("srpvec gen v1\x00" + seed + "\x00" + label))
	c, err := chacha20.NewUnauthenticatedCipher(key[:], make([]byte, chacha20.NonceSize))
	if err != nil {
		panic(err) // fixed sizes: cannot happen
	}
	return &drbg{c}
}

// Read fills p with keystream bytes; it never fails.
func (d *drbg) Read(p []byte) (int, error) {
	clear(p)
	d.c.XORKeyStream(p, p)
	return len(p), nil
}

func (d *drbg) bytes(n int) []byte {
	b := make([]byte, n)
	d.Read(b)
	return b
}

func (d *drbg) uint64() uint64 {
	return binary.BigEndian.Uint64(d.bytes(8))
}

// intn returns a uniform integer in [0, n), n > 0, by rejection sampling.
func (d *drbg) intn(n int) int {
	if n <= 0 {
		panic("intn: n <= 0")
	}
	max := ^uint64(0) - ^uint64(0)%uint64(n)
	for {
		v := d.uint64()
		if v < max {
			return int(v % uint64(n))
		}
	}
}

// between returns a uniform integer in [lo, hi].
func (d *drbg) between(lo, hi int) int { return lo + d.intn(hi-lo+1) }

// int64Between returns a uniform integer in [lo, hi).
func (d *drbg) int64Between(lo, hi int64) int64 {
	n := uint64(hi - lo)
	max := ^uint64(0) - ^uint64(0)%n
	for {
		v := d.uint64()
		if v < max {
			return lo + int64(v%n)
		}
	}
}

func (d *drbg) pick(xs ...string) string { return xs[d.intn(len(xs))] }

func (d *drbg) str(alphabet string, n int) string {
	r := []rune(alphabet)
	out := make([]rune, n)
	for i := range out {
		out[i] = r[d.intn(len(r))]
	}
	return string(out)
}
