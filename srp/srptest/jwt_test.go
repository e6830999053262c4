package srptest_test

// The tokens are checked with go-jose (github.com/go-jose/go-jose/v4), a JWT
// library independent of srptest, against the keys the server publishes,
// found the way an application finds them: openid-configuration, then
// jwks_uri.

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"maps"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/srpkit/cognito/internal/testenv"
	"github.com/srpkit/cognito/srp/srptest"
)

// discover fetches {issuer}/.well-known/openid-configuration and the JWKS
// at its jwks_uri.
func discover(t *testing.T, issuer string) (map[string]any, *jose.JSONWebKeySet) {
	t.Helper()
	get := func(url string) []byte {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
			t.Fatalf("GET %s: %d %q %s", url, resp.StatusCode, resp.Header.Get("Content-Type"), b)
		}
		return b
	}
	var oidc map[string]any
	if err := json.Unmarshal(get(issuer+"/.well-known/openid-configuration"), &oidc); err != nil {
		t.Fatal(err)
	}
	uri, _ := oidc["jwks_uri"].(string)
	var keys jose.JSONWebKeySet
	if err := json.Unmarshal(get(uri), &keys); err != nil {
		t.Fatal(err)
	}
	return oidc, &keys
}

// verify checks a token's RS256 signature against keys, and iss, token_use,
// the audience (aud for ID tokens, client_id for access tokens) and the
// times at now. It returns the claims.
func verify(token string, keys *jose.JSONWebKeySet, issuer, use string, now time.Time) (map[string]any, error) {
	tok, err := jwt.ParseSigned(token, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return nil, err
	}
	var std jwt.Claims
	var all map[string]any
	if err := tok.Claims(keys, &std, &all); err != nil {
		return nil, err
	}
	want := jwt.Expected{Issuer: issuer, Time: now}
	if use == "id" {
		want.AnyAudience = jwt.Audience{testClient}
	} else if all["client_id"] != testClient {
		return nil, errors.New("client_id is not the app client")
	}
	if err := std.ValidateWithLeeway(want, 0); err != nil {
		return nil, err
	}
	if all["token_use"] != use {
		return nil, errors.New("token_use is not " + use)
	}
	return all, nil
}

// verifyTokens checks both tokens of a sign-in against the server's
// published keys, and the claims Cognito puts in them.
func verifyTokens(t *testing.T, srv *srptest.Server, access, id, user, deviceKey string) {
	t.Helper()
	issuer := srv.URL + "/" + testPool
	_, keys := discover(t, issuer)
	ac, err := verify(access, keys, issuer, "access", time.Now())
	if err != nil {
		t.Fatalf("access token: %v", err)
	}
	ic, err := verify(id, keys, issuer, "id", time.Now())
	if err != nil {
		t.Fatalf("ID token: %v", err)
	}
	names := func(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }
	wantAccess := []string{"auth_time", "client_id", "event_id", "exp", "iat", "iss", "jti", "origin_jti", "scope", "sub", "token_use", "username"}
	if deviceKey != "" {
		wantAccess = slices.Sorted(slices.Values(append(wantAccess, "device_key")))
	}
	if got := names(ac); !slices.Equal(got, wantAccess) {
		t.Errorf("access token claims %v, want %v", got, wantAccess)
	}
	wantID := []string{"aud", "auth_time", "cognito:username", "event_id", "exp", "iat", "iss", "jti", "origin_jti", "sub", "token_use"}
	if got := slices.DeleteFunc(names(ic), func(n string) bool { return n == "preferred_username" }); !slices.Equal(got, wantID) {
		t.Errorf("ID token claims %v, want %v", got, wantID)
	}
	if ac["username"] != user || ic["cognito:username"] != user || ac["device_key"] != deviceKey && deviceKey != "" ||
		ac["scope"] != "aws.cognito.signin.user.admin" || ac["sub"] != ic["sub"] ||
		ac["origin_jti"] != ic["origin_jti"] || ac["event_id"] != ic["event_id"] || ac["jti"] == ic["jti"] {
		t.Errorf("claims: access %v, ID %v", ac, ic)
	}
	var hdr map[string]any
	b, _ := base64.RawURLEncoding.DecodeString(strings.Split(access, ".")[0])
	if json.Unmarshal(b, &hdr) != nil || len(hdr) != 2 || hdr["alg"] != "RS256" || hdr["kid"] != srv.Handler.KeyID() {
		t.Errorf("header %s, want kid %s and alg RS256 only", b, srv.Handler.KeyID())
	}
}

// The discovery document and the JWKS are what Cognito publishes.
func TestWellKnown(t *testing.T) {
	srv := newServer(t, testConfig())
	issuer := srv.URL + "/" + testPool
	if got := srv.Handler.Issuer(); got != issuer {
		t.Errorf("Issuer() = %s, want %s", got, issuer)
	}
	oidc, keys := discover(t, issuer)
	if oidc["issuer"] != issuer || oidc["jwks_uri"] != issuer+"/.well-known/jwks.json" ||
		!slices.Equal(toStrings(oidc["id_token_signing_alg_values_supported"]), []string{"RS256"}) ||
		!slices.Equal(toStrings(oidc["subject_types_supported"]), []string{"public"}) {
		t.Errorf("openid-configuration %v", oidc)
	}
	if len(keys.Keys) != 1 {
		t.Fatalf("%d keys", len(keys.Keys))
	}
	k := keys.Keys[0]
	pub, ok := k.Key.(*rsa.PublicKey)
	if !ok || k.KeyID != srv.Handler.KeyID() || k.Algorithm != "RS256" || k.Use != "sig" || pub.N.BitLen() != 2048 || pub.E != 65537 ||
		!pub.Equal(srv.Handler.PublicKey()) {
		t.Errorf("JWKS key %+v", k)
	}
	var raw struct{ Keys []map[string]string }
	if err := json.Unmarshal(srv.Handler.JWKS(), &raw); err != nil || len(raw.Keys) != 1 || len(raw.Keys[0]) != 6 || raw.Keys[0]["kty"] != "RSA" || raw.Keys[0]["e"] != "AQAB" {
		t.Errorf("JWKS() %s", srv.Handler.JWKS())
	}
	// Only those two paths answer GET.
	resp, err := http.Get(issuer + "/.well-known/other")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET another path: %d", resp.StatusCode)
	}
}

func toStrings(v any) []string {
	var out []string
	s, _ := v.([]any)
	for _, e := range s {
		str, _ := e.(string)
		out = append(out, str)
	}
	return out
}

// signInRaw signs alice in with the PASSWORD challenge of choice-based
// sign-in and returns the access and ID tokens.
func signInRaw(t *testing.T, url string) (string, string) {
	t.Helper()
	status, out := rawCall(t, url, "InitiateAuth", map[string]any{"AuthFlow": "USER_AUTH", "ClientId": testClient,
		"AuthParameters": map[string]string{"USERNAME": "alice", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": "Correct horse 1!"}})
	if status != 200 {
		t.Fatalf("sign-in: %d %v", status, out)
	}
	ar := out["AuthenticationResult"].(map[string]any)
	return ar["AccessToken"].(string), ar["IdToken"].(string)
}

// A token from another server, a tampered one, one signed another way and an
// expired one do not verify.
func TestTokensRejected(t *testing.T) {
	srv := newServer(t, testConfig())
	issuer := srv.URL + "/" + testPool
	_, keys := discover(t, issuer)
	access, id := signInRaw(t, srv.URL)
	verifyTokens(t, srv, access, id, "alice", "")

	// Another server with its own key.
	cfg := testConfig()
	cfg.SigningKey, _ = testSigningKey(t)
	other := newServer(t, cfg)
	oa, oi := signInRaw(t, other.URL)
	for _, tok := range []string{oa, oi} {
		if _, err := verify(tok, keys, "", useOf(tok), time.Now()); err == nil {
			t.Error("a token of another server verifies")
		}
	}
	// Even under this server's kid.
	forged := srv.Handler.KeyID()
	hdr := base64.RawURLEncoding.EncodeToString([]byte(`{"kid":"` + forged + `","alg":"RS256"}`))
	parts := strings.Split(oa, ".")
	if _, err := verify(hdr+"."+parts[1]+"."+parts[2], keys, "", "access", time.Now()); err == nil {
		t.Error("another server's token under this kid verifies")
	}
	// Another server sharing the process's key: its tokens carry its own
	// iss, so an application checking iss, and this server, refuse them.
	twin := newServer(t, testConfig())
	if twin.Handler.KeyID() != srv.Handler.KeyID() {
		t.Fatal("two servers without a SigningKey do not share the process's key")
	}
	ta, ti := signInRaw(t, twin.URL)
	for _, tok := range []string{ta, ti} {
		if _, err := verify(tok, keys, issuer, useOf(tok), time.Now()); err == nil {
			t.Error("a token of another server with the same key verifies with this server's issuer")
		}
	}
	status, out := rawCall(t, srv.URL, "ConfirmDevice", map[string]any{"AccessToken": ta, "DeviceKey": "k",
		"DeviceSecretVerifierConfig": map[string]string{"PasswordVerifier": "AQ==", "Salt": "AQ=="}})
	wantError(t, status, out, "NotAuthorizedException", "Invalid Access Token")

	parts = strings.Split(access, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	for name, tok := range map[string]string{
		"username changed": parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(payload), `"alice"`, `"bob@x"`, 1))) + "." + parts[2],
		"signature bit":    parts[0] + "." + parts[1] + "." + flipMiddle(parts[2]),
		"no signature":     parts[0] + "." + parts[1] + ".",
		"alg none":         base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none"}`)) + "." + parts[1] + ".",
		"alg HS256":        base64.RawURLEncoding.EncodeToString([]byte(`{"kid":"`+forged+`","alg":"HS256"}`)) + "." + parts[1] + "." + parts[2],
	} {
		if _, err := verify(tok, keys, issuer, "access", time.Now()); err == nil {
			t.Errorf("%s: verifies", name)
		}
	}
	// The server's own check (ConfirmDevice) refuses a tampered token too.
	status, out = rawCall(t, srv.URL, "ConfirmDevice", map[string]any{"AccessToken": parts[0] + "." + parts[1] + "." + flipMiddle(parts[2]), "DeviceKey": "k",
		"DeviceSecretVerifierConfig": map[string]string{"PasswordVerifier": "AQ==", "Salt": "AQ=="}})
	wantError(t, status, out, "NotAuthorizedException", "Invalid Access Token")

	// Expired: issued by a server whose clock is two hours behind.
	cfg = testConfig()
	clk := testenv.NewClock(time.Now().Add(-2 * time.Hour))
	cfg.Now = clk.Now
	old := newServer(t, cfg)
	ea, ei := signInRaw(t, old.URL)
	_, okeys := discover(t, old.URL+"/"+testPool)
	for _, tok := range []string{ea, ei} {
		if _, err := verify(tok, okeys, old.URL+"/"+testPool, useOf(tok), time.Now()); !errors.Is(err, jwt.ErrExpired) {
			t.Errorf("expired token: %v, want ErrExpired", err)
		}
		if _, err := verify(tok, okeys, old.URL+"/"+testPool, useOf(tok), clk.Now()); err != nil {
			t.Errorf("the same token at its server's time: %v", err)
		}
	}
}

func useOf(tok string) string {
	b, _ := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[1])
	var c struct {
		Use string `json:"token_use"`
	}
	json.Unmarshal(b, &c)
	return c.Use
}

// flipMiddle changes a character in the middle of the base64url string s,
// which changes the bytes it encodes (the last character of an RS256
// signature holds 4 unused bits).
func flipMiddle(s string) string {
	i := len(s) / 2
	c := byte('A')
	if s[i] == 'A' {
		c = 'B'
	}
	return s[:i] + string(c) + s[i+1:]
}

// Config.SigningKey makes the key, and so the kid and JWKS, the same in every
// run; bad keys are rejected.
func TestSigningKeyFromConfig(t *testing.T) {
	pkcs8, k := testSigningKey(t)
	pkcs1 := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}))
	der, _ := x509.MarshalPKCS8PrivateKey(k)
	var kids []string
	for _, key := range []string{pkcs8, pkcs1} {
		cfg := testConfig()
		cfg.SigningKey = key
		srv := newServer(t, cfg)
		if !srv.Handler.PublicKey().Equal(&k.PublicKey) {
			t.Error("PublicKey is not the configured key's")
		}
		kids = append(kids, srv.Handler.KeyID())
		access, id := signInRaw(t, srv.URL)
		verifyTokens(t, srv, access, id, "alice", "")
	}
	if kids[0] != kids[1] {
		t.Errorf("kids %v differ for one key", kids)
	}
	small, _ := rsa.GenerateKey(rand.Reader, 1024)
	sder, _ := x509.MarshalPKCS8PrivateKey(small)
	for name, bad := range map[string]string{
		"1024 bits":  string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: sder})),
		"not PEM":    "MIIE...",
		"wrong type": string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})),
		"garbage":    string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte("x")})),
	} {
		cfg := testConfig()
		cfg.SigningKey = bad
		if _, err := srptest.NewHandler(cfg); err == nil || !strings.Contains(err.Error(), "signingKey") {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, bad := range []string{"127.0.0.1:9229", "ftp://x", "http://x/?q=1", "http:///p"} {
		cfg := testConfig()
		cfg.BaseURL = bad
		if _, err := srptest.NewHandler(cfg); err == nil || !strings.Contains(err.Error(), "baseUrl") {
			t.Errorf("baseUrl %q: %v", bad, err)
		}
	}
}

// testSigningKey returns a 2048-bit RSA key, as PEM (PKCS #8) and parsed,
// fixed in testdata so that the tests do not draw one.
func testSigningKey(t *testing.T) (string, *rsa.PrivateKey) {
	t.Helper()
	data, err := os.ReadFile("testdata/signing-key.pem")
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		t.Fatal("testdata/signing-key.pem: no PEM block")
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return string(data), k.(*rsa.PrivateKey)
}

// bobID is the USER_ID_FOR_SRP of bob@example.com in testConfig.
const bobID = "0c7a9d6e-2b1f-4c3d-9e8f-1a2b3c4d5e6f"

// The PASSWORD challenge of choice-based sign-in, preferred or selected, and
// the admin operation give tokens that verify too (the SRP flows are checked
// in TestSDKFlows).
func TestTokensOfPasswordChallenge(t *testing.T) {
	srv := newServer(t, testConfig())
	access, id := signInRaw(t, srv.URL)
	verifyTokens(t, srv, access, id, "alice", "")
	for _, op := range []string{"InitiateAuth", "AdminInitiateAuth"} {
		status, out := rawCall(t, srv.URL, op, map[string]any{"UserPoolId": testPool, "AuthFlow": "USER_AUTH", "ClientId": testClient,
			"AuthParameters": map[string]string{"USERNAME": "bobby"}})
		if status != 200 {
			t.Fatalf("%s: %d %v", op, status, out)
		}
		status, out = rawCall(t, srv.URL, strings.Replace(op, "InitiateAuth", "RespondToAuthChallenge", 1), map[string]any{
			"UserPoolId": testPool, "ChallengeName": "SELECT_CHALLENGE", "ClientId": testClient, "Session": out["Session"],
			"ChallengeResponses": map[string]string{"USERNAME": "bobby", "ANSWER": "PASSWORD", "PASSWORD": "pässwörd"}})
		if status != 200 {
			t.Fatalf("%s SELECT_CHALLENGE: %d %v", op, status, out)
		}
		ar := out["AuthenticationResult"].(map[string]any)
		verifyTokens(t, srv, ar["AccessToken"].(string), ar["IdToken"].(string), bobID, "")
	}
}

// The server's own check of an access token (ConfirmDevice) refuses one whose
// signature's last character differs only in its unused bits.
func TestAccessTokenPaddingBits(t *testing.T) {
	srv := newServer(t, testConfig())
	access, _ := signInRaw(t, srv.URL)
	last := access[len(access)-1]
	// 256 bytes in base64url: the last character carries 2 bits, then 4
	// unused ones; flip the lowest unused bit.
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	mangled := access[:len(access)-1] + string(alphabet[strings.IndexByte(alphabet, last)^1])
	status, out := rawCall(t, srv.URL, "ConfirmDevice", map[string]any{"AccessToken": mangled, "DeviceKey": "k",
		"DeviceSecretVerifierConfig": map[string]string{"PasswordVerifier": "AQ==", "Salt": "AQ=="}})
	wantError(t, status, out, "NotAuthorizedException", "Invalid Access Token")
}

// The follow-up challenges (NEW_PASSWORD_REQUIRED, SOFTWARE_TOKEN_MFA) and
// REFRESH_TOKEN_AUTH give tokens that verify too, with the refresh keeping
// the user.
func TestTokensOfFollowUpsAndRefresh(t *testing.T) {
	const totpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	cfg := testConfig()
	cfg.Users = append(cfg.Users, srptest.User{Username: "dave", Password: "Temporary 1!", NewPasswordRequired: true, TOTPSecret: totpSecret})
	srv := newServer(t, cfg)
	status, out := rawCall(t, srv.URL, "InitiateAuth", map[string]any{"AuthFlow": "USER_AUTH", "ClientId": testClient,
		"AuthParameters": map[string]string{"USERNAME": "dave", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": "Temporary 1!"}})
	if status != 200 || out["ChallengeName"] != "NEW_PASSWORD_REQUIRED" {
		t.Fatalf("sign-in: %d %v", status, out)
	}
	status, out = rawCall(t, srv.URL, "RespondToAuthChallenge", map[string]any{"ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": testClient,
		"Session": out["Session"], "ChallengeResponses": map[string]string{"USERNAME": "dave", "NEW_PASSWORD": "Brand new 1!"}})
	if status != 200 || out["ChallengeName"] != "SOFTWARE_TOKEN_MFA" {
		t.Fatalf("NEW_PASSWORD_REQUIRED: %d %v", status, out)
	}
	code, err := srptest.TOTP(totpSecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	status, out = rawCall(t, srv.URL, "RespondToAuthChallenge", map[string]any{"ChallengeName": "SOFTWARE_TOKEN_MFA", "ClientId": testClient,
		"Session": out["Session"], "ChallengeResponses": map[string]string{"USERNAME": "dave", "SOFTWARE_TOKEN_MFA_CODE": code}})
	if status != 200 {
		t.Fatalf("SOFTWARE_TOKEN_MFA: %d %v", status, out)
	}
	ar := out["AuthenticationResult"].(map[string]any)
	verifyTokens(t, srv, ar["AccessToken"].(string), ar["IdToken"].(string), "dave", "")
	status, out = rawCall(t, srv.URL, "InitiateAuth", map[string]any{"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": testClient,
		"AuthParameters": map[string]string{"REFRESH_TOKEN": ar["RefreshToken"].(string)}})
	if status != 200 {
		t.Fatalf("REFRESH_TOKEN_AUTH: %d %v", status, out)
	}
	ar = out["AuthenticationResult"].(map[string]any)
	verifyTokens(t, srv, ar["AccessToken"].(string), ar["IdToken"].(string), "dave", "")
}
