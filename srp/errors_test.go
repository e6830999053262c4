package srp_test

import (
	"encoding/base64"
	"encoding/hex"
	"maps"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/srpkit/cognito/internal/srpref"
	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srpkat"
)

// Secrets that must never show up in an error message.
const testPassword = "Tr0ub4dor&3-secret-password"

var testA = []byte("this is a secret ephemeral value a, 40 b")

func validChallenge() map[string]string {
	return map[string]string{
		"SALT":            "00ab12",
		"SRP_B":           "1234567890abcdef",
		"SECRET_BLOCK":    "c2VjcmV0IGJsb2Nr",
		"USERNAME":        "alice",
		"USER_ID_FOR_SRP": "alice",
	}
}

func with(key, value string) map[string]string {
	p := validChallenge()
	p[key] = value
	return p
}

func without(key string) map[string]string {
	p := validChallenge()
	delete(p, key)
	return p
}

// assertNoSecret checks that err's message reveals neither the password nor a.
func assertNoSecret(t *testing.T, err error) {
	t.Helper()
	msg := err.Error()
	for _, s := range []string{testPassword, string(testA), hex.EncodeToString(testA),
		strings.ToUpper(hex.EncodeToString(testA)), base64.StdEncoding.EncodeToString(testA)} {
		assert.NotContains(t, msg, s)
	}
	assert.True(t, strings.HasPrefix(msg, "srp: "), msg)
}

func userSession(t *testing.T, opts ...srp.Option) *srp.Session {
	t.Helper()
	s, err := srp.NewUserSession("us-east-1_AbC123", testPassword, append([]srp.Option{srpkat.WithEphemeral(testA)}, opts...)...)
	require.NoError(t, err)
	return s
}

func deviceSession(t *testing.T) *srp.Session {
	t.Helper()
	s, err := srp.NewDeviceSession("-abcDEF", "us-east-1_0f1e2d3c", testPassword, srpkat.WithEphemeral(testA))
	require.NoError(t, err)
	return s
}

func TestRespondValidChallenge(t *testing.T) {
	resp, err := userSession(t).Respond(validChallenge(), time.Unix(0, 0))
	require.NoError(t, err)
	assert.Equal(t, []string{"PASSWORD_CLAIM_SECRET_BLOCK", "PASSWORD_CLAIM_SIGNATURE", "TIMESTAMP", "USERNAME"}, keys(resp))
	assert.Equal(t, "Thu Jan 1 00:00:00 UTC 1970", resp["TIMESTAMP"])

	resp, err = deviceSession(t).Respond(validChallenge(), time.Unix(0, 0))
	require.NoError(t, err)
	assert.Equal(t, []string{"DEVICE_KEY", "PASSWORD_CLAIM_SECRET_BLOCK", "PASSWORD_CLAIM_SIGNATURE", "TIMESTAMP", "USERNAME"}, keys(resp))

	// Without USERNAME the user flow answers with USER_ID_FOR_SRP.
	resp, err = userSession(t).Respond(with("USERNAME", ""), time.Unix(0, 0))
	require.NoError(t, err)
	assert.Equal(t, "", resp["USERNAME"])
	resp, err = userSession(t).Respond(without("USERNAME"), time.Unix(0, 0))
	require.NoError(t, err)
	assert.Equal(t, "alice", resp["USERNAME"])

	// Unpadded base64 and upper-case or odd-length hex are accepted.
	_, err = userSession(t).Respond(with("SECRET_BLOCK", "c2VjcmV0IGJsb2Nrcw"), time.Unix(0, 0))
	assert.NoError(t, err)
	_, err = userSession(t).Respond(with("SRP_B", "ABCDEF0"), time.Unix(0, 0))
	assert.NoError(t, err)
	// The largest accepted SRP_B: 1024 hex digits, above N, not reduced for u.
	_, err = userSession(t).Respond(with("SRP_B", strings.Repeat("f", 1024)), time.Unix(0, 0))
	assert.NoError(t, err)
}

func keys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }

func TestRespondErrors(t *testing.T) {
	n := srpref.N
	mult := func(m int64) string { return new(big.Int).Mul(n, big.NewInt(m)).Text(16) }
	tests := []struct {
		name   string
		device bool
		params map[string]string
		want   error
	}{
		{"B=0", false, with("SRP_B", "0"), srp.ErrInvalidB},
		{"B=000", false, with("SRP_B", "000"), srp.ErrInvalidB},
		{"B=N", false, with("SRP_B", mult(1)), srp.ErrInvalidB},
		{"B=N upper", false, with("SRP_B", strings.ToUpper(mult(1))), srp.ErrInvalidB},
		{"B=00N", false, with("SRP_B", "00"+mult(1)), srp.ErrInvalidB},
		{"B=2N", false, with("SRP_B", mult(2)), srp.ErrInvalidB},
		{"B=3N", false, with("SRP_B", mult(3)), srp.ErrInvalidB},
		{"device B=N", true, with("SRP_B", mult(1)), srp.ErrInvalidB},
		{"SRP_B too long", false, with("SRP_B", strings.Repeat("1", 1025)), srp.ErrParameterTooLong},
		{"SRP_B 2^4096", false, with("SRP_B", "1"+strings.Repeat("0", 1024)), srp.ErrParameterTooLong},
		{"SALT too long", false, with("SALT", strings.Repeat("a", 1025)), srp.ErrParameterTooLong},
		{"missing USER_ID_FOR_SRP", false, without("USER_ID_FOR_SRP"), srp.ErrMissingParameter},
		{"missing SALT", false, without("SALT"), srp.ErrMissingParameter},
		{"missing SRP_B", false, without("SRP_B"), srp.ErrMissingParameter},
		{"missing SECRET_BLOCK", false, without("SECRET_BLOCK"), srp.ErrMissingParameter},
		{"nil map", false, nil, srp.ErrMissingParameter},
		{"device missing USERNAME", true, without("USERNAME"), srp.ErrMissingParameter},
		{"device missing SALT", true, without("SALT"), srp.ErrMissingParameter},
		{"device missing SRP_B", true, without("SRP_B"), srp.ErrMissingParameter},
		{"device missing SECRET_BLOCK", true, without("SECRET_BLOCK"), srp.ErrMissingParameter},
		{"SRP_B empty", false, with("SRP_B", ""), srp.ErrMalformedParameter},
		{"SRP_B 0x", false, with("SRP_B", "0x1234"), srp.ErrMalformedParameter},
		{"SRP_B negative", false, with("SRP_B", "-1234"), srp.ErrMalformedParameter},
		{"SRP_B space", false, with("SRP_B", "12 34"), srp.ErrMalformedParameter},
		{"SRP_B g", false, with("SRP_B", "12g4"), srp.ErrMalformedParameter},
		{"SALT bad hex", false, with("SALT", "zz"), srp.ErrMalformedParameter},
		{"SALT unicode", false, with("SALT", "ab\u00e9"), srp.ErrMalformedParameter},
		{"SECRET_BLOCK bad char", false, with("SECRET_BLOCK", "c2Vj*mV0"), srp.ErrMalformedParameter},
		{"SECRET_BLOCK bad length", false, with("SECRET_BLOCK", "c2VjcmV0I"), srp.ErrMalformedParameter},
		{"SECRET_BLOCK url alphabet", false, with("SECRET_BLOCK", "c2V-_mV0"), srp.ErrMalformedParameter},
		{"device SRP_B bad hex", true, with("SRP_B", "xyz"), srp.ErrMalformedParameter},
	}
	all := []error{srp.ErrInvalidPoolID, srp.ErrInvalidEphemeral, srp.ErrMissingParameter,
		srp.ErrMalformedParameter, srp.ErrParameterTooLong, srp.ErrInvalidB, srp.ErrSessionUsed, srp.ErrUninitialized}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := userSession(t)
			if tc.device {
				s = deviceSession(t)
			}
			resp, err := s.Respond(tc.params, time.Now())
			require.Error(t, err)
			assert.Nil(t, resp)
			assert.ErrorIs(t, err, tc.want)
			for _, other := range all {
				if other != tc.want {
					assert.NotErrorIs(t, err, other)
				}
			}
			assertNoSecret(t, err)

			// A session answers once, even after a failure.
			resp, err = s.Respond(validChallenge(), time.Now())
			assert.Nil(t, resp)
			assert.ErrorIs(t, err, srp.ErrSessionUsed)
		})
	}
}

func TestRespondTwice(t *testing.T) {
	for _, s := range []*srp.Session{userSession(t), deviceSession(t)} {
		_, err := s.Respond(validChallenge(), time.Now())
		require.NoError(t, err)
		resp, err := s.Respond(validChallenge(), time.Now())
		assert.Nil(t, resp)
		assert.ErrorIs(t, err, srp.ErrSessionUsed)
	}
}

func TestRespondConcurrentOnce(t *testing.T) {
	s := userSession(t)
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			_, err := s.Respond(validChallenge(), time.Now())
			errs <- err
		}()
	}
	ok := 0
	for range 8 {
		if err := <-errs; err == nil {
			ok++
		} else {
			assert.ErrorIs(t, err, srp.ErrSessionUsed)
		}
	}
	assert.Equal(t, 1, ok)
}

func TestSessionOptionErrors(t *testing.T) {
	for _, n := range []int{-1, 0, 1, 31, 1025, 1 << 30} {
		_, err := srp.NewUserSession("us-east-1_AbC123", testPassword, srp.WithEphemeralSize(n))
		assert.ErrorIs(t, err, srp.ErrInvalidEphemeral, "size %d", n)
	}
	for _, n := range []int{32, 1024} {
		s, err := srp.NewUserSession("us-east-1_AbC123", testPassword, srp.WithEphemeralSize(n))
		require.NoError(t, err, "size %d", n)
		assert.NotEmpty(t, s.SRPA())
	}
	_, err := srp.NewUserSession("nounderscore", testPassword)
	assert.ErrorIs(t, err, srp.ErrInvalidPoolID)
	assertNoSecret(t, err)
	_, err = srp.NewUserSession("", testPassword)
	assert.ErrorIs(t, err, srp.ErrInvalidPoolID)
}

// Parameters of another challenge name the challenge Respond expected.
func TestRespondOtherChallenge(t *testing.T) {
	selectChallenge := map[string]string{"USERNAME": "alice"} // SELECT_CHALLENGE's ChallengeParameters
	_, err := userSession(t).Respond(selectChallenge, time.Now())
	assert.ErrorIs(t, err, srp.ErrMissingParameter)
	assert.EqualError(t, err, "srp: missing challenge parameter: USER_ID_FOR_SRP (expected the ChallengeParameters of PASSWORD_VERIFIER)")
	_, err = deviceSession(t).Respond(map[string]string{}, time.Now()) // DEVICE_SRP_AUTH may carry none
	assert.EqualError(t, err, "srp: missing challenge parameter: USERNAME (expected the ChallengeParameters of DEVICE_PASSWORD_VERIFIER)")
	// Malformed values keep the short message.
	_, err = userSession(t).Respond(with("SRP_B", "xyz"), time.Now())
	assert.EqualError(t, err, "srp: malformed challenge parameter: SRP_B")
}

// A parameter error says which parameter, as an *srp.ParameterError.
func TestParameterError(t *testing.T) {
	for _, tc := range []struct {
		params          map[string]string
		device          bool
		name, challenge string
		want            error
	}{
		{without("SALT"), false, "SALT", "PASSWORD_VERIFIER", srp.ErrMissingParameter},
		{without("USERNAME"), true, "USERNAME", "DEVICE_PASSWORD_VERIFIER", srp.ErrMissingParameter},
		{with("SRP_B", "xyz"), false, "SRP_B", "", srp.ErrMalformedParameter},
		{with("SALT", strings.Repeat("a", 1025)), false, "SALT", "", srp.ErrParameterTooLong},
		{with("SECRET_BLOCK", "*"), true, "SECRET_BLOCK", "", srp.ErrMalformedParameter},
	} {
		s := userSession(t)
		if tc.device {
			s = deviceSession(t)
		}
		_, err := s.Respond(tc.params, time.Now())
		var pe *srp.ParameterError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, tc.name, pe.Name)
		assert.Equal(t, tc.challenge, pe.Challenge)
		assert.ErrorIs(t, pe, tc.want)
	}
}
