package identitypool_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ci "github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	citypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentity/types"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/internal/testenv"
	"github.com/srpkit/cognito/srp/signin"
	"github.com/srpkit/cognito/srp/signin/identitypool"
	"github.com/srpkit/cognito/srp/srptest"
)

// shortIDPool is a user pool on clk whose ID tokens live 10 minutes and
// access tokens an hour (the validities are set separately), and an
// identity pool that refuses an expired ID token, as Cognito does.
type shortIDPool struct {
	signin.APIClient
	clk *testenv.Clock
}

func (p *shortIDPool) InitiateAuth(_ context.Context, in *cip.InitiateAuthInput, _ ...func(*cip.Options)) (*cip.InitiateAuthOutput, error) {
	now := p.clk.Now()
	return &cip.InitiateAuthOutput{AuthenticationResult: &types.AuthenticationResultType{
		AccessToken: aws.String(testenv.UnsignedJWT(map[string]any{"username": "alice", "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()})),
		IdToken:     aws.String(testenv.UnsignedJWT(map[string]any{"cognito:username": "alice", "iat": now.Unix(), "exp": now.Add(10 * time.Minute).Unix()})),
		ExpiresIn:   3600, TokenType: aws.String("Bearer"),
	}}, nil
}

func (p *shortIDPool) GetId(context.Context, *ci.GetIdInput, ...func(*ci.Options)) (*ci.GetIdOutput, error) {
	return &ci.GetIdOutput{IdentityId: aws.String("us-east-1:1d2c3b4a-0000-4000-8000-000000000001")}, nil
}

func (p *shortIDPool) GetCredentialsForIdentity(_ context.Context, in *ci.GetCredentialsForIdentityInput, _ ...func(*ci.Options)) (*ci.GetCredentialsForIdentityOutput, error) {
	for _, tok := range in.Logins {
		b, _ := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[1])
		var c struct{ Exp int64 }
		json.Unmarshal(b, &c)
		if !p.clk.Now().Before(time.Unix(c.Exp, 0)) {
			return nil, &citypes.NotAuthorizedException{Message: aws.String("Invalid login token. Token expired.")}
		}
	}
	exp := p.clk.Now().Add(time.Hour)
	return &ci.GetCredentialsForIdentityOutput{Credentials: &citypes.Credentials{
		AccessKeyId: aws.String("ASIAEXAMPLEEXAMPLE01"), SecretKey: aws.String("secret"), SessionToken: aws.String("session"), Expiration: &exp,
	}}, nil
}

// TestShortLivedIDToken: the Provider sends an unexpired ID token when the
// ID token expires long before the access token: the TokenSource renews
// ahead of the earlier of the two.
func TestShortLivedIDToken(t *testing.T) {
	ctx := context.Background()
	pool := &shortIDPool{clk: testenv.NewClock(time.Now())}
	c, err := signin.New(pool, signin.Config{UserPoolID: testPool, ClientID: testClient, Now: pool.clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	tk, err := c.Refresh(ctx, &signin.Tokens{RefreshToken: "r", Username: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	ts, _ := c.TokenSource(tk, signin.TokenSourceOptions{})
	p, err := identitypool.NewProvider(pool, ts, identitypool.Config{IdentityPoolID: identityPool, UserPoolID: testPool})
	if err != nil {
		t.Fatal(err)
	}
	// Within the renewal margin of the first ID token, after its expiry,
	// after the second one's.
	var now time.Duration
	for _, at := range []time.Duration{0, 6 * time.Minute, 11 * time.Minute, 21 * time.Minute} {
		pool.clk.Add(at - now)
		now = at
		if _, err := p.Retrieve(ctx); err != nil {
			t.Errorf("%v after the sign-in: %v", at, err)
		}
	}
}

// TestShortLivedIDTokenAgainstSrptest is TestShortLivedIDToken against
// srptest's user pool and identity pool, whose ID tokens live 10 minutes
// and access tokens an hour.
func TestShortLivedIDTokenAgainstSrptest(t *testing.T) {
	ctx := context.Background()
	clk := testenv.NewClock(time.Now())
	ts, api := setup(t, clk, func(c *srptest.Config) { c.TokenTTL, c.IDTokenTTL = 0, 10*time.Minute }, signin.TokenSourceOptions{})
	p, err := identitypool.NewProvider(api, ts, identitypool.Config{IdentityPoolID: identityPool, UserPoolID: testPool})
	if err != nil {
		t.Fatal(err)
	}
	var now time.Duration
	for _, at := range []time.Duration{0, 11 * time.Minute, 22 * time.Minute} {
		clk.Add(at - now)
		now = at
		if _, err := p.Retrieve(ctx); err != nil {
			t.Errorf("%v after the sign-in: %v", at, err)
		}
	}
}
