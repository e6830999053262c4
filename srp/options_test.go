package srp_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srpkat"
	"github.com/srpkit/cognito/srp/srpserver"
)

// An option either applies or is refused: each constructor names the
// options it takes, and refuses the others with ErrInvalidOption.
func TestOptionsApplyOrAreRefused(t *testing.T) {
	all := map[string]srp.Option{
		"WithEphemeralSize":    srp.WithEphemeralSize(32),
		"WithClientSecret":     srp.WithClientSecret("cid", "sec"),
		"WithDeviceKey":        srp.WithDeviceKey("us-east-1_dev"),
		"srpkat.WithEphemeral": srpkat.WithEphemeral([]byte{7}),
		"srpkat.WithTrace":     srpkat.WithTrace(new(srpkat.Trace)),
	}
	v, err := srpserver.NewPasswordVerifier("us-east-1_AbC", "u", "pw")
	require.NoError(t, err)
	constructors := []struct {
		name  string
		takes []string
		call  func(srp.Option) error
	}{
		{"NewUserSession", []string{"WithEphemeralSize", "WithClientSecret", "WithDeviceKey", "srpkat.WithEphemeral", "srpkat.WithTrace"},
			func(o srp.Option) error { _, err := srp.NewUserSession("us-east-1_AbC", "pw", o); return err }},
		{"NewDeviceSession", []string{"WithEphemeralSize", "WithClientSecret", "srpkat.WithEphemeral", "srpkat.WithTrace"},
			func(o srp.Option) error { _, err := srp.NewDeviceSession("-g", "k", "pw", o); return err }},
		{"NewDeviceVerifier", []string{"srpkat.WithTrace"},
			func(o srp.Option) error { _, err := srp.NewDeviceVerifier("-g", "k", o); return err }},
		{"NewPasswordVerifier", nil,
			func(o srp.Option) error {
				_, err := srpserver.NewPasswordVerifier("us-east-1_AbC", "u", "pw", o)
				return err
			}},
		{"NewServerSession", []string{"WithEphemeralSize", "srpkat.WithEphemeral"},
			func(o srp.Option) error { _, err := srpserver.NewServerSession(v, "02", o); return err }},
	}
	for _, c := range constructors {
		for name, o := range all {
			err := c.call(o)
			if slices.Contains(c.takes, name) {
				assert.NoError(t, err, "%s(%s)", c.name, name)
				continue
			}
			if assert.ErrorIs(t, err, srp.ErrInvalidOption, "%s(%s)", c.name, name) {
				assert.Contains(t, err.Error(), c.name)
				assert.Contains(t, err.Error(), name)
			}
		}
		// A nil Option is skipped, never a panic.
		assert.NoError(t, c.call(nil), "%s(nil)", c.name)
	}
}

// The refusal names no secret.
func TestOptionErrorHoldsNoSecret(t *testing.T) {
	_, err := srp.NewDeviceVerifier("-g", "k", srp.WithClientSecret("cid", "TopSecret"))
	require.True(t, errors.Is(err, srp.ErrInvalidOption))
	assert.NotContains(t, err.Error(), "TopSecret")
}
