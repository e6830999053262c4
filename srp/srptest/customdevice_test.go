package srptest_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srptest"
)

// customSRPSignIn runs CUSTOM_AUTH with SRP for alice up to the first
// answer that is not SRP: SRP_A, PASSWORD_VERIFIER and, with a remembered
// device, DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER, whose answer
// carries metadata as ClientMetadata.
func customSRPSignIn(ctx context.Context, c *cip.Client, password string, dev *remembered, metadata map[string]string) (*cip.RespondToAuthChallengeOutput, error) {
	var opts []srp.Option
	if dev != nil {
		opts = append(opts, srp.WithDeviceKey(dev.key))
	}
	s, err := srp.NewUserSession(testPool, password, opts...)
	if err != nil {
		return nil, err
	}
	init, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String(testClient), AuthFlow: types.AuthFlowTypeCustomAuth,
		AuthParameters: map[string]string{"USERNAME": "alice", "CHALLENGE_NAME": "SRP_A", "SRP_A": s.SRPA()}})
	if err != nil {
		return nil, err
	}
	if init.ChallengeName != types.ChallengeNameTypePasswordVerifier {
		return nil, fmt.Errorf("InitiateAuth: challenge %q, want PASSWORD_VERIFIER", init.ChallengeName)
	}
	resp, err := s.Respond(init.ChallengeParameters, time.Now())
	if err != nil {
		return nil, err
	}
	respond := func(name types.ChallengeNameType, r map[string]string, session *string, md map[string]string) (*cip.RespondToAuthChallengeOutput, error) {
		return c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: aws.String(testClient),
			ChallengeName: name, ChallengeResponses: r, Session: session, ClientMetadata: md})
	}
	out, err := respond(types.ChallengeNameTypePasswordVerifier, resp, init.Session, nil)
	if err != nil || dev == nil {
		return out, err
	}
	if out.ChallengeName != types.ChallengeNameTypeDeviceSrpAuth {
		return nil, fmt.Errorf("PASSWORD_VERIFIER: challenge %q, want DEVICE_SRP_AUTH", out.ChallengeName)
	}
	d, err := srp.NewDeviceSession(dev.group, dev.key, dev.password)
	if err != nil {
		return nil, err
	}
	out, err = respond(types.ChallengeNameTypeDeviceSrpAuth, d.DeviceSRPAuthResponse("alice"), out.Session, nil)
	if err != nil {
		return nil, err
	}
	if out.ChallengeName != types.ChallengeNameTypeDevicePasswordVerifier {
		return nil, fmt.Errorf("DEVICE_SRP_AUTH: challenge %q, want DEVICE_PASSWORD_VERIFIER", out.ChallengeName)
	}
	if resp, err = d.Respond(out.ChallengeParameters, time.Now()); err != nil {
		return nil, err
	}
	return respond(types.ChallengeNameTypeDevicePasswordVerifier, resp, out.Session, metadata)
}

// answerCustom answers a CUSTOM_CHALLENGE of alice.
func answerCustom(ctx context.Context, c *cip.Client, out *cip.RespondToAuthChallengeOutput, answer string) (*cip.RespondToAuthChallengeOutput, error) {
	if out.ChallengeName != types.ChallengeNameTypeCustomChallenge || out.AuthenticationResult != nil {
		return nil, fmt.Errorf("challenge %q (tokens: %v), want CUSTOM_CHALLENGE", out.ChallengeName, out.AuthenticationResult != nil)
	}
	return c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: aws.String(testClient),
		ChallengeName: types.ChallengeNameTypeCustomChallenge, Session: out.Session,
		ChallengeResponses: map[string]string{"USERNAME": "alice", "ANSWER": answer}})
}

// TestCustomAuthWithDevice: CUSTOM_AUTH with SRP and a remembered device
// still asks the custom challenges. After DEVICE_PASSWORD_VERIFIER the
// define trigger gets the session with the two device challenges passed,
// and that answer's ClientMetadata, and decides as it does after
// PASSWORD_VERIFIER without a device; the tokens then belong to the device,
// and no new device is handed out. The same with srplocal's static
// customChallenge, whose triggers accept the device challenges.
func TestCustomAuthWithDevice(t *testing.T) {
	var mu sync.Mutex
	var defined []srptest.DefineAuthChallengeRequest
	triggers := srptest.Triggers{
		DefineAuthChallenge: func(ev *srptest.DefineAuthChallengeEvent) error {
			mu.Lock()
			defined = append(defined, ev.Request)
			mu.Unlock()
			switch last := ev.Request.Session[len(ev.Request.Session)-1]; {
			case last.ChallengeName == "SRP_A":
				ev.Response.ChallengeName = "PASSWORD_VERIFIER"
			case !last.ChallengeResult:
				ev.Response.FailAuthentication = true
			case last.ChallengeName == "PASSWORD_VERIFIER" || last.ChallengeName == "DEVICE_PASSWORD_VERIFIER":
				ev.Response.ChallengeName = "CUSTOM_CHALLENGE"
			case last.ChallengeName == "CUSTOM_CHALLENGE":
				ev.Response.IssueTokens = true
			default:
				ev.Response.FailAuthentication = true
			}
			return nil
		},
		CreateAuthChallenge: func(ev *srptest.CreateAuthChallengeEvent) error {
			ev.Response.PublicChallengeParameters = map[string]string{"q": "6 x 7?"}
			ev.Response.PrivateChallengeParameters = map[string]string{"a": "42"}
			return nil
		},
		VerifyAuthChallengeResponse: func(ev *srptest.VerifyAuthChallengeResponseEvent) error {
			ev.Response.AnswerCorrect = ev.Request.ChallengeAnswer == ev.Request.PrivateChallengeParameters["a"]
			return nil
		},
	}
	for _, tc := range []struct {
		name string
		set  func(*srptest.Config)
	}{
		{"triggers", func(c *srptest.Config) { c.Triggers = triggers }},
		{"customChallenge", func(c *srptest.Config) {
			c.CustomChallenge = &srptest.CustomChallenge{Parameters: map[string]string{"q": "6 x 7?"}, Answer: "42"}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			cfg := testConfig()
			cfg.DeviceTracking = "always"
			tc.set(&cfg)
			srv := newServer(t, cfg)
			c := newClient(srv)
			out, err := customSRPSignIn(ctx, c, "Correct horse 1!", nil, nil)
			if err == nil {
				out, err = answerCustom(ctx, c, out, "42")
			}
			if err != nil {
				t.Fatal(err)
			}
			md := requireTokens(t, out).NewDeviceMetadata
			if md == nil {
				t.Fatal("no NewDeviceMetadata")
			}
			dv, err := srp.NewDeviceVerifier(aws.ToString(md.DeviceGroupKey), aws.ToString(md.DeviceKey))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.ConfirmDevice(ctx, &cip.ConfirmDeviceInput{AccessToken: out.AuthenticationResult.AccessToken, DeviceKey: md.DeviceKey,
				DeviceSecretVerifierConfig: &types.DeviceSecretVerifierConfigType{PasswordVerifier: aws.String(dv.PasswordVerifier), Salt: aws.String(dv.Salt)}}); err != nil {
				t.Fatal(err)
			}
			dev := &remembered{key: aws.ToString(md.DeviceKey), group: aws.ToString(md.DeviceGroupKey), password: dv.DevicePassword}

			// A wrong answer after the device still fails.
			out, err = customSRPSignIn(ctx, c, "Correct horse 1!", dev, map[string]string{"app": "test"})
			if err == nil {
				_, err = answerCustom(ctx, c, out, "41")
				requireNotAuthorized(t, err)
			} else {
				t.Fatal(err)
			}
			mu.Lock()
			defined = nil
			mu.Unlock()
			out, err = customSRPSignIn(ctx, c, "Correct horse 1!", dev, map[string]string{"app": "test"})
			if err != nil {
				t.Fatal(err)
			}
			if out.ChallengeParameters["q"] != "6 x 7?" || out.ChallengeParameters["USERNAME"] != "alice" {
				t.Errorf("CUSTOM_CHALLENGE parameters %v", out.ChallengeParameters)
			}
			if out, err = answerCustom(ctx, c, out, "42"); err != nil {
				t.Fatal(err)
			}
			tk := requireTokens(t, out)
			if tk.NewDeviceMetadata != nil {
				t.Errorf("a new device after a sign-in with one: %+v", tk.NewDeviceMetadata)
			}
			verifyTokens(t, srv, aws.ToString(tk.AccessToken), aws.ToString(tk.IdToken), "alice", dev.key)
			if tc.name != "triggers" {
				return
			}
			mu.Lock()
			defer mu.Unlock()
			names := func(s []srptest.ChallengeResult) (n []string) {
				for _, r := range s {
					n = append(n, fmt.Sprintf("%s:%v", r.ChallengeName, r.ChallengeResult))
				}
				return n
			}
			afterDevice := []string{"SRP_A:true", "PASSWORD_VERIFIER:true", "DEVICE_SRP_AUTH:true", "DEVICE_PASSWORD_VERIFIER:true"}
			if len(defined) != 3 || !slices.Equal(names(defined[1].Session), afterDevice) || defined[1].ClientMetadata["app"] != "test" ||
				!slices.Equal(names(defined[2].Session), append(afterDevice, "CUSTOM_CHALLENGE:true")) {
				t.Errorf("the define trigger got %+v", defined)
			}
		})
	}
}
