package srp_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"log"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/srp"
)

// A user sign-in with a fixed ephemeral and a fixed challenge, so that the
// output is the known answer published by alexrudd/cognito-srp (vector
// peer-14 in vectors/testdata/peers-published.json). Real code leaves out
// WithEphemeral and passes the ChallengeParameters Cognito returned.
func ExampleNewUserSession() {
	s, err := srp.NewUserSession("us-east-1_myPool", "test", srp.WithEphemeral([]byte{0x49, 0x96, 0x02, 0xd2}))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("SRP_A:", s.SRPA()[:16]+"...")

	resp, err := s.Respond(map[string]string{
		"SALT":            "499602d2",
		"SRP_B":           "499602d2",
		"SECRET_BLOCK":    "c2VjcmV0c3NlY3Jlc3Rzc2VjcmV0cw==",
		"USERNAME":        "test",
		"USER_ID_FOR_SRP": "test",
	}, time.Date(2018, time.July, 10, 11, 1, 0, 0, time.UTC))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("USERNAME:", resp["USERNAME"])
	fmt.Println("TIMESTAMP:", resp["TIMESTAMP"])
	fmt.Println("PASSWORD_CLAIM_SIGNATURE:", resp["PASSWORD_CLAIM_SIGNATURE"])
	// Output:
	// SRP_A: 58b1e37b7ea68150...
	// USERNAME: test
	// TIMESTAMP: Tue Jul 10 11:01:00 UTC 2018
	// PASSWORD_CLAIM_SIGNATURE: tdvQu/Li/qWl8Nni0aFPs+MwY4rvKZm0kSMrGIMSUHk=
}

// A remembered-device sign-in (DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER)
// with the known answer of ryanmab/aws-cognito-srp (vector peer-11).
func ExampleNewDeviceSession() {
	a := bytes.Repeat([]byte{0x01}, 128)
	s, err := srp.NewDeviceSession("mock-device-group-key", "mock-device-key", "password", srp.WithEphemeral(a))
	if err != nil {
		log.Fatal(err)
	}
	// Send USERNAME, DEVICE_KEY and SRP_A = s.SRPA() to answer DEVICE_SRP_AUTH,
	// then answer DEVICE_PASSWORD_VERIFIER:
	resp, err := s.RespondWithTimestamp(map[string]string{
		"SALT":         "36ef01c6dde9fe503da333b1acc758ba",
		"SRP_B":        "36ef01c6dde9fe503da333b1acc758ba",
		"SECRET_BLOCK": "9ae77ec7154c14dcc487b47707fee4b4920cb96d8a8c045e4c8df879a7b375524aa736acdec6c9ad4ea606774d00621b",
		"USERNAME":     "user",
	}, "Mon Feb 10 18:30:12 UTC 2025")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp["DEVICE_KEY"], resp["USERNAME"], resp["PASSWORD_CLAIM_SIGNATURE"])
	// Output:
	// mock-device-key user O9uSej4H1B4or3Zc7Q4+KxuSvOaEfuq2a7Ye4d16fmo=
}

// Registering a device for ConfirmDevice. The random source is fixed here to
// reproduce vector devicehash-203 of vectors/testdata/aws-js-reference.json; real code
// uses the default (crypto/rand).
func ExampleNewDeviceVerifier() {
	random, _ := hex.DecodeString("83d72f954d3e3205ce7fdf73e28118f24d06f7d9ad281e4185315e67b97603ae4f35a3fe83ccb707" + // 40 password bytes
		"c1416eaaec203002d20c85fcca501faa") // 16 salt bytes
	v, err := srp.NewDeviceVerifier("-vAzC4RhQK", "us-west-2_8d3a282e-6ee0-43b8-8346-3cc3a2b1122b",
		srp.WithRandom(bytes.NewReader(random)))
	if err != nil {
		log.Fatal(err)
	}
	// Send DeviceSecretVerifierConfig{PasswordVerifier, Salt} with ConfirmDevice
	// and store v.DevicePassword with the device key and device group key.
	fmt.Println("DevicePassword:", v.DevicePassword)
	fmt.Println("Salt:", v.Salt)
	fmt.Println("PasswordVerifier:", v.PasswordVerifier[:40]+"...")
	// Output:
	// DevicePassword: g9cvlU0+MgXOf99z4oEY8k0G99mtKB5BhTFeZ7l2A65PNaP+g8y3Bw==
	// Salt: AMFBbqrsIDAC0gyF/MpQH6o=
	// PasswordVerifier: AKHklO1RXbhl9zWVuN/X86QYqzc57mmF7Pz96ena...
}

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
// first request (about 11 ms and 2.4 MiB), rather than during one.
func ExamplePrecompute() {
	srp.Precompute()
	s, err := srp.NewUserSession("us-east-1_AbC123", "correct horse battery staple")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(s.SRPA()) > 0)
	// Output: true
}
