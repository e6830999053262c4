package signin_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/srp/signin"
	"github.com/srpkit/cognito/srp/srptest"
)

// A passwordless sign-in with a code sent by email; srptest's outbox stands
// for the user's mailbox.
func ExampleClient_SignInWithCode() {
	h, err := srptest.NewHandler(srptest.Config{
		UserPoolID: "us-east-1_Example", ClientID: "exampleclient",
		SignInFirstFactors: []string{"PASSWORD", "EMAIL_OTP"},
		Users:              []srptest.User{{Username: "alice", Password: "Correct horse 1!", Email: "alice@example.com"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	api := cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: aws.AnonymousCredentials{}})
	c, err := signin.New(api, signin.Config{UserPoolID: "us-east-1_Example", ClientID: "exampleclient"})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	res, err := c.SignInWithCode(ctx, "alice", types.ChallengeNameTypeEmailOtp)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Challenge.Name, "sent to", res.Challenge.Parameters["CODE_DELIVERY_DESTINATION"])
	mail, _ := h.LastMessage("alice") // what the user reads in the email
	res, err = c.MFACode(ctx, res.Challenge, mail.Code)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed in:", res.Tokens != nil)
	// Output:
	// EMAIL_OTP sent to a***@e***
	// signed in: true
}

// Custom authentication after the password (CUSTOM_AUTH with SRP), with
// ClientMetadata for the pool's triggers; srptest's static custom challenge
// stands for the triggers.
func ExampleClient_AnswerCustom() {
	h, err := srptest.NewHandler(srptest.Config{
		UserPoolID: "us-east-1_Example", ClientID: "exampleclient",
		CustomChallenge: &srptest.CustomChallenge{Parameters: map[string]string{"question": "Favourite colour?"}, Answer: "blue"},
		Users:           []srptest.User{{Username: "alice", Password: "Correct horse 1!"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	api := cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: aws.AnonymousCredentials{}})
	c, err := signin.New(api, signin.Config{
		UserPoolID: "us-east-1_Example", ClientID: "exampleclient",
		Flow: signin.CustomAuthWithSRP, ClientMetadata: map[string]string{"app": "example"},
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	res, err := c.SignIn(ctx, "alice", "Correct horse 1!")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Challenge.Name+":", res.Challenge.Parameters["question"])
	res, err = c.AnswerCustom(ctx, res.Challenge, "blue")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed in:", res.Tokens != nil)
	// Output:
	// CUSTOM_CHALLENGE: Favourite colour?
	// signed in: true
}
