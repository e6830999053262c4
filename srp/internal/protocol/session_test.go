package protocol

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRespondWipesSecrets checks the best-effort wiping: after Respond, with
// or without an error, the session's copies of a and the password are zero.
func TestRespondWipesSecrets(t *testing.T) {
	params := map[string]string{"SALT": "ab", "SRP_B": "1234", "SECRET_BLOCK": "AAAA", "USER_ID_FOR_SRP": "u"}
	for _, p := range []map[string]string{params, nil} {
		cfg := NewConfig([]func(*Config){func(c *Config) { c.Ephemeral = []byte{1, 2, 3, 4, 5, 6, 7, 8} }})
		a, err := cfg.SecretExponent()
		require.NoError(t, err)
		s := NewSession("p", "", "password", false, a, cfg)
		_, err = s.Respond(p, "Tue Mar 5 09:04:07 UTC 2024")
		assert.Equal(t, p == nil, err != nil)
		assert.Equal(t, make([]byte, 8), s.a)
		assert.Equal(t, make([]byte, len("password")), s.password)
		assert.Equal(t, []byte{1, 2, 3, 4, 5, 6, 7, 8}, cfg.Ephemeral, "the fixed secret is copied, not wiped")
	}
}
