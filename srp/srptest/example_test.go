package srptest_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srptest"
)

// A USER_SRP_AUTH sign-in through aws-sdk-go-v2 against the local server. In
// a test, t.Fatal(err) and t.Cleanup(srv.Close) fit.
func ExampleNewServer() {
	srv, err := srptest.NewServer(srptest.Config{
		UserPoolID: "us-east-1_ExamplePool",
		ClientID:   "exampleclient",
		Users: []srptest.User{{Username: "alice", Password: "Correct horse 1!",
			Aliases: []string{"alice@example.com"}}},
	})
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	ctx := context.Background()
	client := cip.New(cip.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  aws.AnonymousCredentials{},
	})
	signIn := func(name, password string) error {
		s, err := srp.NewUserSession("us-east-1_ExamplePool", password)
		if err != nil {
			return err
		}
		init, err := client.InitiateAuth(ctx, &cip.InitiateAuthInput{
			AuthFlow:       types.AuthFlowTypeUserSrpAuth,
			ClientId:       aws.String("exampleclient"),
			AuthParameters: map[string]string{"USERNAME": name, "SRP_A": s.SRPA()},
		})
		if err != nil {
			return err
		}
		resp, err := s.Respond(init.ChallengeParameters, time.Now())
		if err != nil {
			return err
		}
		out, err := client.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
			ChallengeName:      types.ChallengeNameTypePasswordVerifier,
			ClientId:           aws.String("exampleclient"),
			ChallengeResponses: resp,
			Session:            init.Session,
		})
		if err != nil {
			return err
		}
		fmt.Println(name, "signed in:", aws.ToString(out.AuthenticationResult.TokenType), out.AuthenticationResult.ExpiresIn)
		return nil
	}

	fmt.Println(signIn("alice@example.com", "Correct horse 1!"))
	err = signIn("alice", "wrong")
	var na *types.NotAuthorizedException
	fmt.Println(errors.As(err, &na), na.ErrorMessage())
	// Output:
	// alice@example.com signed in: Bearer 3600
	// <nil>
	// true Incorrect username or password.
}
