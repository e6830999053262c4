package srptest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"time"

	"github.com/srpkit/cognito/srp"
)

// Config describes the user pool a Server pretends to be. Its JSON form is
// the configuration file of cmd/srplocal:
//
//	{"userPoolId": "us-east-1_AbC123", "clientId": "abc", "clientSecret": "...",
//	 "deviceTracking": "always",
//	 "users": [{"username": "alice", "password": "...", "aliases": ["alice@example.com"],
//	            "userIdForSrp": "0c7a…"}]}
//
// The fields without a JSON name tune the test double and have defaults.
type Config struct {
	// UserPoolID is the pool id, region_name (for example us-east-1_AbC123).
	UserPoolID string `json:"userPoolId"`
	// ClientID is the one app client id the server accepts.
	ClientID string `json:"clientId"`
	// ClientSecret, if set, makes the app client one with a secret: every
	// InitiateAuth and RespondToAuthChallenge must carry a valid SECRET_HASH.
	ClientSecret string `json:"clientSecret,omitempty"`
	// DeviceTracking is "always" (a password sign-in without a remembered
	// device returns NewDeviceMetadata, and confirmed devices are remembered)
	// or "off" (the default; "" means "off").
	DeviceTracking string `json:"deviceTracking,omitempty"`
	// Users are the pool's users.
	Users []User `json:"users"`
	// BaseURL is the scheme and host (and any path prefix) at which clients
	// reach the server, e.g. "http://127.0.0.1:9229". The tokens' iss is
	// BaseURL/UserPoolID, where the server answers
	// /.well-known/jwks.json and /.well-known/openid-configuration. NewServer
	// and cmd/srplocal set it to their address when it is empty; with
	// NewHandler alone, empty means Cognito's
	// https://cognito-idp.REGION.amazonaws.com.
	BaseURL string `json:"baseUrl,omitempty"`
	// IdentityPoolID, "region:uuid" (for example
	// "us-east-1:0b8f0e4c-6a59-4b0e-9d5e-3f2a1c4b5d6e"), makes the server
	// also answer Cognito Identity's GetId and GetCredentialsForIdentity for
	// that identity pool, whose one provider is this user pool (see
	// docs/srptest.md). Empty: no identity pool.
	IdentityPoolID string `json:"identityPoolId,omitempty"`
	// RefreshTokenRotation turns on refresh token rotation for the app
	// client: GetTokensFromRefreshToken returns a new refresh token each time
	// and the old one works only for RefreshTokenGracePeriod more, and
	// REFRESH_TOKEN_AUTH is refused, as in Cognito.
	RefreshTokenRotation bool `json:"refreshTokenRotation,omitempty"`
	// SigningKey is the RSA private key (PEM, PKCS #8 or PKCS #1, at least
	// 2048 bits) that signs the tokens, for tests that need the same key in
	// every run. Empty: a 2048-bit key drawn once per process, when the first
	// token or JWKS is needed, and shared by every Handler without a
	// SigningKey (their tokens differ in iss, which the server checks).
	SigningKey string `json:"signingKey,omitempty"`

	// The pool's sign-in policy and the challenges it asks (see
	// config_challenges.go and docs/srptest.md).

	// MFAConfiguration is the pool's MFA setting: "OFF", "OPTIONAL" (the
	// default; "" means "OPTIONAL": users with a factor in User.MFA are asked
	// for it) or "ON" (users without one are asked MFA_SETUP).
	MFAConfiguration string `json:"mfaConfiguration,omitempty"`
	// SignInFirstFactors are the first factors of choice-based sign-in
	// (USER_AUTH): "PASSWORD" (always), "EMAIL_OTP", "SMS_OTP". Default:
	// ["PASSWORD"].
	SignInFirstFactors []string `json:"signInFirstFactors,omitempty"`
	// ExplicitAuthFlows are the app client's allowed flows: ALLOW_USER_SRP_AUTH,
	// ALLOW_USER_PASSWORD_AUTH, ALLOW_CUSTOM_AUTH, ALLOW_USER_AUTH and
	// ALLOW_REFRESH_TOKEN_AUTH (which Cognito requires). Default: all but
	// ALLOW_USER_PASSWORD_AUTH.
	ExplicitAuthFlows []string `json:"explicitAuthFlows,omitempty"`
	// Lockout, if false, turns off the lockout after repeated wrong
	// passwords or codes, for tests that guess on purpose. Default (nil): on.
	Lockout *bool `json:"lockout,omitempty"`
	// CustomChallenge, for CUSTOM_AUTH, is one static custom challenge:
	// srplocal's stand-in for the three custom auth triggers.
	CustomChallenge *CustomChallenge `json:"customChallenge,omitempty"`
	// Triggers are the custom auth Lambda triggers as Go functions (not with
	// CustomChallenge).
	Triggers Triggers `json:"-"`
	// OnMessage, if set, is called with every code the server "sends" by SMS
	// or email, after it is in the outbox (Handler.Outbox). It must not
	// block: it runs in the request's goroutine.
	OnMessage func(Message) `json:"-"`

	// Now is the server's clock, used for TIMESTAMP skew, session and token
	// expiry (default time.Now).
	Now func() time.Time `json:"-"`
	// MaxClockSkew is how far TIMESTAMP may be from Now (default 5 minutes).
	MaxClockSkew time.Duration `json:"-"`
	// SessionTTL is how long a challenge's Session stays valid (default 3
	// minutes, as in Cognito).
	SessionTTL time.Duration `json:"-"`
	// TokenTTL is the lifetime of the access token, and of the ID token
	// unless IDTokenTTL is set (default 1 hour, at least a second); the
	// AuthenticationResult's ExpiresIn is the access token's. Its JSON form
	// is "tokenTTL", a Go duration string such as "5s" (see ParseConfig).
	TokenTTL time.Duration `json:"-"`
	// IDTokenTTL is the lifetime of the ID token, which Cognito sets apart
	// from the access token's (default TokenTTL, at least a second), for
	// tests of clients that must renew when the earlier of the two expires.
	// JSON: "idTokenTTL".
	IDTokenTTL time.Duration `json:"-"`
	// RefreshTokenTTL is the lifetime of the refresh tokens (default 30 days,
	// as in Cognito). JSON: "refreshTokenTTL", e.g. "720h".
	RefreshTokenTTL time.Duration `json:"-"`
	// RefreshTokenGracePeriod is how long a refresh token rotated out by
	// GetTokensFromRefreshToken keeps working (0 to 60 seconds, Cognito's
	// RetryGracePeriodSeconds; default 0). JSON: "refreshTokenGracePeriod".
	RefreshTokenGracePeriod time.Duration `json:"-"`
	// MaxPendingSessions caps the sessions waiting for an answer (default
	// 4096), and with them the heap they hold (for PASSWORD_VERIFIER, the
	// server's SRP state). Past it, expired sessions and then the oldest are
	// evicted without notice; an answer to an evicted session gets
	// NotAuthorizedException "Invalid session for the user.".
	MaxPendingSessions int `json:"-"`
	// MaxDevices caps the devices remembered over all users (default 10000);
	// past it the oldest unconfirmed device is forgotten, and only when none
	// is left the oldest confirmed one.
	MaxDevices int `json:"-"`
	// MaxTokenFamilies caps the token families (the tokens of one sign-in)
	// the server keeps state for: those rotated by GetTokensFromRefreshToken
	// or revoked by RevokeToken (default 100000). A family is forgotten only
	// once its refresh tokens have expired; at the cap, revoking or rotating
	// another family is refused with TooManyRequestsException, so that no
	// revoked or rotated-out refresh token ever works again.
	MaxTokenFamilies int `json:"-"`
	// Logf, if set, receives one line for every refused request saying why
	// (wrong password, skewed TIMESTAMP, bad SECRET_HASH, wrong code, ...),
	// never a secret. t.Logf and log.Printf fit.
	Logf func(format string, args ...any) `json:"-"`
}

// A User is one user of the pool.
type User struct {
	// Username is the user's name as typed at sign-in.
	Username string `json:"username"`
	// Password is the user's password.
	Password string `json:"password"`
	// Aliases are other names the user can sign in with (an email address,
	// a phone number, a preferred username).
	Aliases []string `json:"aliases,omitempty"`
	// UserIDForSRP is the pool's internal name of the user, sent as
	// USER_ID_FOR_SRP and USERNAME in the challenge (for pools that sign in
	// by email this is a UUID). Default: Username.
	UserIDForSRP string `json:"userIdForSrp,omitempty"`
	// NewPasswordRequired makes the user one an administrator created: after
	// the password is verified the server sends NEW_PASSWORD_REQUIRED, whose
	// answer (NEW_PASSWORD, at least 8 characters) replaces the password.
	NewPasswordRequired bool `json:"newPasswordRequired,omitempty"`
	// TOTPSecret, base32, gives the user a verified software token and
	// enables SOFTWARE_TOKEN_MFA. It is then asked after the password (and
	// any new password) as any enabled factor is: not at all with
	// MFAConfiguration "OFF", and, when the user has other factors too, if
	// it is PreferredMFA or the user picks it in SELECT_MFA_TYPE. The answer
	// is SOFTWARE_TOKEN_MFA_CODE, the RFC 6238 code (HMAC-SHA1, 30 s, 6
	// digits, one step of skew either way; see TOTP); a wrong code is
	// CodeMismatchException, a code already accepted ExpiredCodeException. A
	// remembered device skips MFA.
	TOTPSecret string `json:"totpSecret,omitempty"`
	// Email and PhoneNumber (E.164, +15555550100) are where codes go:
	// EMAIL_OTP and SMS_MFA as MFA, EMAIL_OTP and SMS_OTP as first factors.
	Email       string `json:"email,omitempty"`
	PhoneNumber string `json:"phoneNumber,omitempty"`
	// MFA are the user's enabled MFA factors: "SMS_MFA" (needs PhoneNumber),
	// "EMAIL_OTP" (needs Email), "SOFTWARE_TOKEN_MFA" (needs TOTPSecret,
	// which enables it by itself).
	MFA []string `json:"mfa,omitempty"`
	// PreferredMFA is the factor asked when several are enabled; without
	// it, SELECT_MFA_TYPE lets the user choose.
	PreferredMFA string `json:"preferredMfa,omitempty"`
}

// ParseConfig reads a Config from its JSON form and validates it. Unknown
// fields and trailing data are errors, so that a misspelt key is not silently
// ignored. The durations "tokenTTL", "idTokenTTL", "refreshTokenTTL" and
// "refreshTokenGracePeriod" are Go duration strings ("5s", "720h").
func ParseConfig(data []byte) (Config, error) {
	var f configFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return Config{}, fmt.Errorf("invalid JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Config{}, errors.New("invalid JSON: data after the configuration object")
	}
	c, err := f.config()
	if err != nil {
		return Config{}, err
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// Validate reports the first problem with c: a pool id not of the form
// region_name, a missing client id, an unknown deviceTracking value, a bad
// baseUrl or signingKey, a negative limit, a token lifetime or grace period
// out of range, a malformed identityPoolId, a user without a name or
// password or with a bad totpSecret, email, phoneNumber or MFA factor, a name
// (username, alias or userIdForSrp) used by two users, or a bad
// mfaConfiguration, signInFirstFactors, explicitAuthFlows, customChallenge
// or Triggers.
func (c *Config) Validate() error {
	for _, check := range []func() error{c.validateClient, c.validateEndpoint, c.validateLimits, c.validateTokens, c.validateUsers, c.validateChallenges} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// validateClient checks the pool id, the app client and device tracking.
func (c *Config) validateClient() error {
	if _, _, err := srp.ParsePoolID(c.UserPoolID); err != nil {
		return fmt.Errorf("userPoolId %q: %w", c.UserPoolID, err)
	}
	if c.ClientID == "" {
		return errors.New("clientId is required")
	}
	switch c.DeviceTracking {
	case "", "off", "always":
		return nil
	}
	return fmt.Errorf("deviceTracking %q: must be \"always\" or \"off\"", c.DeviceTracking)
}

// validateEndpoint checks what the tokens depend on: the base URL (their
// iss) and the signing key.
func (c *Config) validateEndpoint() error {
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return fmt.Errorf("baseUrl %q: must be an http or https URL without query, e.g. http://127.0.0.1:9229", c.BaseURL)
		}
	}
	if c.SigningKey != "" {
		if _, err := parseSigningKey(c.SigningKey); err != nil {
			return err
		}
	}
	return nil
}

// validateLimits checks that no duration or cap is negative (zero means
// the default).
func (c *Config) validateLimits() error {
	if c.MaxClockSkew < 0 || c.SessionTTL < 0 || c.TokenTTL < 0 || c.IDTokenTTL < 0 || c.MaxPendingSessions < 0 || c.MaxDevices < 0 || c.MaxTokenFamilies < 0 {
		return errors.New("limits must not be negative")
	}
	return nil
}

// validateUsers checks each user, and that no name belongs to two users.
func (c *Config) validateUsers() error {
	owner := map[string]int{} // name -> index of the user it belongs to
	for i, u := range c.Users {
		if err := u.validate(); err != nil {
			return fmt.Errorf("users[%d]%s: %w", i, u.label(), err)
		}
		for _, n := range u.names() {
			if o, dup := owner[n]; dup && o != i {
				return fmt.Errorf("users[%d]%s: name %q is already used by users[%d]", i, u.label(), n, o)
			}
			owner[n] = i
		}
	}
	return nil
}

// validate checks one user's own fields.
func (u *User) validate() error {
	switch {
	case u.Username == "":
		return errors.New("username is required")
	case u.Password == "":
		return errors.New("password is required")
	case slices.Contains(u.Aliases, ""):
		return errors.New("empty alias")
	}
	if u.TOTPSecret != "" {
		if _, err := decodeTOTPSecret(u.TOTPSecret); err != nil {
			return err
		}
	}
	return u.validateFactors()
}

// label names the user in errors: " (username)", or nothing without one.
func (u *User) label() string {
	if u.Username == "" {
		return ""
	}
	return " (" + u.Username + ")"
}

// names returns every name the user signs in with or is known by: the
// username, userIdForSrp if set, and the aliases.
func (u *User) names() []string {
	names := []string{u.Username}
	if u.UserIDForSRP != "" {
		names = append(names, u.UserIDForSRP)
	}
	return append(names, u.Aliases...)
}

func (c *Config) setDefaults() {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.MaxClockSkew == 0 {
		c.MaxClockSkew = 5 * time.Minute
	}
	if c.SessionTTL == 0 {
		c.SessionTTL = 3 * time.Minute
	}
	if c.TokenTTL == 0 {
		c.TokenTTL = time.Hour
	}
	if c.IDTokenTTL == 0 {
		c.IDTokenTTL = c.TokenTTL
	}
	if c.MaxPendingSessions == 0 {
		c.MaxPendingSessions = 4096
	}
	if c.MaxDevices == 0 {
		c.MaxDevices = 10000
	}
	if c.MaxTokenFamilies == 0 {
		c.MaxTokenFamilies = 100000
	}
	if c.RefreshTokenTTL == 0 {
		c.RefreshTokenTTL = 30 * 24 * time.Hour
	}
	if c.CustomChallenge != nil { // Validate refuses it with Triggers
		c.Triggers = staticTriggers(c.CustomChallenge)
	}
}
