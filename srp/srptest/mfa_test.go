package srptest_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/srpkit/cognito/internal/testenv"
	"github.com/srpkit/cognito/srp/srptest"
)

// wantCode checks that err is Cognito's error code with the message.
func wantCode(t *testing.T, err error, code, message string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != code || ae.ErrorMessage() != message {
		t.Fatalf("got %v, want %s %q", err, code, message)
	}
}

// accessToken signs name in (no MFA expected) and returns the access token.
func accessToken(t *testing.T, c *cip.Client, name, password string) *string {
	t.Helper()
	out, err := login(context.Background(), c, name, password, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return requireTokens(t, out).AccessToken
}

// TestSoftwareTokenWithAccessToken: a signed-in user enrols a software token
// (AssociateSoftwareToken and VerifySoftwareToken with the access token),
// enables it with SetUserMFAPreference and is then asked for it.
func TestSoftwareTokenWithAccessToken(t *testing.T) {
	clk := testenv.NewClock(time.Now())
	cfg := testConfig()
	cfg.Now = clk.Now
	srv := newServer(t, cfg)
	c := newClient(srv)
	ctx := context.Background()
	at := accessToken(t, c, "alice", "Correct horse 1!")

	_, err := c.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{AccessToken: at, UserCode: aws.String("123456")})
	wantCode(t, err, "InvalidParameterException", "Software token has not been associated with the user: call AssociateSoftwareToken first")
	_, err = c.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{AccessToken: at, SoftwareTokenMfaSettings: &types.SoftwareTokenMfaSettingsType{Enabled: true}})
	wantCode(t, err, "InvalidParameterException", "User has not verified software token mfa")
	_, err = c.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{AccessToken: at, SMSMfaSettings: &types.SMSMfaSettingsType{Enabled: true}})
	wantCode(t, err, "InvalidParameterException", "User does not have delivery config set to turn on SMS_MFA")
	_, err = c.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{AccessToken: at, Session: aws.String("x12345678901234567890")})
	wantCode(t, err, "InvalidParameterException", "AccessToken and Session: give one, not both")

	as, err := c.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{AccessToken: at})
	if err != nil || len(aws.ToString(as.SecretCode)) != 52 || as.Session != nil {
		t.Fatalf("AssociateSoftwareToken: %+v %v", as, err)
	}
	secret := aws.ToString(as.SecretCode)
	wrong, _ := srptest.WrongTOTP(secret, clk.Now())
	_, err = c.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{AccessToken: at, UserCode: aws.String(wrong)})
	wantCode(t, err, "EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA")
	code, _ := srptest.TOTP(secret, clk.Now())
	vs, err := c.VerifySoftwareToken(ctx, &cip.VerifySoftwareTokenInput{AccessToken: at, UserCode: aws.String(code), FriendlyDeviceName: aws.String("phone")})
	if err != nil || vs.Status != types.VerifySoftwareTokenResponseTypeSuccess {
		t.Fatalf("VerifySoftwareToken: %+v %v", vs, err)
	}
	// Verified, not yet enabled: no MFA.
	at = accessToken(t, c, "alice", "Correct horse 1!")
	if _, err := c.SetUserMFAPreference(ctx, &cip.SetUserMFAPreferenceInput{AccessToken: at,
		SoftwareTokenMfaSettings: &types.SoftwareTokenMfaSettingsType{Enabled: true, PreferredMfa: true}}); err != nil {
		t.Fatal(err)
	}
	out, err := login(ctx, c, "alice", "Correct horse 1!", "", "")
	if err != nil || out.ChallengeName != types.ChallengeNameTypeSoftwareTokenMfa {
		t.Fatalf("after SetUserMFAPreference: %v %+v", err, out)
	}
	// The code VerifySoftwareToken accepted is used: refused.
	_, err = c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: aws.String(testClient), ChallengeName: out.ChallengeName, Session: out.Session,
		ChallengeResponses: map[string]string{"USERNAME": "alice", "SOFTWARE_TOKEN_MFA_CODE": code}})
	wantCode(t, err, "ExpiredCodeException", "Your software token has already been used once.")
	clk.Add(30 * time.Second)
	code, _ = srptest.TOTP(secret, clk.Now())
	res, err := c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: aws.String(testClient), ChallengeName: out.ChallengeName, Session: out.Session,
		ChallengeResponses: map[string]string{"USERNAME": "alice", "SOFTWARE_TOKEN_MFA_CODE": code}})
	if err != nil || res.AuthenticationResult == nil {
		t.Fatalf("next code: %v", err)
	}
}

// TestAdminSetUserMFAPreference: an administrator enables SMS MFA for a
// user by an alias; an unknown user is UserNotFoundException; mfaConfiguration
// OFF asks no MFA at all.
func TestAdminSetUserMFAPreference(t *testing.T) {
	var mu sync.Mutex
	var sent []srptest.Message
	cfg := testConfig()
	cfg.Users[1].PhoneNumber = "+15555550100"
	cfg.OnMessage = func(m srptest.Message) { mu.Lock(); sent = append(sent, m); mu.Unlock() }
	srv := newServer(t, cfg)
	c := newClient(srv)
	ctx := context.Background()
	_, err := c.AdminSetUserMFAPreference(ctx, &cip.AdminSetUserMFAPreferenceInput{UserPoolId: aws.String(testPool), Username: aws.String("mallory"),
		SMSMfaSettings: &types.SMSMfaSettingsType{Enabled: true}})
	wantCode(t, err, "UserNotFoundException", "User does not exist.")
	if _, err := c.AdminSetUserMFAPreference(ctx, &cip.AdminSetUserMFAPreferenceInput{UserPoolId: aws.String(testPool), Username: aws.String("bobby"),
		SMSMfaSettings: &types.SMSMfaSettingsType{Enabled: true, PreferredMfa: true}}); err != nil {
		t.Fatal(err)
	}
	out, err := login(ctx, c, "bobby", "pässwörd", "", "")
	if err != nil || out.ChallengeName != types.ChallengeNameTypeSmsMfa || out.ChallengeParameters["CODE_DELIVERY_DESTINATION"] != "+*******0100" {
		t.Fatalf("SMS_MFA: %v %+v", err, out)
	}
	mu.Lock()
	if len(sent) != 1 || sent[0].Username != "bob@example.com" || sent[0].Medium != "SMS" || !slices.Equal(srv.Handler.Outbox(), sent) {
		t.Errorf("OnMessage %+v, Outbox %+v", sent, srv.Handler.Outbox())
	}
	mu.Unlock()

	cfg.MFAConfiguration = "OFF"
	cfg.Users[1].MFA = []string{"SMS_MFA"}
	out, err = login(ctx, newClient(newServer(t, cfg)), "bobby", "pässwörd", "", "")
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("mfaConfiguration OFF: %v %+v", err, out)
	}
}

// TestPasswordlessSelectChallenge: EMAIL_OTP chosen in SELECT_CHALLENGE;
// the code dies with its Session; an unknown name is offered the pool's
// factors and gets a code challenge no answer passes.
func TestPasswordlessSelectChallenge(t *testing.T) {
	clk := testenv.NewClock(time.Now())
	cfg := testConfig()
	cfg.Now = clk.Now
	cfg.SignInFirstFactors = []string{"PASSWORD", "EMAIL_OTP", "SMS_OTP"}
	cfg.Users[0].Email = "alice@example.com"
	cfg.Users[0].PhoneNumber = "+15555550199"
	srv := newServer(t, cfg)
	a := api{c: newClient(srv)}
	ctx := context.Background()
	for _, name := range []string{"alice", "mallory@example.com"} {
		st, err := a.initiate(ctx, types.AuthFlowTypeUserAuth, map[string]string{"USERNAME": name})
		if err != nil || st.want(types.ChallengeNameTypeSelectChallenge) != nil ||
			!slices.Equal(st.available, []types.ChallengeNameType{"PASSWORD_SRP", "PASSWORD", "EMAIL_OTP", "SMS_OTP"}) {
			t.Fatalf("%s: %v %+v", name, err, st)
		}
		st, err = a.respond(ctx, types.ChallengeNameTypeSelectChallenge, map[string]string{"USERNAME": name, "ANSWER": "EMAIL_OTP"}, st.session)
		if err != nil || st.want(types.ChallengeNameTypeEmailOtp) != nil || st.params["CODE_DELIVERY_DESTINATION"] != "a***@e***" && name == "alice" ||
			st.params["CODE_DELIVERY_DESTINATION"] != "m***@e***" && name != "alice" {
			t.Fatalf("%s: %v %+v", name, err, st)
		}
		code := "123456"
		if m, ok := srv.Handler.LastMessage(name); ok {
			code = m.Code
		}
		if name == "alice" {
			clk.Add(3 * time.Minute) // the Session, and with it the code, expires
			_, err = a.respond(ctx, types.ChallengeNameTypeEmailOtp, map[string]string{"USERNAME": name, "EMAIL_OTP_CODE": code}, st.session)
			wantCode(t, err, "NotAuthorizedException", "Invalid session for the user, session is expired.")
			continue
		}
		_, err = a.respond(ctx, types.ChallengeNameTypeEmailOtp, map[string]string{"USERNAME": name, "EMAIL_OTP_CODE": code}, st.session)
		wantCode(t, err, "CodeMismatchException", "Invalid code or auth state for the user.")
	}
	if _, ok := srv.Handler.LastMessage("mallory@example.com"); ok {
		t.Error("a code was sent to an unknown name")
	}
}

// TestStaticCustomChallenge: srplocal's customChallenge, with and without
// SRP; an unknown name gets the challenge, but no answer passes.
func TestStaticCustomChallenge(t *testing.T) {
	cfg := testConfig()
	cfg.CustomChallenge = &srptest.CustomChallenge{Parameters: map[string]string{"hint": "colour"}, Answer: "blue"}
	srv := newServer(t, cfg)
	a := api{c: newClient(srv)}
	ctx := context.Background()
	for _, tc := range []struct{ name, answer, want string }{
		{"alice", "blue", "tokens"}, {"alice", "red", "NotAuthorizedException"}, {"mallory", "blue", "NotAuthorizedException"},
	} {
		st, err := a.initiate(ctx, types.AuthFlowTypeCustomAuth, map[string]string{"USERNAME": tc.name})
		if err != nil || st.want(types.ChallengeNameTypeCustomChallenge) != nil || st.params["hint"] != "colour" || st.params["USERNAME"] != tc.name {
			t.Fatalf("%s: %v %+v", tc.name, err, st)
		}
		st, err = a.respond(ctx, types.ChallengeNameTypeCustomChallenge, map[string]string{"USERNAME": tc.name, "ANSWER": tc.answer}, st.session)
		got := "tokens"
		var ae smithy.APIError
		if errors.As(err, &ae) {
			got = ae.ErrorCode()
		} else if err != nil || st.auth == nil {
			t.Fatalf("%+v %v", st, err)
		}
		if got != tc.want {
			t.Errorf("%s answering %q: %s, want %s", tc.name, tc.answer, got, tc.want)
		}
	}
}

// TestDeviceCapEvictsUnconfirmedFirst: at MaxDevices, an unconfirmed device
// is forgotten before a confirmed one, however old.
func TestDeviceCapEvictsUnconfirmedFirst(t *testing.T) {
	cfg := testConfig()
	cfg.DeviceTracking = "always"
	cfg.MaxDevices = 2
	srv := newServer(t, cfg)
	c := newClient(srv)
	ctx := context.Background()
	md, dv := confirmNewDevice(t, c, "bobby", "pässwörd", "")
	for range 3 { // three unconfirmed devices, each evicting the one before
		if _, err := login(ctx, c, "bobby", "pässwörd", "", ""); err != nil {
			t.Fatal(err)
		}
	}
	out, err := deviceLogin(ctx, c, "bobby", "pässwörd", "", md, dv.DevicePassword)
	if err != nil || out.AuthenticationResult == nil {
		t.Fatalf("the confirmed device was evicted: %v", err)
	}
}

// TestConfigChallenges: the new keys are checked.
func TestConfigChallenges(t *testing.T) {
	for _, tc := range []struct {
		change func(*srptest.Config)
		want   string
	}{
		{func(c *srptest.Config) { c.MFAConfiguration = "MAYBE" }, `mfaConfiguration "MAYBE"`},
		{func(c *srptest.Config) { c.SignInFirstFactors = []string{"EMAIL_OTP"} }, "must include PASSWORD"},
		{func(c *srptest.Config) { c.SignInFirstFactors = []string{"PASSWORD", "WEB_AUTHN"} }, `"WEB_AUTHN"`},
		{func(c *srptest.Config) {
			c.MFAConfiguration = "ON"
			c.SignInFirstFactors = []string{"PASSWORD", "EMAIL_OTP"}
		}, "OPTIONAL or OFF"},
		{func(c *srptest.Config) { c.ExplicitAuthFlows = []string{"ALLOW_USER_SRP_AUTH"} }, "ALLOW_REFRESH_TOKEN_AUTH"},
		{func(c *srptest.Config) { c.ExplicitAuthFlows = []string{"USER_SRP_AUTH"} }, `"USER_SRP_AUTH"`},
		{func(c *srptest.Config) { c.CustomChallenge = &srptest.CustomChallenge{} }, "answer is required"},
		{func(c *srptest.Config) {
			c.Triggers.DefineAuthChallenge = func(*srptest.DefineAuthChallengeEvent) error { return nil }
		}, "all three"},
		{func(c *srptest.Config) { c.Users[0].Email = "alice" }, "not an email address"},
		{func(c *srptest.Config) { c.Users[0].PhoneNumber = "5555550100" }, "E.164"},
		{func(c *srptest.Config) { c.Users[0].MFA = []string{"SMS_MFA"} }, "needs a phoneNumber"},
		{func(c *srptest.Config) { c.Users[0].MFA = []string{"EMAIL_OTP"} }, "needs an email"},
		{func(c *srptest.Config) { c.Users[0].MFA = []string{"SOFTWARE_TOKEN_MFA"} }, "needs a totpSecret"},
		{func(c *srptest.Config) { c.Users[0].MFA = []string{"TOTP"} }, `"TOTP"`},
		{func(c *srptest.Config) { c.Users[0].PreferredMFA = "SMS_MFA" }, "preferredMfa"},
	} {
		cfg := testConfig()
		tc.change(&cfg)
		if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want an error with %q", err, tc.want)
		}
	}
	cfg, err := srptest.ParseConfig([]byte(`{"userPoolId": "us-east-1_X", "clientId": "c", "mfaConfiguration": "ON", "lockout": false,
		"explicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], "customChallenge": {"parameters": {"q": "?"}, "answer": "a"},
		"users": [{"username": "u", "password": "p", "email": "u@example.com", "phoneNumber": "+15555550100", "mfa": ["SMS_MFA", "EMAIL_OTP"], "preferredMfa": "EMAIL_OTP"}]}`))
	if err != nil || *cfg.Lockout || cfg.CustomChallenge.Answer != "a" || cfg.Users[0].PreferredMFA != "EMAIL_OTP" {
		t.Fatalf("ParseConfig: %v %+v", err, cfg)
	}
}
