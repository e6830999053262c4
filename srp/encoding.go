package srp

import (
	"encoding/base64"
	"encoding/hex"
	"math/big"
)

// maxHexLen bounds SRP_B and SALT strings: 1024 hex digits (4096 bits) is far
// above any value Cognito sends (SRP_B < N has 768) and keeps parsing cheap.
const maxHexLen = 1024

// padHex returns the bytes of the AWS clients' padHex of the non-negative
// big-endian integer b: leading zero bytes dropped, then one 0x00 prepended if
// the top bit is set (Java's BigInteger.toByteArray). Zero is a single 0x00.
// The loop over leading zeros makes the length, and the time, depend on the
// value: used on secrets (S, the verifier) only because the protocol demands it.
func padHex(b []byte) []byte {
	i := 0
	for i < len(b) && b[i] == 0 {
		i++
	}
	b = b[i:]
	if len(b) == 0 || b[0]&0x80 != 0 {
		return append([]byte{0}, b...)
	}
	return append([]byte(nil), b...)
}

// parseHex parses a public hex string as the AWS clients do for SRP_B and
// SALT: either case, any length, leading zeros allowed. Unlike jsbn it rejects
// anything that is not a hex digit, and the empty string.
func parseHex(name, s string) (*big.Int, error) {
	if s == "" {
		return nil, &paramError{name, ErrMalformedParameter}
	}
	if len(s) > maxHexLen {
		return nil, &paramError{name, ErrParameterTooLong}
	}
	if len(s)%2 == 1 {
		s = "0" + s
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, &paramError{name, ErrMalformedParameter}
	}
	return new(big.Int).SetBytes(b), nil
}

// decodeBase64 decodes SECRET_BLOCK: standard alphabet, with or without padding.
func decodeBase64(name, s string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		b, err = base64.RawStdEncoding.DecodeString(s)
	}
	if err != nil {
		return nil, &paramError{name, ErrMalformedParameter}
	}
	return b, nil
}
