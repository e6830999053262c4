package srp

import (
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"io"
	"reflect"

	"github.com/srpkit/cognito/srp/internal/kat"
)

// An Option configures a Session, a DeviceVerifier, a Verifier or a
// ServerSession.
type Option func(*config)

type config struct {
	ephemeralSize int
	clientID      string
	clientSecret  string
	withSecret    bool
	deviceKey     string
	hooks         *kat.Hooks // known-answer hooks (package srpkat); nil in production
}

// defaultEphemeralSize is the byte length of a drawn by the AWS clients.
const defaultEphemeralSize = 128

func newConfig(opts []Option) *config {
	c := &config{ephemeralSize: defaultEphemeralSize}
	for _, o := range opts {
		o(c)
	}
	return c
}

// The bridge that lets package srpkat set hooks without srp exporting them.
func init() {
	kat.Option = func(f func(*kat.Hooks)) any { return withHooks(f) }
	kat.Respond = func(s any, p map[string]string, timestamp string) (map[string]string, error) {
		return s.(*Session).respond(p, timestamp)
	}
}

func withHooks(f func(*kat.Hooks)) Option {
	return func(c *config) {
		if c.hooks == nil {
			c.hooks = new(kat.Hooks)
		}
		f(c.hooks)
	}
}

// trace returns where to record intermediate values, or nil.
func (c *config) trace() *kat.Trace {
	if c.hooks == nil {
		return nil
	}
	return c.hooks.Trace
}

// read fills b with random bytes. Like Go's own crypto since Go 1.26, the
// package takes no caller-supplied randomness: it reads crypto/rand, which
// never fails and which tests make deterministic with
// testing/cryptotest.SetGlobalRandom. Only srpkat.WithRandom replaces it.
func (c *config) read(b []byte) error {
	if c.hooks == nil || c.hooks.Random == nil {
		rand.Read(b)
		return nil
	}
	return readFull(c.hooks.Random, b)
}

// maxEmptyReads is how many reads in a row may return no bytes and no error
// before readFull gives up (bufio allows as many).
const maxEmptyReads = 100

// readFull is io.ReadFull for a known-answer reader, which may be broken: a
// nil pointer (or func) gives kat.ErrRandom instead of a panic, a reader that returns
// nothing and no error forever gives kat.ErrRandom wrapping io.ErrNoProgress
// instead of spinning, and any error or early end gives kat.ErrRandom.
func readFull(r io.Reader, b []byte) error {
	if v := reflect.ValueOf(r); (v.Kind() == reflect.Pointer || v.Kind() == reflect.Func) && v.IsNil() {
		return fmt.Errorf("%w: srpkat.WithRandom was given a nil %T", kat.ErrRandom, r)
	}
	for n, empty := 0, 0; n < len(b); {
		m, err := r.Read(b[n:])
		if m < 0 || m > len(b)-n {
			return fmt.Errorf("%w: Read returned an invalid count", kat.ErrRandom)
		}
		n += m
		switch {
		case n == len(b):
			return nil
		case err != nil:
			return kat.ErrRandom
		case m == 0:
			if empty++; empty >= maxEmptyReads {
				return fmt.Errorf("%w: %w", kat.ErrRandom, io.ErrNoProgress)
			}
		default:
			empty = 0
		}
	}
	return nil
}

// secretExponent returns the ephemeral secret: ephemeralSize random bytes, or
// a copy of the known-answer one (1 to 1024 bytes, not zero).
func (c *config) secretExponent() ([]byte, error) {
	if c.hooks != nil && c.hooks.Ephemeral != nil {
		a := append([]byte(nil), c.hooks.Ephemeral...) // a copy: the session wipes it
		if len(a) < 1 || len(a) > 1024 {
			return nil, ErrInvalidEphemeral
		}
		if isZero(a) {
			return nil, kat.ErrZeroEphemeral
		}
		return a, nil
	}
	if c.ephemeralSize < 32 || c.ephemeralSize > 1024 {
		return nil, ErrInvalidEphemeral
	}
	a := make([]byte, c.ephemeralSize)
	for {
		if err := c.read(a); err != nil {
			return nil, err
		}
		if !isZero(a) {
			return a, nil
		}
		// A zero draw from crypto/rand (probability 2^-256) is drawn again;
		// a known-answer reader that gives one is an error.
		if c.hooks != nil && c.hooks.Random != nil {
			return nil, kat.ErrZeroEphemeral
		}
	}
}

// isZero reports, in constant time, whether the secret b is all zero bytes.
func isZero(b []byte) bool {
	var or byte
	for _, x := range b {
		or |= x
	}
	return subtle.ConstantTimeByteEq(or, 0) == 1
}

// WithEphemeralSize sets how many random bytes a has, 32 to 1024; the default
// is 128, as in the AWS clients. Fewer bytes make SRPA and Respond faster:
// RFC 5054 §2.5.4 asks for at least 256 bits, and NIST SP 800-56A uses
// twice the security strength (256 bits for this 3072-bit group), so 32 bytes
// meets both; longer ones only cost time.
func WithEphemeralSize(n int) Option {
	return func(c *config) { c.ephemeralSize = n }
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
