package signin_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/srpkit/cognito/internal/testenv"
	"github.com/srpkit/cognito/srp/signin"
	"github.com/srpkit/cognito/srp/srptest"
)

// challengeServer starts srptest with users for every challenge; cfg's
// pool-level fields are kept. It returns the server and an SDK client.
func challengeServer(t *testing.T, cfg srptest.Config) (*srptest.Server, *cip.Client) {
	t.Helper()
	cfg.UserPoolID, cfg.ClientID, cfg.Logf = testPool, testClient, t.Logf
	cfg.Users = append(cfg.Users,
		srptest.User{Username: "sam", Password: "Sam's pw 12", PhoneNumber: "+15555550100", MFA: []string{"SMS_MFA"}},
		srptest.User{Username: "emma", Password: "Emma's pw 12", Email: "emma@example.com", MFA: []string{"EMAIL_OTP"}},
		srptest.User{Username: "tess", Password: "Tess's pw 12", PhoneNumber: "+15555550101", TOTPSecret: totpSecret, MFA: []string{"SMS_MFA"}},
		srptest.User{Username: "nora", Password: "Nora's pw 12", Email: "nora@example.com", PhoneNumber: "+447700900123"},
	)
	return serve(t, cfg)
}

func flowClient(t *testing.T, api signin.APIClient, flow signin.Flow, md map[string]string) *signin.Client {
	t.Helper()
	return mustClient(t, api, signin.Config{UserPoolID: testPool, ClientID: testClient, Flow: flow, ClientMetadata: md})
}

// lastCode is the code the server last sent to username.
func lastCode(t *testing.T, srv *srptest.Server, username string) srptest.Message {
	t.Helper()
	m, ok := srv.Handler.LastMessage(username)
	if !ok {
		t.Fatalf("no code sent to %s", username)
	}
	return m
}

// wantAPIError checks that err wraps Cognito's error code and message.
func wantAPIError(t *testing.T, err error, code, message string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != code || ae.ErrorMessage() != message {
		t.Fatalf("got %v, want %s %q", err, code, message)
	}
}

// TestSMSAndEmailMFA: SMS_MFA and EMAIL_OTP as MFA, with Cognito's delivery
// parameters and masks; the codes come from the outbox; a wrong one is
// CodeMismatchException and the right one then signs in on the same Session.
func TestSMSAndEmailMFA(t *testing.T) {
	srv, api := challengeServer(t, srptest.Config{})
	c := flowClient(t, api, signin.UserSRPAuth, nil)
	ctx := context.Background()
	for _, tc := range []struct {
		user, pw, name, medium, dest, sentTo string
	}{
		{"sam", "Sam's pw 12", "SMS_MFA", "SMS", "+*******0100", "+15555550100"},
		{"emma", "Emma's pw 12", "EMAIL_OTP", "EMAIL", "e***@e***", "emma@example.com"},
	} {
		ch := wantChallenge(t, types.ChallengeNameType(tc.name))(c.SignIn(ctx, tc.user, tc.pw))
		want := map[string]string{"CODE_DELIVERY_DELIVERY_MEDIUM": tc.medium, "CODE_DELIVERY_DESTINATION": tc.dest, "USER_ID_FOR_SRP": tc.user}
		if !maps.Equal(ch.Parameters, want) {
			t.Errorf("%s parameters %v, want %v", tc.name, ch.Parameters, want)
		}
		m := lastCode(t, srv, tc.user)
		if m.Medium != tc.medium || m.Destination != tc.sentTo || m.Challenge != tc.name || len(m.Code) != 6 {
			t.Errorf("message %+v", m)
		}
		wrong := "000000"
		if m.Code == wrong {
			wrong = "111111"
		}
		_, err := c.MFACode(ctx, ch, wrong)
		wantAPIError(t, err, "CodeMismatchException", "Invalid code or auth state for the user.")
		tk := wantTokens(t)(c.MFACode(ctx, ch, m.Code))
		if tk.Username != tc.user {
			t.Errorf("Username %q", tk.Username)
		}
	}
}

// TestSelectMFATypeAndReusedTOTP: a user with two factors and no
// preference chooses (SELECT_MFA_TYPE, MFAS_CAN_CHOOSE); the TOTP code is
// then refused when used again, and the next step's code is accepted.
func TestSelectMFATypeAndReusedTOTP(t *testing.T) {
	clk := testenv.NewClock(time.Date(2026, 3, 5, 9, 4, 7, 0, time.UTC))
	_, api := challengeServer(t, srptest.Config{Now: clk.Now, MaxClockSkew: 100 * 365 * 24 * time.Hour})
	c := flowClient(t, api, signin.UserSRPAuth, nil)
	ctx := context.Background()
	sel := wantChallenge(t, types.ChallengeNameTypeSelectMfaType)(c.SignIn(ctx, "tess", "Tess's pw 12"))
	if got := sel.MFAChoices(); !slices.Equal(got, []types.ChallengeNameType{"SMS_MFA", "SOFTWARE_TOKEN_MFA"}) {
		t.Fatalf("MFAS_CAN_CHOOSE %v", got)
	}
	ch := wantChallenge(t, types.ChallengeNameTypeSoftwareTokenMfa)(c.SelectMFA(ctx, sel, types.ChallengeNameTypeSoftwareTokenMfa))
	code, _ := srptest.TOTP(totpSecret, clk.Now())
	wantTokens(t)(c.MFACode(ctx, ch, code))

	ch = wantChallenge(t, types.ChallengeNameTypeSelectMfaType)(c.SignIn(ctx, "tess", "Tess's pw 12"))
	ch = wantChallenge(t, types.ChallengeNameTypeSoftwareTokenMfa)(c.SelectMFA(ctx, ch, types.ChallengeNameTypeSoftwareTokenMfa))
	_, err := c.MFACode(ctx, ch, code)
	wantAPIError(t, err, "ExpiredCodeException", "Your software token has already been used once.")
	next, _ := srptest.TOTP(totpSecret, clk.Now().Add(30*time.Second)) // one step ahead: accepted
	wantTokens(t)(c.MFACode(ctx, ch, next))
	prev, _ := srptest.TOTP(totpSecret, clk.Now())
	ch = wantChallenge(t, types.ChallengeNameTypeSelectMfaType)(c.SignIn(ctx, "tess", "Tess's pw 12"))
	ch = wantChallenge(t, types.ChallengeNameTypeSoftwareTokenMfa)(c.SelectMFA(ctx, ch, types.ChallengeNameTypeSoftwareTokenMfa))
	_, err = c.MFACode(ctx, ch, prev) // an older step than the last used one
	wantAPIError(t, err, "ExpiredCodeException", "Your software token has already been used once.")
	_, err = c.SelectMFA(ctx, sel, "EMAIL_OTP") // a used Session
	wantAPIError(t, err, "NotAuthorizedException", "Invalid session for the user.")
}

// TestMFASetupAgainstSrptest: with mfaConfiguration ON, a user without a factor sets up
// a software token (MFA_SETUP, AssociateSoftwareToken and
// VerifySoftwareToken with the Session, a real RFC 6238 check), and is asked
// for it at the next sign-in.
func TestMFASetupAgainstSrptest(t *testing.T) {
	clk := testenv.NewClock(time.Date(2026, 3, 5, 9, 4, 7, 0, time.UTC))
	_, api := challengeServer(t, srptest.Config{MFAConfiguration: "ON", Now: clk.Now, MaxClockSkew: 100 * 365 * 24 * time.Hour,
		Users: []srptest.User{{Username: "una", Password: "Una's pw 1234"}}})
	c := flowClient(t, api, signin.UserSRPAuth, nil)
	ctx := context.Background()
	ch := wantChallenge(t, types.ChallengeNameTypeMfaSetup)(c.SignIn(ctx, "una", "Una's pw 1234"))
	if ch.Parameters["MFAS_CAN_SETUP"] != `["SOFTWARE_TOKEN_MFA"]` {
		t.Errorf("parameters %v", ch.Parameters)
	}
	secret, next, err := c.SetUpTOTP(ctx, ch)
	if err != nil || len(secret) != 52 {
		t.Fatalf("SetUpTOTP: %q %v", secret, err)
	}
	wrong, _ := srptest.WrongTOTP(secret, clk.Now())
	_, err = c.VerifyTOTP(ctx, next, wrong, "phone")
	wantAPIError(t, err, "EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA")
	code, _ := srptest.TOTP(secret, clk.Now())
	wantTokens(t)(c.VerifyTOTP(ctx, next, code, "phone"))

	clk.Add(30 * time.Second)
	ch = wantChallenge(t, types.ChallengeNameTypeSoftwareTokenMfa)(c.SignIn(ctx, "una", "Una's pw 1234"))
	code, _ = srptest.TOTP(secret, clk.Now())
	wantTokens(t)(c.MFACode(ctx, ch, code))
}

// TestSignInWithCode: passwordless sign-in with an emailed and a texted
// code (USER_AUTH, PREFERRED_CHALLENGE); no MFA follows; a pool without the
// factor answers SELECT_CHALLENGE, which SelectChallenge answers.
func TestSignInWithCode(t *testing.T) {
	srv, api := challengeServer(t, srptest.Config{SignInFirstFactors: []string{"PASSWORD", "EMAIL_OTP", "SMS_OTP"}})
	c := flowClient(t, api, signin.UserSRPAuth, nil)
	ctx := context.Background()
	for _, tc := range []struct {
		user   string
		factor types.ChallengeNameType
		dest   string
	}{
		{"nora", types.ChallengeNameTypeEmailOtp, "n***@e***"},
		{"nora", types.ChallengeNameTypeSmsOtp, "+********0123"},
		{"emma", types.ChallengeNameTypeEmailOtp, "e***@e***"}, // EMAIL_OTP MFA is not asked after it
	} {
		ch := wantChallenge(t, tc.factor)(c.SignInWithCode(ctx, tc.user, tc.factor))
		if ch.Parameters["CODE_DELIVERY_DESTINATION"] != tc.dest || ch.Username != tc.user {
			t.Errorf("%s %s: %+v", tc.user, tc.factor, ch)
		}
		_, err := c.MFACode(ctx, ch, "12345x")
		wantAPIError(t, err, "CodeMismatchException", "Invalid code or auth state for the user.")
		wantTokens(t)(c.MFACode(ctx, ch, lastCode(t, srv, tc.user).Code))
	}
	// sam has no email: EMAIL_OTP is not offered, SELECT_CHALLENGE is asked.
	ch := wantChallenge(t, types.ChallengeNameTypeSelectChallenge)(c.SignInWithCode(ctx, "sam", types.ChallengeNameTypeEmailOtp))
	if !slices.Equal(ch.Available, []types.ChallengeNameType{"PASSWORD_SRP", "PASSWORD", "SMS_OTP"}) {
		t.Fatalf("AvailableChallenges %v", ch.Available)
	}
	ch = wantChallenge(t, types.ChallengeNameTypeSmsOtp)(c.SelectChallenge(ctx, ch, types.ChallengeNameTypeSmsOtp, nil))
	wantTokens(t)(c.MFACode(ctx, ch, lastCode(t, srv, "sam").Code))

	// A pool without passwordless first factors offers none.
	_, api2 := challengeServer(t, srptest.Config{})
	ch = wantChallenge(t, types.ChallengeNameTypeSelectChallenge)(flowClient(t, api2, signin.UserSRPAuth, nil).SignInWithCode(ctx, "nora", types.ChallengeNameTypeEmailOtp))
	if !slices.Equal(ch.Available, []types.ChallengeNameType{"PASSWORD_SRP", "PASSWORD"}) {
		t.Fatalf("AvailableChallenges %v", ch.Available)
	}
	if _, err := c.SignInWithCode(ctx, "nora", "PASSWORD"); !errors.Is(err, signin.ErrInvalidConfig) {
		t.Errorf("factor PASSWORD: %v", err)
	}
}

// TestCustomAuthWithSRP: CUSTOM_AUTH with SRP (SRP_A, PASSWORD_VERIFIER,
// CUSTOM_CHALLENGE) against Go triggers, which get the events' fields and
// the ClientMetadata of RespondToAuthChallenge.
func TestCustomAuthWithSRP(t *testing.T) {
	var mu sync.Mutex
	var defined [][]srptest.ChallengeResult
	var metadata []map[string]string
	var answers []string
	triggers := srptest.Triggers{
		DefineAuthChallenge: func(ev *srptest.DefineAuthChallengeEvent) error {
			mu.Lock()
			defined = append(defined, ev.Request.Session)
			metadata = append(metadata, ev.Request.ClientMetadata)
			mu.Unlock()
			s := ev.Request.Session
			switch last := s[len(s)-1]; {
			case last.ChallengeName == "SRP_A":
				ev.Response.ChallengeName = "PASSWORD_VERIFIER"
			case last.ChallengeResult && last.ChallengeName == "CUSTOM_CHALLENGE":
				ev.Response.IssueTokens = true
			case last.ChallengeResult || len(s) < 4:
				ev.Response.ChallengeName = "CUSTOM_CHALLENGE"
			default:
				ev.Response.FailAuthentication = true
			}
			return nil
		},
		CreateAuthChallenge: func(ev *srptest.CreateAuthChallengeEvent) error {
			if ev.TriggerSource != "CreateAuthChallenge_Authentication" || ev.UserName != "sam" || ev.Request.UserAttributes["phone_number"] != "+15555550100" {
				t.Errorf("create event %+v", ev)
			}
			ev.Response.PublicChallengeParameters = map[string]string{"question": "2+2?"}
			ev.Response.PrivateChallengeParameters = map[string]string{"answer": "4"}
			ev.Response.ChallengeMetadata = "QUIZ"
			return nil
		},
		VerifyAuthChallengeResponse: func(ev *srptest.VerifyAuthChallengeResponseEvent) error {
			mu.Lock()
			answers = append(answers, ev.Request.ChallengeAnswer)
			mu.Unlock()
			ev.Response.AnswerCorrect = ev.Request.ChallengeAnswer == ev.Request.PrivateChallengeParameters["answer"] && ev.Request.ClientMetadata["app"] == "test"
			return nil
		},
	}
	_, api := challengeServer(t, srptest.Config{Triggers: triggers})
	md := map[string]string{"app": "test"}
	c := flowClient(t, api, signin.CustomAuthWithSRP, md)
	ctx := context.Background()
	ch := wantChallenge(t, types.ChallengeNameTypeCustomChallenge)(c.SignIn(ctx, "sam", "Sam's pw 12"))
	if !maps.Equal(ch.Parameters, map[string]string{"question": "2+2?", "USERNAME": "sam"}) {
		t.Errorf("parameters %v", ch.Parameters)
	}
	ch = wantChallenge(t, types.ChallengeNameTypeCustomChallenge)(c.AnswerCustom(ctx, ch, "5"))
	wantTokens(t)(c.AnswerCustom(ctx, ch, "4"))
	mu.Lock()
	wantSessions := [][]srptest.ChallengeResult{
		{{ChallengeName: "SRP_A", ChallengeResult: true}},
		{{ChallengeName: "SRP_A", ChallengeResult: true}, {ChallengeName: "PASSWORD_VERIFIER", ChallengeResult: true}},
		{{ChallengeName: "SRP_A", ChallengeResult: true}, {ChallengeName: "PASSWORD_VERIFIER", ChallengeResult: true}, {ChallengeName: "CUSTOM_CHALLENGE", ChallengeMetadata: "QUIZ"}},
		{{ChallengeName: "SRP_A", ChallengeResult: true}, {ChallengeName: "PASSWORD_VERIFIER", ChallengeResult: true}, {ChallengeName: "CUSTOM_CHALLENGE", ChallengeMetadata: "QUIZ"},
			{ChallengeName: "CUSTOM_CHALLENGE", ChallengeResult: true, ChallengeMetadata: "QUIZ"}},
	}
	if len(defined) != len(wantSessions) {
		t.Fatalf("define called %d times: %v", len(defined), defined)
	}
	for i := range wantSessions {
		if !slices.Equal(defined[i], wantSessions[i]) {
			t.Errorf("define %d: session %v, want %v", i, defined[i], wantSessions[i])
		}
	}
	// InitiateAuth passes no ClientMetadata to the triggers; RespondToAuthChallenge does.
	if metadata[0] != nil || !maps.Equal(metadata[1], md) || !maps.Equal(metadata[3], md) {
		t.Errorf("ClientMetadata seen by define: %v", metadata)
	}
	if !slices.Equal(answers, []string{"5", "4"}) {
		t.Errorf("answers %v", answers)
	}
	mu.Unlock()

	// A wrong password ends the sign-in at PASSWORD_VERIFIER.
	_, err := c.SignIn(ctx, "sam", "wrong")
	wantAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
	// Without the flow allowed, CUSTOM_AUTH is refused.
	_, api2 := challengeServer(t, srptest.Config{Triggers: triggers, ExplicitAuthFlows: []string{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}})
	_, err = flowClient(t, api2, signin.CustomAuthWithSRP, nil).SignIn(ctx, "sam", "Sam's pw 12")
	wantAPIError(t, err, "InvalidParameterException", "CUSTOM_AUTH flow not enabled for this client")
	// Without triggers, Cognito's error.
	_, api3 := challengeServer(t, srptest.Config{})
	_, err = flowClient(t, api3, signin.CustomAuthWithSRP, nil).SignIn(ctx, "sam", "Sam's pw 12")
	wantAPIError(t, err, "InvalidParameterException", "Custom auth lambda trigger is not configured for the user pool.")
}

// TestUserPasswordAuth: USER_PASSWORD_AUTH only where the client allows
// it; then MFA follows as after SRP.
func TestUserPasswordAuth(t *testing.T) {
	srv, api := challengeServer(t, srptest.Config{ExplicitAuthFlows: []string{"ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}})
	c := flowClient(t, api, signin.UserPasswordAuth, map[string]string{"k": "v"})
	ctx := context.Background()
	ch := wantChallenge(t, types.ChallengeNameTypeSmsMfa)(c.SignIn(ctx, "sam", "Sam's pw 12"))
	wantTokens(t)(c.MFACode(ctx, ch, lastCode(t, srv, "sam").Code))
	_, err := c.SignIn(ctx, "sam", "wrong")
	wantAPIError(t, err, "NotAuthorizedException", "Incorrect username or password.")
	_, err = flowClient(t, api, signin.UserSRPAuth, nil).SignIn(ctx, "sam", "Sam's pw 12")
	wantAPIError(t, err, "InvalidParameterException", "USER_SRP_AUTH flow not enabled for this client")

	_, api2 := challengeServer(t, srptest.Config{}) // the default: no USER_PASSWORD_AUTH
	_, err = flowClient(t, api2, signin.UserPasswordAuth, nil).SignIn(ctx, "sam", "Sam's pw 12")
	wantAPIError(t, err, "InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled for this client")
}

// TestLockout: five wrong passwords lock the user out for a second (even
// the right password is then "Password attempts exceeded"), the sixth for
// two; an unknown name gets the same answers at the same attempts.
func TestLockout(t *testing.T) {
	clk := testenv.NewClock(time.Now())
	_, api := challengeServer(t, srptest.Config{Now: clk.Now, MaxClockSkew: 24 * time.Hour})
	c := flowClient(t, api, signin.UserSRPAuth, nil)
	ctx := context.Background()
	outcome := func(name, pw string) string {
		_, err := c.SignIn(ctx, name, pw)
		var ae smithy.APIError
		if errors.As(err, &ae) {
			return ae.ErrorCode() + ": " + ae.ErrorMessage()
		}
		if err != nil {
			t.Fatal(err)
		}
		return "signed in"
	}
	const wrong, locked = "NotAuthorizedException: Incorrect username or password.", "NotAuthorizedException: Password attempts exceeded"
	for _, name := range []string{"nora", "mallory"} {
		for i := range 5 {
			if got := outcome(name, "wrong"); got != wrong {
				t.Fatalf("%s attempt %d: %s", name, i+1, got)
			}
		}
		if got := outcome(name, "Nora's pw 12"); got != locked {
			t.Fatalf("%s within the lockout: %s", name, got)
		}
		clk.Add(time.Second)
		if got := outcome(name, "wrong"); got != wrong { // the sixth failure: two seconds
			t.Fatalf("%s after the lockout: %s", name, got)
		}
		clk.Add(1500 * time.Millisecond)
		if got := outcome(name, "Nora's pw 12"); got != locked {
			t.Fatalf("%s within the second lockout: %s", name, got)
		}
		clk.Add(time.Second)
		want := "signed in"
		if name == "mallory" {
			want = wrong
		}
		if got := outcome(name, "Nora's pw 12"); got != want {
			t.Fatalf("%s after the second lockout: %s", name, got)
		}
	}
	// The lockout ends after 15 minutes without attempts.
	for range 7 {
		outcome("nora", "wrong")
	}
	clk.Add(15 * time.Minute)
	if got := outcome("nora", "Nora's pw 12"); got != "signed in" {
		t.Fatalf("after 15 minutes: %s", got)
	}
}

// TestClientMetadataOnEveryCall: Config.ClientMetadata goes with every
// InitiateAuth (each flow, and Refresh) and every RespondToAuthChallenge.
func TestClientMetadataOnEveryCall(t *testing.T) {
	md := map[string]string{"app": "test"}
	var seen []map[string]string
	f := &fakeAPI{
		initiate: func(in *cip.InitiateAuthInput) (*cip.InitiateAuthOutput, error) {
			seen = append(seen, in.ClientMetadata)
			return &cip.InitiateAuthOutput{ChallengeName: types.ChallengeNameTypeCustomChallenge, Session: aws.String("s"), ChallengeParameters: map[string]string{}}, nil
		},
		respond: func(in *cip.RespondToAuthChallengeInput) (*cip.RespondToAuthChallengeOutput, error) {
			seen = append(seen, in.ClientMetadata)
			return tokensOut, nil
		},
	}
	ctx := context.Background()
	for _, flow := range []signin.Flow{signin.UserSRPAuth, signin.UserAuthPasswordSRP, signin.CustomAuthWithSRP, signin.UserPasswordAuth} {
		res, err := flowClient(t, f, flow, md).SignIn(ctx, "alice", "pw")
		if err != nil || res.Challenge == nil {
			t.Fatalf("flow %d: %v", flow, err)
		}
		if _, err := flowClient(t, f, flow, md).AnswerCustom(ctx, res.Challenge, "a"); err != nil {
			t.Fatal(err)
		}
	}
	c := flowClient(t, f, signin.UserSRPAuth, md)
	if _, err := c.SignInWithCode(ctx, "alice", types.ChallengeNameTypeEmailOtp); err != nil {
		t.Fatal(err)
	}
	f.initiate = func(in *cip.InitiateAuthInput) (*cip.InitiateAuthOutput, error) {
		seen = append(seen, in.ClientMetadata)
		return &cip.InitiateAuthOutput{AuthenticationResult: tokensOut.AuthenticationResult}, nil
	}
	if _, err := c.Refresh(ctx, &signin.Tokens{Username: "alice", RefreshToken: "r"}); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 10 {
		t.Fatalf("%d calls", len(seen))
	}
	for i, m := range seen {
		if !maps.Equal(m, md) {
			t.Errorf("call %d (%s): ClientMetadata %v", i, f.calls[i], m)
		}
	}
}

// TestCustomChallengesCapped: a custom flow whose triggers never decide is
// ended by MaxChallenges, as every flow is.
func TestCustomChallengesCapped(t *testing.T) {
	triggers := srptest.Triggers{
		DefineAuthChallenge: func(ev *srptest.DefineAuthChallengeEvent) error {
			ev.Response.ChallengeName = "CUSTOM_CHALLENGE"
			if len(ev.Request.Session) == 1 {
				ev.Response.ChallengeName = "PASSWORD_VERIFIER"
			}
			return nil
		},
		CreateAuthChallenge:         func(*srptest.CreateAuthChallengeEvent) error { return nil },
		VerifyAuthChallengeResponse: func(*srptest.VerifyAuthChallengeResponseEvent) error { return nil },
	}
	_, api := challengeServer(t, srptest.Config{Triggers: triggers})
	c := flowClient(t, api, signin.CustomAuthWithSRP, nil)
	ctx := context.Background()
	res, err := c.SignIn(ctx, "sam", "Sam's pw 12")
	answered := 0
	for err == nil && res.Challenge != nil {
		res, err = c.AnswerCustom(ctx, res.Challenge, "again")
		answered++
	}
	// PASSWORD_VERIFIER and the first CUSTOM_CHALLENGE were asked by SignIn.
	if !errors.Is(err, signin.ErrTooManyChallenges) || answered != signin.MaxChallenges-1 {
		t.Fatalf("after %d answers: %v", answered, err)
	}
}

// TestFlowsWithClientSecret: every new flow carries the SECRET_HASH each
// request needs, keyed by the name that request carries.
func TestFlowsWithClientSecret(t *testing.T) {
	srv, api := challengeServer(t, srptest.Config{ClientSecret: testSecret, SignInFirstFactors: []string{"PASSWORD", "EMAIL_OTP"},
		ExplicitAuthFlows: []string{"ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"},
		CustomChallenge:   &srptest.CustomChallenge{Answer: "blue"}})
	client := func(flow signin.Flow) *signin.Client { return newClient(t, api, testSecret, flow) }
	ctx := context.Background()
	c := client(signin.UserSRPAuth)
	ch := wantChallenge(t, types.ChallengeNameTypeEmailOtp)(c.SignInWithCode(ctx, "nora", types.ChallengeNameTypeEmailOtp))
	wantTokens(t)(c.MFACode(ctx, ch, lastCode(t, srv, "nora").Code))
	ch = wantChallenge(t, types.ChallengeNameTypeSmsMfa)(client(signin.UserPasswordAuth).SignIn(ctx, "sam", "Sam's pw 12"))
	wantTokens(t)(c.MFACode(ctx, ch, lastCode(t, srv, "sam").Code))
	cc := client(signin.CustomAuthWithSRP)
	ch = wantChallenge(t, types.ChallengeNameTypeCustomChallenge)(cc.SignIn(ctx, "nora", "Nora's pw 12"))
	wantTokens(t)(cc.AnswerCustom(ctx, ch, "blue"))
}
