package signin_test

import (
	"bufio"
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/srp/signin"
	"github.com/srpkit/cognito/srp/srptest"
)

// exampleServer stands in for Cognito: a user who must choose a new password
// and then give a TOTP code.
func exampleServer() (*cip.Client, func()) {
	h, err := srptest.NewHandler(srptest.Config{
		UserPoolID:     "us-east-1_Example",
		ClientID:       "exampleclient",
		DeviceTracking: "always",
		Users: []srptest.User{{Username: "alice", Password: "Temporary 1!",
			NewPasswordRequired: true, TOTPSecret: totpSecret}},
	})
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(h)
	return cip.New(cip.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL), // omit for the real Cognito
		Credentials:  aws.AnonymousCredentials{},
	}), srv.Close
}

// SignIn returns tokens or the next challenge; a loop answers the
// challenges it knows and returns the others.
func Example() {
	api, stop := exampleServer()
	defer stop()
	ctx := context.Background()

	c, err := signin.New(api, signin.Config{UserPoolID: "us-east-1_Example", ClientID: "exampleclient"})
	if err != nil {
		log.Fatal(err)
	}
	// What the user types, one answer a line (a terminal prompt in real code).
	input := bufio.NewScanner(strings.NewReader("Brand new 1!\n"))
	ask := func(prompt string) string {
		if prompt == "MFA code" { // the example's authenticator app
			code, _ := srptest.TOTP(totpSecret, time.Now())
			return code
		}
		input.Scan()
		return input.Text()
	}

	res, err := c.SignIn(ctx, "alice", "Temporary 1!")
	for err == nil && res.Challenge != nil {
		ch := res.Challenge
		fmt.Println("challenge:", ch.Name)
		switch ch.Name {
		case types.ChallengeNameTypeNewPasswordRequired:
			res, err = c.NewPassword(ctx, ch, ask("new password"), nil)
		case types.ChallengeNameTypeSoftwareTokenMfa, types.ChallengeNameTypeSmsMfa, types.ChallengeNameTypeEmailOtp:
			res, err = c.MFACode(ctx, ch, ask("MFA code"))
		default:
			fmt.Fprintln(os.Stderr, "cannot answer", ch.Name)
			return
		}
	}
	if err != nil {
		log.Fatal(err) // errors.As(err, new(*types.NotAuthorizedException)), ...
	}
	fmt.Println("signed in:", res.Tokens.AccessToken != "", res.Tokens.ExpiresIn)

	// Remember the device Cognito handed out, then sign in with it: srptest,
	// like pools set to, skips MFA for a remembered device.
	dev, err := c.RememberDevice(ctx, res.Tokens, "example device")
	if err != nil {
		log.Fatal(err)
	}
	res, err = c.WithDevice(dev).SignIn(ctx, "alice", "Brand new 1!")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("with the device:", res.Tokens != nil)

	// Refresh: the tokens know their device, whose key goes along as
	// DEVICE_KEY.
	t, err := c.Refresh(ctx, res.Tokens)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("refreshed:", t.AccessToken != "")
	// Output:
	// challenge: NEW_PASSWORD_REQUIRED
	// challenge: SOFTWARE_TOKEN_MFA
	// signed in: true 3600
	// with the device: true
	// refreshed: true
}
