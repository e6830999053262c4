package srp

import "errors"

// Errors returned by this package. They can be tested with errors.Is; the
// messages never contain secrets.
var (
	// ErrInvalidPoolID is returned for a user pool id without "_".
	ErrInvalidPoolID = errors.New("srp: user pool id must have the form region_name")
	// ErrInvalidEphemeral is returned for a WithEphemeralSize that is not 32
	// to 1024 (or a known-answer secret from srpkat.WithEphemeral that is not
	// 1 to 1024 bytes long).
	ErrInvalidEphemeral = errors.New("srp: ephemeral secret size out of range")
	// ErrMissingParameter is returned when a required challenge parameter is absent.
	ErrMissingParameter = errors.New("srp: missing challenge parameter")
	// ErrMalformedParameter is returned for a challenge parameter that is not
	// valid hex or base64.
	ErrMalformedParameter = errors.New("srp: malformed challenge parameter")
	// ErrParameterTooLong is returned for a challenge parameter longer than the
	// protocol allows.
	ErrParameterTooLong = errors.New("srp: challenge parameter too long")
	// ErrInvalidB is returned when SRP_B is 0 modulo N (0, N, 2N, ...), which
	// RFC 5054 and the AWS clients refuse.
	ErrInvalidB = errors.New("srp: SRP_B is zero modulo N")
	// ErrSessionUsed is returned when a Session is asked to respond a second
	// time, or a ServerSession to verify a second time.
	ErrSessionUsed = errors.New("srp: session already answered a challenge")
	// ErrUninitialized is returned by the methods of a Session or
	// ServerSession that was not made by its New function (a zero value, or
	// a nil pointer).
	ErrUninitialized = errors.New("srp: session not made by its New function")
)

// Errors returned only by the server half.
var (
	// ErrInvalidA is returned when SRP_A is 0 modulo N, which would let the
	// client know the shared secret without the password.
	ErrInvalidA = errors.New("srp: SRP_A is zero modulo N")
	// ErrInvalidVerifier is returned for a device verifier that is empty,
	// too long, malformed base64, or not in [1, N), and by NewServerSession
	// for a nil or zero-value Verifier.
	ErrInvalidVerifier = errors.New("srp: invalid password verifier")
	// ErrSignatureMismatch is returned when PASSWORD_CLAIM_SIGNATURE does not
	// match: a wrong password (or device secret), or a tampered response.
	ErrSignatureMismatch = errors.New("srp: password claim signature does not match")
	// ErrSecretBlockMismatch is returned when PASSWORD_CLAIM_SECRET_BLOCK is
	// not the SECRET_BLOCK the server sent.
	ErrSecretBlockMismatch = errors.New("srp: password claim secret block does not match")
	// ErrMalformedTimestamp is returned by ParseTimestamp for anything that is
	// not exactly in the format of FormatTimestamp.
	ErrMalformedTimestamp = errors.New("srp: malformed TIMESTAMP")
)

// paramError names the parameter at fault, and for a missing one the
// challenge whose parameters were expected; it wraps one of the errors above.
type paramError struct {
	name     string
	err      error
	expected string // a challenge name, or ""
}

func (e *paramError) Error() string {
	msg := e.err.Error() + ": " + e.name
	if e.expected != "" {
		msg += " (expected the ChallengeParameters of " + e.expected + ")"
	}
	return msg
}
func (e *paramError) Unwrap() error { return e.err }
