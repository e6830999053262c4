package signin_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/signin"
	"github.com/srpkit/cognito/srp/srptest"
)

const (
	testPool   = "us-east-1_SignInTest"
	testClient = "signinclient"
	testSecret = "s3cr3t-0123456789abcdefghijklmnopqrstu"
	bobID      = "0c7a9d6e-2b1f-4c3d-9e8f-1a2b3c4d5e6f"
	// totpSecret is base32; the codes are computed by srptest.TOTP, which is
	// checked against the RFC 6238 vectors in srptest.
	totpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
)

// logBuf collects srptest's refusal log.
type logBuf struct {
	mu    sync.Mutex
	lines []string
}

func (l *logBuf) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func (l *logBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// setup starts srptest with the test users and returns an SDK client for it.
func setup(t *testing.T, secret, tracking string) (*cip.Client, *logBuf) {
	t.Helper()
	log := &logBuf{}
	_, api := serve(t, srptest.Config{
		UserPoolID:     testPool,
		ClientID:       testClient,
		ClientSecret:   secret,
		DeviceTracking: tracking,
		Logf:           log.logf,
		Users: []srptest.User{
			{Username: "alice", Password: "Correct horse 1!"},
			{Username: "bob@example.com", Password: "pässwörd", Aliases: []string{"bobby"}, UserIDForSRP: bobID},
			{Username: "carol", Password: "Temporary 1!", NewPasswordRequired: true},
			{Username: "dave", Password: "Dave's pw 1!", TOTPSecret: totpSecret},
			{Username: "erin", Password: "Temporary 2!", NewPasswordRequired: true, TOTPSecret: totpSecret},
		},
	})
	return api, log
}

func newClient(t *testing.T, api signin.APIClient, secret string, flow signin.Flow) *signin.Client {
	t.Helper()
	return mustClient(t, api, signin.Config{UserPoolID: testPool, ClientID: testClient, ClientSecret: secret, Flow: flow})
}

// wantTokens returns a check of a Result that must hold tokens:
// wantTokens(t)(c.SignIn(...)).
func wantTokens(t *testing.T) func(*signin.Result, error) *signin.Tokens {
	t.Helper()
	return func(r *signin.Result, err error) *signin.Tokens {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if r.Tokens == nil || r.Challenge != nil {
			t.Fatalf("want tokens, got challenge %+v", r.Challenge)
		}
		tk := r.Tokens
		if tk.AccessToken == "" || tk.IDToken == "" || tk.RefreshToken == "" || tk.TokenType != "Bearer" || tk.ExpiresIn != 3600 ||
			time.Until(tk.Expiry) < 59*time.Minute {
			t.Fatalf("incomplete tokens %+v", tk)
		}
		return tk
	}
}

// wantChallenge returns a check of a Result that must hold the challenge name.
func wantChallenge(t *testing.T, name types.ChallengeNameType) func(*signin.Result, error) *signin.Challenge {
	t.Helper()
	return func(r *signin.Result, err error) *signin.Challenge {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if r.Challenge == nil || r.Tokens != nil || r.Challenge.Name != name || r.Challenge.Session == "" {
			t.Fatalf("want challenge %s, got %+v / tokens %v", name, r.Challenge, r.Tokens != nil)
		}
		return r.Challenge
	}
}

// claims decodes a JWT's payload (not verified: srptest's tokens are its own).
func claims(t *testing.T, jwt string) map[string]any {
	t.Helper()
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", jwt)
	}
	b, err := base64URL(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// passwords of the users who keep theirs, by any of their names.
var passwords = map[string]string{"alice": "Correct horse 1!", "bobby": "pässwörd"}

// forEach runs f with a fresh server (device tracking as given) and a Client
// for it, with and without a client secret, in both flows.
func forEach(t *testing.T, tracking string, f func(t *testing.T, c *signin.Client, log *logBuf, secret string)) {
	for _, secret := range []string{"", testSecret} {
		for _, flow := range []signin.Flow{signin.UserSRPAuth, signin.UserAuthPasswordSRP} {
			t.Run(fmt.Sprintf("secret=%v/flow=%d", secret != "", flow), func(t *testing.T) {
				api, log := setup(t, secret, tracking)
				f(t, newClient(t, api, secret, flow), log, secret)
			})
		}
	}
}

// wantErr checks that err is a *signin.Error at step whose cause is a T
// (one of the SDK's exception types).
func wantErr[T error](t *testing.T, err error, step string) {
	t.Helper()
	var cause T
	var se *signin.Error
	if !errors.As(err, &cause) || !errors.As(err, &se) || se.Step != step {
		t.Fatalf("got %v, want %T at %s", err, cause, step)
	}
}

// wantStepErr checks that err is a *signin.Error at step wrapping target.
func wantStepErr(t *testing.T, err error, step string, target error) {
	t.Helper()
	var se *signin.Error
	if !errors.Is(err, target) || !errors.As(err, &se) || se.Step != step {
		t.Fatalf("got %v, want %v at %s", err, target, step)
	}
}

func TestPasswordAndAlias(t *testing.T) {
	forEach(t, "", func(t *testing.T, c *signin.Client, _ *logBuf, secret string) {
		ctx := context.Background()
		tk := wantTokens(t)(c.SignIn(ctx, "alice", "Correct horse 1!"))
		if tk.Username != "alice" || tk.NewDevice != nil || claims(t, tk.AccessToken)["username"] != "alice" {
			t.Errorf("alice: %+v", tk)
		}
		// An alias: later steps use the internal name.
		tk = wantTokens(t)(c.SignIn(ctx, "bobby", "pässwörd"))
		if tk.Username != bobID || claims(t, tk.IDToken)["cognito:username"] != bobID {
			t.Errorf("bobby: Username %q", tk.Username)
		}
	})
}

func TestWrongPassword(t *testing.T) {
	forEach(t, "", func(t *testing.T, c *signin.Client, log *logBuf, secret string) {
		for _, name := range []string{"alice", "nobody"} {
			_, err := c.SignIn(context.Background(), name, "Wrong horse 1!")
			wantErr[*types.NotAuthorizedException](t, err, "PASSWORD_VERIFIER")
			if strings.Contains(err.Error(), "Wrong horse") {
				t.Errorf("the password is in the error: %v", err)
			}
		}
		got := log.String()
		if !strings.Contains(got, "PASSWORD_CLAIM_SIGNATURE does not verify") || !strings.Contains(got, `unknown user "nobody"`) ||
			strings.Contains(got, "Wrong horse") {
			t.Errorf("refusal log:\n%s", got)
		}
	})
}

func TestWrongSecret(t *testing.T) {
	api, log := setup(t, testSecret, "")
	c := newClient(t, api, "not the secret", signin.UserSRPAuth)
	_, err := c.SignIn(context.Background(), "alice", "Correct horse 1!")
	wantErr[*types.NotAuthorizedException](t, err, "InitiateAuth")
	if got := log.String(); !strings.Contains(got, `SECRET_HASH is not the one keyed by "alice"`) || strings.Contains(got, "not the secret") {
		t.Errorf("refusal log:\n%s", got)
	}
}

// TestRememberedDevice: the first sign-in returns a new device, which is
// confirmed and stored as JSON; the next sign-in goes through DEVICE_SRP_AUTH
// (srptest sends it with no parameters), and the refresh needs DEVICE_KEY.
func TestRememberedDevice(t *testing.T) {
	forEach(t, "always", func(t *testing.T, c *signin.Client, _ *logBuf, secret string) {
		ctx := context.Background()
		for _, name := range []string{"alice", "bobby"} {
			tk := wantTokens(t)(c.SignIn(ctx, name, passwords[name]))
			if tk.NewDevice == nil {
				t.Fatal("no NewDevice")
			}
			d, err := c.RememberDevice(ctx, tk, "test device")
			if err != nil {
				t.Fatal(err)
			}
			stored, _ := json.Marshal(d)
			var back signin.Device
			if err := json.Unmarshal(stored, &back); err != nil || back != *d {
				t.Fatalf("JSON round trip: %s", stored)
			}
			dc := c.WithDevice(&back)
			tk2 := wantTokens(t)(dc.SignIn(ctx, name, passwords[name]))
			if tk2.NewDevice != nil || claims(t, tk2.AccessToken)["device_key"] != d.Key {
				t.Errorf("device sign-in: %+v", tk2)
			}
			// Refresh: with the device it works; without DEVICE_KEY it is refused.
			r, err := dc.Refresh(ctx, tk2)
			if err != nil {
				t.Fatal(err)
			}
			if r.AccessToken == "" || r.AccessToken == tk2.AccessToken || r.RefreshToken != tk2.RefreshToken {
				t.Errorf("refreshed tokens: %+v", r)
			}
			var na *types.NotAuthorizedException
			if _, err := c.Refresh(ctx, &signin.Tokens{Username: tk2.Username, RefreshToken: tk2.RefreshToken}); !errors.As(err, &na) {
				t.Errorf("refresh without DEVICE_KEY: %v", err)
			}
			// A forged device password fails at DEVICE_PASSWORD_VERIFIER.
			forged := back
			forged.Password = "forged"
			_, err = c.WithDevice(&forged).SignIn(ctx, name, passwords[name])
			wantErr[*types.NotAuthorizedException](t, err, "DEVICE_PASSWORD_VERIFIER")
		}
	})
}

func TestRefresh(t *testing.T) {
	forEach(t, "", func(t *testing.T, c *signin.Client, _ *logBuf, secret string) {
		ctx := context.Background()
		tk := wantTokens(t)(c.SignIn(ctx, "bobby", "pässwörd"))
		r, err := c.Refresh(ctx, tk)
		if err != nil {
			t.Fatal(err)
		}
		if r.AccessToken == "" || r.IDToken == "" || r.RefreshToken != tk.RefreshToken || r.Username != bobID {
			t.Errorf("refresh: %+v", r)
		}
		var na *types.NotAuthorizedException
		if _, err := c.Refresh(ctx, &signin.Tokens{Username: tk.Username, RefreshToken: tk.RefreshToken + "x"}); !errors.As(err, &na) {
			t.Errorf("bad refresh token: %v", err)
		}
		if secret != "" {
			// SECRET_HASH keyed by the alias is refused: it must be the internal name.
			if _, err := c.Refresh(ctx, &signin.Tokens{Username: "bobby", RefreshToken: tk.RefreshToken}); !errors.As(err, &na) {
				t.Errorf("refresh keyed by the alias: %v", err)
			}
		}
	})
}

func TestNewPasswordRequired(t *testing.T) {
	forEach(t, "", func(t *testing.T, c *signin.Client, _ *logBuf, secret string) {
		ctx := context.Background()
		ch := wantChallenge(t, "NEW_PASSWORD_REQUIRED")(c.SignIn(ctx, "carol", "Temporary 1!"))
		if ch.Username != "carol" || ch.Parameters["requiredAttributes"] != "[]" {
			t.Errorf("challenge %+v", ch)
		}
		if _, err := c.MFACode(ctx, ch, "123456"); !errors.Is(err, signin.ErrWrongChallenge) {
			t.Errorf("MFACode on NEW_PASSWORD_REQUIRED: %v", err)
		}
		var ip *types.InvalidPasswordException
		if _, err := c.NewPassword(ctx, ch, "short", nil); !errors.As(err, &ip) {
			t.Errorf("short password: %v", err)
		}
		// The Session is used up by the refused answer: start again.
		ch = wantChallenge(t, "NEW_PASSWORD_REQUIRED")(c.SignIn(ctx, "carol", "Temporary 1!"))
		wantTokens(t)(c.NewPassword(ctx, ch, "Brand new 1!", map[string]string{"name": "Carol"}))
		wantTokens(t)(c.SignIn(ctx, "carol", "Brand new 1!"))
		var na *types.NotAuthorizedException
		if _, err := c.SignIn(ctx, "carol", "Temporary 1!"); !errors.As(err, &na) {
			t.Errorf("old password: %v", err)
		}
	})
}

func TestTOTP(t *testing.T) {
	forEach(t, "", func(t *testing.T, c *signin.Client, log *logBuf, secret string) {
		ctx := context.Background()
		ch := wantChallenge(t, "SOFTWARE_TOKEN_MFA")(c.SignIn(ctx, "dave", "Dave's pw 1!"))
		if ch.Username != "dave" {
			t.Errorf("Username %q", ch.Username)
		}
		code, err := srptest.TOTP(totpSecret, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		wrong, err := srptest.WrongTOTP(totpSecret, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.MFACode(ctx, ch, wrong)
		var cm *types.CodeMismatchException
		var se *signin.Error
		if !errors.As(err, &cm) || !errors.As(err, &se) || se.Step != "SOFTWARE_TOKEN_MFA" || strings.Contains(err.Error(), wrong) {
			t.Fatalf("wrong code: %v", err)
		}
		if got := log.String(); !strings.Contains(got, `wrong SOFTWARE_TOKEN_MFA_CODE for "dave"`) || strings.Contains(got, wrong) {
			t.Errorf("refusal log:\n%s", got)
		}
		// The user may type the code again on the same challenge.
		wantTokens(t)(c.MFACode(ctx, ch, code))

		// NEW_PASSWORD_REQUIRED, then SOFTWARE_TOKEN_MFA.
		ch = wantChallenge(t, "NEW_PASSWORD_REQUIRED")(c.SignIn(ctx, "erin", "Temporary 2!"))
		ch = wantChallenge(t, "SOFTWARE_TOKEN_MFA")(c.NewPassword(ctx, ch, "Brand new 2!", nil))
		wantTokens(t)(c.MFACode(ctx, ch, code))
	})
}

// customAPI turns the answer to PASSWORD_VERIFIER into a CUSTOM_CHALLENGE,
// which the package cannot answer.
type customAPI struct {
	signin.APIClient
	got map[string]string
}

func (c *customAPI) RespondToAuthChallenge(ctx context.Context, in *cip.RespondToAuthChallengeInput, opts ...func(*cip.Options)) (*cip.RespondToAuthChallengeOutput, error) {
	switch in.ChallengeName {
	case types.ChallengeNameTypePasswordVerifier:
		if _, err := c.APIClient.RespondToAuthChallenge(ctx, in, opts...); err != nil {
			return nil, err
		}
		return &cip.RespondToAuthChallengeOutput{
			ChallengeName:       types.ChallengeNameTypeCustomChallenge,
			ChallengeParameters: map[string]string{"question": "2+2"},
			Session:             aws.String("custom-session"),
		}, nil
	case types.ChallengeNameTypeCustomChallenge:
		c.got = in.ChallengeResponses
		return &cip.RespondToAuthChallengeOutput{}, nil
	}
	return c.APIClient.RespondToAuthChallenge(ctx, in, opts...)
}

func TestUnanswerableChallenge(t *testing.T) {
	api, _ := setup(t, testSecret, "")
	fake := &customAPI{APIClient: api}
	c := newClient(t, fake, testSecret, signin.UserSRPAuth)
	ctx := context.Background()
	ch := wantChallenge(t, "CUSTOM_CHALLENGE")(c.SignIn(ctx, "bobby", "pässwörd"))
	if ch.Parameters["question"] != "2+2" || ch.Username != bobID {
		t.Errorf("challenge %+v", ch)
	}
	for _, f := range []func() error{
		func() error { _, err := c.MFACode(ctx, ch, "1"); return err },
		func() error { _, err := c.NewPassword(ctx, ch, "x", nil); return err },
		func() error { _, err := c.SelectMFA(ctx, ch, "SMS_MFA"); return err },
		func() error { _, _, err := c.SetUpTOTP(ctx, ch); return err },
	} {
		if err := f(); !errors.Is(err, signin.ErrWrongChallenge) {
			t.Errorf("got %v, want ErrWrongChallenge", err)
		}
	}
	// Respond answers it with USERNAME and SECRET_HASH filled in; an answer
	// with neither tokens nor a challenge is an error, not a nil Result.
	_, err := c.Respond(ctx, ch, map[string]string{"ANSWER": "4"})
	if !errors.Is(err, signin.ErrEmptyResponse) {
		t.Errorf("empty answer: %v", err)
	}
	if fake.got["USERNAME"] != bobID || fake.got["ANSWER"] != "4" || fake.got["SECRET_HASH"] != secretHash(bobID) {
		t.Errorf("responses %v", fake.got)
	}
}

// A device that is not given by New is not used: DEVICE_SRP_AUTH without a
// remembered device is returned as it is.
func TestDeviceChallengeWithoutDevice(t *testing.T) {
	api, _ := setup(t, "", "always")
	c := newClient(t, api, "", signin.UserSRPAuth)
	ctx := context.Background()
	tk := wantTokens(t)(c.SignIn(ctx, "alice", "Correct horse 1!"))
	d, err := c.RememberDevice(ctx, tk, "")
	if err != nil {
		t.Fatal(err)
	}
	// Only the device key, not its secret: the package stops at DEVICE_SRP_AUTH.
	s, _ := srp.NewUserSession(testPool, "Correct horse 1!", srp.WithDeviceKey(d.Key))
	init, err := api.InitiateAuth(ctx, &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserSrpAuth, ClientId: aws.String(testClient), AuthParameters: s.InitiateAuthParameters("alice")})
	if err != nil {
		t.Fatal(err)
	}
	resp, _ := s.Respond(init.ChallengeParameters, time.Now())
	out, err := api.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ChallengeName: init.ChallengeName, ClientId: aws.String(testClient), ChallengeResponses: resp, Session: init.Session})
	if err != nil || out.ChallengeName != types.ChallengeNameTypeDeviceSrpAuth || len(out.ChallengeParameters) != 0 {
		t.Fatalf("DEVICE_SRP_AUTH with no parameters expected: %v %+v", err, out)
	}
	if _, err := c.RememberDevice(ctx, &signin.Tokens{AccessToken: "x"}, ""); !errors.Is(err, signin.ErrNoNewDevice) {
		t.Errorf("RememberDevice without a new device: %v", err)
	}
}

func TestNewInvalid(t *testing.T) {
	api, _ := setup(t, "", "")
	for _, cfg := range []signin.Config{
		{UserPoolID: "nopool", ClientID: "c"},
		{UserPoolID: "us-east-1_", ClientID: "c"},
		{UserPoolID: testPool},
		{UserPoolID: testPool, ClientID: "c", Flow: 7},
	} {
		if _, err := signin.New(api, cfg); !errors.Is(err, signin.ErrInvalidConfig) {
			t.Errorf("%+v: %v", cfg, err)
		}
	}
	if _, err := signin.New(nil, signin.Config{UserPoolID: testPool, ClientID: "c"}); !errors.Is(err, signin.ErrInvalidConfig) {
		t.Errorf("nil API: %v", err)
	}
	// Pool ids follow srp.ParsePoolID's rule, with its error.
	for _, id := range []string{"us-east-1_", "_x", "_", "x_AbC_extra"} {
		_, err := signin.New(api, signin.Config{UserPoolID: id, ClientID: "c"})
		if !errors.Is(err, signin.ErrInvalidConfig) || !errors.Is(err, srp.ErrInvalidPoolID) {
			t.Errorf("%q: %v, want ErrInvalidConfig and srp.ErrInvalidPoolID", id, err)
		}
	}
}
