// Package signin signs a user in to an Amazon Cognito user pool with SRP over
// aws-sdk-go-v2, in one call: USER_SRP_AUTH (or USER_AUTH with PASSWORD_SRP),
// PASSWORD_VERIFIER, and with a remembered device DEVICE_SRP_AUTH and
// DEVICE_PASSWORD_VERIFIER. What Cognito asks next (a new password, an MFA
// code, setting up a software token, a custom challenge) comes back as a
// Challenge to answer with the methods of Client; remembering a device and
// refreshing tokens are one call each. Other flows are chosen in
// Config.Flow (CUSTOM_AUTH with SRP, USER_PASSWORD_AUTH), and
// SignInWithCode signs in without a password, with a code sent by email or
// SMS.
//
// Tokens know the device they are bound to, so Refresh sends its key
// without being told, and a remembered device that Cognito forgot is left
// behind as the AWS JavaScript client does (Result.ForgottenDevice). A
// TokenSource keeps the tokens of a long-running program fresh, one refresh
// at a time for any number of goroutines, through refresh token rotation;
// GlobalSignOut and RevokeToken sign out. Package oauth2adapt makes a
// TokenSource an oauth2.TokenSource, and package identitypool turns it into
// AWS credentials from a Cognito identity pool.
//
// Package srp does the SRP math and has no AWS dependency; this package is
// the glue around the SDK calls.
//
// Cognito's SRP gives the client no proof of the server: whatever answers
// at the SDK's endpoint (a wrong BaseEndpoint, say) can hand out any tokens,
// and only TLS to the real Cognito endpoint protects against that.
package signin

import (
	"github.com/srpkit/cognito/srp/internal/protocol"

	"cmp"
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/secrethash"
	"github.com/srpkit/cognito/srp"
)

// APIClient is the part of *cognitoidentityprovider.Client that a Client
// calls. Tests can fake it.
type APIClient interface {
	InitiateAuth(context.Context, *cip.InitiateAuthInput, ...func(*cip.Options)) (*cip.InitiateAuthOutput, error)
	RespondToAuthChallenge(context.Context, *cip.RespondToAuthChallengeInput, ...func(*cip.Options)) (*cip.RespondToAuthChallengeOutput, error)
	ConfirmDevice(context.Context, *cip.ConfirmDeviceInput, ...func(*cip.Options)) (*cip.ConfirmDeviceOutput, error)
	UpdateDeviceStatus(context.Context, *cip.UpdateDeviceStatusInput, ...func(*cip.Options)) (*cip.UpdateDeviceStatusOutput, error)
	AssociateSoftwareToken(context.Context, *cip.AssociateSoftwareTokenInput, ...func(*cip.Options)) (*cip.AssociateSoftwareTokenOutput, error)
	VerifySoftwareToken(context.Context, *cip.VerifySoftwareTokenInput, ...func(*cip.Options)) (*cip.VerifySoftwareTokenOutput, error)
	GetTokensFromRefreshToken(context.Context, *cip.GetTokensFromRefreshTokenInput, ...func(*cip.Options)) (*cip.GetTokensFromRefreshTokenOutput, error)
	GlobalSignOut(context.Context, *cip.GlobalSignOutInput, ...func(*cip.Options)) (*cip.GlobalSignOutOutput, error)
	RevokeToken(context.Context, *cip.RevokeTokenInput, ...func(*cip.Options)) (*cip.RevokeTokenOutput, error)
}

var _ APIClient = (*cip.Client)(nil)

// Flow is the InitiateAuth flow SignIn starts with.
type Flow int

const (
	// UserSRPAuth is AuthFlow USER_SRP_AUTH, the default.
	UserSRPAuth Flow = iota
	// UserAuthPasswordSRP is choice-based sign-in, AuthFlow USER_AUTH with
	// PREFERRED_CHALLENGE PASSWORD_SRP (SELECT_CHALLENGE is answered with
	// PASSWORD_SRP if Cognito asks).
	UserAuthPasswordSRP
	// CustomAuthWithSRP is AuthFlow CUSTOM_AUTH starting with SRP, as
	// amazon-cognito-identity-js and Amplify's CUSTOM_WITH_SRP run it:
	// USERNAME, SRP_A and CHALLENGE_NAME SRP_A, then PASSWORD_VERIFIER; the
	// custom challenges that follow come back as Challenges, answered with
	// AnswerCustom.
	CustomAuthWithSRP
	// UserPasswordAuth is AuthFlow USER_PASSWORD_AUTH: the password itself
	// goes to Cognito (over TLS), which a pool behind a user-migration
	// trigger needs to import the user. It is used only when chosen, never
	// as a fallback from SRP.
	UserPasswordAuth
)

// Config describes the app client a Client signs in to.
type Config struct {
	// UserPoolID is the pool id, for example "us-east-1_AbC123".
	UserPoolID string
	// ClientID is the app client id.
	ClientID string
	// ClientSecret is the app client's secret, for clients that have one:
	// every request then carries the right SECRET_HASH.
	ClientSecret string
	// Device is a remembered device (from RememberDevice), or nil.
	Device *Device
	// Flow is the InitiateAuth flow (default UserSRPAuth).
	Flow Flow
	// ClientMetadata is sent with every call that takes it (InitiateAuth,
	// RespondToAuthChallenge, GetTokensFromRefreshToken), for the pool's
	// Lambda triggers.
	ClientMetadata map[string]string
	// ClientOptions are passed to every call of the APIClient, as in the
	// SDK's feature packages (for example a per-call BaseEndpoint or
	// retryer).
	ClientOptions []func(*cip.Options)
	// RefreshTokenRotation makes Refresh use GetTokensFromRefreshToken, which
	// app clients with refresh token rotation require; it returns a new
	// refresh token each time. Without it, Refresh uses REFRESH_TOKEN_AUTH;
	// when Cognito refuses that flow (InvalidParameterException, as it does
	// for app clients with rotation), it tries GetTokensFromRefreshToken,
	// whose answer (a refused refresh token included) is Refresh's, and
	// keeps to it from then on unless that too is InvalidParameterException.
	RefreshTokenRotation bool
	// Now is the clock of TIMESTAMP, Tokens.Expiry and TokenSource (default
	// time.Now), for tests that move a test server's clock.
	Now func() time.Time
}

// A Client signs users in to one app client of a user pool. It is safe for
// concurrent use. Make one with New: the methods of a nil or zero Client
// return ErrInvalidConfig.
type Client struct {
	api APIClient
	cfg Config
	// rotating is set once Cognito has refused REFRESH_TOKEN_AUTH as it
	// does for app clients with rotation; shared by WithDevice's copies.
	rotating *atomic.Bool
}

// New returns a Client calling api (usually a *cognitoidentityprovider.Client)
// for cfg. It returns ErrInvalidConfig for no api, no client id or an
// unknown flow, and ErrInvalidConfig wrapping srp.ErrInvalidPoolID for a
// pool id that srp.ParsePoolID refuses. It keeps its own copy of
// cfg.ClientOptions, without nil functions.
func New(api APIClient, cfg Config) (*Client, error) {
	if api == nil || cfg.ClientID == "" || cfg.Flow < UserSRPAuth || cfg.Flow > UserPasswordAuth {
		return nil, ErrInvalidConfig
	}
	if _, _, err := srp.ParsePoolID(cfg.UserPoolID); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidConfig, err)
	}
	// A nil option would panic inside the SDK's call.
	cfg.ClientOptions = slices.DeleteFunc(slices.Clone(cfg.ClientOptions), func(f func(*cip.Options)) bool { return f == nil })
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Client{api: api, cfg: cfg, rotating: new(atomic.Bool)}, nil
}

// WithDevice returns a copy of c that signs in with the remembered device d
// (nil for none), or nil for a nil c.
func (c *Client) WithDevice(d *Device) *Client {
	if c == nil {
		return nil
	}
	cc := *c
	cc.cfg.Device = d
	return &cc
}

// Tokens are the result of a successful sign-in or refresh. Tokens that
// this package returns always have an AccessToken and a positive ExpiresIn:
// Cognito answers without them are ErrInvalidTokens.
type Tokens struct {
	AccessToken  string
	IDToken      string
	RefreshToken string
	TokenType    string
	// ExpiresIn is the access token's lifetime in seconds, as Cognito sent it;
	// Expiry is the time it ends, by the local clock.
	ExpiresIn int32
	Expiry    time.Time
	// IDTokenExpiry is the time the ID token ends, by the local clock:
	// Cognito sets the validity of the ID and access tokens separately. It
	// is counted as Expiry is, with the ID token's lifetime (its exp minus
	// its iat claim), and is never after its exp claim. Tokens this package
	// returns set it whenever they have an ID token; a TokenSource takes an
	// ID token without it for expired.
	IDTokenExpiry time.Time
	// Username is the name Cognito knows the user by, which keys the
	// SECRET_HASH of Refresh: the access token's username claim (else the
	// ID token's cognito:username, else the sign-in's USER_ID_FOR_SRP or the
	// name it started with). It is not always the name the user typed: a
	// sign-in with an alias (an email address, a preferred username) has
	// the user's own name here, in pools with email sign-in a UUID.
	Username string
	// NewDevice is the NewDeviceMetadata of a sign-in without a remembered
	// device, when the pool tracks devices: pass the Tokens to RememberDevice.
	NewDevice *NewDevice
	// DeviceKey is the key of the device the tokens are bound to, which
	// Refresh sends as DEVICE_KEY: NewDevice's (confirmed or not: Cognito
	// binds the tokens to it either way), else the remembered device's when
	// the sign-in used it, else empty.
	DeviceKey string
}

// NewDevice is a device Cognito handed out, not yet confirmed.
type NewDevice struct {
	Key      string
	GroupKey string
}

// Result is the outcome of a step of sign-in: Tokens when the user is
// signed in, else the Challenge Cognito asks next. Exactly one is set.
type Result struct {
	Tokens    *Tokens
	Challenge *Challenge
	// ForgottenDevice is set on every Result of a sign-in whose remembered
	// device Cognito no longer knows (ResourceNotFoundException "Device does
	// not exist.": forgotten by the user or an administrator, or expired).
	// The sign-in went on without it, as the AWS JavaScript client does: the
	// app should drop the stored device, and remember Tokens.NewDevice
	// instead when there is one.
	ForgottenDevice bool
}

// SignIn signs username (a user name or an alias) in with password. It runs
// InitiateAuth, PASSWORD_VERIFIER and, with a remembered device,
// DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER. The Result holds the tokens
// or the next challenge (NEW_PASSWORD_REQUIRED, SOFTWARE_TOKEN_MFA, ...);
// answer it with NewPassword, MFACode, SelectMFA, SetUpTOTP and VerifyTOTP,
// or Respond. A refusal is an *Error wrapping the SDK's typed error
// (errors.As(err, new(*types.NotAuthorizedException)) for a wrong password).
func (c *Client) SignIn(ctx context.Context, username, password string) (*Result, error) {
	if !c.made() {
		return nil, errUnmade()
	}
	opts := c.secretOpts()
	if d := c.cfg.Device; d != nil {
		opts = append(opts, srp.WithDeviceKey(d.Key))
	}
	s, err := srp.NewUserSession(c.cfg.UserPoolID, password, opts...)
	if err != nil {
		return nil, stepError("start", err)
	}
	flow, params := types.AuthFlowTypeUserSrpAuth, s.InitiateAuthParameters(username)
	switch c.cfg.Flow {
	case UserAuthPasswordSRP:
		flow, params = types.AuthFlowTypeUserAuth, s.PreferredSRPAuthParameters(username)
	case CustomAuthWithSRP:
		flow = types.AuthFlowTypeCustomAuth
		params[protocol.KeyChallengeName] = protocol.ChallengeSRPA
	case UserPasswordAuth:
		return c.passwordSignIn(ctx, username, password)
	}
	x := &exchange{c: c}
	out, available, err := x.start(ctx, flow, params)
	if err != nil {
		return nil, err
	}
	if out.ChallengeName == types.ChallengeNameTypeSelectChallenge && flow == types.AuthFlowTypeUserAuth &&
		slices.Contains(available, protocol.ChallengePasswordSRP) {
		if out, err = x.respond(ctx, out.ChallengeName, s.SelectChallengeResponse(username), out.Session); err != nil {
			return nil, err
		}
	}
	if out.ChallengeName != types.ChallengeNameTypePasswordVerifier {
		return x.result(out, username, available)
	}
	userID := cmp.Or(out.ChallengeParameters[protocol.KeyUserIDForSRP], username)
	resp, err := s.Respond(out.ChallengeParameters, c.cfg.Now())
	if err != nil {
		return nil, stepError(string(types.ChallengeNameTypePasswordVerifier), err)
	}
	if out, err = x.passwordVerifier(ctx, resp, out.Session); err != nil {
		return nil, err
	}
	if out.ChallengeName == types.ChallengeNameTypeDeviceSrpAuth && c.cfg.Device != nil {
		if out, err = x.deviceSignIn(ctx, out, userID); err != nil {
			return nil, err
		}
	}
	return x.result(out, userID, nil)
}

// An exchange is one sign-in's conversation with Cognito, from InitiateAuth
// (or a Challenge) to the tokens. It names the step whose answer it holds,
// for errors, and counts the challenges Cognito asks, to cap them.
type exchange struct {
	c    *Client
	step string // "InitiateAuth" or the challenge last answered
	// sent is when the last request was sent: the earliest time Cognito
	// can have issued the tokens its answer holds.
	sent time.Time
	progress
}

// progress is what a sign-in carries from one challenge to the next, in
// its exchange and its Challenges.
type progress struct {
	asked int // challenges asked in this sign-in so far (MaxChallenges)
	// device is the key of the remembered device Cognito accepted in this
	// sign-in (the tokens are bound to it); forgotten is set when Cognito
	// said it no longer exists (Result.ForgottenDevice).
	device    string
	forgotten bool
}

// count counts the challenge out asks, if any; one past MaxChallenges is
// an error.
func (x *exchange) count(out *cip.RespondToAuthChallengeOutput) error {
	if out.AuthenticationResult != nil || out.ChallengeName == "" {
		return nil
	}
	if x.asked++; x.asked > MaxChallenges {
		return stepError(x.step, ErrTooManyChallenges)
	}
	return nil
}

// deviceSignIn answers DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER.
// DEVICE_SRP_AUTH may carry no parameters: the user is then userID, the
// USER_ID_FOR_SRP of PASSWORD_VERIFIER, as the AWS JavaScript client does.
func (x *exchange) deviceSignIn(ctx context.Context, out *cip.RespondToAuthChallengeOutput, userID string) (*cip.RespondToAuthChallengeOutput, error) {
	dev := x.c.cfg.Device
	d, err := srp.NewDeviceSession(dev.GroupKey, dev.Key, dev.Password, x.c.secretOpts()...)
	if err != nil {
		return nil, stepError(string(types.ChallengeNameTypeDeviceSrpAuth), err)
	}
	name := cmp.Or(out.ChallengeParameters[protocol.KeyUsername], userID)
	out, err = x.respond(ctx, types.ChallengeNameTypeDeviceSrpAuth, d.DeviceSRPAuthResponse(name), out.Session)
	if err != nil {
		return nil, err
	}
	if out.ChallengeName != types.ChallengeNameTypeDevicePasswordVerifier {
		return out, nil // returned to the caller as it is
	}
	resp, err := d.Respond(out.ChallengeParameters, x.c.cfg.Now())
	if err != nil {
		return nil, stepError(string(types.ChallengeNameTypeDevicePasswordVerifier), err)
	}
	return x.respond(ctx, types.ChallengeNameTypeDevicePasswordVerifier, resp, out.Session)
}

// respond answers the challenge name with RespondToAuthChallenge.
func (x *exchange) respond(ctx context.Context, name types.ChallengeNameType, resp map[string]string, session *string) (*cip.RespondToAuthChallengeOutput, error) {
	x.step = string(name)
	x.sent = x.c.cfg.Now()
	out, err := x.c.api.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName: name, ClientId: aws.String(x.c.cfg.ClientID), ChallengeResponses: resp, Session: session,
		ClientMetadata: x.c.cfg.ClientMetadata,
	}, x.c.cfg.ClientOptions...)
	if err != nil {
		return nil, stepError(x.step, err)
	}
	if out == nil {
		return nil, stepError(x.step, ErrEmptyResponse)
	}
	if err := x.count(out); err != nil {
		return nil, err
	}
	return out, nil
}

// result turns Cognito's answer into a Result. userID is the name later
// responses use when the challenge does not name the user.
func (x *exchange) result(out *cip.RespondToAuthChallengeOutput, userID string, available []types.ChallengeNameType) (*Result, error) {
	if a := out.AuthenticationResult; a != nil {
		t, err := tokensOf(a, userID, "", x.device, x.sent)
		if err != nil {
			return nil, stepError(x.step, err)
		}
		return &Result{Tokens: t, ForgottenDevice: x.forgotten}, nil
	}
	if out.ChallengeName == "" {
		return nil, stepError(x.step, ErrEmptyResponse)
	}
	p := out.ChallengeParameters
	if p == nil {
		p = map[string]string{}
	}
	ch := &Challenge{
		Name:       out.ChallengeName,
		Parameters: p,
		Session:    aws.ToString(out.Session),
		Username:   cmp.Or(p[protocol.KeyUserIDForSRP], p[protocol.KeyUsername], userID),
		Available:  slices.Clone(available),
		progress:   x.progress,
	}
	return &Result{Challenge: ch, ForgottenDevice: x.forgotten}, nil
}

// tokensOf converts an AuthenticationResult answering a request sent at
// sent. Expiry counts ExpiresIn from sent truncated to the second: Cognito
// issued the tokens after sent, and their exp claim is its issue time in
// whole seconds plus ExpiresIn, so Expiry is never after exp (with clocks
// that agree). Counting from when the answer arrived would be up to a
// second plus the round trip late. IDTokenExpiry is counted the same way
// with the ID token's own lifetime. refreshToken
// is kept when Cognito sends none (a refresh without rotation); deviceKey is
// the device the tokens are bound to unless Cognito hands out a new one.
// userID is the user's name when the tokens do not say (see
// Tokens.Username). Tokens without an access token or a lifetime are
// refused: the caller is promised usable Tokens.
func tokensOf(a *types.AuthenticationResultType, userID, refreshToken, deviceKey string, sent time.Time) (*Tokens, error) {
	if aws.ToString(a.AccessToken) == "" {
		return nil, fmt.Errorf("%w: no access token", ErrInvalidTokens)
	}
	if a.ExpiresIn <= 0 {
		return nil, fmt.Errorf("%w: ExpiresIn %d", ErrInvalidTokens, a.ExpiresIn)
	}
	sent = sent.Truncate(time.Second)
	t := &Tokens{
		AccessToken:  aws.ToString(a.AccessToken),
		IDToken:      aws.ToString(a.IdToken),
		RefreshToken: cmp.Or(aws.ToString(a.RefreshToken), refreshToken),
		TokenType:    aws.ToString(a.TokenType),
		ExpiresIn:    a.ExpiresIn,
		Expiry:       sent.Add(time.Duration(a.ExpiresIn) * time.Second),
		DeviceKey:    deviceKey,
	}
	// The name Cognito knows the user by: the access token's username
	// claim, else the ID token's cognito:username, else userID.
	access, id := claimsOf(t.AccessToken), claimsOf(t.IDToken)
	t.Username = cmp.Or(access.Username, id.CognitoUsername, userID)
	if t.IDToken != "" {
		t.IDTokenExpiry = idTokenExpiry(id, sent, t.Expiry)
	}
	if m := a.NewDeviceMetadata; m != nil && aws.ToString(m.DeviceKey) != "" {
		t.NewDevice = &NewDevice{Key: aws.ToString(m.DeviceKey), GroupKey: aws.ToString(m.DeviceGroupKey)}
		t.DeviceKey = t.NewDevice.Key
	}
	return t, nil
}

// made reports whether c was made by New: a nil or zero Client (which
// has no APIClient) is not, and its methods fail with errUnmade.
func (c *Client) made() bool { return c != nil && c.api != nil }

// errUnmade is the error of every method of a Client not made by New.
func errUnmade() error {
	return stepError("start", fmt.Errorf("%w: nil or zero *Client (make one with New)", ErrInvalidConfig))
}

// secretOpts is srp.WithClientSecret for clients with a secret.
func (c *Client) secretOpts() []srp.Option {
	if c.cfg.ClientSecret == "" {
		return nil
	}
	return []srp.Option{srp.WithClientSecret(c.cfg.ClientID, c.cfg.ClientSecret)}
}

// secretHash adds SECRET_HASH keyed by name to m, for clients with a secret.
func (c *Client) secretHash(m map[string]string, name string) map[string]string {
	return secrethash.Attach(m, name, c.cfg.ClientID, c.cfg.ClientSecret)
}
