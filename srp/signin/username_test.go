package signin_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/srp/signin"
	"github.com/srpkit/cognito/srp/srptest"
)

// zedID is the internal name of zed, who signs in with an alias.
const zedID = "5b0e6c1d-7a2f-4e3b-8c9d-0f1e2d3c4b5a"

// TestRefreshAfterAliasSignIn: whatever the flow, a user who signs in with
// an alias, on an app client with a secret, gets Tokens whose Username is
// the name Cognito knows them by (the access token's username claim), so
// that Refresh's SECRET_HASH is keyed right and Cognito renews the tokens.
func TestRefreshAfterAliasSignIn(t *testing.T) {
	srv, api := challengeServer(t, srptest.Config{ClientSecret: testSecret, SignInFirstFactors: []string{"PASSWORD", "EMAIL_OTP"},
		ExplicitAuthFlows: []string{"ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"},
		CustomChallenge:   &srptest.CustomChallenge{Answer: "blue"},
		Users: []srptest.User{{Username: "zed@example.com", Password: "Zed's pw 1234", Email: "zed@example.com",
			Aliases: []string{"zee"}, UserIDForSRP: zedID}}})
	ctx := context.Background()
	client := func(flow signin.Flow) *signin.Client { return newClient(t, api, testSecret, flow) }
	for _, tc := range []struct {
		name    string
		signIn  func() (*signin.Result, error)
		answers func(*signin.Client, *signin.Challenge) (*signin.Result, error)
		flow    signin.Flow
	}{
		{name: "USER_SRP_AUTH", flow: signin.UserSRPAuth},
		{name: "USER_AUTH PASSWORD_SRP", flow: signin.UserAuthPasswordSRP},
		{name: "CUSTOM_AUTH", flow: signin.CustomAuthWithSRP, answers: func(c *signin.Client, ch *signin.Challenge) (*signin.Result, error) {
			return c.AnswerCustom(ctx, ch, "blue")
		}},
		{name: "USER_PASSWORD_AUTH", flow: signin.UserPasswordAuth},
		{name: "EMAIL_OTP", flow: signin.UserSRPAuth, signIn: func() (*signin.Result, error) {
			return client(signin.UserSRPAuth).SignInWithCode(ctx, "zee", types.ChallengeNameTypeEmailOtp)
		}, answers: func(c *signin.Client, ch *signin.Challenge) (*signin.Result, error) {
			return c.MFACode(ctx, ch, lastCode(t, srv, "zed@example.com").Code)
		}},
	} {
		c := client(tc.flow)
		var res *signin.Result
		var err error
		if tc.signIn != nil {
			res, err = tc.signIn()
		} else {
			res, err = c.SignIn(ctx, "zee", "Zed's pw 1234")
		}
		if err == nil && res.Challenge != nil && tc.answers != nil {
			res, err = tc.answers(c, res.Challenge)
		}
		tk := wantTokens(t)(res, err)
		if tk.Username != zedID {
			t.Errorf("%s: Tokens.Username %q, want %q", tc.name, tk.Username, zedID)
		}
		r, err := c.Refresh(ctx, tk)
		if err != nil {
			t.Errorf("%s: Refresh: %v", tc.name, err)
			continue
		}
		if r.Username != zedID {
			t.Errorf("%s: refreshed Tokens.Username %q", tc.name, r.Username)
		}
	}
}
