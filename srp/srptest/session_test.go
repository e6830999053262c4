package srptest_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ci "github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	citypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentity/types"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/internal/testenv"
	"github.com/srpkit/cognito/srp/srptest"
)

// sessionServer starts a server for testConfig changed by edit, on a clock
// that starts now, and returns an SDK client for it.
func sessionServer(t *testing.T, edit func(*srptest.Config)) (*cip.Client, *testenv.Clock) {
	t.Helper()
	clk := testenv.NewClock(time.Now())
	cfg := testConfig()
	cfg.Now = clk.Now
	cfg.Logf = t.Logf
	if edit != nil {
		edit(&cfg)
	}
	return newClient(newServer(t, cfg)), clk
}

// wantAPIError checks that err is the SDK's error T with a message
// containing msg.
func wantAPIError[T interface {
	error
	ErrorMessage() string
}](t *testing.T, err error, msg string) {
	t.Helper()
	var e T
	if !errors.As(err, &e) || !strings.Contains(e.ErrorMessage(), msg) {
		t.Fatalf("err = %v, want %T %q", err, e, msg)
	}
}

func refreshAuth(ctx context.Context, c *cip.Client, refreshToken string, extra map[string]string) (*cip.InitiateAuthOutput, error) {
	params := map[string]string{"REFRESH_TOKEN": refreshToken}
	for k, v := range extra {
		params[k] = v
	}
	return c.InitiateAuth(ctx, &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeRefreshTokenAuth, ClientId: aws.String(testClient), AuthParameters: params})
}

func getTokens(ctx context.Context, c *cip.Client, refreshToken, secret, deviceKey string) (*types.AuthenticationResultType, error) {
	in := &cip.GetTokensFromRefreshTokenInput{ClientId: aws.String(testClient), RefreshToken: aws.String(refreshToken)}
	if secret != "" {
		in.ClientSecret = aws.String(secret)
	}
	if deviceKey != "" {
		in.DeviceKey = aws.String(deviceKey)
	}
	out, err := c.GetTokensFromRefreshToken(ctx, in)
	if err != nil {
		return nil, err
	}
	return out.AuthenticationResult, nil
}

func signIn(t *testing.T, c *cip.Client, name, password string) *types.AuthenticationResultType {
	t.Helper()
	out, err := login(context.Background(), c, name, password, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return requireTokens(t, out)
}

// TestGlobalSignOut: GlobalSignOut revokes the user's access and refresh
// tokens of every sign-in so far, on the server's clock or not; another
// user's and a later sign-in's tokens still work.
func TestGlobalSignOut(t *testing.T) {
	ctx := context.Background()
	c, _ := sessionServer(t, nil)
	first, second := signIn(t, c, "alice", "Correct horse 1!"), signIn(t, c, "alice", "Correct horse 1!")
	bob := signIn(t, c, "bobby", "pässwörd")
	refreshed, err := refreshAuth(ctx, c, aws.ToString(first.RefreshToken), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: aws.String("not a token")})
	wantAPIError[*types.NotAuthorizedException](t, err, "Invalid Access Token")
	if _, err := c.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: refreshed.AuthenticationResult.AccessToken}); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []*string{first.AccessToken, second.AccessToken, refreshed.AuthenticationResult.AccessToken} {
		_, err := c.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: tok})
		wantAPIError[*types.NotAuthorizedException](t, err, "Access Token has been revoked")
		_, err = c.ForgetDevice(ctx, &cip.ForgetDeviceInput{AccessToken: tok, DeviceKey: aws.String("us-east-1_x")})
		wantAPIError[*types.NotAuthorizedException](t, err, "Access Token has been revoked")
	}
	for _, tok := range []*string{first.RefreshToken, second.RefreshToken} {
		_, err := refreshAuth(ctx, c, aws.ToString(tok), nil)
		wantAPIError[*types.NotAuthorizedException](t, err, "Refresh Token has been revoked")
		_, err = getTokens(ctx, c, aws.ToString(tok), "", "")
		wantAPIError[*types.NotAuthorizedException](t, err, "Refresh Token has been revoked")
	}
	if _, err := refreshAuth(ctx, c, aws.ToString(bob.RefreshToken), nil); err != nil {
		t.Errorf("another user's refresh token: %v", err)
	}
	later := signIn(t, c, "alice", "Correct horse 1!")
	if _, err := refreshAuth(ctx, c, aws.ToString(later.RefreshToken), nil); err != nil {
		t.Errorf("a sign-in after the sign-out: %v", err)
	}
	if _, err := c.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: later.AccessToken}); err != nil {
		t.Errorf("GlobalSignOut again: %v", err)
	}
}

// TestRevokeToken: RevokeToken revokes one family (the refresh token, the
// access tokens issued with it and refreshed from it), with Cognito's
// client secret rules; another sign-in's tokens still work.
func TestRevokeToken(t *testing.T) {
	const secret = "s3cr3t-0123456789abcdefghijklmnopqrstu"
	ctx := context.Background()
	c, _ := sessionServer(t, func(cfg *srptest.Config) { cfg.ClientSecret = secret })
	loginTokens := func() *types.AuthenticationResultType {
		out, err := login(ctx, c, "alice", "Correct horse 1!", secret, "")
		if err != nil {
			t.Fatal(err)
		}
		return requireTokens(t, out)
	}
	a, b := loginTokens(), loginTokens()
	hash := map[string]string{"SECRET_HASH": secrethashOf("alice", secret)}
	refreshed, err := refreshAuth(ctx, c, aws.ToString(a.RefreshToken), hash)
	if err != nil {
		t.Fatal(err)
	}
	revoke := func(token, clientSecret string) error {
		in := &cip.RevokeTokenInput{ClientId: aws.String(testClient), Token: aws.String(token)}
		if clientSecret != "" {
			in.ClientSecret = aws.String(clientSecret)
		}
		_, err := c.RevokeToken(ctx, in)
		return err
	}
	wantAPIError[*types.UnauthorizedException](t, revoke(aws.ToString(a.RefreshToken), ""), "configured with secret but ClientSecret was not received")
	wantAPIError[*types.UnauthorizedException](t, revoke(aws.ToString(a.RefreshToken), "wrong-secret-0123456789abcdef"), "Unable to verify secret")
	wantAPIError[*types.UnsupportedTokenTypeException](t, revoke(aws.ToString(a.AccessToken), secret), "Unsupported token type")
	wantAPIError[*types.UnauthorizedException](t, revoke("bm90IGEgdG9rZW4", secret), "Invalid Refresh Token")
	if _, err := refreshAuth(ctx, c, aws.ToString(a.RefreshToken), hash); err != nil {
		t.Fatalf("refused before the revocation: %v", err)
	}
	if err := revoke(aws.ToString(a.RefreshToken), secret); err != nil {
		t.Fatal(err)
	}
	if err := revoke(aws.ToString(a.RefreshToken), secret); err != nil {
		t.Errorf("revoking again: %v", err)
	}
	_, err = refreshAuth(ctx, c, aws.ToString(a.RefreshToken), hash)
	wantAPIError[*types.NotAuthorizedException](t, err, "Refresh Token has been revoked")
	for _, tok := range []*string{a.AccessToken, refreshed.AuthenticationResult.AccessToken} {
		_, err := c.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: tok})
		wantAPIError[*types.NotAuthorizedException](t, err, "Access Token has been revoked")
	}
	if _, err := refreshAuth(ctx, c, aws.ToString(b.RefreshToken), hash); err != nil {
		t.Errorf("another sign-in's refresh token: %v", err)
	}
}

// TestRefreshTokenTTL: a refresh token works until RefreshTokenTTL after
// its sign-in, then gets "Refresh Token has expired"; the access token's
// lifetime is TokenTTL.
func TestRefreshTokenTTL(t *testing.T) {
	ctx := context.Background()
	c, clk := sessionServer(t, func(cfg *srptest.Config) { cfg.TokenTTL, cfg.RefreshTokenTTL = 5*time.Second, time.Hour })
	out, err := login(ctx, c, "alice", "Correct horse 1!", "", "")
	if err != nil {
		t.Fatal(err)
	}
	tk := out.AuthenticationResult
	if tk.ExpiresIn != 5 {
		t.Errorf("ExpiresIn %d, want 5", tk.ExpiresIn)
	}
	clk.Add(time.Hour - time.Second)
	if _, err := refreshAuth(ctx, c, aws.ToString(tk.RefreshToken), nil); err != nil {
		t.Fatalf("a second before expiry: %v", err)
	}
	clk.Add(time.Second)
	_, err = refreshAuth(ctx, c, aws.ToString(tk.RefreshToken), nil)
	wantAPIError[*types.NotAuthorizedException](t, err, "Refresh Token has expired")
	_, err = getTokens(ctx, c, aws.ToString(tk.RefreshToken), "", "")
	wantAPIError[*types.NotAuthorizedException](t, err, "Refresh Token has expired")
}

// TestRotation: with rotation on, REFRESH_TOKEN_AUTH is refused;
// GetTokensFromRefreshToken returns a new refresh token, the old one works
// only within the grace period (answered with the same new token), the new
// one expires with the old; without rotation it returns no refresh token.
func TestRotation(t *testing.T) {
	ctx := context.Background()
	c, clk := sessionServer(t, func(cfg *srptest.Config) {
		cfg.RefreshTokenRotation, cfg.RefreshTokenGracePeriod, cfg.RefreshTokenTTL = true, 10*time.Second, time.Hour
	})
	tk := signIn(t, c, "alice", "Correct horse 1!")
	old := aws.ToString(tk.RefreshToken)
	_, err := refreshAuth(ctx, c, old, nil)
	wantAPIError[*types.InvalidParameterException](t, err, "REFRESH_TOKEN_AUTH flow not enabled for this client")

	r1, err := getTokens(ctx, c, old, "", "")
	if err != nil {
		t.Fatal(err)
	}
	next := aws.ToString(r1.RefreshToken)
	if next == "" || next == old || aws.ToString(r1.AccessToken) == "" {
		t.Fatalf("rotation: refresh token %q", next)
	}
	clk.Add(9 * time.Second)
	r2, err := getTokens(ctx, c, old, "", "")
	if err != nil || aws.ToString(r2.RefreshToken) != next {
		t.Fatalf("retry within the grace period: %v, same token %v", err, r2 != nil && aws.ToString(r2.RefreshToken) == next)
	}
	clk.Add(time.Second)
	_, err = getTokens(ctx, c, old, "", "")
	wantAPIError[*types.RefreshTokenReuseException](t, err, "used already")
	r3, err := getTokens(ctx, c, next, "", "")
	if err != nil || aws.ToString(r3.RefreshToken) == next {
		t.Fatalf("the new refresh token: %v", err)
	}
	// The family expires when the first refresh token would have.
	clk.Add(time.Hour - 10*time.Second)
	_, err = getTokens(ctx, c, aws.ToString(r3.RefreshToken), "", "")
	wantAPIError[*types.NotAuthorizedException](t, err, "Refresh Token has expired")

	plain, _ := sessionServer(t, nil)
	tk = signIn(t, plain, "alice", "Correct horse 1!")
	for range 2 {
		r, err := getTokens(ctx, plain, aws.ToString(tk.RefreshToken), "", "")
		if err != nil || r.RefreshToken != nil || aws.ToString(r.AccessToken) == "" {
			t.Fatalf("without rotation: %v %+v", err, r)
		}
	}
}

// TestGetTokensClientSecret: GetTokensFromRefreshToken takes the client
// secret itself, for clients with one.
func TestGetTokensClientSecret(t *testing.T) {
	const secret = "s3cr3t-0123456789abcdefghijklmnopqrstu"
	ctx := context.Background()
	c, _ := sessionServer(t, func(cfg *srptest.Config) { cfg.ClientSecret = secret })
	out, err := login(ctx, c, "alice", "Correct horse 1!", secret, "")
	if err != nil {
		t.Fatal(err)
	}
	rt := aws.ToString(out.AuthenticationResult.RefreshToken)
	_, err = getTokens(ctx, c, rt, "", "")
	wantAPIError[*types.NotAuthorizedException](t, err, "configured with secret but ClientSecret was not received")
	_, err = getTokens(ctx, c, rt, secret+"x", "")
	wantAPIError[*types.NotAuthorizedException](t, err, "Unable to verify secret")
	if _, err := getTokens(ctx, c, rt, secret, ""); err != nil {
		t.Fatal(err)
	}
}

// TestForgetDevice: ForgetDevice and AdminForgetDevice forget a device (its
// key then gets "Device does not exist." at sign-in, and refresh tokens
// bound to it are refused), with Cognito's errors.
func TestForgetDevice(t *testing.T) {
	ctx := context.Background()
	c, _ := sessionServer(t, func(cfg *srptest.Config) { cfg.DeviceTracking = "always" })
	device := func() (*types.AuthenticationResultType, string) {
		tk := signIn(t, c, "alice", "Correct horse 1!")
		return tk, aws.ToString(tk.NewDeviceMetadata.DeviceKey)
	}
	tk, key := device()
	bob := signIn(t, c, "bobby", "pässwörd")
	_, err := c.ForgetDevice(ctx, &cip.ForgetDeviceInput{AccessToken: bob.AccessToken, DeviceKey: aws.String(key)})
	wantAPIError[*types.ResourceNotFoundException](t, err, "Device does not exist.")
	if _, err := refreshAuth(ctx, c, aws.ToString(tk.RefreshToken), map[string]string{"DEVICE_KEY": key}); err != nil {
		t.Fatalf("refresh before forgetting: %v", err)
	}
	if _, err := c.ForgetDevice(ctx, &cip.ForgetDeviceInput{AccessToken: tk.AccessToken, DeviceKey: aws.String(key)}); err != nil {
		t.Fatal(err)
	}
	_, err = refreshAuth(ctx, c, aws.ToString(tk.RefreshToken), map[string]string{"DEVICE_KEY": key})
	wantAPIError[*types.NotAuthorizedException](t, err, "Invalid Refresh Token")
	_, err = login(ctx, c, "alice", "Correct horse 1!", "", key)
	wantAPIError[*types.ResourceNotFoundException](t, err, "Device does not exist.")
	_, err = c.ForgetDevice(ctx, &cip.ForgetDeviceInput{AccessToken: tk.AccessToken, DeviceKey: aws.String(key)})
	wantAPIError[*types.ResourceNotFoundException](t, err, "Device does not exist.")

	_, key = device()
	for _, in := range []*cip.AdminForgetDeviceInput{
		{UserPoolId: aws.String("us-east-1_Other"), Username: aws.String("alice"), DeviceKey: aws.String(key)},
		{UserPoolId: aws.String(testPool), Username: aws.String("mallory"), DeviceKey: aws.String(key)},
		{UserPoolId: aws.String(testPool), Username: aws.String("bobby"), DeviceKey: aws.String(key)},
	} {
		_, err := c.AdminForgetDevice(ctx, in)
		var nf *types.ResourceNotFoundException
		var un *types.UserNotFoundException
		if !errors.As(err, &nf) && !errors.As(err, &un) {
			t.Errorf("AdminForgetDevice %s/%s: %v", aws.ToString(in.UserPoolId), aws.ToString(in.Username), err)
		}
	}
	if _, err := c.AdminForgetDevice(ctx, &cip.AdminForgetDeviceInput{UserPoolId: aws.String(testPool), Username: aws.String("alice"), DeviceKey: aws.String(key)}); err != nil {
		t.Fatal(err)
	}
	_, err = login(ctx, c, "alice", "Correct horse 1!", "", key)
	wantAPIError[*types.ResourceNotFoundException](t, err, "Device does not exist.")
}

func TestSessionConfig(t *testing.T) {
	cfg, err := srptest.ParseConfig([]byte(`{"userPoolId": "us-east-1_AbC", "clientId": "c", "users": [],
		"tokenTTL": "2s", "idTokenTTL": "1s", "refreshTokenTTL": "720h", "refreshTokenGracePeriod": "30s", "refreshTokenRotation": true,
		"identityPoolId": "us-east-1:0b8f0e4c-6a59-4b0e-9d5e-3f2a1c4b5d6e"}`))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.TokenTTL != 2*time.Second || cfg.IDTokenTTL != time.Second || cfg.RefreshTokenTTL != 720*time.Hour || cfg.RefreshTokenGracePeriod != 30*time.Second ||
		!cfg.RefreshTokenRotation || cfg.IdentityPoolID != "us-east-1:0b8f0e4c-6a59-4b0e-9d5e-3f2a1c4b5d6e" {
		t.Errorf("parsed %+v", cfg)
	}
	const base = `{"userPoolId": "us-east-1_AbC", "clientId": "c", "users": [], `
	for bad, want := range map[string]string{
		`"tokenTTL": "soon"}`:                    `tokenTTL "soon": want a Go duration`,
		`"tokenTTL": "500ms"}`:                   "tokenTTL must be at least 1s",
		`"tokenTTL": 5}`:                         "invalid JSON",
		`"idTokenTTL": "999ms"}`:                 "idTokenTTL must be at least 1s",
		`"idTokenTTL": "-1s"}`:                   "limits must not be negative",
		`"refreshTokenTTL": "-1h"}`:              "refreshTokenTTL must not be negative",
		`"refreshTokenGracePeriod": "61s"}`:      "refreshTokenGracePeriod must be between 0s and 60s",
		`"identityPoolId": "us-east-1_nocolon"}`: "identityPoolId",
		`"identityPool": "us-east-1:00"}`:        "unknown field",
	} {
		if _, err := srptest.ParseConfig([]byte(base + bad)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", bad, err, want)
		}
	}
}

// TestNullMapMembers: a map member set to null is absent, as in AWS's JSON
// protocols: amazon-cognito-identity-js retries a PASSWORD_VERIFIER answer
// whose device does not exist with "DEVICE_KEY": null.
func TestNullMapMembers(t *testing.T) {
	srv := newServer(t, testConfig())
	s, p, sess := rawStart(t, srv.URL, "alice", "Correct horse 1!")
	resp, _ := s.Respond(p, time.Now())
	withKey := map[string]any{}
	for k, v := range resp {
		withKey[k] = v
	}
	withKey["DEVICE_KEY"] = "us-east-1_11111111-2222-4333-8444-555555555555"
	call := func(responses map[string]any) (int, map[string]any) {
		return rawCall(t, srv.URL, "RespondToAuthChallenge", map[string]any{
			"ChallengeName": "PASSWORD_VERIFIER", "ClientId": testClient, "Session": sess, "ChallengeResponses": responses,
		})
	}
	status, out := call(withKey)
	wantError(t, status, out, "ResourceNotFoundException", "Device does not exist.")
	withKey["DEVICE_KEY"] = nil
	if status, out := call(withKey); status != 200 || out["AuthenticationResult"] == nil {
		t.Fatalf("retry with DEVICE_KEY null: %d %v", status, out)
	}
}

// TestTokenFamilyCap: at MaxTokenFamilies families with state (revoked or
// rotated) whose tokens have not expired, the server refuses to revoke or
// rotate another family (TooManyRequestsException) rather than forget one:
// a revoked or rotated-out refresh token never works again. Families whose
// tokens have expired make room.
func TestTokenFamilyCap(t *testing.T) {
	ctx := context.Background()
	// The SDK retries TooManyRequestsException, with back-off: not here.
	noRetry := func(o *cip.Options) { o.RetryMaxAttempts = 1 }
	c, clk := sessionServer(t, func(cfg *srptest.Config) {
		cfg.MaxTokenFamilies, cfg.RefreshTokenTTL, cfg.MaxClockSkew = 2, time.Hour, 2*time.Hour
	})
	c = cip.New(c.Options(), noRetry)
	revoke := func(tok *string) error {
		_, err := c.RevokeToken(ctx, &cip.RevokeTokenInput{ClientId: aws.String(testClient), Token: tok})
		return err
	}
	t1, t2, t3 := signIn(t, c, "alice", "Correct horse 1!"), signIn(t, c, "alice", "Correct horse 1!"), signIn(t, c, "bobby", "pässwörd")
	for _, tk := range []*types.AuthenticationResultType{t1, t2} {
		if err := revoke(tk.RefreshToken); err != nil {
			t.Fatal(err)
		}
	}
	wantAPIError[*types.TooManyRequestsException](t, revoke(t3.RefreshToken), "Rate exceeded")
	for _, tk := range []*types.AuthenticationResultType{t1, t2} {
		_, err := refreshAuth(ctx, c, aws.ToString(tk.RefreshToken), nil)
		wantAPIError[*types.NotAuthorizedException](t, err, "Refresh Token has been revoked")
	}
	if err := revoke(t1.RefreshToken); err != nil { // its family has state
		t.Errorf("revoking a revoked token again at the cap: %v", err)
	}
	if _, err := refreshAuth(ctx, c, aws.ToString(t3.RefreshToken), nil); err != nil {
		t.Errorf("the token whose revocation was refused: %v", err)
	}
	clk.Add(time.Hour) // t1, t2 and t3 expire: their families make room
	if err := revoke(t3.RefreshToken); err != nil {
		t.Errorf("revoking an expired token: %v", err)
	}
	t4 := signIn(t, c, "alice", "Correct horse 1!")
	if err := revoke(t4.RefreshToken); err != nil {
		t.Fatalf("revoking after the families expired: %v", err)
	}
	_, err := refreshAuth(ctx, c, aws.ToString(t4.RefreshToken), nil)
	wantAPIError[*types.NotAuthorizedException](t, err, "Refresh Token has been revoked")

	// Rotation: a second family cannot be rotated while the first one's
	// rotated-out token must stay refused.
	c, _ = sessionServer(t, func(cfg *srptest.Config) { cfg.MaxTokenFamilies, cfg.RefreshTokenRotation = 1, true })
	c = cip.New(c.Options(), noRetry)
	a, b := signIn(t, c, "alice", "Correct horse 1!"), signIn(t, c, "bobby", "pässwörd")
	a1, err := getTokens(ctx, c, aws.ToString(a.RefreshToken), "", "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = getTokens(ctx, c, aws.ToString(b.RefreshToken), "", "")
	wantAPIError[*types.TooManyRequestsException](t, err, "Rate exceeded")
	_, err = getTokens(ctx, c, aws.ToString(a.RefreshToken), "", "")
	wantAPIError[*types.RefreshTokenReuseException](t, err, "used already")
	if _, err := getTokens(ctx, c, aws.ToString(a1.RefreshToken), "", ""); err != nil {
		t.Errorf("the family with state rotates on: %v", err)
	}
}

// TestIDTokenTTL: IDTokenTTL sets the ID token's lifetime apart from the
// access token's, at sign-in and refresh, so that a client can be tested
// against an ID token that expires first: the identity pool then refuses it
// while the access token still works. ExpiresIn stays the access token's.
func TestIDTokenTTL(t *testing.T) {
	ctx := context.Background()
	clk := testenv.NewClock(time.Now())
	cfg := testConfig()
	cfg.Now, cfg.IdentityPoolID, cfg.TokenTTL, cfg.IDTokenTTL = clk.Now, testIdentityPool, time.Hour, 5*time.Second
	srv := newServer(t, cfg)
	c := newClient(srv)
	ids := ci.New(ci.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: aws.AnonymousCredentials{}})
	lifetime := func(tok string) int64 {
		t.Helper()
		var claims struct{ Iat, Exp int64 }
		p, err := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[1])
		if err != nil || json.Unmarshal(p, &claims) != nil {
			t.Fatalf("token payload: %v", err)
		}
		return claims.Exp - claims.Iat
	}
	tk := signIn(t, c, "alice", "Correct horse 1!") // ExpiresIn 3600
	r, err := refreshAuth(ctx, c, aws.ToString(tk.RefreshToken), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range []*types.AuthenticationResultType{tk, r.AuthenticationResult} {
		if a, i := lifetime(aws.ToString(res.AccessToken)), lifetime(aws.ToString(res.IdToken)); a != 3600 || i != 5 || res.ExpiresIn != 3600 {
			t.Errorf("lifetimes: access %ds, ID %ds, ExpiresIn %d; want 3600, 5, 3600", a, i, res.ExpiresIn)
		}
	}
	clk.Add(5 * time.Second)
	_, err = ids.GetId(ctx, &ci.GetIdInput{IdentityPoolId: aws.String(testIdentityPool),
		Logins: map[string]string{"cognito-idp.us-east-1.amazonaws.com/" + testPool: aws.ToString(tk.IdToken)}})
	wantAPIError[*citypes.NotAuthorizedException](t, err, "Token expired")
	if _, err := c.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{AccessToken: tk.AccessToken}); err != nil {
		t.Errorf("the access token, after the ID token expired: %v", err)
	}

	cfg.IDTokenTTL = 0 // the default: TokenTTL
	tk = signIn(t, newClient(newServer(t, cfg)), "alice", "Correct horse 1!")
	if i := lifetime(aws.ToString(tk.IdToken)); i != 3600 {
		t.Errorf("default ID token lifetime %ds, want 3600", i)
	}
}
