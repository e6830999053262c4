package srp

import "github.com/srpkit/cognito/srp/internal/protocol"

// Errors returned by this package (and by package srp/srpserver, which shares
// them). They can be tested with errors.Is; the messages never contain
// secrets.
var (
	// ErrInvalidPoolID is returned for a user pool id that is not of the
	// form region_name (see ParsePoolID).
	ErrInvalidPoolID = protocol.ErrInvalidPoolID
	// ErrInvalidEphemeral is returned for a WithEphemeralSize that is not 32
	// to 1024 (or a known-answer secret from srpkat.WithEphemeral that is not
	// 1 to 1024 bytes long).
	ErrInvalidEphemeral = protocol.ErrInvalidEphemeral
	// ErrInvalidOption is returned by a constructor given an Option that
	// does not apply to it (WithClientSecret to NewDeviceVerifier, say).
	ErrInvalidOption = protocol.ErrInvalidOption
	// ErrMissingParameter is returned when a required challenge parameter is absent.
	ErrMissingParameter = protocol.ErrMissingParameter
	// ErrMalformedParameter is returned for a challenge parameter that is not
	// valid hex or base64.
	ErrMalformedParameter = protocol.ErrMalformedParameter
	// ErrParameterTooLong is returned for a challenge parameter longer than the
	// protocol allows.
	ErrParameterTooLong = protocol.ErrParameterTooLong
	// ErrInvalidB is returned when SRP_B is 0 modulo N (0, N, 2N, ...), which
	// RFC 5054 and the AWS clients refuse.
	ErrInvalidB = protocol.ErrInvalidB
	// ErrSessionUsed is returned when a Session is asked to respond a second
	// time (or an srpserver.ServerSession to verify a second time).
	ErrSessionUsed = protocol.ErrSessionUsed
	// ErrUninitialized is returned by the methods of a Session (or an
	// srpserver.ServerSession) that was not made by its New function (a
	// zero value, or a nil pointer).
	ErrUninitialized = protocol.ErrUninitialized
)

// A ParameterError names the parameter at fault: Name is its key (SALT,
// SRP_B, ...), Err one of ErrMissingParameter, ErrMalformedParameter and
// ErrParameterTooLong, and Challenge, for a missing parameter, the challenge
// whose ChallengeParameters Respond expected (when it was given another
// challenge's). errors.As finds it; errors.Is finds Err.
type ParameterError = protocol.ParameterError

// ParsePoolID splits a user pool id into its region and the pool name the
// SRP math hashes: "us-east-1_AbC123" is region "us-east-1" and name
// "AbC123". The form is AWS's UserPoolId pattern with a region of letters,
// digits and hyphens and a name of letters and digits; anything else is
// ErrInvalidPoolID. Packages srp/signin and srp/srptest check pool ids with
// it too.
func ParsePoolID(poolID string) (region, name string, err error) {
	return protocol.ParsePoolID(poolID)
}
