package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/srpkit/cognito/srp/srptest"
)

const testIdentityPool = "us-east-1:0b8f0e4c-6a59-4b0e-9d5e-3f2a1c4b5d6e"

// proxy is srptest behind a handler that counts the operations and can
// drop NewDeviceMetadata from answers (a pool that stopped tracking
// devices).
type proxy struct {
	h        http.Handler
	mu       sync.Mutex
	ops      map[string]int
	noDevice bool
}

func (p *proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	target := r.Header.Get("X-Amz-Target")
	op := target[strings.LastIndex(target, ".")+1:]
	p.mu.Lock()
	p.ops[op]++
	strip := p.noDevice
	p.mu.Unlock()
	rec := httptest.NewRecorder()
	p.h.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	if strip {
		var m map[string]any
		if json.Unmarshal(body, &m) == nil {
			if a, ok := m["AuthenticationResult"].(map[string]any); ok {
				delete(a, "NewDeviceMetadata")
				body, _ = json.Marshal(m)
			}
		}
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	w.Write(body)
}

func (p *proxy) count(op string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ops[op]
}

// stayServer starts srptest (device tracking on, an identity pool) changed
// by edit, behind a proxy.
func stayServer(t *testing.T, edit func(*srptest.Config)) (string, *proxy) {
	t.Helper()
	cfg := srptest.Config{
		UserPoolID: testPool, ClientID: testClient, DeviceTracking: "always", IdentityPoolID: testIdentityPool, Logf: t.Logf,
		Users: []srptest.User{{Username: "alice", Password: "Correct horse 1!", Aliases: []string{"alice@example.com"}}},
	}
	if edit != nil {
		edit(&cfg)
	}
	srv := httptest.NewUnstartedServer(nil)
	cfg.BaseURL = "http://" + srv.Listener.Addr().String()
	h, err := srptest.NewHandler(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{h: h, ops: map[string]int{}}
	srv.Config.Handler = p
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL, p
}

func sdk(url string) *cip.Client {
	return cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(url), Credentials: aws.AnonymousCredentials{}})
}

func readJSON(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// TestCache: the first run signs in and writes the cache (0600,
// atomically); later runs renew from it without reading anything; after a
// GlobalSignOut a run with no input left fails (exit 1, saying why), and one
// with the password signs in again. The client secret comes from
// COGNITO_CLIENT_SECRET.
func TestCache(t *testing.T) {
	const secret = "s3cr3t-0123456789abcdefghijklmnopqrstu"
	url, p := stayServer(t, func(c *srptest.Config) { c.ClientSecret = secret })
	t.Setenv("COGNITO_CLIENT_SECRET", secret)
	dir := t.TempDir()
	cache := filepath.Join(dir, "cache.json")
	args := []string{"-pool", testPool, "-client", testClient, "-endpoint", url, "-cache", cache, "alice"}

	out, errOut, code := srplogin(t, "Correct horse 1!\n", args...)
	if code != 0 {
		t.Fatalf("first run: exit %d: %s", code, errOut)
	}
	first := decodeTokens(t, out)
	st, err := os.Stat(cache)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("cache file: %v %v", err, st)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	c := readJSON(t, cache)
	if c["refreshToken"] != first.RefreshToken || c["deviceKey"] == "" || c["userId"] != "alice" || c["userPoolId"] != testPool {
		t.Errorf("cache %v", c)
	}

	out, errOut, code = srplogin(t, "", args...)
	if code != 0 || p.count("InitiateAuth") != 2 || p.count("RespondToAuthChallenge") != 1 {
		t.Fatalf("cached run: exit %d, %d InitiateAuth, %d RespondToAuthChallenge: %s", code, p.count("InitiateAuth"), p.count("RespondToAuthChallenge"), errOut)
	}
	second := decodeTokens(t, out)
	if second.AccessToken == first.AccessToken || second.RefreshToken != first.RefreshToken {
		t.Errorf("renewed tokens: new access token %v, same refresh token %v", second.AccessToken != first.AccessToken, second.RefreshToken == first.RefreshToken)
	}
	if claims(t, second.AccessToken)["device_key"] != c["deviceKey"] {
		t.Errorf("renewed without the device the tokens are bound to")
	}

	if _, err := sdk(url).GlobalSignOut(context.Background(), &cip.GlobalSignOutInput{AccessToken: aws.String(second.AccessToken)}); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = srplogin(t, "", args...)
	if code != 1 || out != "" || !strings.Contains(errOut, "the cached sign-in was refused: NotAuthorizedException: Refresh Token has been revoked (REFRESH_TOKEN_AUTH); signing in again needs the password") ||
		!strings.Contains(errOut, "standard input is not a terminal and has no more lines") {
		t.Errorf("after the sign-out, no input: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	out, errOut, code = srplogin(t, "Correct horse 1!\n", args...)
	if code != 0 || !strings.Contains(errOut, "the cached sign-in was refused: NotAuthorizedException: Refresh Token has been revoked (REFRESH_TOKEN_AUTH); signing in again\n") {
		t.Fatalf("after the sign-out, with the password: exit %d: %s", code, errOut)
	}
	if third := decodeTokens(t, out); readJSON(t, cache)["refreshToken"] != third.RefreshToken || third.RefreshToken == first.RefreshToken {
		t.Errorf("the cache does not hold the new refresh token")
	}

	// Another user's cache is not used; a file that is no cache is refused.
	_, errOut, code = srplogin(t, "Correct horse 1!\n", append(args[:len(args)-1:len(args)-1], "alice@example.com")...)
	if code != 0 || !strings.Contains(errOut, "another user's") {
		t.Errorf("another user's cache: exit %d: %s", code, errOut)
	}
	os.WriteFile(cache, []byte("{}"), 0o600)
	if _, errOut, code = srplogin(t, "", args...); code != 2 || !strings.Contains(errOut, "not a srplogin cache") {
		t.Errorf("a file that is no cache: exit %d: %s", code, errOut)
	}
	// Without the secret Cognito refuses: the environment was used.
	t.Setenv("COGNITO_CLIENT_SECRET", "")
	if _, errOut, code = srplogin(t, "Correct horse 1!\n", "-pool", testPool, "-client", testClient, "-endpoint", url, "alice"); code != 1 || !strings.Contains(errOut, "SECRET_HASH") {
		t.Errorf("no secret: exit %d: %s", code, errOut)
	}
}

// TestCacheRotation: with refresh token rotation, each cached run stores
// the new refresh token, which the next one uses. A revoked one is refused
// as without rotation: each run is a new process, which finds out about
// rotation from Cognito's refusal of REFRESH_TOKEN_AUTH, and the refusal of
// GetTokensFromRefreshToken is what counts.
func TestCacheRotation(t *testing.T) {
	url, p := stayServer(t, func(c *srptest.Config) { c.RefreshTokenRotation = true })
	cache := filepath.Join(t.TempDir(), "cache.json")
	args := []string{"-pool", testPool, "-client", testClient, "-endpoint", url, "-cache", cache, "alice"}
	if _, errOut, code := srplogin(t, "Correct horse 1!\n", args...); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	seen := map[string]bool{readJSON(t, cache)["refreshToken"]: true}
	for i := range 3 {
		out, errOut, code := srplogin(t, "", args...)
		if code != 0 {
			t.Fatalf("run %d: exit %d: %s", i, code, errOut)
		}
		rt := readJSON(t, cache)["refreshToken"]
		if seen[rt] || decodeTokens(t, out).RefreshToken != rt {
			t.Errorf("run %d: the refresh token was not rotated into the cache", i)
		}
		seen[rt] = true
	}
	if p.count("GetTokensFromRefreshToken") != 3 {
		t.Errorf("%d GetTokensFromRefreshToken, want 3", p.count("GetTokensFromRefreshToken"))
	}

	if _, err := sdk(url).RevokeToken(context.Background(), &cip.RevokeTokenInput{
		ClientId: aws.String(testClient), Token: aws.String(readJSON(t, cache)["refreshToken"])}); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := srplogin(t, "", args...)
	if code != 1 || out != "" || !strings.Contains(errOut, "the cached sign-in was refused: NotAuthorizedException: Refresh Token has been revoked (GetTokensFromRefreshToken)") ||
		!strings.Contains(errOut, "standard input is not a terminal and has no more lines") {
		t.Errorf("revoked, no input: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	out, errOut, code = srplogin(t, "Correct horse 1!\n", args...)
	if code != 0 || !strings.Contains(errOut, "signing in again") || readJSON(t, cache)["refreshToken"] != decodeTokens(t, out).RefreshToken {
		t.Errorf("revoked, with the password: exit %d: %s", code, errOut)
	}
}

// TestForgottenDeviceFile: a device forgotten at Cognito (AdminForgetDevice)
// makes the next -device-file run fall back, succeed and say so: the file
// then holds the new device, or is removed when Cognito hands out none.
func TestForgottenDeviceFile(t *testing.T) {
	url, p := stayServer(t, nil)
	df := filepath.Join(t.TempDir(), "device.json")
	args := []string{"-pool", testPool, "-client", testClient, "-endpoint", url, "-device-file", df, "alice"}
	forget := func() string {
		t.Helper()
		key := readJSON(t, df)["deviceKey"]
		if _, err := sdk(url).AdminForgetDevice(context.Background(), &cip.AdminForgetDeviceInput{
			UserPoolId: aws.String(testPool), Username: aws.String("alice"), DeviceKey: aws.String(key)}); err != nil {
			t.Fatal(err)
		}
		return key
	}
	if _, errOut, code := srplogin(t, "Correct horse 1!\n", args...); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	old := forget()
	out, errOut, code := srplogin(t, "Correct horse 1!\n", args...)
	if code != 0 || !strings.Contains(errOut, "no longer exists at Cognito") || !strings.Contains(errOut, "remembered the new device") {
		t.Fatalf("forgotten device: exit %d: %s", code, errOut)
	}
	now := readJSON(t, df)["deviceKey"]
	if now == old || claims(t, decodeTokens(t, out).AccessToken)["device_key"] != now {
		t.Errorf("device file %s (was %s)", now, old)
	}
	// The new device signs in through DEVICE_SRP_AUTH.
	responds := p.count("RespondToAuthChallenge")
	if _, errOut, code := srplogin(t, "Correct horse 1!\n", args...); code != 0 || p.count("RespondToAuthChallenge")-responds != 3 {
		t.Errorf("with the new device: exit %d, %d answers: %s", code, p.count("RespondToAuthChallenge")-responds, errOut)
	}

	forget()
	p.mu.Lock()
	p.noDevice = true
	p.mu.Unlock()
	_, errOut, code = srplogin(t, "Correct horse 1!\n", args...)
	if _, err := os.Stat(df); code != 0 || !os.IsNotExist(err) || !strings.Contains(errOut, "removed the file") {
		t.Errorf("no new device: exit %d, file %v: %s", code, err, errOut)
	}
}

// TestCredentialProcess: -format credential-process prints the identity
// pool's credentials as the AWS CLI and SDKs read them; the IdentityId is
// cached, so a later run skips GetId.
func TestCredentialProcess(t *testing.T) {
	url, p := stayServer(t, nil)
	cache := filepath.Join(t.TempDir(), "cache.json")
	args := []string{"-pool", testPool, "-client", testClient, "-endpoint", url, "-cache", cache,
		"-identity-pool", testIdentityPool, "-format", "credential-process", "alice"}
	out, errOut, code := srplogin(t, "Correct horse 1!\n", args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	checkProcessCredentials(t, out)
	id := readJSON(t, cache)["identityId"]
	if !strings.HasPrefix(id, "us-east-1:") || p.count("GetId") != 1 {
		t.Errorf("cached IdentityId %q after %d GetId", id, p.count("GetId"))
	}
	// A run for the tokens keeps the IdentityId in the cache.
	if _, errOut, code := srplogin(t, "", append(args[:6:6], "-cache", cache, "alice")...); code != 0 || readJSON(t, cache)["identityId"] != id {
		t.Fatalf("a -format json run: exit %d, IdentityId %q: %s", code, readJSON(t, cache)["identityId"], errOut)
	}
	out, errOut, code = srplogin(t, "", args...)
	if code != 0 || p.count("GetId") != 1 || p.count("GetCredentialsForIdentity") != 2 {
		t.Fatalf("cached run: exit %d, %d GetId: %s", code, p.count("GetId"), errOut)
	}
	checkProcessCredentials(t, out)

	for _, bad := range [][]string{
		{"-format", "credential-process", "alice"},
		{"-identity-pool", testIdentityPool, "alice"},
		{"-identity-pool", "us-east-1_Pool", "-format", "credential-process", "alice"},
	} {
		if _, errOut, code := srplogin(t, "pw\n", append([]string{"-pool", testPool, "-client", testClient}, bad...)...); code != 2 {
			t.Errorf("%q: exit %d: %s", bad, code, errOut)
		}
	}
}

// checkProcessCredentials checks the credential_process JSON: exactly the
// five keys, Version 1, an RFC 3339 Expiration an hour ahead.
func checkProcessCredentials(t *testing.T, out string) {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil || len(m) != 5 {
		t.Fatalf("credential_process output %q", out)
	}
	exp, err := time.Parse(time.RFC3339, m["Expiration"].(string))
	if m["Version"] != 1.0 || !regexp.MustCompile(`^ASIA[A-Z2-7]{16}$`).MatchString(m["AccessKeyId"].(string)) ||
		m["SecretAccessKey"] == "" || m["SessionToken"] == "" || err != nil || time.Until(exp) < 59*time.Minute {
		t.Errorf("credential_process output %v", m)
	}
}
