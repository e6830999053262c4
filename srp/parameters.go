package srp

import "github.com/srpkit/cognito/secrethash"

// Keys of the maps built here, as in the AWS API reference.
const (
	keySRPA               = "SRP_A"
	keyAnswer             = "ANSWER"
	keyPreferredChallenge = "PREFERRED_CHALLENGE"
	challengePasswordSRP  = "PASSWORD_SRP"
)

// InitiateAuthParameters returns the AuthParameters of InitiateAuth (or
// AdminInitiateAuth) with AuthFlow USER_SRP_AUTH: USERNAME, SRP_A, and
// SECRET_HASH keyed by username when a client secret is configured. username
// is the name the user typed (a user name or an alias).
//
// The AuthParameters maps (this one, PreferredSRPAuthParameters and
// ChoiceAuthParameters) also carry DEVICE_KEY when WithDeviceKey is set, as
// the AWS clients send it for a remembered device.
func (s *Session) InitiateAuthParameters(username string) map[string]string {
	return s.authParameters(username, map[string]string{
		keyUsername: username,
		keySRPA:     s.srpA,
	})
}

// PreferredSRPAuthParameters returns the AuthParameters of InitiateAuth (or
// AdminInitiateAuth) with AuthFlow USER_AUTH that asks for PASSWORD_SRP
// straight away: USERNAME, SRP_A, PREFERRED_CHALLENGE = PASSWORD_SRP, and
// SECRET_HASH when configured. Cognito then answers PASSWORD_VERIFIER.
func (s *Session) PreferredSRPAuthParameters(username string) map[string]string {
	return s.authParameters(username, map[string]string{
		keyUsername:           username,
		keySRPA:               s.srpA,
		keyPreferredChallenge: challengePasswordSRP,
	})
}

// ChoiceAuthParameters returns the AuthParameters of InitiateAuth (or
// AdminInitiateAuth) with AuthFlow USER_AUTH and no preferred challenge:
// USERNAME and SECRET_HASH when configured. Cognito answers SELECT_CHALLENGE;
// answer it with SelectChallengeResponse.
func (s *Session) ChoiceAuthParameters(username string) map[string]string {
	return s.authParameters(username, map[string]string{keyUsername: username})
}

// SelectChallengeResponse returns the ChallengeResponses of
// RespondToAuthChallenge (or AdminRespondToAuthChallenge) for SELECT_CHALLENGE
// that choose PASSWORD_SRP: ANSWER, USERNAME, SRP_A, and SECRET_HASH when
// configured. Cognito then answers PASSWORD_VERIFIER.
func (s *Session) SelectChallengeResponse(username string) map[string]string {
	return s.withSecretHash(username, map[string]string{
		keyAnswer:   challengePasswordSRP,
		keyUsername: username,
		keySRPA:     s.srpA,
	})
}

// DeviceSRPAuthResponse returns the ChallengeResponses of
// RespondToAuthChallenge (or AdminRespondToAuthChallenge) for DEVICE_SRP_AUTH
// from a device session: USERNAME, DEVICE_KEY, SRP_A, and SECRET_HASH when
// configured. username is the USERNAME of the challenge. Cognito then answers
// DEVICE_PASSWORD_VERIFIER, which Respond answers.
func (s *Session) DeviceSRPAuthResponse(username string) map[string]string {
	return s.withSecretHash(username, map[string]string{
		keyUsername:  username,
		keyDeviceKey: s.deviceKey,
		keySRPA:      s.srpA,
	})
}

// authParameters adds DEVICE_KEY (user sessions with WithDeviceKey) and
// SECRET_HASH to InitiateAuth parameters.
func (s *Session) authParameters(username string, m map[string]string) map[string]string {
	if !s.device && s.cfg.deviceKey != "" {
		m[keyDeviceKey] = s.cfg.deviceKey
	}
	return s.withSecretHash(username, m)
}

func (s *Session) withSecretHash(username string, m map[string]string) map[string]string {
	if s.cfg.withSecret {
		m[keySecretHash] = secrethash.Compute(username, s.cfg.clientID, s.cfg.clientSecret)
	}
	return m
}
