package oauth2adapt_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/srpkit/cognito/srp/signin"
	"github.com/srpkit/cognito/srp/signin/oauth2adapt"
)

// nopAPI is a Cognito that is never called: the tokens are fresh.
type nopAPI struct{ signin.APIClient }

func tokenSource(t *testing.T, tk *signin.Tokens) *signin.TokenSource {
	t.Helper()
	c, err := signin.New(nopAPI{}, signin.Config{UserPoolID: "us-east-1_Adapt", ClientID: "c"})
	if err != nil {
		t.Fatal(err)
	}
	ts, err := c.TokenSource(tk, signin.TokenSourceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// TestBearer: oauth2.NewClient sends the chosen token as the bearer token.
func TestBearer(t *testing.T) {
	got := make(chan string, 1)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got <- r.Header.Get("Authorization") }))
	defer api.Close()
	tk := &signin.Tokens{AccessToken: "access.jwt", IDToken: "id.jwt", RefreshToken: "r", ExpiresIn: 3600, Expiry: time.Now().Add(time.Hour),
		IDTokenExpiry: time.Now().Add(time.Hour)}
	ctx := context.Background()
	for use, want := range map[oauth2adapt.Use]string{oauth2adapt.AccessToken: "Bearer access.jwt", oauth2adapt.IDToken: "Bearer id.jwt"} {
		resp, err := oauth2.NewClient(ctx, oauth2adapt.TokenSource(ctx, tokenSource(t, tk), use)).Get(api.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if h := <-got; h != want {
			t.Errorf("Authorization %q, want %q", h, want)
		}
	}
	noID := *tk
	noID.IDToken = ""
	for _, use := range []oauth2adapt.Use{oauth2adapt.IDToken, 7} {
		if _, err := oauth2adapt.TokenSource(ctx, tokenSource(t, &noID), use).Token(); !errors.Is(err, oauth2adapt.ErrNoToken) {
			t.Errorf("use %d: %v", use, err)
		}
	}
	tok, err := oauth2adapt.TokenSource(ctx, tokenSource(t, tk), oauth2adapt.AccessToken).Token()
	if err != nil || !tok.Valid() || !tok.Expiry.Equal(tk.Expiry) || tok.Type() != "Bearer" {
		t.Errorf("token %+v: %v", tok, err)
	}
}

// TestExpiry: the oauth2.Token's Expiry is the chosen token's: Cognito sets
// the validity of the ID and access tokens separately.
func TestExpiry(t *testing.T) {
	now := time.Now().Truncate(time.Second)
	tk := &signin.Tokens{AccessToken: "access.jwt", IDToken: "id.jwt", RefreshToken: "r", ExpiresIn: 3600,
		Expiry: now.Add(time.Hour), IDTokenExpiry: now.Add(20 * time.Minute)}
	ctx := context.Background()
	for use, want := range map[oauth2adapt.Use]time.Time{oauth2adapt.AccessToken: tk.Expiry, oauth2adapt.IDToken: tk.IDTokenExpiry} {
		tok, err := oauth2adapt.TokenSource(ctx, tokenSource(t, tk), use).Token()
		if err != nil || !tok.Expiry.Equal(want) {
			t.Errorf("use %d: Expiry %v, want %v (%v)", use, tok.Expiry, want, err)
		}
	}
	// No TokenSource: an error, not a panic.
	if _, err := oauth2adapt.TokenSource(ctx, nil, oauth2adapt.IDToken).Token(); !errors.Is(err, signin.ErrInvalidConfig) {
		t.Errorf("nil TokenSource: %v", err)
	}
}
