package srp

import (
	"crypto/rand"
	"crypto/subtle"
	"io"
)

// An Option configures a Session or a DeviceVerifier.
type Option func(*config)

type config struct {
	ephemeral     []byte
	ephemeralSet  bool
	ephemeralSize int
	random        io.Reader
	clientID      string
	clientSecret  string
	withSecret    bool
	deviceKey     string
	trace         *Trace
}

// defaultEphemeralSize is the byte length of a drawn by the AWS clients.
const defaultEphemeralSize = 128

func newConfig(opts []Option) *config {
	c := &config{ephemeralSize: defaultEphemeralSize, random: rand.Reader}
	for _, o := range opts {
		o(c)
	}
	return c
}

// secretExponent returns the fixed ephemeral secret, or draws one of
// ephemeralSize bytes, and checks it is 1 to 1024 bytes and not zero.
func (c *config) secretExponent() ([]byte, error) {
	a := c.ephemeral
	if !c.ephemeralSet {
		if c.ephemeralSize < 32 || c.ephemeralSize > 1024 {
			return nil, ErrInvalidEphemeral
		}
		a = make([]byte, c.ephemeralSize)
		if _, err := io.ReadFull(c.random, a); err != nil {
			return nil, ErrRandom
		}
	}
	if len(a) < 1 || len(a) > 1024 {
		return nil, ErrInvalidEphemeral
	}
	var or byte
	for _, b := range a {
		or |= b
	}
	if subtle.ConstantTimeByteEq(or, 0) == 1 {
		return nil, ErrZeroEphemeral
	}
	return a, nil
}

// WithEphemeral fixes the secret ephemeral a (1 to 1024 bytes, big-endian)
// instead of drawing it. It is meant for tests and known-answer vectors only:
// anyone who knows a and sees the exchange can test password guesses offline.
func WithEphemeral(a []byte) Option {
	return func(c *config) {
		c.ephemeral, c.ephemeralSet = append([]byte(nil), a...), true
	}
}

// WithEphemeralSize sets how many random bytes a has, 32 to 1024; the default
// is 128, as in the AWS clients. Fewer bytes make SRPA and Respond faster:
// RFC 5054 §2.5.4 asks for at least 256 bits, and NIST SP 800-56A uses
// twice the security strength (256 bits for this 3072-bit group), so 32 bytes
// meets both; longer ones only cost time.
func WithEphemeralSize(n int) Option {
	return func(c *config) { c.ephemeralSize = n }
}

// WithRandom sets the source of randomness (default crypto/rand.Reader; nil
// keeps the default).
func WithRandom(r io.Reader) Option {
	return func(c *config) {
		if r != nil {
			c.random = r
		}
	}
}

// WithClientSecret adds SECRET_HASH, keyed by the response's USERNAME, to
// every response map, for app clients that have a secret.
func WithClientSecret(clientID, clientSecret string) Option {
	return func(c *config) {
		c.clientID, c.clientSecret, c.withSecret = clientID, clientSecret, true
	}
}

// WithDeviceKey adds DEVICE_KEY to a user session's InitiateAuth parameters
// (InitiateAuthParameters, PreferredSRPAuthParameters, ChoiceAuthParameters)
// and to its PASSWORD_VERIFIER response, as Cognito requires when the user
// signs in with a remembered device.
func WithDeviceKey(deviceKey string) Option {
	return func(c *config) { c.deviceKey = deviceKey }
}

// Trace receives the intermediate values of a computation as lowercase hex
// (Signature and the DeviceVerifier fields as sent). Like crypto/tls's
// KeyLogWriter it exists for test vectors and debugging only: it holds
// secrets (x, S, the derived key) and must never be enabled in production.
type Trace struct {
	// Password and device flows.
	K, SRPA, APad, BPad, SaltPad, U, UPad, UsernamePasswordHash, X, SPad, HKDF, Timestamp, Signature string
	// NewDeviceVerifier (X is shared with the flows above).
	RandomPassword, HashedString, SaltHex, VerifierHex string
}

// WithTrace records the intermediate values into t. See Trace.
func WithTrace(t *Trace) Option {
	return func(c *config) { c.trace = t }
}
