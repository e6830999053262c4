package signin

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
)

// maxJWT bounds the tokens whose claims are read: Cognito's are a few
// kilobytes.
const maxJWT = 64 << 10

// claims are the JWT claims this package reads from Cognito's tokens.
type claims struct {
	// Username is the access token's username: the name Cognito knows the
	// user by, whatever name or alias they signed in with.
	Username string `json:"username"`
	// CognitoUsername is the ID token's cognito:username, the same name.
	CognitoUsername string `json:"cognito:username"`
	// Iat and Exp are when the token was issued and when it expires, in
	// seconds since 1970 by Cognito's clock.
	Iat json.Number `json:"iat"`
	Exp json.Number `json:"exp"`
}

// claimsOf decodes the payload of the JWT tok without verifying its
// signature; a token whose payload cannot be read has no claims. That is
// enough for what the claims are used for (the name that keys SECRET_HASH,
// and when to renew the tokens): Cognito checks the tokens themselves
// whenever they are used. Tokens that are not JWTs (a fake's, a proxy's)
// have no claims.
func claimsOf(tok string) claims {
	var c claims
	if len(tok) > maxJWT || strings.Count(tok, ".") != 2 {
		return c
	}
	payload := strings.Split(tok, ".")[1]
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(payload, "="))
	if err != nil || json.Unmarshal(b, &c) != nil {
		return claims{}
	}
	return c
}

// idTokenExpiry is when an ID token with claims c ends, by the local clock,
// for an answer to a request sent at sent (already truncated to the
// second): as Tokens.Expiry, its lifetime (exp - iat) counted from sent, and
// never after its exp claim. An ID token whose claims cannot be read (not a
// JWT) is taken to end at accessExpiry, the access token's expiry (capped by
// exp when exp alone can be read).
func idTokenExpiry(c claims, sent, accessExpiry time.Time) time.Time {
	exp, err := c.Exp.Int64()
	if err != nil {
		return accessExpiry
	}
	end := time.Unix(exp, 0)
	if iat, err := c.Iat.Int64(); err == nil && iat <= exp && exp-iat <= maxLifetime {
		return earlier(end, sent.Add(time.Duration(exp-iat)*time.Second))
	}
	return earlier(end, accessExpiry)
}

// maxLifetime bounds the ID token lifetimes (in seconds) counted from the
// send time, far above Cognito's day, so that the sum cannot overflow.
const maxLifetime = 100 * 365 * 24 * 3600

// earlier returns the earlier of a and b.
func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
