package srptest_test

import (
	"context"
	"fmt"
	"log"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/srpkit/cognito/srp/signin"
	"github.com/srpkit/cognito/srp/srptest"
)

// A user with SMS MFA: the code the server "sent" is read from its outbox.
func ExampleHandler_LastMessage() {
	srv, err := srptest.NewServer(srptest.Config{
		UserPoolID: "us-east-1_Example", ClientID: "exampleclient",
		Users: []srptest.User{{Username: "alice", Password: "Correct horse 1!", PhoneNumber: "+15555550100", MFA: []string{"SMS_MFA"}}},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	api := cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: aws.AnonymousCredentials{}})
	c, err := signin.New(api, signin.Config{UserPoolID: "us-east-1_Example", ClientID: "exampleclient"})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	res, err := c.SignIn(ctx, "alice", "Correct horse 1!")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Challenge.Name, res.Challenge.Parameters["CODE_DELIVERY_DESTINATION"])
	sms, _ := srv.Handler.LastMessage("alice")
	fmt.Println(sms.Medium, sms.Destination, len(sms.Code))
	res, err = c.MFACode(ctx, res.Challenge, sms.Code)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed in:", res.Tokens != nil)
	// Output:
	// SMS_MFA +*******0100
	// SMS +15555550100 6
	// signed in: true
}

// Custom authentication with SRP: the define, create and verify auth
// challenge triggers as Go functions, which see the ClientMetadata of
// RespondToAuthChallenge.
func ExampleTriggers() {
	triggers := srptest.Triggers{
		DefineAuthChallenge: func(ev *srptest.DefineAuthChallengeEvent) error {
			switch last := ev.Request.Session[len(ev.Request.Session)-1]; {
			case last.ChallengeName == "SRP_A":
				ev.Response.ChallengeName = "PASSWORD_VERIFIER"
			case last.ChallengeName == "PASSWORD_VERIFIER" && last.ChallengeResult:
				ev.Response.ChallengeName = "CUSTOM_CHALLENGE"
			case last.ChallengeName == "CUSTOM_CHALLENGE" && last.ChallengeResult:
				ev.Response.IssueTokens = true
			default:
				ev.Response.FailAuthentication = true
			}
			return nil
		},
		CreateAuthChallenge: func(ev *srptest.CreateAuthChallengeEvent) error {
			ev.Response.PublicChallengeParameters = map[string]string{"question": "6 x 7?"}
			ev.Response.PrivateChallengeParameters = map[string]string{"answer": "42"}
			return nil
		},
		VerifyAuthChallengeResponse: func(ev *srptest.VerifyAuthChallengeResponseEvent) error {
			fmt.Println("verifying for app", ev.Request.ClientMetadata["app"])
			ev.Response.AnswerCorrect = ev.Request.ChallengeAnswer == ev.Request.PrivateChallengeParameters["answer"]
			return nil
		},
	}
	srv, err := srptest.NewServer(srptest.Config{
		UserPoolID: "us-east-1_Example", ClientID: "exampleclient", Triggers: triggers,
		Users: []srptest.User{{Username: "alice", Password: "Correct horse 1!"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	api := cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: aws.AnonymousCredentials{}})
	c, err := signin.New(api, signin.Config{UserPoolID: "us-east-1_Example", ClientID: "exampleclient",
		Flow: signin.CustomAuthWithSRP, ClientMetadata: map[string]string{"app": "example"}})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	res, err := c.SignIn(ctx, "alice", "Correct horse 1!")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Challenge.Parameters["question"])
	res, err = c.AnswerCustom(ctx, res.Challenge, "42")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed in:", res.Tokens != nil)
	// Output:
	// 6 x 7?
	// verifying for app example
	// signed in: true
}
