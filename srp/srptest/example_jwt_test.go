package srptest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srptest"
)

// An application verifies the server's access token as it verifies
// Cognito's: with a JWT library (here go-jose) and the keys published at
// {iss}/.well-known/jwks.json. iss is Config.BaseURL/UserPoolID, and
// NewServer (like cmd/srplocal) sets an empty BaseURL to its own address.
func ExampleHandler_JWKS() {
	srv, err := srptest.NewServer(srptest.Config{
		UserPoolID: "us-east-1_ExamplePool",
		ClientID:   "exampleclient",
		Users:      []srptest.User{{Username: "alice", Password: "Correct horse 1!"}},
	})
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	// Sign in (USER_SRP_AUTH) to get an access token.
	ctx := context.Background()
	client := cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: aws.AnonymousCredentials{}})
	s, _ := srp.NewUserSession("us-east-1_ExamplePool", "Correct horse 1!")
	init, err := client.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow: types.AuthFlowTypeUserSrpAuth, ClientId: aws.String("exampleclient"),
		AuthParameters: map[string]string{"USERNAME": "alice", "SRP_A": s.SRPA()},
	})
	if err != nil {
		panic(err)
	}
	resp, _ := s.Respond(init.ChallengeParameters, time.Now())
	out, err := client.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName: init.ChallengeName, ClientId: aws.String("exampleclient"),
		ChallengeResponses: resp, Session: init.Session,
	})
	if err != nil {
		panic(err)
	}

	// Verify it against the published keys.
	issuer := srv.Handler.Issuer()
	r, err := http.Get(issuer + "/.well-known/jwks.json")
	if err != nil {
		panic(err)
	}
	defer r.Body.Close()
	var keys jose.JSONWebKeySet
	if err := json.NewDecoder(r.Body).Decode(&keys); err != nil {
		panic(err)
	}
	tok, err := jwt.ParseSigned(aws.ToString(out.AuthenticationResult.AccessToken), []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		panic(err)
	}
	var std jwt.Claims
	var cognito struct {
		TokenUse string `json:"token_use"`
		ClientID string `json:"client_id"`
		Username string `json:"username"`
	}
	if err := tok.Claims(&keys, &std, &cognito); err != nil {
		panic(err) // a bad signature, or a key not in the set
	}
	if err := std.Validate(jwt.Expected{Issuer: issuer, Time: time.Now()}); err != nil {
		panic(err)
	}
	fmt.Println(cognito.TokenUse, cognito.ClientID, cognito.Username)
	// Output: access exampleclient alice
}
