package identitypool_test

import (
	"context"
	"errors"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ci "github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	citypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentity/types"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/srpkit/cognito/internal/testenv"
	"github.com/srpkit/cognito/srp/signin"
	"github.com/srpkit/cognito/srp/signin/identitypool"
	"github.com/srpkit/cognito/srp/srptest"
)

const (
	testPool     = "us-east-1_IdentityTest"
	testClient   = "identityclient"
	identityPool = "us-east-1:0b8f0e4c-6a59-4b0e-9d5e-3f2a1c4b5d6e"
)

// countingAPI counts the GetId calls.
type countingAPI struct {
	identitypool.APIClient
	mu     sync.Mutex
	getIDs int
}

func (c *countingAPI) GetId(ctx context.Context, in *ci.GetIdInput, opts ...func(*ci.Options)) (*ci.GetIdOutput, error) {
	c.mu.Lock()
	c.getIDs++
	c.mu.Unlock()
	return c.APIClient.GetId(ctx, in, opts...)
}

// setup starts srptest with an identity pool on clk, its tokens living 10
// minutes unless tune changes the Config, and returns a TokenSource of
// alice's tokens with opts and the identity API.
func setup(t *testing.T, clk *testenv.Clock, tune func(*srptest.Config), opts signin.TokenSourceOptions) (*signin.TokenSource, *countingAPI) {
	t.Helper()
	cfg := srptest.Config{
		UserPoolID: testPool, ClientID: testClient, IdentityPoolID: identityPool,
		TokenTTL: 10 * time.Minute, Now: clk.Now, Logf: t.Logf,
		Users: []srptest.User{{Username: "alice", Password: "Correct horse 1!"}},
	}
	if tune != nil {
		tune(&cfg)
	}
	srv, err := srptest.NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	c, err := signin.New(cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: aws.AnonymousCredentials{}}),
		signin.Config{UserPoolID: testPool, ClientID: testClient, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.SignIn(context.Background(), "alice", "Correct horse 1!")
	if err != nil {
		t.Fatal(err)
	}
	ts, err := c.TokenSource(res.Tokens, opts)
	if err != nil {
		t.Fatal(err)
	}
	api := ci.New(ci.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: aws.AnonymousCredentials{}})
	return ts, &countingAPI{APIClient: api}
}

// TestProvider: credentials from the identity pool through the cache; GetId
// once; a renewed ID token after the first one expired; a known
// IdentityId saves GetId, a stale one is looked up again.
func TestProvider(t *testing.T) {
	ctx := context.Background()
	clk := testenv.NewClock(time.Now())
	ts, api := setup(t, clk, nil, signin.TokenSourceOptions{Margin: time.Minute})
	cfg := identitypool.Config{IdentityPoolID: identityPool, UserPoolID: testPool}
	p, err := identitypool.NewProvider(api, ts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	c1, err := p.Retrieve(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^ASIA[A-Z2-7]{16}$`).MatchString(c1.AccessKeyID) || c1.SecretAccessKey == "" || c1.SessionToken == "" ||
		!c1.CanExpire || c1.Expires.Unix() != clk.Now().Add(time.Hour).Unix() || c1.Source != "CognitoIdentityPool" {
		t.Errorf("credentials %+v", c1)
	}
	id := p.IdentityID()
	if !regexp.MustCompile(`^us-east-1:[0-9a-f-]{36}$`).MatchString(id) {
		t.Errorf("IdentityId %q", id)
	}
	// Past the first ID token's expiry: the TokenSource renews it, and
	// srptest checks the token's expiry.
	clk.Add(11 * time.Minute)
	c2, err := p.Retrieve(ctx)
	if err != nil || c2.AccessKeyID == c1.AccessKeyID || p.IdentityID() != id || api.getIDs != 1 {
		t.Fatalf("second Retrieve: %v, %d GetId", err, api.getIDs)
	}

	// Through the cache: one call until the credentials near their expiry.
	cache, err := identitypool.New(api, ts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := cache.Retrieve(ctx)
	b, _ := cache.Retrieve(ctx)
	if a.AccessKeyID == "" || a.AccessKeyID != b.AccessKeyID {
		t.Errorf("the cache called the provider twice")
	}

	known, _ := identitypool.NewProvider(api, ts, identitypool.Config{IdentityPoolID: identityPool, UserPoolID: testPool, IdentityID: id})
	before := api.getIDs
	if _, err := known.Retrieve(ctx); err != nil || api.getIDs != before {
		t.Errorf("with a known IdentityId: %v, %d GetId", err, api.getIDs-before)
	}
	stale, _ := identitypool.NewProvider(api, ts, identitypool.Config{IdentityPoolID: identityPool, UserPoolID: testPool, IdentityID: "us-east-1:00000000-0000-4000-8000-000000000000"})
	if _, err := stale.Retrieve(ctx); err != nil || stale.IdentityID() != id || api.getIDs != before+1 {
		t.Errorf("with a stale IdentityId: %v, IdentityId %q", err, stale.IdentityID())
	}
}

// staticTokens is a TokenSource of fixed tokens.
type staticTokens struct{ t *signin.Tokens }

func (s staticTokens) Tokens(context.Context) (*signin.Tokens, error) { return s.t, nil }

// TestProviderRefused: a tampered ID token is Cognito's
// NotAuthorizedException; tokens without an ID token and bad
// configurations are this package's errors.
func TestProviderRefused(t *testing.T) {
	ctx := context.Background()
	clk := testenv.NewClock(time.Now())
	ts, api := setup(t, clk, nil, signin.TokenSourceOptions{Margin: time.Minute})
	tk, _ := ts.Tokens(ctx)
	tk.IDToken = tk.IDToken[:len(tk.IDToken)-4] + "AAAA"
	p, _ := identitypool.NewProvider(api, staticTokens{tk}, identitypool.Config{IdentityPoolID: identityPool, UserPoolID: testPool})
	_, err := p.Retrieve(ctx)
	var na *citypes.NotAuthorizedException
	if !errors.As(err, &na) {
		t.Errorf("tampered ID token: %v", err)
	}
	p, _ = identitypool.NewProvider(api, staticTokens{&signin.Tokens{AccessToken: "a"}}, identitypool.Config{IdentityPoolID: identityPool, UserPoolID: testPool})
	if _, err := p.Retrieve(ctx); !errors.Is(err, identitypool.ErrNoIDToken) {
		t.Errorf("no ID token: %v", err)
	}
	for _, bad := range []struct {
		api    identitypool.APIClient
		tokens identitypool.TokenSource
		cfg    identitypool.Config
	}{
		{nil, ts, identitypool.Config{IdentityPoolID: identityPool, UserPoolID: testPool}},
		{api, nil, identitypool.Config{IdentityPoolID: identityPool, UserPoolID: testPool}},
		{api, ts, identitypool.Config{IdentityPoolID: "us-east-1_notanidentitypool", UserPoolID: testPool}},
		{api, ts, identitypool.Config{IdentityPoolID: identityPool, UserPoolID: "nopool"}},
	} {
		if _, err := identitypool.New(bad.api, bad.tokens, bad.cfg); !errors.Is(err, identitypool.ErrInvalidConfig) {
			t.Errorf("%+v: %v", bad.cfg, err)
		}
	}
	var nilp *identitypool.Provider
	if _, err := nilp.Retrieve(ctx); !errors.Is(err, identitypool.ErrInvalidConfig) || nilp.IdentityID() != "" {
		t.Errorf("nil Provider: %v", err)
	}
}

// TestZeroProvider: a zero Provider (not made by NewProvider) fails with
// ErrInvalidConfig, as a nil one does, and does not panic.
func TestZeroProvider(t *testing.T) {
	var zero identitypool.Provider
	if _, err := zero.Retrieve(context.Background()); !errors.Is(err, identitypool.ErrInvalidConfig) || zero.IdentityID() != "" {
		t.Errorf("zero Provider: %v", err)
	}
}

// TestParseID: the region of a well-formed id; ErrInvalidConfig for an id
// that is not region:uuid or is longer than Cognito's 55 characters (which
// the pattern alone would accept).
func TestParseID(t *testing.T) {
	if region, err := identitypool.ParseID(identityPool); err != nil || region != "us-east-1" {
		t.Errorf("ParseID(%q) = %q, %v", identityPool, region, err)
	}
	long := "us-east-1:" + identityPool[len("us-east-1:"):] + "-0123456789" // 57 characters
	for _, id := range []string{long, "us-east-1_notanidentitypool", "us-east-1:0B8F", ""} {
		if _, err := identitypool.ParseID(id); !errors.Is(err, identitypool.ErrInvalidConfig) {
			t.Errorf("ParseID(%q): %v, want ErrInvalidConfig", id, err)
		}
	}
}
