package signin_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/srp/signin"
	"github.com/srpkit/cognito/srp/srptest"
)

// stayExampleServer stands in for Cognito, with device tracking on.
func stayExampleServer() (*cip.Client, *signin.Client, func()) {
	h, err := srptest.NewHandler(srptest.Config{
		UserPoolID: "us-east-1_Example", ClientID: "exampleclient", DeviceTracking: "always",
		Users: []srptest.User{{Username: "alice", Password: "Correct horse 1!"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(h)
	api := cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: aws.AnonymousCredentials{}})
	c, err := signin.New(api, signin.Config{UserPoolID: "us-east-1_Example", ClientID: "exampleclient"})
	if err != nil {
		log.Fatal(err)
	}
	return api, c, srv.Close
}

// A long-running program takes its tokens from a TokenSource, which renews
// them before they expire; OnRenew stores each new refresh token.
func ExampleClient_TokenSource() {
	_, c, stop := stayExampleServer()
	defer stop()
	ctx := context.Background()
	res, err := c.SignIn(ctx, "alice", "Correct horse 1!")
	if err != nil {
		log.Fatal(err)
	}
	ts, err := c.TokenSource(res.Tokens, signin.TokenSourceOptions{
		OnRenew: func(t *signin.Tokens) { fmt.Println("renewed: store", t.Username+"'s refresh token") },
	})
	if err != nil {
		log.Fatal(err)
	}
	t, err := ts.Tokens(ctx) // from any number of goroutines
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("fresh:", t.AccessToken == res.Tokens.AccessToken)
	// After an API refused the access token (revoked elsewhere, say):
	if _, err := ts.Renew(ctx); err != nil {
		log.Fatal(err)
	}
	// Output:
	// fresh: true
	// renewed: store alice's refresh token
}

// GlobalSignOut signs the user out on every device: Cognito then refuses
// the refresh tokens.
func ExampleClient_GlobalSignOut() {
	_, c, stop := stayExampleServer()
	defer stop()
	ctx := context.Background()
	res, err := c.SignIn(ctx, "alice", "Correct horse 1!")
	if err != nil {
		log.Fatal(err)
	}
	if err := c.GlobalSignOut(ctx, res.Tokens); err != nil {
		log.Fatal(err)
	}
	_, err = c.Refresh(ctx, res.Tokens)
	var na *types.NotAuthorizedException
	fmt.Println(errors.As(err, &na), na.ErrorMessage())
	// Output: true Refresh Token has been revoked
}

// A remembered device that Cognito no longer knows (forgotten by the user
// or an administrator) does not stop the sign-in: the Result says so, and
// the app remembers the new device instead.
func ExampleResult_forgottenDevice() {
	api, c, stop := stayExampleServer()
	defer stop()
	ctx := context.Background()
	res, err := c.SignIn(ctx, "alice", "Correct horse 1!")
	if err != nil {
		log.Fatal(err)
	}
	dev, err := c.RememberDevice(ctx, res.Tokens, "laptop")
	if err != nil {
		log.Fatal(err)
	}
	// Elsewhere, the device is forgotten.
	if _, err := api.ForgetDevice(ctx, &cip.ForgetDeviceInput{AccessToken: aws.String(res.Tokens.AccessToken), DeviceKey: aws.String(dev.Key)}); err != nil {
		log.Fatal(err)
	}

	res, err = c.WithDevice(dev).SignIn(ctx, "alice", "Correct horse 1!")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("forgotten:", res.ForgottenDevice)
	if res.ForgottenDevice && res.Tokens.NewDevice != nil {
		if dev, err = c.RememberDevice(ctx, res.Tokens, "laptop"); err != nil {
			log.Fatal(err)
		}
	}
	res, err = c.WithDevice(dev).SignIn(ctx, "alice", "Correct horse 1!")
	fmt.Println("with the new device:", err == nil && !res.ForgottenDevice && res.Tokens.DeviceKey == dev.Key)
	// Output:
	// forgotten: true
	// with the new device: true
}
