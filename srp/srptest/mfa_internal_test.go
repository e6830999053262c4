package srptest

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestTOTPUsedOnceConcurrently: many sessions of one user answer
// SOFTWARE_TOKEN_MFA with the same code at once, and exactly one is signed
// in; every other answer is ExpiredCodeException. The clock sleeps while
// the answers run, so that whatever answerCode does between reading the
// clock and deciding overlaps in every goroutine: a check of the used code
// and a later, separate update of it would let them all pass. Three rounds,
// one step apart. Under -race it also checks the state is shared safely.
func TestTOTPUsedOnceConcurrently(t *testing.T) {
	const secret, sessions = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", 16
	var unix atomic.Int64
	unix.Store(1_700_000_000)
	var slow atomic.Bool
	now := func() time.Time {
		if slow.Load() {
			time.Sleep(20 * time.Millisecond)
		}
		return time.Unix(unix.Load(), 0)
	}
	h, err := NewHandler(Config{UserPoolID: "us-east-1_Race", ClientID: "client", Lockout: new(bool), Now: now,
		Users: []User{{Username: "alice", Password: "Correct horse 1!", TOTPSecret: secret}}})
	if err != nil {
		t.Fatal(err)
	}
	u := h.users["alice"]
	for round := range 3 {
		unix.Add(30)
		code, err := TOTP(secret, now())
		if err != nil {
			t.Fatal(err)
		}
		errs := make([]error, sessions)
		start := make(chan struct{})
		var wg sync.WaitGroup
		slow.Store(true)
		for i := range errs {
			// The session's last try: a refusal does not put it back.
			p := &pending{stage: stageSoftwareTokenMFA, user: u, attempts: maxCodeAttempts - 1}
			wg.Go(func() {
				<-start
				_, errs[i] = h.answerCode(p, map[string]string{"USERNAME": "alice", "SOFTWARE_TOKEN_MFA_CODE": code})
			})
		}
		close(start)
		wg.Wait()
		slow.Store(false)
		passed := 0
		for _, err := range errs {
			var ae *apiError
			switch {
			case err == nil:
				passed++
			case !errors.As(err, &ae) || ae != errTOTPUsed:
				t.Errorf("round %d: %v, want %v", round, err, errTOTPUsed)
			}
		}
		if passed != 1 {
			t.Fatalf("round %d: the same code signed in %d sessions, want 1", round, passed)
		}
	}
}
