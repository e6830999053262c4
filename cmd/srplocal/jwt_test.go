package main

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/srpkit/cognito/srp"
)

// The program's tokens verify with go-jose against the keys it publishes,
// found through its openid-configuration, with iss its own address.
func TestTokensVerifyAgainstJWKS(t *testing.T) {
	p := start(t)
	issuer := p.url + "us-east-1_LocalPool"
	getJSON := func(url string, v any) {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil || resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
		}
	}
	var oidc struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	getJSON(issuer+"/.well-known/openid-configuration", &oidc)
	if oidc.Issuer != issuer {
		t.Fatalf("issuer %q, want %q", oidc.Issuer, issuer)
	}
	var keys jose.JSONWebKeySet
	getJSON(oidc.JWKSURI, &keys)

	ctx := context.Background()
	c := sdk(p.url)
	s, _ := srp.NewUserSession("us-east-1_LocalPool", "Correct horse 1!")
	init, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow: types.AuthFlowTypeUserSrpAuth, ClientId: aws.String("localclient"),
		AuthParameters: map[string]string{"USERNAME": "alice@example.com", "SRP_A": s.SRPA()},
	})
	if err != nil {
		t.Fatal(err)
	}
	resp, _ := s.Respond(init.ChallengeParameters, time.Now())
	out, err := c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName: init.ChallengeName, ClientId: aws.String("localclient"), ChallengeResponses: resp, Session: init.Session,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range []*string{out.AuthenticationResult.AccessToken, out.AuthenticationResult.IdToken} {
		parsed, err := jwt.ParseSigned(aws.ToString(tok), []jose.SignatureAlgorithm{jose.RS256})
		if err != nil {
			t.Fatal(err)
		}
		var std jwt.Claims
		if err := parsed.Claims(&keys, &std); err != nil {
			t.Fatal(err)
		}
		if err := std.ValidateWithLeeway(jwt.Expected{Issuer: issuer, Time: time.Now()}, 0); err != nil {
			t.Fatal(err)
		}
	}
}
