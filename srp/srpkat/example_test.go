package srpkat_test

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"log"
	"time"

	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srpkat"
)

// A user sign-in with a fixed ephemeral and a fixed challenge, so that the
// output is the known answer published by alexrudd/cognito-srp (vector
// peer-14 in vectors/testdata/peers-published.json). Real code leaves out
// srpkat.WithEphemeral and passes the ChallengeParameters Cognito returned.
func ExampleWithEphemeral() {
	s, err := srp.NewUserSession("us-east-1_myPool", "test", srpkat.WithEphemeral([]byte{0x49, 0x96, 0x02, 0xd2}))
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
// with the known answer of ryanmab/aws-cognito-srp (vector peer-11): a fixed
// ephemeral and a literal TIMESTAMP. Real code calls s.Respond.
func ExampleRespondWithTimestamp() {
	a := bytes.Repeat([]byte{0x01}, 128)
	s, err := srp.NewDeviceSession("mock-device-group-key", "mock-device-key", "password", srpkat.WithEphemeral(a))
	if err != nil {
		log.Fatal(err)
	}
	// Send USERNAME, DEVICE_KEY and SRP_A = s.SRPA() to answer DEVICE_SRP_AUTH,
	// then answer DEVICE_PASSWORD_VERIFIER:
	resp, err := srpkat.RespondWithTimestamp(s, map[string]string{
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
// reproduce vector devicehash-203 of vectors/testdata/aws-js-reference.json;
// real code leaves out srpkat.WithRandom (srp reads crypto/rand).
func ExampleWithRandom() {
	random, _ := hex.DecodeString("83d72f954d3e3205ce7fdf73e28118f24d06f7d9ad281e4185315e67b97603ae4f35a3fe83ccb707" + // 40 password bytes
		"c1416eaaec203002d20c85fcca501faa") // 16 salt bytes
	v, err := srp.NewDeviceVerifier("-vAzC4RhQK", "us-west-2_8d3a282e-6ee0-43b8-8346-3cc3a2b1122b",
		srpkat.WithRandom(bytes.NewReader(random)))
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
