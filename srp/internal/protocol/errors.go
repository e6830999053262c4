package protocol

import "errors"

// The errors of packages srp, srp/srpserver and srp/srpkat, declared once
// here and exported by those packages under the same names.
var (
	ErrInvalidPoolID      = errors.New("srp: user pool id must have the form region_name, e.g. us-east-1_AbC123")
	ErrInvalidEphemeral   = errors.New("srp: ephemeral secret size out of range")
	ErrInvalidOption      = errors.New("srp: option does not apply")
	ErrMissingParameter   = errors.New("srp: missing challenge parameter")
	ErrMalformedParameter = errors.New("srp: malformed challenge parameter")
	ErrParameterTooLong   = errors.New("srp: challenge parameter too long")
	ErrInvalidB           = errors.New("srp: SRP_B is zero modulo N")
	ErrSessionUsed        = errors.New("srp: session already answered a challenge")
	ErrUninitialized      = errors.New("srp: session not made by its New function")

	ErrZeroEphemeral = errors.New("srpkat: ephemeral secret is zero")
	ErrRandom        = errors.New("srpkat: reading randomness failed")
)

// A ParameterError is a challenge parameter (or a field of a request) that
// is missing or malformed: Name is its key, Err one of the errors above, and
// Challenge, for a missing one, the challenge whose parameters were
// expected ("" if none).
type ParameterError struct {
	Name      string
	Challenge string
	Err       error
}

func (e *ParameterError) Error() string {
	msg := e.Err.Error() + ": " + e.Name
	if e.Challenge != "" {
		msg += " (expected the ChallengeParameters of " + e.Challenge + ")"
	}
	return msg
}

// Unwrap returns Err, so that errors.Is finds the sentinel.
func (e *ParameterError) Unwrap() error { return e.Err }
