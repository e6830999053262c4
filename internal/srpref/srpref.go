// Package srpref is the protocol (docs/protocol.md §1-5) written plainly with
// math/big, crypto/hkdf and crypto/hmac, sharing no code with package srp: the
// one reference that the module's tests compare against and that cmd/srpvec's
// generator builds its inputs with. It is variable-time: for tests and public
// test data only.
package srpref

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"math/big"
)

var (
	// N is RFC 3526's 3072-bit prime, written out here rather than taken
	// from the package under test.
	N, _ = new(big.Int).SetString("FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF", 16)
	// G is the generator, 2.
	G = big.NewInt(2)
	// K is k = H(padHex(N) || padHex(g)).
	K = H(N, G)
)

// Pad is padHex (docs/protocol.md §2) of a non-negative n: its big-endian
// bytes, with a 0x00 in front when the top bit is set; zero is a single 0x00.
func Pad(n *big.Int) []byte {
	b := n.Bytes()
	if len(b) == 0 || b[0]&0x80 != 0 {
		b = append([]byte{0}, b...)
	}
	return b
}

// H is H(padHex(x) || padHex(y)) as an integer (k and u).
func H(x, y *big.Int) *big.Int {
	h := HBytes(x, y)
	return new(big.Int).SetBytes(h[:])
}

// HBytes is H(padHex(x) || padHex(y)) as the 32 bytes of the hash.
func HBytes(x, y *big.Int) [32]byte { return sha256.Sum256(append(Pad(x), Pad(y)...)) }

// ExpG is g^e mod N.
func ExpG(e *big.Int) *big.Int { return new(big.Int).Exp(G, e, N) }

// X is x = H(padHex(salt) || H(pool || user || ":" || password)).
func X(pool, user, password string, salt *big.Int) *big.Int {
	inner := sha256.Sum256([]byte(pool + user + ":" + password))
	h := sha256.Sum256(append(Pad(salt), inner[:]...))
	return new(big.Int).SetBytes(h[:])
}

// Verifier is v = g^x mod N.
func Verifier(pool, user, password string, salt *big.Int) *big.Int {
	return ExpG(X(pool, user, password, salt))
}

// Key is the 16-byte HKDF(ikm = padHex(S), salt = padHex(u), "Caldera Derived Key").
func Key(S, u *big.Int) []byte {
	key, err := hkdf.Key(sha256.New, Pad(S), Pad(u), "Caldera Derived Key", 16)
	if err != nil {
		panic(err) // 16 bytes of SHA-256 HKDF cannot fail
	}
	return key
}

// Signature is PASSWORD_CLAIM_SIGNATURE: base64 of
// HMAC-SHA256(key, pool || user || secretBlock || timestamp).
func Signature(key []byte, pool, user string, block []byte, timestamp string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(pool + user))
	m.Write(block)
	m.Write([]byte(timestamp))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// ClientKey is the client's key for the secret a, the salt and the server's
// B (any non-negative value, reduced mod N):
// S = (B - k·g^x)^(a + u·x) mod N with u = H(A, B).
func ClientKey(pool, user, password string, a, salt, B *big.Int) []byte {
	u := H(ExpG(a), B)
	x := X(pool, user, password, salt)
	return Key(ClientS(a, B, u, x, ExpG(x)), u)
}

// ClientS is the client's shared secret S = (B - k·v)^(a + u·x) mod N, for
// the verifier v = g^x (callers that search over B keep it).
func ClientS(a, B, u, x, v *big.Int) *big.Int {
	base := new(big.Int).Mul(v, K)
	base.Sub(new(big.Int).Mod(B, N), base)
	base.Mod(base, N)
	e := new(big.Int).Mul(u, x)
	e.Add(e, a)
	return new(big.Int).Exp(base, e, N)
}

// Server is the server side of one sign-in for the verifier V, with the
// secret b and B = k·v + g^b mod N.
type Server struct {
	V, B *big.Int
	b    *big.Int
}

// NewServer returns the server for v with the secret b (big-endian).
func NewServer(v *big.Int, b []byte) *Server {
	s := &Server{V: v, b: new(big.Int).SetBytes(b)}
	s.B = new(big.Int).Mul(K, v)
	s.B.Add(s.B, ExpG(s.b))
	s.B.Mod(s.B, N)
	return s
}

// Key is the key the server derives for the client's A:
// S = (A·v^u)^b mod N with u = H(A, B).
func (s *Server) Key(A *big.Int) []byte {
	u := H(A, s.B)
	S := new(big.Int).Exp(s.V, u, N)
	S.Mul(S, A)
	S.Exp(S.Mod(S, N), s.b, N)
	return Key(S, u)
}
