package srptest_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/srpkit/cognito/srp"
)

// A USERNAME over 128 characters is rejected before anything is stored for
// it, in InitiateAuth (both flows) and in the answers; 128 characters, even
// multi-byte ones, are fine.
func TestUsernameLength(t *testing.T) {
	srv := newServer(t, testConfig())
	long := strings.Repeat("a", 129)
	for _, flow := range []map[string]string{
		{"AuthFlow": "USER_SRP_AUTH", "SRP_A": "02"},
		{"AuthFlow": "USER_AUTH"},
		{"AuthFlow": "USER_AUTH", "PREFERRED_CHALLENGE": "PASSWORD_SRP", "SRP_A": "02"},
		{"AuthFlow": "USER_AUTH", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": "x"},
	} {
		params := map[string]string{}
		for k, v := range flow {
			if k != "AuthFlow" {
				params[k] = v
			}
		}
		for _, name := range []string{long, strings.Repeat("x", 64<<10-200)} {
			params["USERNAME"] = name
			status, out := rawCall(t, srv.URL, "InitiateAuth", map[string]any{"AuthFlow": flow["AuthFlow"], "ClientId": testClient, "AuthParameters": params})
			wantError(t, status, out, "InvalidParameterException", "USERNAME must be at most 128 characters")
		}
		params["USERNAME"] = strings.Repeat("é", 128)
		status, out := rawCall(t, srv.URL, "InitiateAuth", map[string]any{"AuthFlow": flow["AuthFlow"], "ClientId": testClient, "AuthParameters": params})
		if status != 200 && !strings.Contains(out["message"].(string), "Incorrect") {
			t.Errorf("%v with 128 characters: %d %v", flow, status, out)
		}
	}
	s, p, sess := rawStart(t, srv.URL, "alice", "Correct horse 1!")
	resp, _ := s.Respond(p, time.Now())
	resp["USERNAME"] = long
	status, out := rawRespond(t, srv.URL, sess, resp)
	wantError(t, status, out, "InvalidParameterException", "USERNAME must be at most 128 characters")
}

// A PASSWORD_VERIFIER session survives one answer naming a device that does
// not exist, for the AWS JavaScript client's retry without DEVICE_KEY
// (TestRawUnknownDeviceRetry); a second DEVICE_KEY guess uses it up, even a
// right one.
func TestDeviceKeyGuessesUseUpTheSession(t *testing.T) {
	cfg := testConfig()
	cfg.DeviceTracking = "always"
	srv := newServer(t, cfg)
	// A real device, so that the second guess can be a right one.
	s, p, sess := rawStart(t, srv.URL, "alice", "Correct horse 1!")
	resp, _ := s.Respond(p, time.Now())
	status, out := rawRespond(t, srv.URL, sess, resp)
	if status != 200 {
		t.Fatalf("sign-in: %d %v", status, out)
	}
	ar := out["AuthenticationResult"].(map[string]any)
	nd := ar["NewDeviceMetadata"].(map[string]any)
	key, group := nd["DeviceKey"].(string), nd["DeviceGroupKey"].(string)
	v, err := srp.NewDeviceVerifier(group, key)
	if err != nil {
		t.Fatal(err)
	}
	status, out = rawCall(t, srv.URL, "ConfirmDevice", map[string]any{
		"AccessToken": ar["AccessToken"], "DeviceKey": key,
		"DeviceSecretVerifierConfig": map[string]string{"PasswordVerifier": v.PasswordVerifier, "Salt": v.Salt},
	})
	if status != 200 {
		t.Fatalf("ConfirmDevice: %d %v", status, out)
	}

	for _, second := range []string{"us-east-1_00000000-0000-4000-8000-000000000000", key} {
		s, p, sess = rawStart(t, srv.URL, "alice", "Correct horse 1!")
		resp, _ = s.Respond(p, time.Now())
		resp["DEVICE_KEY"] = "us-east-1_11111111-2222-4333-8444-555555555555"
		status, out = rawRespond(t, srv.URL, sess, resp)
		wantError(t, status, out, "ResourceNotFoundException", "Device does not exist.")
		resp["DEVICE_KEY"] = second
		status, out = rawRespond(t, srv.URL, sess, resp)
		wantError(t, status, out, "ResourceNotFoundException", "Device does not exist.")
		delete(resp, "DEVICE_KEY")
		status, out = rawRespond(t, srv.URL, sess, resp)
		wantError(t, status, out, "NotAuthorizedException", "Invalid session")
	}
}

// Content-Type must be one of the two AWS JSON protocol versions.
func TestContentType(t *testing.T) {
	srv := newServer(t, testConfig())
	body := `{"AuthFlow":"USER_AUTH","ClientId":"` + testClient + `","AuthParameters":{"USERNAME":"alice"}}`
	for ct, ok := range map[string]bool{
		"application/x-amz-json-1.1":                true,
		"application/x-amz-json-1.0":                true,
		"Application/X-Amz-Json-1.1":                true, // media types are case-insensitive
		"application/x-amz-json-1.1; charset=utf-8": true,
		"application/x-amz-json-evil":               false,
		"application/x-amz-json-1.2":                false,
		"application/x-amz-json-1.1x":               false,
		"application/json":                          false,
		"":                                          false,
	} {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/", strings.NewReader(body))
		req.Header.Set("Content-Type", ct)
		req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService.InitiateAuth")
		status, out := doRaw(t, req)
		if ok && status != 200 {
			t.Errorf("%q: %d %v", ct, status, out)
		}
		if !ok {
			wantError(t, status, out, "SerializationException", "Content-Type")
		}
	}
}

// Member names are case-sensitive: "clientid" is not ClientId, and nested
// members are matched exactly too.
func TestMemberNamesCaseSensitive(t *testing.T) {
	srv := newServer(t, testConfig())
	status, out := rawCall(t, srv.URL, "InitiateAuth", map[string]any{"AuthFlow": "USER_AUTH", "clientid": testClient, "AuthParameters": map[string]string{"USERNAME": "alice"}})
	wantError(t, status, out, "InvalidParameterException", "Missing required parameter ClientId")
	status, out = rawCall(t, srv.URL, "InitiateAuth", map[string]any{"authflow": "USER_AUTH", "ClientId": testClient, "AuthParameters": map[string]string{"USERNAME": "alice"}})
	wantError(t, status, out, "InvalidParameterException", "Missing required parameter AuthFlow")
	// AuthParameters keys were always case-sensitive (map keys).
	status, out = rawCall(t, srv.URL, "InitiateAuth", map[string]any{"AuthFlow": "USER_AUTH", "ClientId": testClient, "AuthParameters": map[string]string{"username": "alice"}})
	wantError(t, status, out, "InvalidParameterException", "Missing required parameter USERNAME")
	// Nested: DeviceSecretVerifierConfig's members, after a real sign-in.
	cfg := testConfig()
	cfg.DeviceTracking = "always"
	srv = newServer(t, cfg)
	s, p, sess := rawStart(t, srv.URL, "alice", "Correct horse 1!")
	resp, _ := s.Respond(p, time.Now())
	_, out = rawRespond(t, srv.URL, sess, resp)
	ar := out["AuthenticationResult"].(map[string]any)
	key := ar["NewDeviceMetadata"].(map[string]any)["DeviceKey"]
	status, out = rawCall(t, srv.URL, "ConfirmDevice", map[string]any{
		"AccessToken": ar["AccessToken"], "DeviceKey": key,
		"DeviceSecretVerifierConfig": map[string]string{"passwordverifier": "AQ==", "salt": "AQ=="},
	})
	wantError(t, status, out, "InvalidParameterException", "Missing required parameter DeviceSecretVerifierConfig")
	// Structure errors are still SerializationException.
	for _, body := range []string{`[]`, `{"ClientId": 1}`, `{"AuthParameters": "x"}`, `{"AuthFlow":"USER_AUTH"`} {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/", bytes.NewReader([]byte(body)))
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService.InitiateAuth")
		status, out := doRaw(t, req)
		wantError(t, status, out, "SerializationException", "")
	}
}
