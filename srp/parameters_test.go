package srp_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srpkat"
)

func TestParameterMaps(t *testing.T) {
	s, err := srp.NewUserSession("us-east-1_Pool", "pw", srpkat.WithEphemeral([]byte{7}))
	require.NoError(t, err)
	a := s.SRPA()
	assert.Equal(t, map[string]string{"USERNAME": "alice", "SRP_A": a}, s.InitiateAuthParameters("alice"))
	assert.Equal(t, map[string]string{"USERNAME": "alice", "SRP_A": a, "PREFERRED_CHALLENGE": "PASSWORD_SRP"}, s.PreferredSRPAuthParameters("alice"))
	assert.Equal(t, map[string]string{"USERNAME": "alice"}, s.ChoiceAuthParameters("alice"))
	assert.Equal(t, map[string]string{"ANSWER": "PASSWORD_SRP", "USERNAME": "alice", "SRP_A": a}, s.SelectChallengeResponse("alice"))

	d, err := srp.NewDeviceSession("-grp", "us-east-1_dev", "pw", srpkat.WithEphemeral([]byte{9}), srp.WithClientSecret("cid", "sec"))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"USERNAME": "bob", "DEVICE_KEY": "us-east-1_dev", "SRP_A": d.SRPA(),
		"SECRET_HASH": clientSecretHash("bob", "cid", "sec"),
	}, d.DeviceSRPAuthResponse("bob"))
}

func TestParameterMapsSecretHash(t *testing.T) {
	s, err := srp.NewUserSession("us-east-1_Pool", "pw", srp.WithClientSecret("cid", "sec"))
	require.NoError(t, err)
	want := clientSecretHash("alias@example.com", "cid", "sec")
	for _, m := range []map[string]string{
		s.InitiateAuthParameters("alias@example.com"),
		s.PreferredSRPAuthParameters("alias@example.com"),
		s.ChoiceAuthParameters("alias@example.com"),
		s.SelectChallengeResponse("alias@example.com"),
	} {
		assert.Equal(t, want, m["SECRET_HASH"])
	}
}
