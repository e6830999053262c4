// Package oauth2adapt adapts a signin.TokenSource to golang.org/x/oauth2,
// so that oauth2.NewClient gives an *http.Client that sends the user's
// token ("Authorization: Bearer ...") and renews it through the
// TokenSource:
//
//	ts, err := client.TokenSource(res.Tokens, signin.TokenSourceOptions{})
//	...
//	httpClient := oauth2.NewClient(ctx, oauth2adapt.TokenSource(ctx, ts, oauth2adapt.IDToken))
//
// It is a package of its own so that programs using package signin without
// x/oauth2 do not link it.
package oauth2adapt

import (
	"context"
	"errors"
	"time"

	"golang.org/x/oauth2"

	"github.com/srpkit/cognito/srp/signin"
)

// Use chooses which of the user's tokens is sent.
type Use int

const (
	// AccessToken sends the access token: what Cognito's own user
	// operations, API Gateway HTTP APIs' JWT authorizers (with scopes) and
	// most resource servers take.
	AccessToken Use = iota
	// IDToken sends the ID token: what API Gateway REST APIs' Cognito user
	// pool authorizers take when no OAuth scope is configured, and what
	// carries the user's attributes.
	IDToken
)

// ErrNoToken is returned by the oauth2.TokenSource when the tokens lack the
// one chosen (an unknown Use, or no ID token).
var ErrNoToken = errors.New("oauth2adapt: the tokens lack the token chosen")

// TokenSource returns an oauth2.TokenSource that hands out the token use
// chooses from src. ctx is the context of every renewal, since
// oauth2.TokenSource's Token takes none (as with oauth2.Config.TokenSource).
// The oauth2.Token's Expiry is the chosen token's own (Tokens.Expiry or
// Tokens.IDTokenExpiry: Cognito sets their validity separately);
// oauth2.NewClient reuses a token until shortly before it, then asks src,
// which renews it.
func TokenSource(ctx context.Context, src *signin.TokenSource, use Use) oauth2.TokenSource {
	return &source{ctx: ctx, src: src, use: use}
}

type source struct {
	ctx context.Context
	src *signin.TokenSource
	use Use
}

// Token implements oauth2.TokenSource.
func (s *source) Token() (*oauth2.Token, error) {
	t, err := s.src.Tokens(s.ctx)
	if err != nil {
		return nil, err
	}
	tok, expiry := "", time.Time{}
	switch s.use {
	case AccessToken:
		tok, expiry = t.AccessToken, t.Expiry
	case IDToken:
		tok, expiry = t.IDToken, t.IDTokenExpiry
	}
	if tok == "" {
		return nil, ErrNoToken
	}
	return &oauth2.Token{AccessToken: tok, TokenType: "Bearer", Expiry: expiry}, nil
}
