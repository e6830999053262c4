package srptest

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"strings"
	"time"
)

// TOTP parameters of Cognito's software tokens (RFC 6238 defaults).
const (
	totpStep   = 30 * time.Second
	totpDigits = 6
)

// errTOTPSecret is returned for a totpSecret that is not base32.
var errTOTPSecret = errors.New("totpSecret must be base32 (RFC 4648, padding optional)")

// decodeTOTPSecret decodes a base32 secret as authenticator apps accept it:
// case-insensitive, with or without padding and spaces.
func decodeTOTPSecret(secret string) ([]byte, error) {
	s := strings.ToUpper(strings.NewReplacer(" ", "", "=", "").Replace(secret))
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(s)
	if err != nil || len(key) == 0 {
		return nil, errTOTPSecret
	}
	return key, nil
}

// hotp is RFC 4226 HOTP-SHA1 with dynamic truncation to totpDigits digits.
func hotp(key []byte, counter uint64) string {
	mac := hmac.New(sha1.New, key)
	mac.Write(binary.BigEndian.AppendUint64(nil, counter))
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	v := binary.BigEndian.Uint32(sum[off:]) & 0x7fffffff
	code := make([]byte, totpDigits)
	for i := totpDigits - 1; i >= 0; i-- {
		code[i] = byte('0' + v%10)
		v /= 10
	}
	return string(code)
}

// totpCounter is RFC 6238's T = floor((t - T0) / X) with T0 = 0, X = 30 s.
func totpCounter(t time.Time) uint64 { return uint64(t.Unix()) / uint64(totpStep/time.Second) }

// TOTP returns the RFC 6238 code (HMAC-SHA1, 30-second step, 6 digits) of
// the base32 secret at time t: what an authenticator app shows for a
// User.TOTPSecret, for tests that answer SOFTWARE_TOKEN_MFA.
func TOTP(secret string, t time.Time) (string, error) {
	key, err := decodeTOTPSecret(secret)
	if err != nil {
		return "", err
	}
	return hotp(key, totpCounter(t)), nil
}

// matchTOTP returns the step whose code is code, at now or one step either
// side of it, comparing in constant time; ok is false if none matches. When
// two steps of the window have the same code, the later one is returned:
// the reuse rule (answerCode) then refuses that code at both steps, where
// the earlier one would let the code pass again as the later step's.
func matchTOTP(key []byte, code string, now time.Time) (step uint64, ok bool) {
	c := totpCounter(now)
	found := 0
	for _, n := range []uint64{c - 1, c, c + 1} {
		eq := subtle.ConstantTimeCompare([]byte(hotp(key, n)), []byte(code))
		step = uint64(subtle.ConstantTimeSelect(eq, int(n), int(step)))
		found |= eq
	}
	return step, found == 1
}

// WrongTOTP returns a well-formed six-digit code that is not the code of the
// base32 secret at any step from t-30s to t+60s: the server refuses it with
// CodeMismatchException now and for the next 30 seconds, for tests of the
// wrong-code path.
func WrongTOTP(secret string, t time.Time) (string, error) {
	key, err := decodeTOTPSecret(secret)
	if err != nil {
		return "", err
	}
	c := totpCounter(t)
	near := map[string]bool{}
	for _, n := range []uint64{c - 1, c, c + 1, c + 2} {
		near[hotp(key, n)] = true
	}
	for d := byte('0'); ; d++ { // four codes exclude at most four of these ten
		if code := strings.Repeat(string(d), totpDigits); !near[code] {
			return code, nil
		}
	}
}
