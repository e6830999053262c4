package main

// Generator-side SRP arithmetic on math/big. gen uses it only to construct
// inputs (a server's B from its secret b and the verifier, a B with S = 0) and
// to search for inputs with a property (an A whose padHex drops a zero byte,
// an S with its top bit set, ...). Every output written to a vector file is
// computed by the srp package (see compute.go) and proven against the AWS
// JavaScript client by interop/run.sh; gen then asserts that the property it
// searched for holds in those outputs, so this code and srp cross-check each
// other. It is variable-time, which is fine for public test data.

import (
	"crypto/sha256"
	"math/big"
)

const nHex = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1" +
	"29024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
	"EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245" +
	"E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D" +
	"C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
	"83655D23DCA3AD961C62F356208552BB9ED529077096966D" +
	"670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
	"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9" +
	"DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
	"15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64" +
	"ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
	"ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B" +
	"F12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
	"BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31" +
	"43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"

var (
	groupN, _ = new(big.Int).SetString(nHex, 16)
	groupG    = big.NewInt(2)
	groupK    = new(big.Int).SetBytes(sha256Sum(padHex(groupN), padHex(groupG)))
)

// padHex is the Java toByteArray encoding of a non-negative x: minimal
// big-endian bytes, with a 0x00 prepended when the top bit is set; 0 is 0x00.
func padHex(x *big.Int) []byte {
	b := x.Bytes()
	if len(b) == 0 || b[0] >= 0x80 {
		return append([]byte{0}, b...)
	}
	return b
}

func sha256Sum(parts ...[]byte) []byte {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
}

func expG(e *big.Int) *big.Int { return new(big.Int).Exp(groupG, e, groupN) }

// passwordX returns x = H(padHex(salt) || H(pool || user || ":" || password)).
func passwordX(pool, user, password string, salt *big.Int) *big.Int {
	inner := sha256Sum([]byte(pool + user + ":" + password))
	return new(big.Int).SetBytes(sha256Sum(padHex(salt), inner))
}

// calcU returns H(padHex(A) || padHex(B)) (32 bytes).
func calcU(A, B *big.Int) []byte { return sha256Sum(padHex(A), padHex(B)) }

// calcS returns ((B - k·v) mod N)^(a + u·x) mod N, v = g^x.
func calcS(a, B *big.Int, u []byte, x, v *big.Int) *big.Int {
	base := new(big.Int).Mul(groupK, v)
	base.Sub(B, base).Mod(base, groupN)
	e := new(big.Int).Mul(new(big.Int).SetBytes(u), x)
	e.Add(e, a)
	return new(big.Int).Exp(base, e, groupN)
}

// Properties of the padHex encoding of a value of the 3072-bit group (A, B,
// S, a verifier), as the vector categories name them.
func topBitSet(x *big.Int) bool { return x.BitLen() == 3072 }

// topBitClear: a full 384-byte value whose first byte is 0x10..0x7f (even hex
// length, no 00 added, nothing dropped).
func topBitClear(x *big.Int) bool { return x.BitLen() > 3068 && x.BitLen() < 3072 }

// oddHexLength: the first byte is below 0x10, so toString(16) has odd length.
func oddHexLength(x *big.Int) bool { return len(x.Text(16))%2 == 1 }

// leadingZeroByte: below 2^3063, so padHex (which may add a 00) has at most
// 383 bytes: the zero byte is dropped, never padded back to |N|.
func leadingZeroByte(x *big.Int) bool { return x.BitLen() <= 383*8-1 }
