package srptest

import (
	"strconv"
	"testing"
	"time"
)

// TestLockoutSurvivesFlood: a known user and an unknown name, each locked
// out, stay locked out however many other unknown names are tried since:
// if the server forgot one and not the other, trying names would tell which
// of the two exists.
func TestLockoutSurvivesFlood(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	h, err := NewHandler(Config{UserPoolID: "us-east-1_Flood", ClientID: "client", Now: func() time.Time { return now },
		Users: []User{{Username: "alice", Password: "Correct horse 1!", Aliases: []string{"alice@example.com"}}}})
	if err != nil {
		t.Fatal(err)
	}
	locked := func(name string) bool { return h.guard(h.userFor(name), true) == errAttemptsExceeded }
	for _, name := range []string{"alice", "mallory"} {
		for range lockoutFree {
			if err := h.guard(h.userFor(name), false); err != nil {
				t.Fatalf("%s: %v before the lockout", name, err)
			}
		}
		if !locked(name) {
			t.Fatalf("%s is not locked out after %d failures", name, lockoutFree)
		}
	}
	for i := range 20000 {
		h.guard(h.userFor("flood"+strconv.Itoa(i)), false)
	}
	for _, name := range []string{"alice", "alice@example.com", "mallory"} {
		if !locked(name) {
			t.Errorf("%s is no longer locked out after 20000 other names were tried", name)
		}
	}
	now = now.Add(lockoutMax)
	for _, name := range []string{"alice", "mallory"} {
		if locked(name) {
			t.Errorf("%s is still locked out after %v", name, lockoutMax)
		}
	}
}
