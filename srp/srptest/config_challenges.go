package srptest

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/srpkit/cognito/srp/internal/protocol"
)

// The values of Config.MFAConfiguration.
const (
	mfaOff      = "OFF"
	mfaOptional = "OPTIONAL"
	mfaOn       = "ON"
)

// The app client's flows (Config.ExplicitAuthFlows) and the InitiateAuth
// AuthFlow each allows.
var flowOf = map[string]string{
	"ALLOW_USER_SRP_AUTH":      protocol.AuthFlowUserSRP,
	"ALLOW_USER_PASSWORD_AUTH": protocol.AuthFlowUserPassword,
	"ALLOW_CUSTOM_AUTH":        protocol.AuthFlowCustom,
	"ALLOW_USER_AUTH":          protocol.AuthFlowUserAuth,
	"ALLOW_REFRESH_TOKEN_AUTH": protocol.AuthFlowRefreshToken,
}

// defaultAuthFlows is what an app client allows when Config.ExplicitAuthFlows
// is empty: what srptest always allowed, and CUSTOM_AUTH, as Cognito's
// default client does; not USER_PASSWORD_AUTH, which sends the password.
var defaultAuthFlows = []string{"ALLOW_USER_SRP_AUTH", "ALLOW_USER_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}

// mfaFactors are the MFA factors a user can have, in the order
// MFAS_CAN_CHOOSE lists them.
var mfaFactors = []string{protocol.ChallengeSMSMFA, protocol.ChallengeSoftwareTokenMFA, protocol.ChallengeEmailOTP}

// A CustomChallenge is a static custom auth challenge (Config.CustomChallenge,
// srplocal's "customChallenge"): CUSTOM_AUTH asks one CUSTOM_CHALLENGE with
// Parameters as its ChallengeParameters (and USERNAME), after the password
// when the client starts with SRP, and signs the user in when ANSWER is
// Answer. A wrong answer ends the sign-in. It stands for three triggers (see
// Triggers) that do exactly that.
type CustomChallenge struct {
	// Parameters are the challenge's public parameters.
	Parameters map[string]string `json:"parameters,omitempty"`
	// Answer is the one right answer (required).
	Answer string `json:"answer"`
}

// e164 is a phone number as Cognito stores it: +, then up to 15 digits.
var e164 = regexp.MustCompile(`^\+[1-9][0-9]{4,14}$`)

// validateChallenges checks the pool's MFA setting, first factors, flows
// and custom auth.
func (c *Config) validateChallenges() error {
	switch c.MFAConfiguration {
	case "", mfaOff, mfaOptional, mfaOn:
	default:
		return fmt.Errorf("mfaConfiguration %q: must be \"OFF\", \"OPTIONAL\" or \"ON\"", c.MFAConfiguration)
	}
	for _, f := range c.SignInFirstFactors {
		if f != protocol.ChallengePassword && f != protocol.ChallengeEmailOTP && f != protocol.ChallengeSMSOTP {
			return fmt.Errorf("signInFirstFactors: %q is not PASSWORD, EMAIL_OTP or SMS_OTP", f)
		}
	}
	if len(c.SignInFirstFactors) > 0 && !slices.Contains(c.SignInFirstFactors, protocol.ChallengePassword) {
		return errors.New("signInFirstFactors must include PASSWORD")
	}
	if len(c.SignInFirstFactors) > 1 && c.MFAConfiguration == mfaOn {
		// As in Cognito: one-time passwords as first factor need MFA optional or off.
		return errors.New("signInFirstFactors EMAIL_OTP and SMS_OTP need mfaConfiguration OPTIONAL or OFF")
	}
	for _, f := range c.ExplicitAuthFlows {
		if _, ok := flowOf[f]; !ok {
			return fmt.Errorf("explicitAuthFlows: %q is not one of ALLOW_USER_SRP_AUTH, ALLOW_USER_PASSWORD_AUTH, ALLOW_CUSTOM_AUTH, ALLOW_USER_AUTH, ALLOW_REFRESH_TOKEN_AUTH", f)
		}
	}
	if len(c.ExplicitAuthFlows) > 0 && !slices.Contains(c.ExplicitAuthFlows, "ALLOW_REFRESH_TOKEN_AUTH") {
		return errors.New("explicitAuthFlows must include ALLOW_REFRESH_TOKEN_AUTH (REFRESH_TOKEN_AUTH should always be allowed, as Cognito says)")
	}
	if cc := c.CustomChallenge; cc != nil {
		if cc.Answer == "" {
			return errors.New("customChallenge: answer is required")
		}
		if c.Triggers.set() {
			return errors.New("customChallenge and Triggers are both set: choose one")
		}
	}
	if t := c.Triggers; t.set() && (t.DefineAuthChallenge == nil || t.CreateAuthChallenge == nil || t.VerifyAuthChallengeResponse == nil) {
		return errors.New("Triggers: set all three of DefineAuthChallenge, CreateAuthChallenge and VerifyAuthChallengeResponse, or none")
	}
	return nil
}

// validateFactors checks the user's email, phone number and MFA factors.
func (u *User) validateFactors() error {
	if u.Email != "" && (strings.Count(u.Email, "@") != 1 || strings.HasPrefix(u.Email, "@") || strings.HasSuffix(u.Email, "@")) {
		return fmt.Errorf("email %q: not an email address", u.Email)
	}
	if u.PhoneNumber != "" && !e164.MatchString(u.PhoneNumber) {
		return fmt.Errorf("phoneNumber %q: want E.164, e.g. +15555550100", u.PhoneNumber)
	}
	for _, f := range u.MFA {
		switch {
		case !slices.Contains(mfaFactors, f):
			return fmt.Errorf("mfa: %q is not SMS_MFA, EMAIL_OTP or SOFTWARE_TOKEN_MFA", f)
		case f == protocol.ChallengeSMSMFA && u.PhoneNumber == "":
			return errors.New("mfa SMS_MFA needs a phoneNumber")
		case f == protocol.ChallengeEmailOTP && u.Email == "":
			return errors.New("mfa EMAIL_OTP needs an email")
		case f == protocol.ChallengeSoftwareTokenMFA && u.TOTPSecret == "":
			return errors.New("mfa SOFTWARE_TOKEN_MFA needs a totpSecret")
		}
	}
	if p := u.PreferredMFA; p != "" && !slices.Contains(u.MFA, p) && (p != protocol.ChallengeSoftwareTokenMFA || u.TOTPSecret == "") {
		return fmt.Errorf("preferredMfa %q is not one of the user's mfa factors", p)
	}
	return nil
}

// lockoutOn reports whether wrong passwords and codes lock users out.
func (c *Config) lockoutOn() bool { return c.Lockout == nil || *c.Lockout }

// flowAllowed reports whether the app client allows the InitiateAuth flow.
func (c *Config) flowAllowed(flow string) bool {
	allowed := c.ExplicitAuthFlows
	if len(allowed) == 0 {
		allowed = defaultAuthFlows
	}
	if flow == protocol.AuthFlowRefreshTokenAlias {
		flow = protocol.AuthFlowRefreshToken
	}
	for _, a := range allowed {
		if flowOf[a] == flow {
			return true
		}
	}
	return false
}

// firstFactor reports whether the pool allows the USER_AUTH first factor f
// (EMAIL_OTP or SMS_OTP).
func (c *Config) firstFactor(f string) bool { return slices.Contains(c.SignInFirstFactors, f) }
