package srp

import "errors"

// Errors returned by this package. They can be tested with errors.Is; the
// messages never contain secrets.
var (
	// ErrInvalidPoolID is returned for a user pool id without "_".
	ErrInvalidPoolID = errors.New("srp: user pool id must have the form region_name")
	// ErrInvalidEphemeral is returned for a WithEphemeral secret that is not 1
	// to 1024 bytes long, or a WithEphemeralSize that is not 32 to 1024.
	ErrInvalidEphemeral = errors.New("srp: ephemeral secret size out of range")
	// ErrZeroEphemeral is returned when the ephemeral secret a is zero.
	ErrZeroEphemeral = errors.New("srp: ephemeral secret is zero")
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
	// ErrSessionUsed is returned when a Session is asked to respond a second time.
	ErrSessionUsed = errors.New("srp: session already answered a challenge")
	// ErrRandom is returned when the random source fails.
	ErrRandom = errors.New("srp: reading randomness failed")
)

// paramError names the parameter at fault; it wraps one of the errors above.
type paramError struct {
	name string
	err  error
}

func (e *paramError) Error() string { return e.err.Error() + ": " + e.name }
func (e *paramError) Unwrap() error { return e.err }
