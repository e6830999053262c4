package srp_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"testing"
	"testing/cryptotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srpkat"
	"github.com/srpkit/cognito/srp/srpserver"
)

func clientSecretHash(username, clientID, secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(username + clientID))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// The signature hashes USER_ID_FOR_SRP; USERNAME is echoed and keys SECRET_HASH.
func TestRespondUsernameAndSecretHash(t *testing.T) {
	now := time.Date(2024, 2, 29, 23, 59, 59, 0, time.UTC)
	plain, err := userSession(t).Respond(validChallenge(), now)
	require.NoError(t, err)

	s := userSession(t, srp.WithClientSecret("client1", "s3cr3t"), srp.WithDeviceKey("us-east-1_dev"))
	resp, err := s.Respond(with("USERNAME", "alias@example.com"), now)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"USERNAME":                    "alias@example.com",
		"PASSWORD_CLAIM_SECRET_BLOCK": validChallenge()["SECRET_BLOCK"],
		"TIMESTAMP":                   "Thu Feb 29 23:59:59 UTC 2024",
		"PASSWORD_CLAIM_SIGNATURE":    plain["PASSWORD_CLAIM_SIGNATURE"],
		"DEVICE_KEY":                  "us-east-1_dev",
		"SECRET_HASH":                 clientSecretHash("alias@example.com", "client1", "s3cr3t"),
	}, resp)

	// A different USER_ID_FOR_SRP changes the signature.
	resp, err = userSession(t).Respond(with("USER_ID_FOR_SRP", "bob"), now)
	require.NoError(t, err)
	assert.NotEqual(t, plain["PASSWORD_CLAIM_SIGNATURE"], resp["PASSWORD_CLAIM_SIGNATURE"])

	// Device sessions: SECRET_HASH keyed by the challenge's USERNAME too.
	d, err := srp.NewDeviceSession("-abcDEF", "us-east-1_0f1e2d3c", testPassword,
		srpkat.WithEphemeral(testA), srp.WithClientSecret("client1", "s3cr3t"))
	require.NoError(t, err)
	resp, err = d.Respond(validChallenge(), now)
	require.NoError(t, err)
	assert.Equal(t, clientSecretHash("alice", "client1", "s3cr3t"), resp["SECRET_HASH"])
	assert.Equal(t, "us-east-1_0f1e2d3c", resp["DEVICE_KEY"])
}

// The pool name is the part after "_", as split('_')[1] in JS; the region
// is not hashed.
func TestPoolName(t *testing.T) {
	sig := func(poolID string) string {
		s, err := srp.NewUserSession(poolID, testPassword, srpkat.WithEphemeral(testA))
		require.NoError(t, err)
		resp, err := s.Respond(validChallenge(), time.Unix(0, 0))
		require.NoError(t, err)
		return resp["PASSWORD_CLAIM_SIGNATURE"]
	}
	assert.Equal(t, sig("us-east-1_AbC123"), sig("eu-west-2_AbC123"))
	assert.NotEqual(t, sig("x_AbC123"), sig("x_AbC124"))
}

// One rule for pool ids, shared by srp, srp/signin and srp/srptest: AWS's
// UserPoolId pattern with an unambiguous region.
func TestParsePoolID(t *testing.T) {
	for id, want := range map[string][2]string{
		"us-east-1_AbC123": {"us-east-1", "AbC123"}, "us-gov-west-1_x": {"us-gov-west-1", "x"}, "x_0": {"x", "0"},
	} {
		region, name, err := srp.ParsePoolID(id)
		require.NoError(t, err, id)
		assert.Equal(t, want, [2]string{region, name}, id)
	}
	for _, id := range []string{"", "_", "us-east-1_", "_x", "us-east-1", "x_AbC123_extra", "us east-1_x",
		"us-east-1_Ab-C", "us-east-1_Ab C", "us-east-1_ä", "us_east_1_x"} {
		_, _, err := srp.ParsePoolID(id)
		assert.ErrorIs(t, err, srp.ErrInvalidPoolID, "%q", id)
		_, err = srp.NewUserSession(id, "pw")
		assert.ErrorIs(t, err, srp.ErrInvalidPoolID, "%q", id)
	}
}

// The package reads crypto/rand only, so testing/cryptotest.SetGlobalRandom
// makes every draw repeatable, as the package doc promises; without it two
// sessions differ.
func TestGlobalRandom(t *testing.T) {
	draw := func() (string, *srp.DeviceVerifier, string) {
		s, err := srp.NewUserSession("us-east-1_AbC123", "pw")
		require.NoError(t, err)
		dv, err := srp.NewDeviceVerifier("g", "d")
		require.NoError(t, err)
		v, err := srpserver.NewPasswordVerifier("us-east-1_AbC123", "u", "pw")
		require.NoError(t, err)
		ss, err := srpserver.NewServerSession(v, s.SRPA())
		require.NoError(t, err)
		return s.SRPA(), dv, v.Salt() + ss.SRPB() + ss.SecretBlock()
	}
	a1, dv1, srv1 := draw()
	a2, dv2, srv2 := draw()
	assert.NotEqual(t, a1, a2)
	assert.NotEqual(t, dv1, dv2)
	assert.NotEqual(t, srv1, srv2)

	cryptotest.SetGlobalRandom(t, 42)
	a1, dv1, srv1 = draw()
	cryptotest.SetGlobalRandom(t, 42)
	a2, dv2, srv2 = draw()
	assert.Equal(t, a1, a2)
	assert.Equal(t, dv1, dv2)
	assert.Equal(t, srv1, srv2)
}
