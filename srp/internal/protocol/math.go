package protocol

import (
	"crypto/hmac"
	"crypto/sha256"
	"io"
	"strings"

	"golang.org/x/crypto/hkdf"

	"github.com/srpkit/cognito/srp/internal/modp"
)

// hkdfInfo is the HKDF info string of the AWS clients.
var hkdfInfo = []byte("Caldera Derived Key")

var (
	// KHash is k = H(padHex(N) || padHex(g)) = H(0x00 || N || 0x02),
	// written out (TestK derives it) so that start-up neither builds N as a
	// big.Int nor hashes it.
	KHash = [32]byte{
		0x53, 0x82, 0x82, 0xc4, 0x35, 0x47, 0x42, 0xd7, 0xcb, 0xbd, 0xe2, 0x35, 0x9f, 0xcf, 0x67, 0xf9,
		0xf5, 0xb3, 0xa6, 0xb0, 0x87, 0x91, 0xe5, 0x01, 0x1b, 0x43, 0xb8, 0xa5, 0xb6, 0x6d, 0x9e, 0xe6,
	}
	// K is k as an element.
	K = mustElement(KHash[:])
)

func mustElement(b []byte) *modp.Element {
	e, err := new(modp.Element).SetBytes(b)
	if err != nil {
		panic(err)
	}
	return e
}

// ParsePoolID splits a user pool id into its region and the pool name that
// the SRP math hashes: "us-east-1_AbC123" is region "us-east-1", name
// "AbC123". The rule is AWS's pattern for UserPoolId, [\w-]+_[0-9a-zA-Z]+,
// with a region of letters, digits and hyphens only (as every AWS region
// is), so that the name is the JavaScript clients' poolId.split("_")[1]
// without ambiguity. Anything else is ErrInvalidPoolID.
func ParsePoolID(poolID string) (region, name string, err error) {
	region, name, ok := strings.Cut(poolID, "_")
	if !ok || !allBytes(region, isAlnumOrHyphen) || !allBytes(name, isAlnum) {
		return "", "", ErrInvalidPoolID
	}
	return region, name, nil
}

// HashU writes u = H(padHex(A) || padHex(B)) into u (32 bytes).
func HashU(u, aPad, bPad []byte) {
	h := sha256.New()
	h.Write(aPad)
	h.Write(bPad)
	h.Sum(u[:0])
}

// HKDFKey is RFC 5869 HKDF-SHA256 with info "Caldera Derived Key" and a
// 16-byte output.
func HKDFKey(ikm, salt []byte) (key [16]byte) {
	io.ReadFull(hkdf.New(sha256.New, ikm, salt, hkdfInfo), key[:])
	return key
}

// ClaimSignature is HMAC-SHA256(key, pool || user || secretBlock || timestamp).
func ClaimSignature(key []byte, pool, user string, secretBlock, timestamp []byte) []byte {
	msg := make([]byte, 0, len(pool)+len(user)+len(secretBlock)+len(timestamp)+sha256.Size)
	msg = append(append(append(append(msg, pool...), user...), secretBlock...), timestamp...)
	mac := hmac.New(sha256.New, key)
	mac.Write(msg)
	return mac.Sum(msg[:0]) // reuse msg's memory for the result
}

// PasswordHash returns H(pool || user || ":" || password) and
// x = H(saltPad || that hash).
func PasswordHash(pool, user string, password, saltPad []byte) (inner, x [32]byte) {
	h := sha256.New()
	h.Write([]byte(pool))
	h.Write([]byte(user))
	h.Write([]byte(":"))
	h.Write(password)
	h.Sum(inner[:0])
	h.Reset()
	h.Write(saltPad)
	h.Write(inner[:])
	h.Sum(x[:0])
	return inner, x
}
