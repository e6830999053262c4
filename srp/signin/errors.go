package signin

import "errors"

// Errors returned by this package, for errors.Is. Cognito's own refusals are
// the SDK's typed errors (types.NotAuthorizedException, ...), wrapped in an
// *Error.
var (
	// ErrInvalidConfig is returned by New for a pool id not of the form
	// region_name, an empty client id or an unknown Flow, and by the
	// methods of a nil or zero Client or TokenSource (not made by New or
	// Client.TokenSource).
	ErrInvalidConfig = errors.New("signin: invalid configuration")
	// ErrEmptyResponse is returned when Cognito answers with neither tokens
	// nor a challenge.
	ErrEmptyResponse = errors.New("signin: Cognito returned neither tokens nor a challenge")
	// ErrInvalidTokens is returned when Cognito answers with an
	// AuthenticationResult that cannot be used: no access token, or an
	// ExpiresIn that is not positive. A Tokens value this package returns
	// always has an AccessToken and an Expiry in the future.
	ErrInvalidTokens = errors.New("signin: Cognito returned unusable tokens")
	// ErrTooManyChallenges is returned when Cognito asks a challenge past
	// MaxChallenges in one sign-in.
	ErrTooManyChallenges = errors.New("signin: too many challenges in one sign-in")
	// ErrWrongChallenge is returned when a Challenge is answered with a method
	// meant for another challenge (MFACode for NEW_PASSWORD_REQUIRED, ...).
	ErrWrongChallenge = errors.New("signin: the method does not answer this challenge")
	// ErrNoNewDevice is returned by RememberDevice for tokens without
	// NewDeviceMetadata.
	ErrNoNewDevice = errors.New("signin: the tokens carry no new device")
	// ErrTOTPNotVerified is returned by VerifyTOTP when Cognito does not
	// accept the code (VerifySoftwareToken status ERROR).
	ErrTOTPNotVerified = errors.New("signin: software token not verified")
	// ErrMissingToken is returned when the Tokens given lack the token the
	// call needs: a refresh token for Refresh, RevokeToken and TokenSource,
	// an access token for GlobalSignOut.
	ErrMissingToken = errors.New("signin: the tokens lack the token this call needs")
	// ErrSignInRequired is matched (errors.Is) by the errors of Refresh
	// when Cognito refuses the refresh token itself (expired, revoked,
	// signed out, rotated out), which only a new sign-in mends, and
	// returned by a TokenSource in that case when it has no
	// TokenSourceOptions.SignIn to sign in again. Such errors wrap Cognito's
	// error too.
	ErrSignInRequired = errors.New("signin: the refresh token was refused: sign in again")
)

// MaxChallenges is the most challenges one sign-in answers, those SignIn
// answers itself (PASSWORD_VERIFIER, ...) included; an ordinary sign-in
// needs at most six. An answer that asks one more is ErrTooManyChallenges,
// so that a caller's loop over Result.Challenge ends even when a server
// keeps asking.
const MaxChallenges = 10

// An Error is a failed step of sign-in: Step names it (an operation such as
// "InitiateAuth", or the challenge being answered, such as
// "PASSWORD_VERIFIER"), Err is the cause: the SDK's error, which wraps
// Cognito's typed exception, or an error of package srp or of this package.
// Its message holds no secret.
type Error struct {
	Step string
	Err  error
}

func (e *Error) Error() string { return "signin: " + e.Step + ": " + e.Err.Error() }

// Unwrap returns the cause, so errors.As finds the SDK's typed exception.
func (e *Error) Unwrap() error { return e.Err }

func stepError(step string, err error) error { return &Error{Step: step, Err: err} }
