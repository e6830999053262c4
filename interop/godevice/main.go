// Command godevice is part of the interop test (interop/signin.js, run by
// interop/signin.sh): it signs in with the Go library through aws-sdk-go-v2
// using a remembered device that another client (the official
// amazon-cognito-identity-js) registered, against a Cognito endpoint such as
// cmd/srplocal.
//
//	INTEROP_PASSWORD=... INTEROP_DEVICE_PASSWORD=... godevice \
//	    -endpoint http://127.0.0.1:PORT/ -pool us-east-1_Pool -client ID \
//	    -username NAME -device-key KEY -device-group-key GROUP
//
// The flow is USER_SRP_AUTH with DEVICE_KEY → PASSWORD_VERIFIER (answered with
// DEVICE_KEY) → DEVICE_SRP_AUTH (srp.NewDeviceSession, DeviceSRPAuthResponse)
// → DEVICE_PASSWORD_VERIFIER → tokens. It prints one JSON object on standard
// output: the challenges Cognito sent in order and, on success, the access
// token; on failure the AWS error code and the step it failed at, with exit
// status 1. Exit status 2 is a usage error.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/srpkit/cognito/srp"
)

// result is what godevice prints.
type result struct {
	OK          bool     `json:"ok"`
	Challenges  []string `json:"challenges"`            // ChallengeName of every answer, in order
	AccessToken string   `json:"accessToken,omitempty"` // on success
	Step        string   `json:"step,omitempty"`        // on failure: the call that failed
	Code        string   `json:"code,omitempty"`        // on failure: the AWS error code, if any
	Message     string   `json:"message,omitempty"`     // on failure
}

func main() {
	endpoint := flag.String("endpoint", "", "Cognito endpoint `URL` (srplocal's LISTENING address)")
	pool := flag.String("pool", "", "user pool `id`")
	client := flag.String("client", "", "app client `id`")
	username := flag.String("username", "", "`name` to sign in with (username or alias)")
	deviceKey := flag.String("device-key", "", "remembered device `key`")
	groupKey := flag.String("device-group-key", "", "remembered device group `key`")
	timeout := flag.Duration("timeout", 30*time.Second, "overall time limit")
	flag.Parse()
	password, devicePassword := os.Getenv("INTEROP_PASSWORD"), os.Getenv("INTEROP_DEVICE_PASSWORD")
	if *endpoint == "" || *pool == "" || *client == "" || *username == "" || *deviceKey == "" || *groupKey == "" ||
		password == "" || devicePassword == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "godevice: -endpoint, -pool, -client, -username, -device-key, -device-group-key, INTEROP_PASSWORD and INTEROP_DEVICE_PASSWORD are required")
		os.Exit(2)
	}

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	res := signIn(ctx, cip.New(cip.Options{
		Region:       "us-east-1",
		BaseEndpoint: endpoint,
		Credentials:  aws.AnonymousCredentials{},
		Retryer:      aws.NopRetryer{}, // one attempt: a retry would hide what the server answered
		HTTPClient:   &http.Client{Timeout: *timeout},
	}), *pool, *client, *username, password, *deviceKey, *groupKey, devicePassword)
	out, _ := json.Marshal(res)
	fmt.Println(string(out))
	if !res.OK {
		os.Exit(1)
	}
}

func signIn(ctx context.Context, c *cip.Client, pool, client, username, password, deviceKey, groupKey, devicePassword string) (res result) {
	res.Challenges = []string{}
	fail := func(step string, err error) result {
		res.Step, res.Message = step, err.Error()
		var ae smithy.APIError
		if errors.As(err, &ae) {
			res.Code, res.Message = ae.ErrorCode(), ae.ErrorMessage()
		}
		return res
	}

	s, err := srp.NewUserSession(pool, password, srp.WithDeviceKey(deviceKey))
	if err != nil {
		return fail("NewUserSession", err)
	}
	init, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow:       types.AuthFlowTypeUserSrpAuth,
		ClientId:       aws.String(client),
		AuthParameters: s.InitiateAuthParameters(username), // USERNAME, SRP_A, DEVICE_KEY
	})
	if err != nil {
		return fail("InitiateAuth", err)
	}
	res.Challenges = append(res.Challenges, string(init.ChallengeName))
	resp, err := s.Respond(init.ChallengeParameters, time.Now()) // with DEVICE_KEY
	if err != nil {
		return fail("Respond(PASSWORD_VERIFIER)", err)
	}
	ch, err := c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName: init.ChallengeName, ClientId: aws.String(client), ChallengeResponses: resp, Session: init.Session,
	})
	if err != nil {
		return fail("RespondToAuthChallenge("+string(init.ChallengeName)+")", err)
	}
	res.Challenges = append(res.Challenges, string(ch.ChallengeName))
	if ch.ChallengeName != types.ChallengeNameTypeDeviceSrpAuth {
		return fail("PASSWORD_VERIFIER answer", fmt.Errorf("got challenge %q, want DEVICE_SRP_AUTH", ch.ChallengeName))
	}

	d, err := srp.NewDeviceSession(groupKey, deviceKey, devicePassword)
	if err != nil {
		return fail("NewDeviceSession", err)
	}
	dch, err := c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName:      types.ChallengeNameTypeDeviceSrpAuth,
		ClientId:           aws.String(client),
		ChallengeResponses: d.DeviceSRPAuthResponse(init.ChallengeParameters["USER_ID_FOR_SRP"]), // DEVICE_SRP_AUTH may carry no parameters,
		Session:            ch.Session,
	})
	if err != nil {
		return fail("RespondToAuthChallenge(DEVICE_SRP_AUTH)", err)
	}
	res.Challenges = append(res.Challenges, string(dch.ChallengeName))
	resp, err = d.Respond(dch.ChallengeParameters, time.Now())
	if err != nil {
		return fail("Respond(DEVICE_PASSWORD_VERIFIER)", err)
	}
	auth, err := c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName: dch.ChallengeName, ClientId: aws.String(client), ChallengeResponses: resp, Session: dch.Session,
	})
	if err != nil {
		return fail("RespondToAuthChallenge("+string(dch.ChallengeName)+")", err)
	}
	if auth.ChallengeName != "" || auth.AuthenticationResult == nil {
		return fail("DEVICE_PASSWORD_VERIFIER answer", fmt.Errorf("got challenge %q and no tokens", auth.ChallengeName))
	}
	res.OK, res.AccessToken = true, aws.ToString(auth.AuthenticationResult.AccessToken)
	return res
}
