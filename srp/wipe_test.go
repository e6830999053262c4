package srp

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/srpkit/cognito/srp/internal/kat"
)

// TestRespondWipesSecrets checks the best-effort wiping: after Respond, with
// or without an error, the session's copies of a and the password are zero,
// and the caller's slice given to srpkat.WithEphemeral is left alone.
func TestRespondWipesSecrets(t *testing.T) {
	params := map[string]string{"SALT": "ab", "SRP_B": "1234", "SECRET_BLOCK": "AAAA", "USER_ID_FOR_SRP": "u"}
	for _, p := range []map[string]string{params, nil} {
		a := []byte{1, 2, 3, 4, 5, 6, 7, 8}
		s, err := NewUserSession("r_p", "password", withHooks(func(h *kat.Hooks) { h.Ephemeral = a }))
		require.NoError(t, err)
		s.Respond(p, time.Now())
		assert.Equal(t, make([]byte, len(a)), s.a)
		assert.Equal(t, make([]byte, len("password")), s.password)
		assert.Equal(t, []byte{1, 2, 3, 4, 5, 6, 7, 8}, a)
	}
	s, err := NewUserSession("r_p", "password", withHooks(func(h *kat.Hooks) { h.Random = bytes.NewReader(bytes.Repeat([]byte{9}, 128)) }))
	require.NoError(t, err)
	require.Len(t, s.a, 128)
	s.Respond(params, time.Now())
	assert.Equal(t, make([]byte, 128), s.a)
}
