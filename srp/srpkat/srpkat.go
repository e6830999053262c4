// Package srpkat provides known-answer inputs for package srp: a fixed
// ephemeral secret, a deterministic random source, a trace of the secret
// intermediate values and a literal TIMESTAMP. It exists for test vectors
// (cmd/srpvec, vectors/) and tests, like crypto/mlkem/mlkemtest: srp and
// srpkat run the same deterministic steps (an internal package), srp with
// bytes from crypto/rand, srpkat with the caller's.
//
// It must only be used for known-answer tests. Anyone who knows the ephemeral
// secret or the random stream and sees an exchange can test password guesses
// offline, and a Trace holds x, S and the derived key.
//
// For tests that only need repeatable randomness, not particular bytes,
// testing/cryptotest.SetGlobalRandom also makes package srp deterministic:
// srp reads crypto/rand.
package srpkat

import (
	"encoding/hex"
	"fmt"
	"io"

	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/internal/protocol"
)

// Errors that only the options of this package can cause. Package srp's own
// errors (srp.ErrInvalidEphemeral for a fixed secret of the wrong length, for
// example) are returned as they are.
var (
	// ErrZeroEphemeral is returned when the fixed ephemeral secret, or one
	// read from a WithRandom reader, is zero.
	ErrZeroEphemeral = protocol.ErrZeroEphemeral
	// ErrRandom is returned when a WithRandom reader fails or ends early.
	ErrRandom = protocol.ErrRandom
)

// WithEphemeral fixes the secret ephemeral (a for a Session, b for an
// srpserver.ServerSession; 1 to 1024 bytes, big-endian) instead of drawing
// it; it overrides srp.WithEphemeralSize. A secret of another length gives
// srp.ErrInvalidEphemeral, a zero one ErrZeroEphemeral.
func WithEphemeral(a []byte) srp.Option {
	a = append([]byte{}, a...) // a copy, and not nil: nil means "draw"
	return func(c *protocol.Config) {
		c.Ephemeral = a
		c.Given(protocol.OptEphemeral)
	}
}

// WithRandom replaces crypto/rand with r for every draw of the call: the
// ephemeral secret, the device password and salt of srp.NewDeviceVerifier
// (40 then 16 bytes), the salt of srpserver.NewPasswordVerifier and the
// SECRET_BLOCK of srpserver.NewServerSession, in the order the AWS clients
// read them. A read that fails or ends early gives ErrRandom, and so does a
// typed nil r (a nil *bytes.Reader, say), or an r that returns no bytes and
// no error 100 times in a row (that error also wraps io.ErrNoProgress, the
// standard library's convention). A nil r keeps crypto/rand.
func WithRandom(r io.Reader) srp.Option {
	return func(c *protocol.Config) {
		if r != nil {
			c.Random = &checkedReader{r: r}
		}
		c.Given(protocol.OptRandom)
	}
}

// maxEmptyReads is how many reads in a row may return no bytes and no error
// before a read gives up (bufio allows as many).
const maxEmptyReads = 100

// A checkedReader makes every way a caller's reader can fail an ErrRandom:
// an error or early end, an invalid count, no progress, and a panic (a typed
// nil reader).
type checkedReader struct {
	r     io.Reader
	empty int
}

func (c *checkedReader) Read(b []byte) (n int, err error) {
	defer func() {
		if recover() != nil {
			n, err = 0, fmt.Errorf("%w: the reader panicked (a nil %T?)", ErrRandom, c.r)
		}
	}()
	n, err = c.r.Read(b)
	switch {
	case n < 0 || n > len(b):
		return 0, fmt.Errorf("%w: Read returned an invalid count", ErrRandom)
	case n > 0:
		c.empty = 0
		return n, nil // an error with the last bytes shows on the next read
	case err != nil:
		return 0, ErrRandom
	}
	if c.empty++; c.empty >= maxEmptyReads {
		return 0, fmt.Errorf("%w: %w", ErrRandom, io.ErrNoProgress)
	}
	return 0, nil
}

// Trace receives the intermediate values of a computation as lowercase hex
// (Signature and the DeviceVerifier fields as sent). It holds secrets (x, S,
// the derived key).
type Trace struct {
	// Password and device flows.
	K, SRPA, APad, BPad, SaltPad, U, UPad, UsernamePasswordHash, X, SPad, HKDF, Timestamp, Signature string
	// srp.NewDeviceVerifier (X is shared with the flows above).
	RandomPassword, HashedString, SaltHex, VerifierHex string
}

// WithTrace records the intermediate values of a Session or of
// srp.NewDeviceVerifier into t (nil records nothing).
func WithTrace(t *Trace) srp.Option {
	return func(c *protocol.Config) {
		if t != nil {
			c.Record = t.record
		}
		c.Given(protocol.OptTrace)
	}
}

// record copies the steps a computation reached into t, as hex.
func (t *Trace) record(s *protocol.Steps) {
	for _, f := range []struct {
		dst *string
		src []byte
	}{
		{&t.K, s.K}, {&t.APad, s.APad}, {&t.BPad, s.BPad}, {&t.SaltPad, s.SaltPad},
		{&t.U, s.U}, {&t.UPad, s.UPad}, {&t.UsernamePasswordHash, s.UsernamePasswordHash},
		{&t.X, s.X}, {&t.SPad, s.SPad}, {&t.HKDF, s.HKDF}, {&t.HashedString, s.HashedString},
		{&t.SaltHex, s.SaltHex}, {&t.VerifierHex, s.VerifierHex},
	} {
		if f.src != nil {
			*f.dst = hex.EncodeToString(f.src)
		}
	}
	for _, f := range []struct {
		dst *string
		src string
	}{
		{&t.SRPA, string(s.SRPA)}, {&t.RandomPassword, string(s.RandomPassword)},
		{&t.Timestamp, s.Timestamp}, {&t.Signature, s.Signature},
	} {
		if f.src != "" {
			*f.dst = f.src
		}
	}
}

// RespondWithTimestamp is s.Respond with a literal TIMESTAMP string, signed
// verbatim instead of the current time.
func RespondWithTimestamp(s *srp.Session, challengeParameters map[string]string, timestamp string) (map[string]string, error) {
	return (*protocol.Session)(s).Respond(challengeParameters, timestamp)
}
