package srp_test

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srpkat"
	"github.com/srpkit/cognito/srp/srpserver"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A Session not made by NewUserSession or NewDeviceSession (a zero value or
// nil) gives ErrUninitialized or empty values, never a panic.
func TestZeroSession(t *testing.T) {
	params := map[string]string{"USER_ID_FOR_SRP": "u", "SALT": "01", "SRP_B": "02", "SECRET_BLOCK": "AA=="}
	for name, s := range map[string]*srp.Session{"zero value": new(srp.Session), "nil": nil} {
		assert.Empty(t, s.SRPA(), name)
		_, err := s.Respond(params, time.Now())
		assert.ErrorIs(t, err, srp.ErrUninitialized, name)
		_, err = srpkat.RespondWithTimestamp(s, params, "Tue Mar 5 09:04:07 UTC 2024")
		assert.ErrorIs(t, err, srp.ErrUninitialized, name)
		for _, m := range []map[string]string{
			s.InitiateAuthParameters("u"), s.PreferredSRPAuthParameters("u"), s.ChoiceAuthParameters("u"),
			s.SelectChallengeResponse("u"), s.DeviceSRPAuthResponse("u"),
		} {
			assert.Equal(t, "u", m["USERNAME"], name)
			assert.Empty(t, m["SRP_A"]+m["SECRET_HASH"], name)
		}
	}
}

// Likewise a ServerSession, and a nil or zero Verifier.
func TestZeroServerSession(t *testing.T) {
	for name, s := range map[string]*srpserver.ServerSession{"zero value": new(srpserver.ServerSession), "nil": nil} {
		assert.ErrorIs(t, s.Verify("AA==", "Tue Mar 5 09:04:07 UTC 2024", "AA=="), srp.ErrUninitialized, name)
		assert.Empty(t, s.SRPB()+s.Salt()+s.SecretBlock()+s.UserID(), name)
	}
	var nilVerifier *srpserver.Verifier
	assert.Empty(t, nilVerifier.UserID()+nilVerifier.Salt(), "nil Verifier getters")
	// A zero Verifier has v = 0, which would make S = 0 for any password.
	for name, v := range map[string]*srpserver.Verifier{"nil": nil, "zero value": new(srpserver.Verifier)} {
		_, err := srpserver.NewServerSession(v, "02")
		assert.ErrorIs(t, err, srpserver.ErrInvalidVerifier, name)
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
			require.NoError(t, err)
			_, err = srpserver.NewServerSession(v, "02", o)
			return err
		},
	}
	for name, draw := range draws {
		var nilReader *bytes.Reader
		assert.ErrorIs(t, draw(srpkat.WithRandom(nilReader)), srpkat.ErrRandom, "%s, typed-nil reader", name)
		var nilFunc funcReader
		assert.ErrorIs(t, draw(srpkat.WithRandom(nilFunc)), srpkat.ErrRandom, "%s, nil func reader", name)
		empty := &emptyReader{}
		err := draw(srpkat.WithRandom(empty))
		assert.ErrorIs(t, err, srpkat.ErrRandom, "%s, reader returning (0, nil)", name)
		assert.ErrorIs(t, err, io.ErrNoProgress, "%s, reader returning (0, nil)", name)
		assert.LessOrEqual(t, empty.calls, 100, "%s: empty reads before giving up", name)
		assert.ErrorIs(t, draw(srpkat.WithRandom(liarReader{})), srpkat.ErrRandom, "%s, reader returning too much", name)
		assert.ErrorIs(t, draw(srpkat.WithRandom(bytes.NewReader(make([]byte, 10)))), srpkat.ErrRandom, "%s, short reader", name)
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
	_, err := srp.NewDeviceVerifier("-g", "k", srpkat.WithRandom(slow))
	assert.NoError(t, err, "slow reader")
}
