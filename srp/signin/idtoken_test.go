package signin_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/internal/testenv"
	"github.com/srpkit/cognito/srp/signin"
	"github.com/srpkit/cognito/srp/srptest"
)

// shortIDTokens is a Cognito, on clk, whose ID tokens live idTTL and access
// tokens an hour (an app client can set each validity on its own); it
// counts the refreshes. skew is how far Cognito's clock is behind clk.
type shortIDTokens struct {
	clk       *testenv.Clock
	idTTL     time.Duration
	skew      time.Duration
	refreshes atomic.Int32
}

func (s *shortIDTokens) result() *types.AuthenticationResultType {
	now := s.clk.Now().Add(-s.skew)
	n := s.refreshes.Load()
	return &types.AuthenticationResultType{
		AccessToken: aws.String(testenv.UnsignedJWT(map[string]any{"token_use": "access", "username": "alice", "n": n,
			"iat": now.Unix(), "exp": now.Add(time.Hour).Unix()})),
		IdToken: aws.String(testenv.UnsignedJWT(map[string]any{"token_use": "id", "cognito:username": "alice", "n": n,
			"iat": now.Unix(), "exp": now.Add(s.idTTL).Unix()})),
		RefreshToken: aws.String("r"), ExpiresIn: 3600, TokenType: aws.String("Bearer"),
	}
}

func (s *shortIDTokens) api() *fakeAPI {
	return &fakeAPI{initiate: func(in *cip.InitiateAuthInput) (*cip.InitiateAuthOutput, error) {
		if in.AuthFlow == types.AuthFlowTypeRefreshTokenAuth {
			s.refreshes.Add(1)
		}
		return &cip.InitiateAuthOutput{AuthenticationResult: s.result()}, nil
	}}
}

// idExp is the exp claim of an ID token.
func idExp(t *testing.T, tok string) time.Time {
	t.Helper()
	return time.Unix(int64(claims(t, tok)["exp"].(float64)), 0)
}

// TestIDTokenExpiry: Tokens.IDTokenExpiry is the ID token's own expiry,
// counted as Expiry is (from the request's send time, to the second) with
// the ID token's lifetime, and never after its exp claim; a TokenSource
// renews the tokens ahead of the earlier of the two expiries and never
// hands out an expired ID token.
func TestIDTokenExpiry(t *testing.T) {
	ctx := context.Background()
	clk := testenv.NewClock(time.Date(2026, 3, 5, 9, 4, 7, 600e6, time.UTC))
	cognito := &shortIDTokens{clk: clk, idTTL: 10 * time.Minute}
	c := mustClient(t, cognito.api(), signin.Config{UserPoolID: testPool, ClientID: testClient, Now: clk.Now})
	tk, err := c.Refresh(ctx, &signin.Tokens{RefreshToken: "r", Username: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	sent := clk.Now().Truncate(time.Second)
	if !tk.Expiry.Equal(sent.Add(time.Hour)) || !tk.IDTokenExpiry.Equal(sent.Add(10*time.Minute)) || tk.IDTokenExpiry.After(idExp(t, tk.IDToken)) {
		t.Fatalf("Expiry %v, IDTokenExpiry %v (exp %v), sent %v", tk.Expiry, tk.IDTokenExpiry, idExp(t, tk.IDToken), sent)
	}
	// A Cognito whose clock is behind: the exp claim is earlier than the
	// count from the send time, and bounds IDTokenExpiry.
	cognito.skew = 30 * time.Second
	behind, _ := c.Refresh(ctx, tk)
	if !behind.IDTokenExpiry.Equal(idExp(t, behind.IDToken)) {
		t.Errorf("Cognito's clock behind: IDTokenExpiry %v, exp %v", behind.IDTokenExpiry, idExp(t, behind.IDToken))
	}
	// Farther behind than the ID token lives: the tokens have expired on
	// arrival, and a TokenSource says so rather than hand them out.
	cognito.skew = 20 * time.Minute
	late, _ := c.TokenSource(&signin.Tokens{RefreshToken: "r", Username: "alice"}, signin.TokenSourceOptions{})
	if got, err := late.Tokens(ctx); !errors.Is(err, signin.ErrInvalidTokens) {
		t.Errorf("tokens expired on arrival: %v, IDTokenExpiry %v at %v", err, got.IDTokenExpiry, clk.Now())
	}
	cognito.skew = 0

	// The TokenSource renews 5 minutes (half of the 10) before the ID
	// token expires, long before the access token does.
	ts, _ := c.TokenSource(tk, signin.TokenSourceOptions{})
	clk.Add(4 * time.Minute)
	before := cognito.refreshes.Load()
	if got, err := ts.Tokens(ctx); err != nil || got.IDToken != tk.IDToken || cognito.refreshes.Load() != before {
		t.Fatalf("outside the margin: %v, %d refreshes", err, cognito.refreshes.Load()-before)
	}
	clk.Add(6*time.Minute + time.Second) // the first ID token has expired, the access token not
	got, err := ts.Tokens(ctx)
	if err != nil || got.IDToken == tk.IDToken || !clk.Now().Before(got.IDTokenExpiry) || !clk.Now().Before(idExp(t, got.IDToken)) {
		t.Fatalf("after the ID token's expiry: %v, IDTokenExpiry %v at %v", err, got.IDTokenExpiry, clk.Now())
	}
	if n := cognito.refreshes.Load() - before; n != 1 {
		t.Errorf("%d refreshes, want 1", n)
	}
}

// TestIDTokenTTLAgainstSrptest: against srptest with ID tokens that live 10
// minutes and access tokens an hour, IDTokenExpiry is the ID token's, and a
// TokenSource renews before it, never handing out an expired ID token by
// the server's exp claim.
func TestIDTokenTTLAgainstSrptest(t *testing.T) {
	ctx := context.Background()
	clk := testenv.NewClock(time.Now())
	api, cfg := stayServer(t, func(c *srptest.Config) { c.Now, c.IDTokenTTL = clk.Now, 10*time.Minute })
	c := mustClient(t, api, cfg)
	sent := clk.Now().Truncate(time.Second)
	tk := wantTokens(t)(c.SignIn(ctx, "alice", "Correct horse 1!"))
	if !tk.Expiry.Equal(sent.Add(time.Hour)) || !tk.IDTokenExpiry.Equal(sent.Add(10*time.Minute)) || tk.IDTokenExpiry.After(idExp(t, tk.IDToken)) {
		t.Fatalf("Expiry %v, IDTokenExpiry %v (exp %v), sent %v", tk.Expiry, tk.IDTokenExpiry, idExp(t, tk.IDToken), sent)
	}
	ts, _ := c.TokenSource(tk, signin.TokenSourceOptions{})
	for range 30 { // 30 minutes, a minute at a time
		clk.Add(time.Minute)
		// Callers do not wait for a renewal while their tokens are good; the
		// clock waits for the renewal due, as a program's would for one
		// that takes milliseconds.
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Microsecond) {
			got, err := ts.Tokens(ctx)
			if err != nil || !clk.Now().Before(idExp(t, got.IDToken)) || !clk.Now().Before(got.IDTokenExpiry) {
				t.Fatalf("at %v: %v, ID token exp %v", clk.Now(), err, idExp(t, got.IDToken))
			}
			if clk.Now().Before(got.IDTokenExpiry.Add(-5*time.Minute)) || time.Now().After(deadline) {
				break
			}
		}
	}
	// A renewal every 5 minutes: half the ID token's 10.
	if ra, _ := api.counts(); ra != 6 {
		t.Errorf("%d refreshes in 30 minutes, want 6", ra)
	}
}
