package srptest

import (
	"errors"
	"fmt"
	"time"

	"github.com/srpkit/cognito/srp/internal/protocol"
)

// configFile is the JSON form of a Config: the durations that Config keeps
// as time.Duration (no JSON form of their own) are Go duration strings here.
type configFile struct {
	Config
	TokenTTL                string `json:"tokenTTL,omitempty"`
	IDTokenTTL              string `json:"idTokenTTL,omitempty"`
	RefreshTokenTTL         string `json:"refreshTokenTTL,omitempty"`
	RefreshTokenGracePeriod string `json:"refreshTokenGracePeriod,omitempty"`
}

// config returns the Config with the durations parsed.
func (f *configFile) config() (Config, error) {
	c := f.Config
	for _, d := range []struct {
		key string
		s   string
		to  *time.Duration
	}{
		{"tokenTTL", f.TokenTTL, &c.TokenTTL},
		{"idTokenTTL", f.IDTokenTTL, &c.IDTokenTTL},
		{"refreshTokenTTL", f.RefreshTokenTTL, &c.RefreshTokenTTL},
		{"refreshTokenGracePeriod", f.RefreshTokenGracePeriod, &c.RefreshTokenGracePeriod},
	} {
		if d.s == "" {
			continue
		}
		v, err := time.ParseDuration(d.s)
		if err != nil {
			return Config{}, fmt.Errorf("%s %q: want a Go duration such as \"5s\" or \"720h\"", d.key, d.s)
		}
		*d.to = v
	}
	return c, nil
}

// validateTokens checks the token lifetimes, the grace period and the
// identity pool id.
func (c *Config) validateTokens() error {
	switch {
	case c.TokenTTL != 0 && c.TokenTTL < time.Second:
		return errors.New("tokenTTL must be at least 1s")
	case c.IDTokenTTL != 0 && c.IDTokenTTL < time.Second:
		return errors.New("idTokenTTL must be at least 1s")
	case c.RefreshTokenTTL < 0:
		return errors.New("refreshTokenTTL must not be negative")
	case c.RefreshTokenGracePeriod < 0 || c.RefreshTokenGracePeriod > time.Minute:
		return errors.New("refreshTokenGracePeriod must be between 0s and 60s, as Cognito's RetryGracePeriodSeconds")
	}
	if c.IdentityPoolID != "" {
		if _, err := protocol.ParseIdentityPoolID(c.IdentityPoolID); err != nil {
			return fmt.Errorf("identityPoolId %q: want region:uuid, e.g. us-east-1:0b8f0e4c-6a59-4b0e-9d5e-3f2a1c4b5d6e", c.IdentityPoolID)
		}
	}
	return nil
}
