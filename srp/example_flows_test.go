package srp_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srptest"
)

// The pool, app client and user of the examples, served by srptest.
const (
	examplePool     = "us-east-1_ExamplePool"
	exampleClient   = "1example23456789"
	exampleUser     = "alice@example.com" // an alias: the pool's name for her is "alice"
	examplePassword = "correct horse battery staple"
)

// exampleCognito starts srptest's Cognito user pool on a loopback address and
// returns an aws-sdk-go-v2 client for it, and the function that stops it.
// Against Cognito, build the client with config.LoadDefaultConfig and
// cognitoidentityprovider.NewFromConfig instead (the admin operations then
// need IAM credentials; srptest checks no signature).
func exampleCognito(secret, deviceTracking string) (*cip.Client, func()) {
	h, err := srptest.NewHandler(srptest.Config{
		UserPoolID:     examplePool,
		ClientID:       exampleClient,
		ClientSecret:   secret,
		DeviceTracking: deviceTracking,
		Users:          []srptest.User{{Username: "alice", Password: examplePassword, Aliases: []string{exampleUser}}},
	})
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(h)
	return cip.New(cip.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  aws.AnonymousCredentials{},
	}), srv.Close
}

// Choice-based sign-in (AuthFlow USER_AUTH) without a preferred challenge:
// Cognito answers SELECT_CHALLENGE with the AvailableChallenges, and
// SelectChallengeResponse picks PASSWORD_SRP, which leads to the usual
// PASSWORD_VERIFIER. The app client here has a secret: WithClientSecret makes
// every map carry SECRET_HASH.
func ExampleSession_SelectChallengeResponse() {
	const secret = "example-client-secret-0123456789abcdefghij"
	client, stop := exampleCognito(secret, "")
	defer stop()
	ctx := context.Background()

	s, err := srp.NewUserSession(examplePool, examplePassword, srp.WithClientSecret(exampleClient, secret))
	if err != nil {
		log.Fatal(err)
	}
	init, err := client.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow:       types.AuthFlowTypeUserAuth,
		ClientId:       aws.String(exampleClient),
		AuthParameters: s.ChoiceAuthParameters(exampleUser),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(init.ChallengeName, init.AvailableChallenges)

	sel, err := client.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName:      types.ChallengeNameTypeSelectChallenge,
		ClientId:           aws.String(exampleClient),
		ChallengeResponses: s.SelectChallengeResponse(exampleUser),
		Session:            init.Session,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sel.ChallengeName, "for", sel.ChallengeParameters["USER_ID_FOR_SRP"])

	resp, err := s.Respond(sel.ChallengeParameters, time.Now())
	if err != nil {
		log.Fatal(err)
	}
	auth, err := client.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName:      sel.ChallengeName,
		ClientId:           aws.String(exampleClient),
		ChallengeResponses: resp,
		Session:            sel.Session,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed in:", auth.AuthenticationResult != nil, aws.ToString(auth.AuthenticationResult.TokenType))
	// Output:
	// SELECT_CHALLENGE [PASSWORD_SRP PASSWORD]
	// PASSWORD_VERIFIER for alice
	// signed in: true Bearer
}

// Choice-based sign-in (AuthFlow USER_AUTH) that asks for PASSWORD_SRP
// straight away: InitiateAuth answers PASSWORD_VERIFIER, as with
// USER_SRP_AUTH. A wrong password fails with NotAuthorizedException.
func ExampleSession_PreferredSRPAuthParameters() {
	client, stop := exampleCognito("", "")
	defer stop()
	ctx := context.Background()

	signIn := func(password string) error {
		s, err := srp.NewUserSession(examplePool, password)
		if err != nil {
			return err
		}
		init, err := client.InitiateAuth(ctx, &cip.InitiateAuthInput{
			AuthFlow:       types.AuthFlowTypeUserAuth,
			ClientId:       aws.String(exampleClient),
			AuthParameters: s.PreferredSRPAuthParameters(exampleUser),
		})
		if err != nil {
			return err
		}
		resp, err := s.Respond(init.ChallengeParameters, time.Now())
		if err != nil {
			return err
		}
		auth, err := client.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
			ChallengeName:      init.ChallengeName, // PASSWORD_VERIFIER
			ClientId:           aws.String(exampleClient),
			ChallengeResponses: resp,
			Session:            init.Session,
		})
		if err != nil {
			return err
		}
		fmt.Println(init.ChallengeName, "then signed in:", auth.AuthenticationResult != nil)
		return nil
	}

	if err := signIn(examplePassword); err != nil {
		log.Fatal(err)
	}
	var na *types.NotAuthorizedException
	err := signIn("wrong password")
	fmt.Println("wrong password:", errors.As(err, &na), na.ErrorMessage())
	// Output:
	// PASSWORD_VERIFIER then signed in: true
	// wrong password: true Incorrect username or password.
}

// A remembered device: the first sign-in returns NewDeviceMetadata, the app
// confirms the device (ConfirmDevice) and keeps its key, group key and
// DevicePassword; later sign-ins send DEVICE_KEY, answer PASSWORD_VERIFIER,
// then DEVICE_SRP_AUTH (DeviceSRPAuthResponse) and DEVICE_PASSWORD_VERIFIER
// (Respond of a device session).
func ExampleSession_DeviceSRPAuthResponse() {
	client, stop := exampleCognito("", "always")
	defer stop()
	ctx := context.Background()

	// passwordSignIn runs USER_SRP_AUTH; with a device key it stops at the
	// DEVICE_SRP_AUTH challenge, which may carry no parameters: its answer
	// names the user by the USER_ID_FOR_SRP of PASSWORD_VERIFIER.
	var userID string
	passwordSignIn := func(opts ...srp.Option) *cip.RespondToAuthChallengeOutput {
		s, err := srp.NewUserSession(examplePool, examplePassword, opts...)
		if err != nil {
			log.Fatal(err)
		}
		params := s.InitiateAuthParameters(exampleUser)
		_, withKey := params["DEVICE_KEY"]
		fmt.Println("InitiateAuth with DEVICE_KEY:", withKey)
		init, err := client.InitiateAuth(ctx, &cip.InitiateAuthInput{
			AuthFlow: types.AuthFlowTypeUserSrpAuth, ClientId: aws.String(exampleClient), AuthParameters: params,
		})
		if err != nil {
			log.Fatal(err)
		}
		userID = init.ChallengeParameters["USER_ID_FOR_SRP"]
		resp, err := s.Respond(init.ChallengeParameters, time.Now()) // adds DEVICE_KEY too
		if err != nil {
			log.Fatal(err)
		}
		out, err := client.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
			ChallengeName: init.ChallengeName, ClientId: aws.String(exampleClient), ChallengeResponses: resp, Session: init.Session,
		})
		if err != nil {
			log.Fatal(err)
		}
		return out
	}

	// First sign-in: confirm the new device.
	first := passwordSignIn()
	md := first.AuthenticationResult.NewDeviceMetadata
	key, group := aws.ToString(md.DeviceKey), aws.ToString(md.DeviceGroupKey)
	v, err := srp.NewDeviceVerifier(group, key)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.ConfirmDevice(ctx, &cip.ConfirmDeviceInput{
		AccessToken: first.AuthenticationResult.AccessToken,
		DeviceKey:   md.DeviceKey,
		DeviceName:  aws.String("example"),
		DeviceSecretVerifierConfig: &types.DeviceSecretVerifierConfigType{
			PasswordVerifier: aws.String(v.PasswordVerifier),
			Salt:             aws.String(v.Salt),
		},
	}); err != nil {
		log.Fatal(err)
	}
	// Store key, group and v.DevicePassword with the user's tokens.

	// Next sign-in, with the device.
	ch := passwordSignIn(srp.WithDeviceKey(key))
	fmt.Println(ch.ChallengeName)
	d, err := srp.NewDeviceSession(group, key, v.DevicePassword)
	if err != nil {
		log.Fatal(err)
	}
	dch, err := client.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName:      types.ChallengeNameTypeDeviceSrpAuth,
		ClientId:           aws.String(exampleClient),
		ChallengeResponses: d.DeviceSRPAuthResponse(userID),
		Session:            ch.Session,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(dch.ChallengeName)
	resp, err := d.Respond(dch.ChallengeParameters, time.Now())
	if err != nil {
		log.Fatal(err)
	}
	auth, err := client.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName:      dch.ChallengeName,
		ClientId:           aws.String(exampleClient),
		ChallengeResponses: resp,
		Session:            dch.Session,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed in with the device:", auth.AuthenticationResult != nil)
	// Output:
	// InitiateAuth with DEVICE_KEY: false
	// InitiateAuth with DEVICE_KEY: true
	// DEVICE_SRP_AUTH
	// DEVICE_PASSWORD_VERIFIER
	// signed in with the device: true
}

// The admin operations, for a server-side app: AdminInitiateAuth and
// AdminRespondToAuthChallenge take the same maps plus the UserPoolId (and,
// against Cognito, IAM credentials). USER_AUTH works the same way.
func Example_adminAuth() {
	client, stop := exampleCognito("", "")
	defer stop()
	ctx := context.Background()

	s, err := srp.NewUserSession(examplePool, examplePassword)
	if err != nil {
		log.Fatal(err)
	}
	init, err := client.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{
		UserPoolId:     aws.String(examplePool),
		ClientId:       aws.String(exampleClient),
		AuthFlow:       types.AuthFlowTypeUserSrpAuth,
		AuthParameters: s.InitiateAuthParameters(exampleUser),
	})
	if err != nil {
		log.Fatal(err)
	}
	resp, err := s.Respond(init.ChallengeParameters, time.Now())
	if err != nil {
		log.Fatal(err)
	}
	auth, err := client.AdminRespondToAuthChallenge(ctx, &cip.AdminRespondToAuthChallengeInput{
		UserPoolId:         aws.String(examplePool),
		ClientId:           aws.String(exampleClient),
		ChallengeName:      init.ChallengeName,
		ChallengeResponses: resp,
		Session:            init.Session,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(init.ChallengeName, "then signed in:", auth.AuthenticationResult != nil)

	_, err = client.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{
		UserPoolId:     aws.String("us-east-1_OtherPool"),
		ClientId:       aws.String(exampleClient),
		AuthFlow:       types.AuthFlowTypeUserSrpAuth,
		AuthParameters: s.InitiateAuthParameters(exampleUser),
	})
	var rnf *types.ResourceNotFoundException
	fmt.Println("other pool:", errors.As(err, &rnf))
	// Output:
	// PASSWORD_VERIFIER then signed in: true
	// other pool: true
}
