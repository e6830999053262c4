package srptest

import (
	"encoding/base32"
	"testing"
	"time"
)

// TestTOTPVectors checks hotp and totpCounter against RFC 6238 Appendix B
// (SHA-1 rows, seed "12345678901234567890"), truncated to 6 digits: the RFC
// prints 8 digits and the 6-digit code is their last 6.
func TestTOTPVectors(t *testing.T) {
	seed := "12345678901234567890"
	secret := base32.StdEncoding.EncodeToString([]byte(seed))
	for _, v := range []struct {
		unix  int64
		code8 string
	}{
		{59, "94287082"},
		{1111111109, "07081804"},
		{1111111111, "14050471"},
		{1234567890, "89005924"},
		{2000000000, "69279037"},
		{20000000000, "65353130"},
	} {
		got, err := TOTP(secret, time.Unix(v.unix, 0))
		if err != nil {
			t.Fatal(err)
		}
		if want := v.code8[2:]; got != want {
			t.Errorf("T=%d: got %s, want %s", v.unix, got, want)
		}
	}
	// RFC 4226 Appendix D: HOTP values for counters 0 and 9.
	if got := hotp([]byte(seed), 0); got != "755224" {
		t.Errorf("HOTP(0) = %s", got)
	}
	if got := hotp([]byte(seed), 9); got != "520489" {
		t.Errorf("HOTP(9) = %s", got)
	}
}

// accepted reports whether matchTOTP accepts code at now.
func accepted(key []byte, code string, now time.Time) bool {
	_, ok := matchTOTP(key, code, now)
	return ok
}

// TestMatchTOTP: the codes of the step at now and one step either side are
// accepted, each as its own step; others, and malformed codes, are not.
func TestMatchTOTP(t *testing.T) {
	key := []byte("12345678901234567890")
	now := time.Unix(1111111111, 0)
	c := totpCounter(now)
	for d, want := range map[int64]bool{-2: false, -1: true, 0: true, 1: true, 2: false} {
		n := uint64(int64(c) + d)
		step, ok := matchTOTP(key, hotp(key, n), now)
		if ok != want || ok && step != n {
			t.Errorf("step %+d: matchTOTP = %d, %v; want %d, %v", d, step, ok, n, want)
		}
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef"} {
		if accepted(key, bad, now) {
			t.Errorf("accepted %q", bad)
		}
	}
	if _, err := decodeTOTPSecret("not base32!"); err == nil {
		t.Error("accepted a non-base32 secret")
	}
	if a, _ := decodeTOTPSecret("gezd gnbv"); string(a) != "12345" {
		t.Errorf("lowercase with spaces: %q", a)
	}
}

// TestMatchTOTPSameCodeTwoSteps: when two steps of the window share a code,
// matchTOTP returns the later one, so that the reuse rule refuses the code
// at both: returning the earlier one would let the code pass once as each.
// For this key, counters 910737 and 910738 share the code 911617 (found by
// searching from 0; checked here with two HMACs).
func TestMatchTOTPSameCodeTwoSteps(t *testing.T) {
	key := []byte("12345678901234567890")
	const first = 910737
	code := hotp(key, first)
	if hotp(key, first+1) != code {
		t.Fatalf("counters %d and %d have codes %s and %s, not the same", first, first+1, code, hotp(key, first+1))
	}
	for at, want := range map[uint64]uint64{
		first - 1: first, // the window is first-2 to first
		first:     first + 1,
		first + 1: first + 1,
		first + 2: first + 1, // first+1 to first+3
	} {
		step, ok := matchTOTP(key, code, time.Unix(int64(at)*30+7, 0))
		if !ok || step != want {
			t.Errorf("at counter %d: matchTOTP = %d, %v; want %d, true", at, step, ok, want)
		}
	}
	if accepted(key, code, time.Unix((first+3)*30, 0)) {
		t.Errorf("accepted at counter %d", first+3)
	}
}

func TestWrongTOTP(t *testing.T) {
	seed := base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))
	key := []byte("12345678901234567890")
	for _, unix := range []int64{59, 1111111109, 1234567890, 2000000000} {
		now := time.Unix(unix, 0)
		w, err := WrongTOTP(seed, now)
		if err != nil || len(w) != 6 {
			t.Fatalf("%q %v", w, err)
		}
		for _, at := range []time.Time{now, now.Add(30 * time.Second)} {
			if accepted(key, w, at) {
				t.Errorf("T=%d: WrongTOTP %s is accepted", unix, w)
			}
		}
	}
	// A step whose code is 000000, the first candidate: WrongTOTP must skip it
	// there and one step before. zeroStep is the first such counter for this
	// key (found by searching from 0; checked here with one HMAC).
	const zeroStep = 349495
	if hotp(key, zeroStep) != "000000" {
		t.Fatalf("the code of counter %d is %s, not 000000", zeroStep, hotp(key, zeroStep))
	}
	for _, at := range []uint64{zeroStep, zeroStep - 1} {
		if w, _ := WrongTOTP(seed, time.Unix(int64(at)*30, 0)); w == "000000" {
			t.Errorf("counter %d: WrongTOTP returned the code of counter %d", at, zeroStep)
		}
	}
	if _, err := WrongTOTP("!", time.Now()); err == nil {
		t.Error("bad secret accepted")
	}
}
