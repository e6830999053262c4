// Package srpkat provides known-answer hooks for package srp: a fixed
// ephemeral secret, a deterministic random source, a trace of the secret
// intermediate values and a literal TIMESTAMP. It exists for test vectors
// (cmd/srpvec, vectors/) and tests, like crypto/mlkem/mlkemtest.
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
	"io"

	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/internal/kat"
)

// Errors that only the hooks of this package can cause. Package srp's own
// errors (srp.ErrInvalidEphemeral for a fixed secret of the wrong length, for
// example) are returned as they are.
var (
	// ErrZeroEphemeral is returned when the fixed ephemeral secret, or one
	// read from a WithRandom reader, is zero.
	ErrZeroEphemeral = kat.ErrZeroEphemeral
	// ErrRandom is returned when a WithRandom reader fails or ends early.
	ErrRandom = kat.ErrRandom
)

func option(f func(*kat.Hooks)) srp.Option { return kat.Option(f).(srp.Option) }

// WithEphemeral fixes the secret ephemeral (a for a Session, b for a
// ServerSession; 1 to 1024 bytes, big-endian) instead of drawing it; it
// overrides srp.WithEphemeralSize. A secret of another length gives
// srp.ErrInvalidEphemeral, a zero one ErrZeroEphemeral.
func WithEphemeral(a []byte) srp.Option {
	a = append([]byte{}, a...) // a copy, and not nil: nil means "draw"
	return option(func(h *kat.Hooks) { h.Ephemeral = a })
}

// WithRandom replaces crypto/rand with r for every draw of the call: the
// ephemeral secret, the device password and salt of srp.NewDeviceVerifier
// (40 then 16 bytes), the salt of srp.NewPasswordVerifier and the
// SECRET_BLOCK of srp.NewServerSession, in the order the AWS clients read
// them. A read that fails or ends early gives ErrRandom, and so does a
// typed nil r (a nil *bytes.Reader, say), or an r that returns no bytes and
// no error 100 times in a row (that error also wraps io.ErrNoProgress, the
// standard library's convention). A nil r keeps crypto/rand.
func WithRandom(r io.Reader) srp.Option {
	return option(func(h *kat.Hooks) { h.Random = r })
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
// srp.NewDeviceVerifier into t.
func WithTrace(t *Trace) srp.Option {
	return option(func(h *kat.Hooks) { h.Trace = (*kat.Trace)(t) })
}

// RespondWithTimestamp is s.Respond with a literal TIMESTAMP string, signed
// verbatim instead of the current time.
func RespondWithTimestamp(s *srp.Session, challengeParameters map[string]string, timestamp string) (map[string]string, error) {
	return kat.Respond(s, challengeParameters, timestamp)
}
