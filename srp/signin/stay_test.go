package signin_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/srp/signin"
	"github.com/srpkit/cognito/srp/srptest"
)

// countingAPI counts the refreshes that reach Cognito.
type countingAPI struct {
	signin.APIClient
	sdk                   *cip.Client // for the calls signin does not make
	mu                    sync.Mutex
	refreshAuth, getToken int
}

func (c *countingAPI) InitiateAuth(ctx context.Context, in *cip.InitiateAuthInput, opts ...func(*cip.Options)) (*cip.InitiateAuthOutput, error) {
	if in.AuthFlow == types.AuthFlowTypeRefreshTokenAuth {
		c.mu.Lock()
		c.refreshAuth++
		c.mu.Unlock()
	}
	return c.APIClient.InitiateAuth(ctx, in, opts...)
}

func (c *countingAPI) GetTokensFromRefreshToken(ctx context.Context, in *cip.GetTokensFromRefreshTokenInput, opts ...func(*cip.Options)) (*cip.GetTokensFromRefreshTokenOutput, error) {
	c.mu.Lock()
	c.getToken++
	c.mu.Unlock()
	return c.APIClient.GetTokensFromRefreshToken(ctx, in, opts...)
}

func (c *countingAPI) counts() (int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.refreshAuth, c.getToken
}

// stayServer starts srptest with the test users, changed by edit, and
// returns an SDK client for it (counting refreshes) and a signin Config for
// it.
func stayServer(t *testing.T, edit func(*srptest.Config)) (*countingAPI, signin.Config) {
	t.Helper()
	cfg := srptest.Config{
		UserPoolID: testPool,
		ClientID:   testClient,
		Logf:       t.Logf,
		Users: []srptest.User{
			{Username: "alice", Password: "Correct horse 1!"},
			{Username: "dave", Password: "Dave's pw 1!", TOTPSecret: totpSecret},
		},
	}
	if edit != nil {
		edit(&cfg)
	}
	_, api := serve(t, cfg)
	return &countingAPI{APIClient: api, sdk: api}, signin.Config{UserPoolID: testPool, ClientID: testClient, ClientSecret: cfg.ClientSecret, Now: cfg.Now}
}

// TestTokensKnowTheirDevice: the tokens of a sign-in are bound to its new
// device (confirmed or not) or to the remembered device it used, and
// Refresh sends that key without being told.
func TestTokensKnowTheirDevice(t *testing.T) {
	ctx := context.Background()
	api, cfg := stayServer(t, func(c *srptest.Config) { c.DeviceTracking = "always" })
	c := mustClient(t, api, cfg)
	tk := wantTokens(t)(c.SignIn(ctx, "alice", "Correct horse 1!"))
	if tk.NewDevice == nil || tk.DeviceKey != tk.NewDevice.Key {
		t.Fatalf("DeviceKey %q, NewDevice %+v", tk.DeviceKey, tk.NewDevice)
	}
	// Not confirmed: the refresh token is bound to it all the same.
	r, err := c.Refresh(ctx, tk)
	if err != nil {
		t.Fatalf("refresh with an unconfirmed device: %v", err)
	}
	if r.DeviceKey != tk.DeviceKey || r.RefreshToken != tk.RefreshToken || claims(t, r.AccessToken)["device_key"] != tk.DeviceKey {
		t.Errorf("refreshed %+v", r)
	}
	dev, err := c.RememberDevice(ctx, tk, "")
	if err != nil {
		t.Fatal(err)
	}
	tk2 := wantTokens(t)(c.WithDevice(dev).SignIn(ctx, "alice", "Correct horse 1!"))
	if tk2.DeviceKey != dev.Key || tk2.NewDevice != nil {
		t.Fatalf("device sign-in: DeviceKey %q", tk2.DeviceKey)
	}
	if _, err := c.Refresh(ctx, tk2); err != nil {
		t.Fatalf("refresh of the remembered device's tokens by a Client without it: %v", err)
	}
	tk2.DeviceKey = ""
	var na *types.NotAuthorizedException
	if _, err := c.Refresh(ctx, tk2); !errors.As(err, &na) {
		t.Errorf("refresh without the device key: %v", err)
	}
	// Nor does a Client with the device: only the Tokens say which device
	// they are bound to.
	if _, err := c.WithDevice(dev).Refresh(ctx, tk2); !errors.As(err, &na) {
		t.Errorf("refresh without the device key, by a Client with the device: %v", err)
	}
}

// TestForgottenDevice: a remembered device Cognito no longer knows is
// retried without DEVICE_KEY on the same Session, as the JS client does;
// every Result of that sign-in says so, through an MFA challenge too, and
// the tokens are bound to the new device Cognito hands out.
func TestForgottenDevice(t *testing.T) {
	ctx := context.Background()
	api, cfg := stayServer(t, func(c *srptest.Config) { c.DeviceTracking = "always" })
	c := mustClient(t, api, cfg)
	for _, user := range []struct{ name, password string }{{"alice", "Correct horse 1!"}, {"dave", "Dave's pw 1!"}} {
		res, err := c.SignIn(ctx, user.name, user.password)
		// Each code is of a later step than the one before: srptest, as
		// Cognito, refuses a used TOTP code.
		step := 0
		code := func() string {
			s, _ := srptest.TOTP(totpSecret, time.Now().Add(time.Duration(step)*30*time.Second))
			step++
			return s
		}
		if err == nil && res.Challenge != nil {
			res, err = c.MFACode(ctx, res.Challenge, code())
		}
		tk := wantTokens(t)(res, err)
		dev, err := c.RememberDevice(ctx, tk, "")
		if err != nil {
			t.Fatal(err)
		}
		if res, err := c.WithDevice(dev).SignIn(ctx, user.name, user.password); err != nil || res.ForgottenDevice || res.Tokens == nil {
			t.Fatalf("%s: sign-in with the device: %v %+v", user.name, err, res)
		}
		if _, err := api.sdk.ForgetDevice(ctx, &cip.ForgetDeviceInput{AccessToken: aws.String(tk.AccessToken), DeviceKey: aws.String(dev.Key)}); err != nil {
			t.Fatal(err)
		}
		res, err = c.WithDevice(dev).SignIn(ctx, user.name, user.password)
		if err != nil || !res.ForgottenDevice {
			t.Fatalf("%s: forgotten device: %v, ForgottenDevice %v", user.name, err, res != nil && res.ForgottenDevice)
		}
		if user.name == "dave" { // the device no longer skips MFA
			if res.Challenge == nil || res.Challenge.Name != types.ChallengeNameTypeSoftwareTokenMfa {
				t.Fatalf("dave: want SOFTWARE_TOKEN_MFA, got %+v", res)
			}
			res, err = c.MFACode(ctx, res.Challenge, code())
			if err != nil || !res.ForgottenDevice {
				t.Fatalf("dave: MFA after the forgotten device: %v, ForgottenDevice %v", err, res != nil && res.ForgottenDevice)
			}
		}
		tk = res.Tokens
		if tk == nil || tk.NewDevice == nil || tk.DeviceKey != tk.NewDevice.Key || tk.DeviceKey == dev.Key {
			t.Fatalf("%s: tokens after the fallback %+v", user.name, tk)
		}
		if _, err := c.Refresh(ctx, tk); err != nil {
			t.Errorf("%s: refresh after the fallback: %v", user.name, err)
		}
	}
}

// TestDeviceMissingOnlyForDevices: a ResourceNotFoundException that is not
// about the device, or one without a remembered device, is not retried.
func TestDeviceMissingOnlyForDevices(t *testing.T) {
	api, cfg := stayServer(t, nil)
	var responds int
	fake := &respondHook{APIClient: api, hook: func(in *cip.RespondToAuthChallengeInput) error {
		responds++
		return &types.ResourceNotFoundException{Message: aws.String("User pool client does not exist.")}
	}}
	c := mustClient(t, fake, cfg).WithDevice(&signin.Device{Key: "us-east-1_x", GroupKey: "g", Password: "p"})
	_, err := c.SignIn(context.Background(), "alice", "Correct horse 1!")
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) || responds != 1 {
		t.Errorf("after %d answers: %v", responds, err)
	}
}

// respondHook refuses RespondToAuthChallenge with hook's error.
type respondHook struct {
	signin.APIClient
	hook func(*cip.RespondToAuthChallengeInput) error
}

func (r *respondHook) RespondToAuthChallenge(ctx context.Context, in *cip.RespondToAuthChallengeInput, opts ...func(*cip.Options)) (*cip.RespondToAuthChallengeOutput, error) {
	if err := r.hook(in); err != nil {
		return nil, err
	}
	return r.APIClient.RespondToAuthChallenge(ctx, in, opts...)
}

// TestRotation: against an app client with rotation, Refresh finds out from
// Cognito's refusal of REFRESH_TOKEN_AUTH and then uses
// GetTokensFromRefreshToken only (with the client secret); the new refresh
// token is in the result and the old one is refused. Config.RefreshTokenRotation
// goes there at once.
func TestRotation(t *testing.T) {
	ctx := context.Background()
	api, cfg := stayServer(t, func(c *srptest.Config) { c.RefreshTokenRotation, c.ClientSecret = true, testSecret })
	c := mustClient(t, api, cfg)
	tk := wantTokens(t)(c.SignIn(ctx, "alice", "Correct horse 1!"))
	r1, err := c.Refresh(ctx, tk)
	if err != nil {
		t.Fatal(err)
	}
	if r1.RefreshToken == "" || r1.RefreshToken == tk.RefreshToken || r1.Username != "alice" {
		t.Fatalf("no new refresh token: %+v", r1)
	}
	r2, err := c.WithDevice(nil).Refresh(ctx, r1) // a copy shares what was found out
	if err != nil || r2.RefreshToken == r1.RefreshToken {
		t.Fatalf("second refresh: %v", err)
	}
	if ra, gt := api.counts(); ra != 1 || gt != 2 {
		t.Errorf("%d REFRESH_TOKEN_AUTH and %d GetTokensFromRefreshToken, want 1 and 2", ra, gt)
	}
	var reuse *types.RefreshTokenReuseException
	if _, err := c.Refresh(ctx, tk); !errors.As(err, &reuse) {
		t.Errorf("the rotated-out token: %v", err)
	}

	cfg.RefreshTokenRotation = true
	api2 := &countingAPI{APIClient: api.APIClient}
	c2 := mustClient(t, api2, cfg)
	if _, err := c2.Refresh(ctx, r2); err != nil {
		t.Fatal(err)
	}
	if ra, gt := api2.counts(); ra != 0 || gt != 1 {
		t.Errorf("with Config.RefreshTokenRotation: %d REFRESH_TOKEN_AUTH and %d GetTokensFromRefreshToken", ra, gt)
	}
}

// TestSignOut: GlobalSignOut and RevokeToken make Cognito refuse the
// refresh token.
func TestSignOut(t *testing.T) {
	ctx := context.Background()
	api, cfg := stayServer(t, func(c *srptest.Config) { c.ClientSecret = testSecret })
	c := mustClient(t, api, cfg)
	a := wantTokens(t)(c.SignIn(ctx, "alice", "Correct horse 1!"))
	b := wantTokens(t)(c.SignIn(ctx, "alice", "Correct horse 1!"))
	if err := c.RevokeToken(ctx, a); err != nil {
		t.Fatal(err)
	}
	wantRefused := func(tk *signin.Tokens, msg string) {
		t.Helper()
		var na *types.NotAuthorizedException
		if _, err := c.Refresh(ctx, tk); !errors.As(err, &na) || !strings.Contains(na.ErrorMessage(), msg) {
			t.Errorf("refresh: %v, want %q", err, msg)
		}
	}
	wantRefused(a, "Refresh Token has been revoked")
	if _, err := c.Refresh(ctx, b); err != nil {
		t.Errorf("the other sign-in: %v", err)
	}
	if err := c.GlobalSignOut(ctx, b); err != nil {
		t.Fatal(err)
	}
	wantRefused(b, "Refresh Token has been revoked")
	var na *types.NotAuthorizedException
	if err := c.GlobalSignOut(ctx, b); !errors.As(err, &na) {
		t.Errorf("signing out with a revoked access token: %v", err)
	}
	for _, err := range []error{c.GlobalSignOut(ctx, nil), c.RevokeToken(ctx, &signin.Tokens{AccessToken: "a"}), c.GlobalSignOut(ctx, &signin.Tokens{RefreshToken: "r"})} {
		if !errors.Is(err, signin.ErrMissingToken) {
			t.Errorf("missing token: %v", err)
		}
	}
	var nc *signin.Client
	if err := nc.GlobalSignOut(ctx, a); !errors.Is(err, signin.ErrInvalidConfig) {
		t.Errorf("nil Client: %v", err)
	}
	if err := nc.RevokeToken(ctx, a); !errors.Is(err, signin.ErrInvalidConfig) {
		t.Errorf("nil Client: %v", err)
	}
}

// TestClientOptionsReachSessionCalls: Config.ClientOptions go to the
// session calls too.
func TestClientOptionsReachSessionCalls(t *testing.T) {
	f := &fakeAPI{
		getTokens: func(*cip.GetTokensFromRefreshTokenInput) (*cip.GetTokensFromRefreshTokenOutput, error) {
			return &cip.GetTokensFromRefreshTokenOutput{AuthenticationResult: goodTokens()}, nil
		},
		signOut: func(*cip.GlobalSignOutInput) (*cip.GlobalSignOutOutput, error) {
			return &cip.GlobalSignOutOutput{}, nil
		},
		revoke: func(*cip.RevokeTokenInput) (*cip.RevokeTokenOutput, error) { return &cip.RevokeTokenOutput{}, nil },
	}
	mark := func(o *cip.Options) { o.AppID = "srpkit-test" }
	c := mustClient(t, f, signin.Config{UserPoolID: testPool, ClientID: testClient, RefreshTokenRotation: true, ClientOptions: []func(*cip.Options){mark}})
	ctx := context.Background()
	tk := &signin.Tokens{AccessToken: "a", RefreshToken: "r", Username: "alice"}
	if _, err := c.Refresh(ctx, tk); err != nil {
		t.Fatal(err)
	}
	if err := c.GlobalSignOut(ctx, tk); err != nil {
		t.Fatal(err)
	}
	if err := c.RevokeToken(ctx, tk); err != nil {
		t.Fatal(err)
	}
	if want := []string{"GetTokensFromRefreshToken", "GlobalSignOut", "RevokeToken"}; strings.Join(f.calls, ",") != strings.Join(want, ",") {
		t.Fatalf("calls %v", f.calls)
	}
	for i, opts := range f.opts {
		var o cip.Options
		for _, fn := range opts {
			fn(&o)
		}
		if o.AppID != "srpkit-test" {
			t.Errorf("%s without the configured option", f.calls[i])
		}
	}
}
