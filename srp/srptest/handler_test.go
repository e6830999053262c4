package srptest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/srpkit/cognito/internal/srpref"
	"github.com/srpkit/cognito/internal/testenv"
	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srpkat"
	"github.com/srpkit/cognito/srp/srptest"
)

// rawCall posts one Cognito JSON request and decodes the answer.
func rawCall(t *testing.T, url, op string, body any) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, url+"/", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+op)
	req.Header.Set("X-Amz-User-Agent", "aws-amplify/0.1.x js")
	return doRaw(t, req)
}

func doRaw(t *testing.T, req *http.Request) (int, map[string]any) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	data, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("response is not JSON: %q", data)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/x-amz-json-1.1" {
		t.Errorf("Content-Type %q", ct)
	}
	return resp.StatusCode, out
}

// wantError checks Cognito's error shape.
func wantError(t *testing.T, status int, out map[string]any, typ, msgPart string) {
	t.Helper()
	msg, _ := out["message"].(string)
	if status != http.StatusBadRequest || out["__type"] != typ || !strings.Contains(msg, msgPart) {
		t.Errorf("got %d %v, want 400 %s containing %q", status, out, typ, msgPart)
	}
}

// rawStart runs InitiateAuth for alice and returns the client session, the
// challenge parameters and the Session.
func rawStart(t *testing.T, url, name, password string) (*srp.Session, map[string]string, string) {
	t.Helper()
	s, err := srp.NewUserSession(testPool, password)
	if err != nil {
		t.Fatal(err)
	}
	status, out := rawCall(t, url, "InitiateAuth", map[string]any{
		"AuthFlow": "USER_SRP_AUTH", "ClientId": testClient,
		"AuthParameters": map[string]string{"USERNAME": name, "SRP_A": s.SRPA()},
	})
	if status != 200 || out["ChallengeName"] != "PASSWORD_VERIFIER" {
		t.Fatalf("InitiateAuth: %d %v", status, out)
	}
	params := map[string]string{}
	for k, v := range out["ChallengeParameters"].(map[string]any) {
		params[k] = v.(string)
	}
	return s, params, out["Session"].(string)
}

func rawRespond(t *testing.T, url, session string, resp map[string]string) (int, map[string]any) {
	t.Helper()
	return rawCall(t, url, "RespondToAuthChallenge", map[string]any{
		"ChallengeName": "PASSWORD_VERIFIER", "ClientId": testClient,
		"Session": session, "ChallengeResponses": resp,
	})
}

func TestRawProtocolErrors(t *testing.T) {
	srv := newServer(t, testConfig())

	status, out := rawCall(t, srv.URL, "ListUsers", map[string]any{})
	wantError(t, status, out, "UnknownOperationException", "")
	status, out = rawCall(t, srv.URL, "InitiateAuth", map[string]any{"AuthFlow": "USER_SRP_AUTH", "ClientId": "nope", "AuthParameters": map[string]string{"USERNAME": "alice", "SRP_A": "02"}})
	wantError(t, status, out, "ResourceNotFoundException", "User pool client nope does not exist.")
	status, out = rawCall(t, srv.URL, "InitiateAuth", map[string]any{"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": testClient, "AuthParameters": map[string]string{"USERNAME": "alice", "PASSWORD": "x"}})
	wantError(t, status, out, "InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled")
	status, out = rawCall(t, srv.URL, "InitiateAuth", map[string]any{"AuthFlow": "USER_SRP_AUTH", "ClientId": testClient, "AuthParameters": map[string]string{"USERNAME": "alice"}})
	wantError(t, status, out, "InvalidParameterException", "Missing required parameter SRP_A")
	status, out = rawCall(t, srv.URL, "InitiateAuth", map[string]any{"AuthFlow": "USER_SRP_AUTH", "ClientId": testClient, "AuthParameters": map[string]string{"SRP_A": "02"}})
	wantError(t, status, out, "InvalidParameterException", "Missing required parameter USERNAME")
	status, out = rawCall(t, srv.URL, "InitiateAuth", map[string]any{"AuthFlow": 7})
	wantError(t, status, out, "SerializationException", "")
	status, out = rawCall(t, srv.URL, "RespondToAuthChallenge", map[string]any{"ChallengeName": "PASSWORD_VERIFIER", "ClientId": testClient, "Session": "made-up-session-0123456789", "ChallengeResponses": map[string]string{"USERNAME": "alice"}})
	wantError(t, status, out, "NotAuthorizedException", "Invalid session")
	status, out = rawCall(t, srv.URL, "ConfirmDevice", map[string]any{"AccessToken": "a.b.c", "DeviceKey": "us-east-1_x"})
	wantError(t, status, out, "NotAuthorizedException", "Invalid Access Token")

	// A = 0 and A = N (any spelling) are refused before any challenge.
	for _, a := range []string{"0", "0000", srpref.N.Text(16), "00" + strings.ToUpper(srpref.N.Text(16)), "not hex"} {
		status, out = rawCall(t, srv.URL, "InitiateAuth", map[string]any{"AuthFlow": "USER_SRP_AUTH", "ClientId": testClient, "AuthParameters": map[string]string{"USERNAME": "alice", "SRP_A": a}})
		wantError(t, status, out, "InvalidParameterException", "SRP_A")
	}

	// Transport-level mistakes.
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/", strings.NewReader("{}"))
	req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService.InitiateAuth")
	req.Header.Set("Content-Type", "text/plain")
	status, out = doRaw(t, req)
	wantError(t, status, out, "SerializationException", "Content-Type")
	req, _ = http.NewRequest(http.MethodGet, srv.URL+"/", nil)
	if status, _ = doRaw(t, req); status != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d", status)
	}
	req, _ = http.NewRequest(http.MethodPost, srv.URL+"/", strings.NewReader(`{"AuthFlow": "USER_SRP_AUTH", "x": "`+strings.Repeat("a", 100<<10)+`"}`))
	req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService.InitiateAuth")
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	status, out = doRaw(t, req)
	wantError(t, status, out, "SerializationException", "too large")
	req, _ = http.NewRequest(http.MethodPost, srv.URL+"/", strings.NewReader(`{"AuthFlow": `))
	req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService.InitiateAuth")
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	status, out = doRaw(t, req)
	wantError(t, status, out, "SerializationException", "")
}

func TestRawSessionsAndTimestamps(t *testing.T) {
	clk := testenv.NewClock(time.Date(2024, 3, 5, 9, 4, 7, 0, time.UTC))
	cfg := testConfig()
	cfg.Now = clk.Now
	srv := newServer(t, cfg)

	// Correct answer, then the same Session again: single use.
	s, p, sess := rawStart(t, srv.URL, "alice", "Correct horse 1!")
	resp, _ := s.Respond(p, clk.Now())
	if status, out := rawRespond(t, srv.URL, sess, resp); status != 200 || out["AuthenticationResult"] == nil {
		t.Fatalf("login: %d %v", status, out)
	}
	status, out := rawRespond(t, srv.URL, sess, resp)
	wantError(t, status, out, "NotAuthorizedException", "Invalid session")

	// Timestamp skew: 5 minutes is accepted, 5 minutes 1 second is not.
	for _, tc := range []struct {
		skew time.Duration
		ok   bool
	}{{5 * time.Minute, true}, {-5 * time.Minute, true}, {5*time.Minute + time.Second, false}, {-5*time.Minute - time.Second, false}, {12 * time.Hour, false}} {
		s, p, sess := rawStart(t, srv.URL, "alice", "Correct horse 1!")
		resp, _ := s.Respond(p, clk.Now().Add(tc.skew))
		status, out := rawRespond(t, srv.URL, sess, resp)
		if tc.ok && status != 200 {
			t.Errorf("skew %v: %d %v", tc.skew, status, out)
		}
		if !tc.ok {
			wantError(t, status, out, "NotAuthorizedException", "Incorrect username or password.")
		}
	}

	// A zero-padded day is not Cognito's format, even when signed.
	s, p, sess = rawStart(t, srv.URL, "alice", "Correct horse 1!")
	resp, _ = srpkat.RespondWithTimestamp(s, p, "Tue Mar 05 09:04:07 UTC 2024")
	status, out = rawRespond(t, srv.URL, sess, resp)
	wantError(t, status, out, "InvalidParameterException", "TIMESTAMP")

	// Missing claim fields.
	_, _, sess = rawStart(t, srv.URL, "alice", "Correct horse 1!")
	status, out = rawRespond(t, srv.URL, sess, map[string]string{"USERNAME": "alice", "TIMESTAMP": srp.FormatTimestamp(clk.Now())})
	wantError(t, status, out, "InvalidParameterException", "Missing required parameter PASSWORD_CLAIM_SIGNATURE")

	// An alias as the response USERNAME is not the user's actual name.
	s, p, sess = rawStart(t, srv.URL, "bobby", "pässwörd")
	resp, _ = s.Respond(p, clk.Now())
	resp["USERNAME"] = "bobby"
	status, out = rawRespond(t, srv.URL, sess, resp)
	wantError(t, status, out, "NotAuthorizedException", "Incorrect username or password.")
	// Another user's name neither.
	s, p, sess = rawStart(t, srv.URL, "bobby", "pässwörd")
	resp, _ = s.Respond(p, clk.Now())
	resp["USERNAME"] = "alice"
	status, out = rawRespond(t, srv.URL, sess, resp)
	wantError(t, status, out, "NotAuthorizedException", "Incorrect username or password.")
	// The configured username is accepted as well as USER_ID_FOR_SRP.
	s, p, sess = rawStart(t, srv.URL, "bobby", "pässwörd")
	resp, _ = s.Respond(p, clk.Now())
	resp["USERNAME"] = "bob@example.com"
	if status, out = rawRespond(t, srv.URL, sess, resp); status != 200 {
		t.Errorf("username as response USERNAME: %d %v", status, out)
	}

	// Sessions expire after 3 minutes.
	s, p, sess = rawStart(t, srv.URL, "alice", "Correct horse 1!")
	clk.Add(3*time.Minute + time.Second)
	resp, _ = s.Respond(p, clk.Now())
	status, out = rawRespond(t, srv.URL, sess, resp)
	wantError(t, status, out, "NotAuthorizedException", "expired")
}

func TestRawUnknownUserDecoy(t *testing.T) {
	srv := newServer(t, testConfig())
	_, p1, _ := rawStart(t, srv.URL, "mallory", "whatever")
	s, p2, sess := rawStart(t, srv.URL, "mallory", "whatever")
	if p1["SALT"] != p2["SALT"] || p1["SRP_B"] == p2["SRP_B"] || p1["USER_ID_FOR_SRP"] != "mallory" {
		t.Errorf("decoy challenges: %v / %v", p1, p2)
	}
	resp, err := s.Respond(p2, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	status, out := rawRespond(t, srv.URL, sess, resp)
	wantError(t, status, out, "NotAuthorizedException", "Incorrect username or password.")
	// Malformed answers fail as they do for a real user.
	s, p2, sess = rawStart(t, srv.URL, "mallory", "whatever")
	resp, _ = s.Respond(p2, time.Now())
	resp["DEVICE_KEY"] = "us-east-1_11111111-2222-4333-8444-555555555555"
	status, out = rawRespond(t, srv.URL, sess, resp)
	wantError(t, status, out, "ResourceNotFoundException", "Device does not exist.")
	s, p2, sess = rawStart(t, srv.URL, "mallory", "whatever")
	resp, _ = srpkat.RespondWithTimestamp(s, p2, "Tue Mar 05 09:04:07 UTC 2024")
	status, out = rawRespond(t, srv.URL, sess, resp)
	wantError(t, status, out, "InvalidParameterException", "TIMESTAMP")
}

func TestRawPendingCap(t *testing.T) {
	cfg := testConfig()
	cfg.MaxPendingSessions = 3
	srv := newServer(t, cfg)
	type started struct {
		s    *srp.Session
		p    map[string]string
		sess string
	}
	var all []started
	for range 5 {
		s, p, sess := rawStart(t, srv.URL, "alice", "Correct horse 1!")
		all = append(all, started{s, p, sess})
	}
	for i, st := range all {
		resp, _ := st.s.Respond(st.p, time.Now())
		status, out := rawRespond(t, srv.URL, st.sess, resp)
		if i < 2 {
			wantError(t, status, out, "NotAuthorizedException", "Invalid session")
		} else if status != 200 {
			t.Errorf("session %d: %d %v", i, status, out)
		}
	}
}

func TestConfig(t *testing.T) {
	good := `{"userPoolId": "us-east-1_AbC", "clientId": "c", "clientSecret": "s", "deviceTracking": "always",
		"users": [{"username": "a", "password": "p", "aliases": ["a@x"], "userIdForSrp": "uuid-a"}, {"username": "b", "password": "q"}]}`
	cfg, err := srptest.ParseConfig([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.UserPoolID != "us-east-1_AbC" || cfg.DeviceTracking != "always" || len(cfg.Users) != 2 || cfg.Users[0].Aliases[0] != "a@x" || cfg.Users[0].UserIDForSRP != "uuid-a" {
		t.Errorf("parsed %+v", cfg)
	}
	for bad, want := range map[string]string{
		`{"userPoolId": "nounderscore", "clientId": "c", "users": []}`:                                                                                           "userPoolId",
		`{"userPoolId": "us-east-1_A", "users": []}`:                                                                                                             "clientId",
		`{"userPoolId": "us-east-1_A", "clientId": "c", "deviceTracking": "sometimes", "users": []}`:                                                             "deviceTracking",
		`{"userPoolId": "us-east-1_A", "clientId": "c", "users": [{"password": "p"}]}`:                                                                           "username is required",
		`{"userPoolId": "us-east-1_A", "clientId": "c", "users": [{"username": "a"}]}`:                                                                           "password is required",
		`{"userPoolId": "us-east-1_A", "clientId": "c", "users": [{"username": "a", "password": "p", "alias": []}]}`:                                             "unknown field",
		`{"userPoolId": "us-east-1_A", "clientId": "c", "users": [{"username": "a", "password": "p"}, {"username": "b", "password": "p", "aliases": ["a"]}]}`:    "already used",
		`{"userPoolId": "us-east-1_A", "clientId": "c"} {}`:                                                                                                      "after",
		`{"userPoolId": "us-east-1_A", "clientId": "c", "users": [{"username": "a", "password": "p", "aliases": ["x", ""]}]}`:                                    "users[0] (a): empty alias",
		`{"userPoolId": "us-east-1_A", "clientId": "c", "users": [{"username": "a", "password": "p", "totpSecret": "1!"}]}`:                                      "users[0] (a): totpSecret must be base32",
		`{"userPoolId": "us-east-1_A", "clientId": "c", "users": [{"username": "a", "password": "p", "userIdForSrp": "u"}, {"username": "u", "password": "q"}]}`: `users[1] (u): name "u" is already used by users[0]`,
		`[`: "invalid JSON",
	} {
		_, err := srptest.ParseConfig([]byte(bad))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", bad, err, want)
		}
	}
	if _, err := srptest.NewHandler(srptest.Config{UserPoolID: "x"}); err == nil {
		t.Error("NewHandler accepted an invalid config")
	}
	if _, err := srptest.NewServer(srptest.Config{UserPoolID: "x"}); err == nil {
		t.Error("NewServer accepted an invalid config")
	}
	for _, neg := range []func(*srptest.Config){
		func(c *srptest.Config) { c.MaxClockSkew = -1 },
		func(c *srptest.Config) { c.SessionTTL = -1 },
		func(c *srptest.Config) { c.TokenTTL = -1 },
		func(c *srptest.Config) { c.MaxPendingSessions = -1 },
		func(c *srptest.Config) { c.MaxDevices = -1 },
	} {
		cfg := testConfig()
		neg(&cfg)
		if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "must not be negative") {
			t.Errorf("a negative limit: %v", err)
		}
	}
	// Pool ids follow srp.ParsePoolID's rule, with its error.
	for _, id := range []string{"us-east-1_", "_x", "_", "x_AbC_extra"} {
		if err := (&srptest.Config{UserPoolID: id, ClientID: "c"}).Validate(); !errors.Is(err, srp.ErrInvalidPoolID) {
			t.Errorf("%q: %v, want srp.ErrInvalidPoolID", id, err)
		}
	}
}

// The AWS JavaScript client answers "Device does not exist." by sending the
// same PASSWORD_VERIFIER responses again without DEVICE_KEY, with the same
// Session: that must succeed.
func TestRawUnknownDeviceRetry(t *testing.T) {
	srv := newServer(t, testConfig())
	s, p, sess := rawStart(t, srv.URL, "alice", "Correct horse 1!")
	resp, _ := s.Respond(p, time.Now())
	resp["DEVICE_KEY"] = "us-east-1_11111111-2222-4333-8444-555555555555"
	status, out := rawRespond(t, srv.URL, sess, resp)
	wantError(t, status, out, "ResourceNotFoundException", "Device does not exist.")
	delete(resp, "DEVICE_KEY")
	if status, out = rawRespond(t, srv.URL, sess, resp); status != 200 || out["AuthenticationResult"] == nil {
		t.Fatalf("retry without DEVICE_KEY: %d %v", status, out)
	}
	status, out = rawRespond(t, srv.URL, sess, resp)
	wantError(t, status, out, "NotAuthorizedException", "Invalid session")
}

// FuzzHandler checks that no request body makes the handler panic or answer
// anything but Cognito-shaped JSON.
func FuzzHandler(f *testing.F) {
	cfg := testConfig()
	cfg.DeviceTracking = "always"
	cfg.ClientSecret = "fuzz"
	h, err := srptest.NewHandler(cfg)
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		`{}`, `null`, `[]`, `{"AuthFlow":"USER_SRP_AUTH","ClientId":"` + testClient + `","AuthParameters":{"USERNAME":"alice","SRP_A":"02"}}`,
		`{"AuthFlow":"USER_SRP_AUTH","ClientId":"` + testClient + `","AuthParameters":null}`,
		`{"UserPoolId":"` + testPool + `","AuthFlow":"USER_AUTH","ClientId":"` + testClient + `","AuthParameters":{"USERNAME":"alice","PREFERRED_CHALLENGE":"PASSWORD_SRP","SRP_A":"02"}}`,
		`{"UserPoolId":"` + testPool + `","ChallengeName":"SELECT_CHALLENGE","ClientId":"` + testClient + `","Session":"x","ChallengeResponses":{"USERNAME":"alice","ANSWER":"PASSWORD_SRP","SRP_A":"02"}}`,
		`{"ChallengeName":"DEVICE_SRP_AUTH","ClientId":"` + testClient + `","Session":"x","ChallengeResponses":{"USERNAME":"alice"}}`,
		`{"AccessToken":"a.b.c","DeviceKey":"k","DeviceSecretVerifierConfig":{"Salt":"AA==","PasswordVerifier":"AA=="}}`,
		`{"AccessToken":"eyJ.eyJ.x","DeviceKey":"k","DeviceSecretVerifierConfig":null}`,
		`{"authflow":"USER_AUTH","ClientId":"` + testClient + `","AuthParameters":{"USERNAME":"alice"},"AUTHPARAMETERS":null}`,
		`{"AccessToken":"a.b.c","DeviceKey":"k","DeviceSecretVerifierConfig":{"salt":"AA==","PasswordVerifier":"AA==","Salt":1}}`,
		`{"AuthFlow":"REFRESH_TOKEN_AUTH","ClientId":"` + testClient + `","AuthParameters":{"REFRESH_TOKEN":"eyJ1IjoiYWxpY2UiLCJjIjoidGVzdGNsaWVudCJ9.AAAA","DEVICE_KEY":"k"}}`,
		`{"ChallengeName":"NEW_PASSWORD_REQUIRED","ClientId":"` + testClient + `","Session":"x","ChallengeResponses":{"USERNAME":"alice","NEW_PASSWORD":"x"}}`,
		`{"ChallengeName":"SOFTWARE_TOKEN_MFA","ClientId":"` + testClient + `","Session":"x","ChallengeResponses":{"USERNAME":"alice","SOFTWARE_TOKEN_MFA_CODE":"123456"}}`,
	} {
		for _, op := range []string{"InitiateAuth", "RespondToAuthChallenge", "AdminInitiateAuth", "AdminRespondToAuthChallenge", "ConfirmDevice"} {
			f.Add(op, seed)
		}
	}
	f.Fuzz(func(t *testing.T, op, body string) {
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+op)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		var out map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
			t.Fatalf("%s %q: answer %q is not a JSON object", op, body, w.Body.String())
		}
		if w.Code != 200 && out["__type"] == nil {
			t.Fatalf("%s %q: error without __type: %d %q", op, body, w.Code, w.Body.String())
		}
	})
}

// TestPasswordFlowAdminOnly: AdminInitiateAuth refuses USER_PASSWORD_AUTH
// (its own password flows are not implemented), and InitiateAuth is not
// taken for it when its request also carries a UserPoolId.
func TestPasswordFlowAdminOnly(t *testing.T) {
	cfg := testConfig()
	cfg.ExplicitAuthFlows = []string{"ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}
	srv := newServer(t, cfg)
	req := map[string]any{"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": testClient, "UserPoolId": testPool,
		"AuthParameters": map[string]string{"USERNAME": "alice", "PASSWORD": "Correct horse 1!"}}
	status, out := rawCall(t, srv.URL, "AdminInitiateAuth", req)
	wantError(t, status, out, "InvalidParameterException", "Initiate Auth method not supported.")
	status, out = rawCall(t, srv.URL, "InitiateAuth", req)
	if status != http.StatusOK || out["AuthenticationResult"] == nil {
		t.Errorf("InitiateAuth with a UserPoolId: %d %v, want the tokens", status, out)
	}
}

// TestMFAPreferenceRefusalIsStable: a request that breaks two rules gets
// the same refusal every time, that of the first factor in SMS_MFA,
// SOFTWARE_TOKEN_MFA, EMAIL_OTP order.
func TestMFAPreferenceRefusalIsStable(t *testing.T) {
	srv := newServer(t, testConfig())
	both := map[string]bool{"Enabled": true, "PreferredMfa": true}
	for range 30 {
		status, out := rawCall(t, srv.URL, "AdminSetUserMFAPreference", map[string]any{
			"UserPoolId": testPool, "Username": "alice", "SMSMfaSettings": both, "EmailMfaSettings": both,
		})
		wantError(t, status, out, "InvalidParameterException", "User does not have delivery config set to turn on SMS_MFA")
	}
}
