package protocol

import (
	"encoding/base64"
	"encoding/hex"
	"math/big"
	"strings"

	"github.com/srpkit/cognito/srp/internal/modp"
)

// MaxHexLen bounds SRP_A, SRP_B and SALT strings: 1024 hex digits (4096
// bits) is far above any value Cognito sends (SRP_B < N has 768) and keeps
// parsing cheap.
const MaxHexLen = 1024

// PadHex returns the bytes of the AWS clients' padHex of the non-negative
// big-endian integer b: leading zero bytes dropped, then one 0x00 prepended if
// the top bit is set (Java's BigInteger.toByteArray). Zero is a single 0x00.
// The result shares b's memory; it allocates only when a 0x00 must be added
// and b has no leading zero byte to reuse, so callers keep one spare in front.
// The loop over leading zeros makes the length, and the time, depend on the
// value: used on secrets (S, the verifier) only because the protocol demands it.
func PadHex(b []byte) []byte {
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

// DecodeHex parses a public hex string as the AWS clients do for SRP_B and
// SALT: either case, any length, leading zeros allowed; it returns the
// value's big-endian bytes. Unlike jsbn it rejects anything that is not a
// hex digit, and the empty string: a *ParameterError named name wrapping
// ErrMalformedParameter, or ErrParameterTooLong past MaxHexLen digits.
//
// The result has at least one leading zero byte, so that PadHex never needs
// to allocate for it.
func DecodeHex(name, s string) ([]byte, error) {
	if s == "" {
		return nil, &ParameterError{Name: name, Err: ErrMalformedParameter}
	}
	if len(s) > MaxHexLen {
		return nil, &ParameterError{Name: name, Err: ErrParameterTooLong}
	}
	b := make([]byte, 1+(len(s)+1)/2)
	digits := b[1:]
	if len(s)%2 == 1 { // a leading lone nibble
		v, ok := fromHexChar(s[0])
		if !ok {
			return nil, &ParameterError{Name: name, Err: ErrMalformedParameter}
		}
		b[1], s, digits = v, s[1:], b[2:]
	}
	if _, err := hex.Decode(digits, []byte(s)); err != nil {
		return nil, &ParameterError{Name: name, Err: ErrMalformedParameter}
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

// DecodeBase64 decodes SECRET_BLOCK: standard alphabet, with or without
// padding; anything else is a *ParameterError named name.
func DecodeBase64(name, s string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		b, err = base64.RawStdEncoding.DecodeString(s)
	}
	if err != nil {
		return nil, &ParameterError{Name: name, Err: ErrMalformedParameter}
	}
	return b, nil
}

// MinimalHex returns the lowercase hex of the big-endian value b with no
// leading zero digits, as JavaScript's toString(16) writes it ("0" for zero).
func MinimalHex(b []byte) string {
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

// Reduce sets z to the public big-endian value b modulo N and returns z;
// values up to 2^3072 are reduced by modp itself, longer ones with math/big.
func Reduce(z *modp.Element, b []byte) *modp.Element {
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
