package srp_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/srp"
)

func ExampleFormatTimestamp() {
	t := time.Date(2024, time.March, 5, 9, 4, 7, 999e6, time.FixedZone("CET", 3600))
	fmt.Println(srp.FormatTimestamp(t))
	// Output: Tue Mar 5 08:04:07 UTC 2024
}

// Signing in with aws-sdk-go-v2 (AuthFlow USER_SRP_AUTH), here against the
// local Cognito of package srptest (see exampleCognito). InitiateAuthParameters
// gives the AuthParameters (USERNAME, SRP_A, and SECRET_HASH for an app client
// with a secret, configured with srp.WithClientSecret) and Respond answers the
// PASSWORD_VERIFIER challenge.
func Example_awsSDK() {
	client, stop := exampleCognito("", "") // or cognitoidentityprovider.NewFromConfig(cfg)
	defer stop()
	ctx := context.Background()

	s, err := srp.NewUserSession(examplePool, examplePassword)
	if err != nil {
		log.Fatal(err)
	}
	out, err := client.InitiateAuth(ctx, &cognitoidentityprovider.InitiateAuthInput{
		AuthFlow:       types.AuthFlowTypeUserSrpAuth,
		ClientId:       aws.String(exampleClient),
		AuthParameters: s.InitiateAuthParameters(exampleUser),
	})
	if err != nil {
		log.Fatal(err)
	}
	if out.ChallengeName != types.ChallengeNameTypePasswordVerifier {
		log.Fatalf("unexpected challenge %s", out.ChallengeName)
	}
	resp, err := s.Respond(out.ChallengeParameters, time.Now())
	if err != nil {
		log.Fatal(err)
	}
	auth, err := client.RespondToAuthChallenge(ctx, &cognitoidentityprovider.RespondToAuthChallengeInput{
		ChallengeName:      out.ChallengeName,
		ClientId:           aws.String(exampleClient),
		ChallengeResponses: resp,
		Session:            out.Session,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed in:", auth.AuthenticationResult != nil, aws.ToString(auth.AuthenticationResult.TokenType))
	// Output: signed in: true Bearer
}

// A server that serves many sign-ins builds the generator's table before its
// first request, rather than during one (bench/README.md gives its size and
// build time).
func ExamplePrecompute() {
	srp.Precompute()
	s, err := srp.NewUserSession("us-east-1_AbC123", "correct horse battery staple")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(s.SRPA()) > 0)
	// Output: true
}
