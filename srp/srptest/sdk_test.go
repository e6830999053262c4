package srptest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/secrethash"
	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srptest"
)

const (
	testPool   = "us-east-1_TestPool1"
	testClient = "3n4b5urk1ft4fl3mg5e62d9ado"
)

// testConfig is the pool of most tests, which guess wrong passwords on
// purpose: without the lockout (lockout_test.go tests it).
func testConfig() srptest.Config {
	return srptest.Config{
		UserPoolID: testPool,
		ClientID:   testClient,
		Lockout:    new(bool),
		Users: []srptest.User{
			{Username: "alice", Password: "Correct horse 1!"},
			{Username: "bob@example.com", Password: "pässwörd", Aliases: []string{"bobby", "+15555550100"},
				UserIDForSRP: "0c7a9d6e-2b1f-4c3d-9e8f-1a2b3c4d5e6f"},
		},
	}
}

// newServer starts a Server for cfg and closes it when the test ends.
func newServer(t testing.TB, cfg srptest.Config) *srptest.Server {
	t.Helper()
	srv, err := srptest.NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

func newClient(srv *srptest.Server) *cip.Client {
	return cip.New(cip.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  aws.AnonymousCredentials{},
	})
}

// login is a USER_SRP_AUTH sign-in through the SDK. It returns the final
// output, which is either an AuthenticationResult or the DEVICE_SRP_AUTH
// challenge.
func login(ctx context.Context, c *cip.Client, name, password, secret, deviceKey string) (*cip.RespondToAuthChallengeOutput, error) {
	var opts []srp.Option
	if secret != "" {
		opts = append(opts, srp.WithClientSecret(testClient, secret))
	}
	if deviceKey != "" {
		opts = append(opts, srp.WithDeviceKey(deviceKey))
	}
	s, err := srp.NewUserSession(testPool, password, opts...)
	if err != nil {
		return nil, err
	}
	params := map[string]string{"USERNAME": name, "SRP_A": s.SRPA()}
	if secret != "" {
		params["SECRET_HASH"] = secrethash.Compute(name, testClient, secret)
	}
	if deviceKey != "" {
		params["DEVICE_KEY"] = deviceKey
	}
	init, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow:       types.AuthFlowTypeUserSrpAuth,
		ClientId:       aws.String(testClient),
		AuthParameters: params,
	})
	if err != nil {
		return nil, err
	}
	if init.ChallengeName != types.ChallengeNameTypePasswordVerifier {
		return nil, fmt.Errorf("challenge %q, want PASSWORD_VERIFIER", init.ChallengeName)
	}
	resp, err := s.Respond(init.ChallengeParameters, time.Now())
	if err != nil {
		return nil, err
	}
	return c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName:      types.ChallengeNameTypePasswordVerifier,
		ClientId:           aws.String(testClient),
		ChallengeResponses: resp,
		Session:            init.Session,
	})
}

func requireTokens(t *testing.T, out *cip.RespondToAuthChallengeOutput) *types.AuthenticationResultType {
	t.Helper()
	r := out.AuthenticationResult
	if r == nil {
		t.Fatalf("no AuthenticationResult (challenge %q)", out.ChallengeName)
	}
	if aws.ToString(r.AccessToken) == "" || aws.ToString(r.IdToken) == "" || aws.ToString(r.RefreshToken) == "" ||
		aws.ToString(r.TokenType) != "Bearer" || r.ExpiresIn != 3600 {
		t.Fatalf("incomplete AuthenticationResult: %+v", r)
	}
	return r
}

func requireNotAuthorized(t *testing.T, err error) {
	t.Helper()
	var na *types.NotAuthorizedException
	if !errors.As(err, &na) {
		t.Fatalf("err = %v, want NotAuthorizedException", err)
	}
}

func TestSDKLogin(t *testing.T) {
	ctx := context.Background()
	srv := newServer(t, testConfig())
	c := newClient(srv)

	for _, tc := range []struct{ name, password string }{
		{"alice", "Correct horse 1!"},
		{"bob@example.com", "pässwörd"},
		{"bobby", "pässwörd"},        // alias
		{"+15555550100", "pässwörd"}, // alias
		{"0c7a9d6e-2b1f-4c3d-9e8f-1a2b3c4d5e6f", "pässwörd"},
	} {
		out, err := login(ctx, c, tc.name, tc.password, "", "")
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		r := requireTokens(t, out)
		if r.NewDeviceMetadata != nil {
			t.Errorf("%s: NewDeviceMetadata with device tracking off", tc.name)
		}
	}
	for _, tc := range []struct{ name, password string }{
		{"alice", "Correct horse 1"},
		{"alice", "pässwörd"},
		{"bobby", "Correct horse 1!"},
		{"Alice", "Correct horse 1!"}, // names are case-sensitive
		{"nobody", "Correct horse 1!"},
	} {
		_, err := login(ctx, c, tc.name, tc.password, "", "")
		requireNotAuthorized(t, err)
		if !strings.Contains(err.Error(), "Incorrect username or password.") {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

func TestSDKAliasChallenge(t *testing.T) {
	srv := newServer(t, testConfig())
	s, _ := srp.NewUserSession(testPool, "pässwörd")
	init, err := newClient(srv).InitiateAuth(context.Background(), &cip.InitiateAuthInput{
		AuthFlow:       types.AuthFlowTypeUserSrpAuth,
		ClientId:       aws.String(testClient),
		AuthParameters: map[string]string{"USERNAME": "bobby", "SRP_A": s.SRPA()},
	})
	if err != nil {
		t.Fatal(err)
	}
	p := init.ChallengeParameters
	const id = "0c7a9d6e-2b1f-4c3d-9e8f-1a2b3c4d5e6f"
	if p["USERNAME"] != id || p["USER_ID_FOR_SRP"] != id || p["SALT"] == "" || p["SRP_B"] == "" || p["SECRET_BLOCK"] == "" || aws.ToString(init.Session) == "" {
		t.Fatalf("challenge parameters %v", p)
	}
}

func TestSDKClientSecret(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig()
	cfg.ClientSecret = "1k2j3h4g5f6d7s8a9p0o1i2u3y4t5r6e7w8q9"
	c := newClient(newServer(t, cfg))
	for _, name := range []string{"alice", "bobby", "bob@example.com"} {
		pw := "pässwörd"
		if name == "alice" {
			pw = "Correct horse 1!"
		}
		out, err := login(ctx, c, name, pw, cfg.ClientSecret, "")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		requireTokens(t, out)
	}
	// A wrong secret, and no secret at all.
	_, err := login(ctx, c, "alice", "Correct horse 1!", "wrong", "")
	requireNotAuthorized(t, err)
	if !strings.Contains(err.Error(), "Unable to verify secret hash") {
		t.Errorf("wrong secret: %v", err)
	}
	_, err = login(ctx, c, "alice", "Correct horse 1!", "", "")
	requireNotAuthorized(t, err)
	if !strings.Contains(err.Error(), "SECRET_HASH was not received") {
		t.Errorf("no secret: %v", err)
	}

	// The PASSWORD_VERIFIER SECRET_HASH keyed by the alias the user typed
	// (a known client bug) instead of the response USERNAME is rejected.
	s, _ := srp.NewUserSession(testPool, "pässwörd")
	init, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow: types.AuthFlowTypeUserSrpAuth, ClientId: aws.String(testClient),
		AuthParameters: map[string]string{"USERNAME": "bobby", "SRP_A": s.SRPA(), "SECRET_HASH": secrethash.Compute("bobby", testClient, cfg.ClientSecret)},
	})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.Respond(init.ChallengeParameters, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	resp["SECRET_HASH"] = secrethash.Compute("bobby", testClient, cfg.ClientSecret)
	_, err = c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName: types.ChallengeNameTypePasswordVerifier, ClientId: aws.String(testClient),
		ChallengeResponses: resp, Session: init.Session,
	})
	requireNotAuthorized(t, err)
}

// confirmNewDevice signs in with the password, confirms the NewDeviceMetadata
// device and returns it with its verifier.
func confirmNewDevice(t *testing.T, c *cip.Client, name, password, secret string) (*types.NewDeviceMetadataType, *srp.DeviceVerifier) {
	t.Helper()
	ctx := context.Background()
	out, err := login(ctx, c, name, password, secret, "")
	if err != nil {
		t.Fatal(err)
	}
	md := requireTokens(t, out).NewDeviceMetadata
	if md == nil || !strings.HasPrefix(aws.ToString(md.DeviceKey), "us-east-1_") || aws.ToString(md.DeviceGroupKey) == "" {
		t.Fatalf("NewDeviceMetadata = %+v", md)
	}
	dv, err := srp.NewDeviceVerifier(aws.ToString(md.DeviceGroupKey), aws.ToString(md.DeviceKey))
	if err != nil {
		t.Fatal(err)
	}
	cd, err := c.ConfirmDevice(ctx, &cip.ConfirmDeviceInput{
		AccessToken: out.AuthenticationResult.AccessToken,
		DeviceKey:   md.DeviceKey,
		DeviceName:  aws.String("srptest"),
		DeviceSecretVerifierConfig: &types.DeviceSecretVerifierConfigType{
			PasswordVerifier: aws.String(dv.PasswordVerifier),
			Salt:             aws.String(dv.Salt),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if cd.UserConfirmationNecessary {
		t.Fatal("UserConfirmationNecessary with device tracking always")
	}
	return md, dv
}

// deviceLogin signs in with the password and the remembered device:
// PASSWORD_VERIFIER with DEVICE_KEY, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER.
func deviceLogin(ctx context.Context, c *cip.Client, name, password, secret string, md *types.NewDeviceMetadataType, devicePassword string) (*cip.RespondToAuthChallengeOutput, error) {
	key, group := aws.ToString(md.DeviceKey), aws.ToString(md.DeviceGroupKey)
	out, err := login(ctx, c, name, password, secret, key)
	if err != nil {
		return nil, err
	}
	if out.ChallengeName != types.ChallengeNameTypeDeviceSrpAuth {
		return nil, fmt.Errorf("challenge %q, want DEVICE_SRP_AUTH", out.ChallengeName)
	}
	var opts []srp.Option
	if secret != "" {
		opts = append(opts, srp.WithClientSecret(testClient, secret))
	}
	d, err := srp.NewDeviceSession(group, key, devicePassword, opts...)
	if err != nil {
		return nil, err
	}
	// DEVICE_SRP_AUTH carries no parameters: the user is the one who answered
	// PASSWORD_VERIFIER, by its internal name (USER_ID_FOR_SRP).
	if len(out.ChallengeParameters) != 0 {
		return nil, fmt.Errorf("DEVICE_SRP_AUTH parameters %v, want none", out.ChallengeParameters)
	}
	user := "0c7a9d6e-2b1f-4c3d-9e8f-1a2b3c4d5e6f"
	auth := map[string]string{"USERNAME": user, "DEVICE_KEY": key, "SRP_A": d.SRPA()}
	if secret != "" {
		auth["SECRET_HASH"] = secrethash.Compute(user, testClient, secret)
	}
	ch, err := c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName: types.ChallengeNameTypeDeviceSrpAuth, ClientId: aws.String(testClient),
		ChallengeResponses: auth, Session: out.Session,
	})
	if err != nil {
		return nil, err
	}
	if ch.ChallengeName != types.ChallengeNameTypeDevicePasswordVerifier {
		return nil, fmt.Errorf("challenge %q, want DEVICE_PASSWORD_VERIFIER", ch.ChallengeName)
	}
	resp, err := d.Respond(ch.ChallengeParameters, time.Now())
	if err != nil {
		return nil, err
	}
	return c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName: types.ChallengeNameTypeDevicePasswordVerifier, ClientId: aws.String(testClient),
		ChallengeResponses: resp, Session: ch.Session,
	})
}

func TestSDKDevice(t *testing.T) {
	for _, secret := range []string{"", "s3cr3t-0123456789abcdefghijklmnopqrstu"} {
		t.Run(fmt.Sprintf("secret=%v", secret != ""), func(t *testing.T) {
			ctx := context.Background()
			cfg := testConfig()
			cfg.DeviceTracking = "always"
			cfg.ClientSecret = secret
			c := newClient(newServer(t, cfg))

			md, dv := confirmNewDevice(t, c, "bobby", "pässwörd", secret)
			out, err := deviceLogin(ctx, c, "bobby", "pässwörd", secret, md, dv.DevicePassword)
			if err != nil {
				t.Fatal(err)
			}
			if requireTokens(t, out).NewDeviceMetadata != nil {
				t.Error("NewDeviceMetadata after a device sign-in")
			}

			// A forged device secret is rejected.
			forged := "A" + dv.DevicePassword[1:]
			if forged == dv.DevicePassword {
				forged = "B" + dv.DevicePassword[1:]
			}
			_, err = deviceLogin(ctx, c, "bobby", "pässwörd", secret, md, forged)
			requireNotAuthorized(t, err)

			// The device is bob's: alice cannot use it.
			_, err = login(ctx, c, "alice", "Correct horse 1!", secret, aws.ToString(md.DeviceKey))
			var rnf *types.ResourceNotFoundException
			if !errors.As(err, &rnf) || !strings.Contains(err.Error(), "Device does not exist") {
				t.Fatalf("other user's device: %v", err)
			}
		})
	}
}

func TestSDKConfirmDeviceChecks(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig()
	cfg.DeviceTracking = "always"
	c := newClient(newServer(t, cfg))

	aliceOut, err := login(ctx, c, "alice", "Correct horse 1!", "", "")
	if err != nil {
		t.Fatal(err)
	}
	alice := requireTokens(t, aliceOut)
	bobOut, err := login(ctx, c, "bob@example.com", "pässwörd", "", "")
	if err != nil {
		t.Fatal(err)
	}
	bobMD := requireTokens(t, bobOut).NewDeviceMetadata
	dv, _ := srp.NewDeviceVerifier(aws.ToString(bobMD.DeviceGroupKey), aws.ToString(bobMD.DeviceKey))
	confirm := func(token, key *string) error {
		_, err := c.ConfirmDevice(ctx, &cip.ConfirmDeviceInput{
			AccessToken: token, DeviceKey: key,
			DeviceSecretVerifierConfig: &types.DeviceSecretVerifierConfigType{PasswordVerifier: aws.String(dv.PasswordVerifier), Salt: aws.String(dv.Salt)},
		})
		return err
	}
	var rnf *types.ResourceNotFoundException
	// Bob's device with Alice's token; a device key never handed out.
	if err := confirm(alice.AccessToken, bobMD.DeviceKey); !errors.As(err, &rnf) {
		t.Errorf("another user's device: %v", err)
	}
	if err := confirm(alice.AccessToken, aws.String("us-east-1_00000000-0000-4000-8000-000000000000")); !errors.As(err, &rnf) {
		t.Errorf("made-up device: %v", err)
	}
	// A forged or mangled access token.
	tok := aws.ToString(alice.AccessToken)
	requireNotAuthorized(t, confirm(aws.String(flipMiddle(tok)), alice.NewDeviceMetadata.DeviceKey))
	requireNotAuthorized(t, confirm(alice.IdToken, alice.NewDeviceMetadata.DeviceKey))
	// Not confirmed: signing in with it fails with ResourceNotFoundException.
	if _, err := login(ctx, c, "bob@example.com", "pässwörd", "", aws.ToString(bobMD.DeviceKey)); !errors.As(err, &rnf) {
		t.Errorf("unconfirmed device: %v", err)
	}
	// A verifier that is not a valid group element.
	_, err = c.ConfirmDevice(ctx, &cip.ConfirmDeviceInput{
		AccessToken: bobOut.AuthenticationResult.AccessToken, DeviceKey: bobMD.DeviceKey,
		DeviceSecretVerifierConfig: &types.DeviceSecretVerifierConfigType{PasswordVerifier: aws.String("AA=="), Salt: aws.String(dv.Salt)},
	})
	var ipe *types.InvalidParameterException
	if !errors.As(err, &ipe) {
		t.Errorf("zero verifier: %v", err)
	}
	// Confirmed once; a second confirmation is refused.
	if err := confirm(bobOut.AuthenticationResult.AccessToken, bobMD.DeviceKey); err != nil {
		t.Fatal(err)
	}
	if err := confirm(bobOut.AuthenticationResult.AccessToken, bobMD.DeviceKey); !errors.As(err, &ipe) {
		t.Errorf("second confirmation: %v", err)
	}
}

func TestSDKConcurrentLogins(t *testing.T) {
	cfg := testConfig()
	cfg.DeviceTracking = "always"
	cfg.ClientSecret = "concurrent-secret-0123456789abcdefghij"
	c := newClient(newServer(t, cfg))
	n := 100
	if testing.Short() {
		n = 20
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	keys := make(chan string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name, pw := "alice", "Correct horse 1!"
			if i%2 == 1 {
				name, pw = "bobby", "pässwörd"
			}
			out, err := login(context.Background(), c, name, pw, cfg.ClientSecret, "")
			if err == nil && (out.AuthenticationResult == nil || out.AuthenticationResult.NewDeviceMetadata == nil) {
				err = errors.New("no tokens or device")
			}
			if err != nil {
				errs <- fmt.Errorf("login %d: %w", i, err)
				return
			}
			keys <- aws.ToString(out.AuthenticationResult.NewDeviceMetadata.DeviceKey)
		}()
	}
	wg.Wait()
	close(errs)
	close(keys)
	for err := range errs {
		t.Error(err)
	}
	seen := map[string]bool{}
	for k := range keys {
		if seen[k] {
			t.Errorf("device key %s handed out twice", k)
		}
		seen[k] = true
	}
	if len(seen) != n {
		t.Errorf("%d device keys, want %d", len(seen), n)
	}
}
