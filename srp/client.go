package srp

import (
	"time"

	"github.com/srpkit/cognito/srp/internal/protocol"
)

// A Session is one SRP sign-in: it holds the secret ephemeral a, sends SRP_A
// and answers exactly one PASSWORD_VERIFIER or DEVICE_PASSWORD_VERIFIER
// challenge. It is safe to call SRPA and the map methods from several
// goroutines.
type Session protocol.Session

func (s *Session) p() *protocol.Session { return (*protocol.Session)(s) }

// NewUserSession starts a USER_SRP_AUTH sign-in to the user pool poolID (for
// example "us-east-1_AbC123"; the SRP math uses the pool name, see
// ParsePoolID). It takes the options WithEphemeralSize, WithClientSecret and
// WithDeviceKey.
func NewUserSession(poolID, password string, opts ...Option) (*Session, error) {
	_, poolName, err := protocol.ParsePoolID(poolID)
	if err != nil {
		return nil, err
	}
	const allowed = protocol.OptEphemeralSize | protocol.OptClientSecret | protocol.OptDeviceKey |
		protocol.OptEphemeral | protocol.OptRandom | protocol.OptTrace
	return newSession("NewUserSession", allowed, poolName, "", password, false, opts)
}

func newSession(fn string, allowed protocol.Options, poolName, deviceKey, password string, device bool, opts []Option) (*Session, error) {
	cfg := newConfig(opts)
	if err := cfg.Check(fn, allowed); err != nil {
		return nil, err
	}
	a, err := cfg.SecretExponent()
	if err != nil {
		return nil, err
	}
	return (*Session)(protocol.NewSession(poolName, deviceKey, password, device, a, cfg)), nil
}

// SRPA returns the SRP_A to send with InitiateAuth (USER_SRP_AUTH) or the
// DEVICE_SRP_AUTH response: lowercase hex, unpadded, as the AWS clients send it.
func (s *Session) SRPA() string { return s.p().SRPA() }

// Respond answers the PASSWORD_VERIFIER (or, for a device session,
// DEVICE_PASSWORD_VERIFIER) challenge. challengeParameters is the
// ChallengeParameters map exactly as the AWS SDK returns it; now is the
// current time, sent as TIMESTAMP. The result is the ChallengeResponses map:
// USERNAME, PASSWORD_CLAIM_SECRET_BLOCK, TIMESTAMP, PASSWORD_CLAIM_SIGNATURE,
// and DEVICE_KEY and SECRET_HASH where they apply.
//
// The parameters used are SALT, SRP_B and SECRET_BLOCK, USER_ID_FOR_SRP for a
// user session (USERNAME defaults to it) and USERNAME for a device session.
// A missing or malformed one is a *ParameterError naming it, wrapping
// ErrMissingParameter (the parameters of another challenge, such as
// SELECT_CHALLENGE, lack them; the error names the challenge Respond
// expected), ErrMalformedParameter (bad hex or base64) or
// ErrParameterTooLong (an SRP_B or SALT over 1024 hex digits); SRP_B ≡ 0
// (mod N) is ErrInvalidB.
//
// A Session answers one challenge: a second call returns ErrSessionUsed,
// even if the first one failed. The secrets are wiped when Respond returns.
// A Session not made by NewUserSession or NewDeviceSession (a zero value, or
// nil) gives ErrUninitialized.
func (s *Session) Respond(challengeParameters map[string]string, now time.Time) (map[string]string, error) {
	return s.p().Respond(challengeParameters, FormatTimestamp(now))
}

// InitiateAuthParameters returns the AuthParameters of InitiateAuth (or
// AdminInitiateAuth) with AuthFlow USER_SRP_AUTH: USERNAME, SRP_A, and
// SECRET_HASH keyed by username when a client secret is configured. username
// is the name the user typed (a user name or an alias).
//
// The AuthParameters maps (this one, PreferredSRPAuthParameters and
// ChoiceAuthParameters) also carry DEVICE_KEY when WithDeviceKey is set, as
// the AWS clients send it for a remembered device.
func (s *Session) InitiateAuthParameters(username string) map[string]string {
	return s.p().InitiateAuthParameters(username)
}

// PreferredSRPAuthParameters returns the AuthParameters of InitiateAuth (or
// AdminInitiateAuth) with AuthFlow USER_AUTH that asks for PASSWORD_SRP
// straight away: USERNAME, SRP_A, PREFERRED_CHALLENGE = PASSWORD_SRP, and
// SECRET_HASH when configured. Cognito then answers PASSWORD_VERIFIER.
func (s *Session) PreferredSRPAuthParameters(username string) map[string]string {
	return s.p().PreferredSRPAuthParameters(username)
}

// ChoiceAuthParameters returns the AuthParameters of InitiateAuth (or
// AdminInitiateAuth) with AuthFlow USER_AUTH and no preferred challenge:
// USERNAME and SECRET_HASH when configured. Cognito answers SELECT_CHALLENGE;
// answer it with SelectChallengeResponse.
func (s *Session) ChoiceAuthParameters(username string) map[string]string {
	return s.p().ChoiceAuthParameters(username)
}

// SelectChallengeResponse returns the ChallengeResponses of
// RespondToAuthChallenge (or AdminRespondToAuthChallenge) for SELECT_CHALLENGE
// that choose PASSWORD_SRP: ANSWER, USERNAME, SRP_A, and SECRET_HASH when
// configured. Cognito then answers PASSWORD_VERIFIER.
func (s *Session) SelectChallengeResponse(username string) map[string]string {
	return s.p().SelectChallengeResponse(username)
}
