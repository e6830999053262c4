package srp

import "github.com/srpkit/cognito/srp/internal/protocol"

// An Option configures a Session, a DeviceVerifier, or the server half in
// package srp/srpserver. Each constructor says which options it takes; it
// refuses any other with ErrInvalidOption, and skips a nil Option.
type Option func(*config)

type config = protocol.Config

func newConfig(opts []Option) *config { return protocol.NewConfig(opts) }

// WithEphemeralSize sets how many random bytes a has, 32 to 1024; the default
// is 128, as in the AWS clients. Fewer bytes make SRPA and Respond faster:
// RFC 5054 §2.5.4 asks for at least 256 bits, and NIST SP 800-56A uses
// twice the security strength (256 bits for this 3072-bit group), so 32 bytes
// meets both; longer ones only cost time.
func WithEphemeralSize(n int) Option {
	return func(c *config) {
		c.EphemeralSize = n
		c.Given(protocol.OptEphemeralSize)
	}
}

// WithClientSecret adds SECRET_HASH, keyed by the map's USERNAME, to every
// parameter and response map, for app clients that have a secret. An empty
// clientSecret means an app client without one: no SECRET_HASH.
func WithClientSecret(clientID, clientSecret string) Option {
	return func(c *config) {
		c.ClientID, c.ClientSecret = clientID, clientSecret
		c.Given(protocol.OptClientSecret)
	}
}

// WithDeviceKey adds DEVICE_KEY to a user session's InitiateAuth parameters
// (InitiateAuthParameters, PreferredSRPAuthParameters, ChoiceAuthParameters)
// and to its PASSWORD_VERIFIER response, as Cognito requires when the user
// signs in with a remembered device.
func WithDeviceKey(deviceKey string) Option {
	return func(c *config) {
		c.DeviceKey = deviceKey
		c.Given(protocol.OptDeviceKey)
	}
}
