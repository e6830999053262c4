package srp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"math/big"
	"strings"

	"golang.org/x/crypto/hkdf"

	"github.com/srpkit/cognito/srp/internal/modp"
)

// This file is the protocol math and encodings that the client, device and
// server halves share: the constants, the hashes and HKDF of docs/protocol.md
// §1-5, and the AWS clients' hex and base64 quirks.

// Challenge parameter and response keys (RespondToAuthChallenge).
const (
	keyUsername     = "USERNAME"
	keyUserIDForSRP = "USER_ID_FOR_SRP"
	keySalt         = "SALT"
	keySRPB         = "SRP_B"
	keySecretBlock  = "SECRET_BLOCK"
	keyClaimBlock   = "PASSWORD_CLAIM_SECRET_BLOCK"
	keyClaimSig     = "PASSWORD_CLAIM_SIGNATURE"
	keyTimestamp    = "TIMESTAMP"
	keyDeviceKey    = "DEVICE_KEY"
	keySecretHash   = "SECRET_HASH"
)

// hkdfInfo is the HKDF info string of the AWS clients.
var hkdfInfo = []byte("Caldera Derived Key")

var (
	// k = H(padHex(N) || padHex(g)) = H(0x00 || N || 0x02).
	kHash = sha256.Sum256(append(append([]byte{0}, modp.N().Bytes()...), 2))
	kElem = mustElement(kHash[:])
)

func mustElement(b []byte) *modp.Element {
	e, err := new(modp.Element).SetBytes(b)
	if err != nil {
		panic(err)
	}
	return e
}

// poolNameOf returns the pool name the AWS clients hash: the part of the pool
// id between the first and a second "_" (JavaScript's poolID.split("_")[1]).
func poolNameOf(poolID string) (string, error) {
	_, rest, ok := strings.Cut(poolID, "_")
	if !ok {
		return "", ErrInvalidPoolID
	}
	name, _, _ := strings.Cut(rest, "_")
	return name, nil
}

// hashU writes u = H(padHex(A) || padHex(B)) into u (32 bytes).
func hashU(u, aPad, bPad []byte) {
	h := sha256.New()
	h.Write(aPad)
	h.Write(bPad)
	h.Sum(u[:0])
}

// hkdfKey is RFC 5869 HKDF-SHA256 with info "Caldera Derived Key" and a
// 16-byte output.
func hkdfKey(ikm, salt []byte) (key [16]byte) {
	io.ReadFull(hkdf.New(sha256.New, ikm, salt, hkdfInfo), key[:])
	return key
}

// claimSignature is HMAC-SHA256(key, pool || user || secretBlock || timestamp).
func claimSignature(key []byte, pool, user string, secretBlock, timestamp []byte) []byte {
	msg := make([]byte, 0, len(pool)+len(user)+len(secretBlock)+len(timestamp)+sha256.Size)
	msg = append(append(append(append(msg, pool...), user...), secretBlock...), timestamp...)
	mac := hmac.New(sha256.New, key)
	mac.Write(msg)
	return mac.Sum(msg[:0]) // reuse msg's memory for the result
}

// passwordHash returns H(pool || user || ":" || password) and
// x = H(saltPad || that hash).
func passwordHash(pool, user string, password, saltPad []byte) (inner, x [32]byte) {
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

// maxHexLen bounds SRP_B and SALT strings: 1024 hex digits (4096 bits) is far
// above any value Cognito sends (SRP_B < N has 768) and keeps parsing cheap.
const maxHexLen = 1024

// padHex returns the bytes of the AWS clients' padHex of the non-negative
// big-endian integer b: leading zero bytes dropped, then one 0x00 prepended if
// the top bit is set (Java's BigInteger.toByteArray). Zero is a single 0x00.
// The result shares b's memory; it allocates only when a 0x00 must be added
// and b has no leading zero byte to reuse, so callers keep one spare in front.
// The loop over leading zeros makes the length, and the time, depend on the
// value: used on secrets (S, the verifier) only because the protocol demands it.
func padHex(b []byte) []byte {
	i := 0
	for i < len(b) && b[i] == 0 {
		i++
	}
	if i < len(b) && b[i]&0x80 == 0 {
		return b[i:]
	}
	if i > 0 {
		return b[i-1:]
	}
	return append([]byte{0}, b...)
}

// decodeHex parses a public hex string as the AWS clients do for SRP_B and
// SALT: either case, any length, leading zeros allowed; it returns the value's
// big-endian bytes. Unlike jsbn it rejects anything that
// is not a hex digit, and the empty string.
//
// The result has at least one leading zero byte, so that padHex never needs
// to allocate for it.
func decodeHex(name, s string) ([]byte, error) {
	if s == "" {
		return nil, &paramError{name: name, err: ErrMalformedParameter}
	}
	if len(s) > maxHexLen {
		return nil, &paramError{name: name, err: ErrParameterTooLong}
	}
	b := make([]byte, 1+(len(s)+1)/2)
	digits := b[1:]
	if len(s)%2 == 1 { // a leading lone nibble
		v, ok := fromHexChar(s[0])
		if !ok {
			return nil, &paramError{name: name, err: ErrMalformedParameter}
		}
		b[1], s, digits = v, s[1:], b[2:]
	}
	if _, err := hex.Decode(digits, []byte(s)); err != nil {
		return nil, &paramError{name: name, err: ErrMalformedParameter}
	}
	return b, nil
}

func fromHexChar(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// reduce sets z to the public big-endian value b modulo N and returns z;
// values up to 2^3072 are reduced by modp itself, longer ones with math/big.
func reduce(z *modp.Element, b []byte) *modp.Element {
	for len(b) > 0 && b[0] == 0 {
		b = b[1:]
	}
	if len(b) > modp.Size {
		var buf [modp.Size]byte
		b = new(big.Int).Mod(new(big.Int).SetBytes(b), modp.N()).FillBytes(buf[:])
	}
	z.SetBytes(b) // len(b) <= Size: cannot fail
	return z
}

// minimalHex returns the lowercase hex of the big-endian value b with no
// leading zero digits, as JavaScript's toString(16) writes it ("0" for zero).
func minimalHex(b []byte) string {
	const digits = "0123456789abcdef"
	var sb strings.Builder
	sb.Grow(2 * len(b))
	for _, c := range b {
		sb.WriteByte(digits[c>>4])
		sb.WriteByte(digits[c&15])
	}
	h := strings.TrimLeft(sb.String(), "0")
	if h == "" {
		return "0"
	}
	return h
}

// decodeBase64 decodes SECRET_BLOCK: standard alphabet, with or without padding.
func decodeBase64(name, s string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		b, err = base64.RawStdEncoding.DecodeString(s)
	}
	if err != nil {
		return nil, &paramError{name: name, err: ErrMalformedParameter}
	}
	return b, nil
}
