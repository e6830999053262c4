package srp_test

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srpkat"
	"github.com/srpkit/cognito/srp/srpserver"
)

// A Session not made by NewUserSession or NewDeviceSession (a zero value or
// nil) gives ErrUninitialized or empty values, never a panic.
func TestZeroSession(t *testing.T) {
	params := map[string]string{"USER_ID_FOR_SRP": "u", "SALT": "01", "SRP_B": "02", "SECRET_BLOCK": "AA=="}
	for name, s := range map[string]*srp.Session{"zero value": new(srp.Session), "nil": nil} {
		if got := s.SRPA(); got != "" {
			t.Errorf("%s: SRPA() = %q", name, got)
		}
		if _, err := s.Respond(params, time.Now()); !errors.Is(err, srp.ErrUninitialized) {
			t.Errorf("%s: Respond: %v, want ErrUninitialized", name, err)
		}
		if _, err := srpkat.RespondWithTimestamp(s, params, "Tue Mar 5 09:04:07 UTC 2024"); !errors.Is(err, srp.ErrUninitialized) {
			t.Errorf("%s: RespondWithTimestamp: %v, want ErrUninitialized", name, err)
		}
		for _, m := range []map[string]string{
			s.InitiateAuthParameters("u"), s.PreferredSRPAuthParameters("u"), s.ChoiceAuthParameters("u"),
			s.SelectChallengeResponse("u"), s.DeviceSRPAuthResponse("u"),
		} {
			if m["USERNAME"] != "u" || m["SRP_A"] != "" || m["SECRET_HASH"] != "" {
				t.Errorf("%s: %v", name, m)
			}
		}
	}
}

// Likewise a ServerSession, and a nil or zero Verifier.
func TestZeroServerSession(t *testing.T) {
	for name, s := range map[string]*srpserver.ServerSession{"zero value": new(srpserver.ServerSession), "nil": nil} {
		if err := s.Verify("AA==", "Tue Mar 5 09:04:07 UTC 2024", "AA=="); !errors.Is(err, srp.ErrUninitialized) {
			t.Errorf("%s: Verify: %v, want ErrUninitialized", name, err)
		}
		if s.SRPB() != "" || s.Salt() != "" || s.SecretBlock() != "" || s.UserID() != "" {
			t.Errorf("%s: getters not empty", name)
		}
	}
	var nilVerifier *srpserver.Verifier
	if nilVerifier.UserID() != "" || nilVerifier.Salt() != "" {
		t.Error("nil Verifier getters not empty")
	}
	// A zero Verifier has v = 0, which would make S = 0 for any password.
	for name, v := range map[string]*srpserver.Verifier{"nil": nil, "zero value": new(srpserver.Verifier)} {
		if _, err := srpserver.NewServerSession(v, "02"); !errors.Is(err, srpserver.ErrInvalidVerifier) {
			t.Errorf("%s verifier: %v, want ErrInvalidVerifier", name, err)
		}
	}
}

// emptyReader returns (0, nil) forever and counts the calls.
type emptyReader struct{ calls int }

func (r *emptyReader) Read([]byte) (int, error) { r.calls++; return 0, nil }

// liarReader claims to have read more than it was given room for.
type liarReader struct{}

func (liarReader) Read(p []byte) (int, error) { return len(p) + 1, nil }

type funcReader func([]byte) (int, error)

func (f funcReader) Read(p []byte) (int, error) { return f(p) }

// Every function that draws randomness, given a broken srpkat.WithRandom
// reader: a typed nil, a reader that never makes progress, one that lies
// about the count, one that ends early. Each returns srpkat.ErrRandom (and
// io.ErrNoProgress for the second) without a panic or a hang.
func TestBrokenRandom(t *testing.T) {
	draws := map[string]func(srp.Option) error{
		"NewUserSession": func(o srp.Option) error { _, err := srp.NewUserSession("us-east-1_AbC", "pw", o); return err },
		"NewDeviceSession": func(o srp.Option) error {
			_, err := srp.NewDeviceSession("-g", "k", "pw", o)
			return err
		},
		"NewDeviceVerifier": func(o srp.Option) error { _, err := srp.NewDeviceVerifier("-g", "k", o); return err },
		"NewPasswordVerifier": func(o srp.Option) error {
			_, err := srpserver.NewPasswordVerifier("us-east-1_AbC", "u", "pw", o)
			return err
		},
		"NewServerSession": func(o srp.Option) error {
			v, err := srpserver.NewPasswordVerifier("us-east-1_AbC", "u", "pw")
			if err != nil {
				t.Fatal(err)
			}
			_, err = srpserver.NewServerSession(v, "02", o)
			return err
		},
	}
	for name, draw := range draws {
		var nilReader *bytes.Reader
		if err := draw(srpkat.WithRandom(nilReader)); !errors.Is(err, srpkat.ErrRandom) {
			t.Errorf("%s, typed-nil reader: %v, want srpkat.ErrRandom", name, err)
		}
		var nilFunc funcReader
		if err := draw(srpkat.WithRandom(nilFunc)); !errors.Is(err, srpkat.ErrRandom) {
			t.Errorf("%s, nil func reader: %v, want srpkat.ErrRandom", name, err)
		}
		empty := &emptyReader{}
		err := draw(srpkat.WithRandom(empty))
		if !errors.Is(err, io.ErrNoProgress) || !errors.Is(err, srpkat.ErrRandom) {
			t.Errorf("%s, reader returning (0, nil): %v, want srpkat.ErrRandom and io.ErrNoProgress", name, err)
		}
		if empty.calls > 100 {
			t.Errorf("%s: %d empty reads before giving up, want at most 100", name, empty.calls)
		}
		if err := draw(srpkat.WithRandom(liarReader{})); !errors.Is(err, srpkat.ErrRandom) {
			t.Errorf("%s, reader returning too much: %v", name, err)
		}
		if err := draw(srpkat.WithRandom(bytes.NewReader(make([]byte, 10)))); !errors.Is(err, srpkat.ErrRandom) {
			t.Errorf("%s, short reader: %v", name, err)
		}
	}
	// Empty reads now and then are fine: a slow reader still fills the buffer.
	i := 0
	slow := funcReader(func(p []byte) (int, error) {
		i++
		if i%50 != 0 {
			return 0, nil
		}
		p[0] = 7
		return 1, nil
	})
	if _, err := srp.NewDeviceVerifier("-g", "k", srpkat.WithRandom(slow)); err != nil {
		t.Errorf("slow reader: %v", err)
	}
}
