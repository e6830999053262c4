package srptest_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/secrethash"
	"github.com/srpkit/cognito/srp"
)

// step is one InitiateAuth or RespondToAuthChallenge answer, from the user
// or the admin operation.
type step struct {
	challenge types.ChallengeNameType
	params    map[string]string
	session   *string
	available []types.ChallengeNameType
	auth      *types.AuthenticationResultType
}

// api calls the user operations, or the admin ones with pool as UserPoolId.
type api struct {
	c     *cip.Client
	admin bool
	pool  string
}

func (a api) initiate(ctx context.Context, flow types.AuthFlowType, params map[string]string) (step, error) {
	if a.admin {
		out, err := a.c.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{
			UserPoolId: aws.String(a.pool), ClientId: aws.String(testClient), AuthFlow: flow, AuthParameters: params,
		})
		if err != nil {
			return step{}, err
		}
		return step{out.ChallengeName, out.ChallengeParameters, out.Session, out.AvailableChallenges, out.AuthenticationResult}, nil
	}
	out, err := a.c.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String(testClient), AuthFlow: flow, AuthParameters: params})
	if err != nil {
		return step{}, err
	}
	return step{out.ChallengeName, out.ChallengeParameters, out.Session, out.AvailableChallenges, out.AuthenticationResult}, nil
}

func (a api) respond(ctx context.Context, name types.ChallengeNameType, resp map[string]string, session *string) (step, error) {
	if a.admin {
		out, err := a.c.AdminRespondToAuthChallenge(ctx, &cip.AdminRespondToAuthChallengeInput{
			UserPoolId: aws.String(a.pool), ClientId: aws.String(testClient), ChallengeName: name, ChallengeResponses: resp, Session: session,
		})
		if err != nil {
			return step{}, err
		}
		return step{out.ChallengeName, out.ChallengeParameters, out.Session, nil, out.AuthenticationResult}, nil
	}
	out, err := a.c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ClientId: aws.String(testClient), ChallengeName: name, ChallengeResponses: resp, Session: session,
	})
	if err != nil {
		return step{}, err
	}
	return step{out.ChallengeName, out.ChallengeParameters, out.Session, nil, out.AuthenticationResult}, nil
}

func (s step) want(name types.ChallengeNameType) error {
	if s.challenge != name || s.auth != nil || aws.ToString(s.session) == "" {
		return fmt.Errorf("got challenge %q (tokens: %v), want %s with a Session", s.challenge, s.auth != nil, name)
	}
	return nil
}

// remembered is a confirmed device and its secret.
type remembered struct{ key, group, password string }

const (
	flowUserSRP   = "USER_SRP_AUTH"
	flowSelect    = "USER_AUTH+SELECT_CHALLENGE"
	flowPreferred = "USER_AUTH+PREFERRED_CHALLENGE"
)

// flowSignIn signs in through flow with the srp helper maps, then, with a
// remembered device, through DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER.
func flowSignIn(ctx context.Context, a api, flow, name, password, secret string, dev *remembered) (step, error) {
	var opts []srp.Option
	if secret != "" {
		opts = append(opts, srp.WithClientSecret(testClient, secret))
	}
	userOpts := opts
	if dev != nil {
		userOpts = append(slices.Clip(opts), srp.WithDeviceKey(dev.key))
	}
	s, err := srp.NewUserSession(testPool, password, userOpts...)
	if err != nil {
		return step{}, err
	}
	var st step
	switch flow {
	case flowUserSRP:
		st, err = a.initiate(ctx, types.AuthFlowTypeUserSrpAuth, s.InitiateAuthParameters(name))
	case flowPreferred:
		st, err = a.initiate(ctx, types.AuthFlowTypeUserAuth, s.PreferredSRPAuthParameters(name))
	case flowSelect:
		st, err = a.initiate(ctx, types.AuthFlowTypeUserAuth, s.ChoiceAuthParameters(name))
		if err != nil {
			return step{}, err
		}
		if err := st.want(types.ChallengeNameTypeSelectChallenge); err != nil {
			return step{}, err
		}
		if !slices.Equal(st.available, []types.ChallengeNameType{"PASSWORD_SRP", "PASSWORD"}) {
			return step{}, fmt.Errorf("AvailableChallenges %v", st.available)
		}
		st, err = a.respond(ctx, types.ChallengeNameTypeSelectChallenge, s.SelectChallengeResponse(name), st.session)
	}
	if err != nil {
		return step{}, err
	}
	if err := st.want(types.ChallengeNameTypePasswordVerifier); err != nil {
		return step{}, err
	}
	userID := st.params["USER_ID_FOR_SRP"] // DEVICE_SRP_AUTH may not repeat it
	resp, err := s.Respond(st.params, time.Now())
	if err != nil {
		return step{}, err
	}
	st, err = a.respond(ctx, types.ChallengeNameTypePasswordVerifier, resp, st.session)
	if err != nil || dev == nil {
		return st, err
	}
	if err := st.want(types.ChallengeNameTypeDeviceSrpAuth); err != nil {
		return step{}, err
	}
	d, err := srp.NewDeviceSession(dev.group, dev.key, dev.password, opts...)
	if err != nil {
		return step{}, err
	}
	st, err = a.respond(ctx, types.ChallengeNameTypeDeviceSrpAuth, d.DeviceSRPAuthResponse(userID), st.session)
	if err != nil {
		return step{}, err
	}
	if err := st.want(types.ChallengeNameTypeDevicePasswordVerifier); err != nil {
		return step{}, err
	}
	if resp, err = d.Respond(st.params, time.Now()); err != nil {
		return step{}, err
	}
	return a.respond(ctx, types.ChallengeNameTypeDevicePasswordVerifier, resp, st.session)
}

// TestSDKFlows signs in through every flow, user and admin operations, with
// and without a client secret: by password (through an alias), with a wrong
// password and as an unknown user, then with the device it was given, and
// with a forged device secret.
func TestSDKFlows(t *testing.T) {
	const secret = "flows-secret-0123456789abcdefghijklmnop"
	for _, admin := range []bool{false, true} {
		for _, flow := range []string{flowUserSRP, flowSelect, flowPreferred} {
			for _, sec := range []string{"", secret} {
				t.Run(fmt.Sprintf("admin=%v/%s/secret=%v", admin, flow, sec != ""), func(t *testing.T) {
					ctx := context.Background()
					cfg := testConfig()
					cfg.DeviceTracking = "always"
					cfg.ClientSecret = sec
					srv := newServer(t, cfg)
					c := newClient(srv)
					a := api{c: c, admin: admin, pool: testPool}

					st, err := flowSignIn(ctx, a, flow, "bobby", "pässwörd", sec, nil)
					if err != nil {
						t.Fatal(err)
					}
					if st.auth == nil || aws.ToString(st.auth.AccessToken) == "" || aws.ToString(st.auth.TokenType) != "Bearer" {
						t.Fatalf("no tokens: %+v", st)
					}
					md := st.auth.NewDeviceMetadata
					if md == nil {
						t.Fatal("no NewDeviceMetadata with device tracking always")
					}
					// The tokens belong to the new device, as in Cognito.
					verifyTokens(t, srv, aws.ToString(st.auth.AccessToken), aws.ToString(st.auth.IdToken), bobID, aws.ToString(md.DeviceKey))

					for _, bad := range []struct{ name, password string }{{"bobby", "Correct horse 1!"}, {"mallory", "pässwörd"}} {
						_, err := flowSignIn(ctx, a, flow, bad.name, bad.password, sec, nil)
						requireNotAuthorized(t, err)
					}

					dev := &remembered{key: aws.ToString(md.DeviceKey), group: aws.ToString(md.DeviceGroupKey)}
					dv, err := srp.NewDeviceVerifier(dev.group, dev.key)
					if err != nil {
						t.Fatal(err)
					}
					dev.password = dv.DevicePassword
					if _, err := c.ConfirmDevice(ctx, &cip.ConfirmDeviceInput{
						AccessToken: st.auth.AccessToken, DeviceKey: md.DeviceKey,
						DeviceSecretVerifierConfig: &types.DeviceSecretVerifierConfigType{PasswordVerifier: aws.String(dv.PasswordVerifier), Salt: aws.String(dv.Salt)},
					}); err != nil {
						t.Fatal(err)
					}
					st, err = flowSignIn(ctx, a, flow, "bobby", "pässwörd", sec, dev)
					if err != nil {
						t.Fatal(err)
					}
					if st.auth == nil || st.auth.NewDeviceMetadata != nil {
						t.Fatalf("device sign-in: %+v", st)
					}
					verifyTokens(t, srv, aws.ToString(st.auth.AccessToken), aws.ToString(st.auth.IdToken), bobID, dev.key)
					forged := *dev
					forged.password = "A" + dev.password[1:]
					if forged.password == dev.password {
						forged.password = "B" + dev.password[1:]
					}
					_, err = flowSignIn(ctx, a, flow, "bobby", "pässwörd", sec, &forged)
					requireNotAuthorized(t, err)
					_, err = flowSignIn(ctx, a, flow, "bobby", "wrong", sec, dev)
					requireNotAuthorized(t, err)
				})
			}
		}
	}
}

// TestSDKChoiceBasedErrors covers the SELECT_CHALLENGE answers that are not
// PASSWORD_SRP, the PASSWORD challenge, and the admin operations' UserPoolId.
func TestSDKChoiceBasedErrors(t *testing.T) {
	ctx := context.Background()
	const secret = "choice-secret-0123456789abcdefghijklmn"
	cfg := testConfig()
	cfg.ClientSecret = secret
	srv := newServer(t, cfg)
	a := api{c: newClient(srv)}
	s, err := srp.NewUserSession(testPool, "pässwörd", srp.WithClientSecret(testClient, secret))
	if err != nil {
		t.Fatal(err)
	}
	selectStep := func(t *testing.T) step {
		t.Helper()
		st, err := a.initiate(ctx, types.AuthFlowTypeUserAuth, s.ChoiceAuthParameters("bobby"))
		if err != nil {
			t.Fatal(err)
		}
		if err := st.want(types.ChallengeNameTypeSelectChallenge); err != nil {
			t.Fatal(err)
		}
		return st
	}
	answer := func(st step, change map[string]string) error {
		resp := s.SelectChallengeResponse("bobby")
		for k, v := range change {
			if v == "-" {
				delete(resp, k)
			} else {
				resp[k] = v
			}
		}
		_, err := a.respond(ctx, types.ChallengeNameTypeSelectChallenge, resp, st.session)
		return err
	}

	// Answers naming a challenge that was not offered.
	for _, ans := range []string{"EMAIL_OTP", "SMS_OTP", "WEB_AUTHN", "PASSWORD_VERIFIER", "password_srp", ""} {
		var ipe *types.InvalidParameterException
		if err := answer(selectStep(t), map[string]string{"ANSWER": ans}); !errors.As(err, &ipe) {
			t.Errorf("ANSWER %q: err = %v, want InvalidParameterException", ans, err)
		}
	}
	var ipe *types.InvalidParameterException
	if err := answer(selectStep(t), map[string]string{"ANSWER": "-"}); !errors.As(err, &ipe) {
		t.Errorf("no ANSWER: %v", err)
	}
	// The SELECT_CHALLENGE Session answered as another challenge.
	if _, err := a.respond(ctx, types.ChallengeNameTypePasswordVerifier, s.SelectChallengeResponse("bobby"), selectStep(t).session); !errors.As(err, &ipe) {
		t.Errorf("SELECT_CHALLENGE session as PASSWORD_VERIFIER: %v", err)
	}
	// Another user's name; no SECRET_HASH; one keyed by another name.
	_, err = a.respond(ctx, types.ChallengeNameTypeSelectChallenge, s.SelectChallengeResponse("alice"), selectStep(t).session)
	requireNotAuthorized(t, err)
	requireNotAuthorized(t, answer(selectStep(t), map[string]string{"SECRET_HASH": "-"}))
	requireNotAuthorized(t, answer(selectStep(t), map[string]string{"USERNAME": "+15555550100"}))
	// Another alias of the same user, with its own SECRET_HASH, is fine.
	st, err := a.respond(ctx, types.ChallengeNameTypeSelectChallenge, s.SelectChallengeResponse("+15555550100"), selectStep(t).session)
	if err != nil || st.want(types.ChallengeNameTypePasswordVerifier) != nil {
		t.Errorf("SELECT_CHALLENGE with another alias: %+v %v", st, err)
	}

	// The PASSWORD challenge: chosen, or preferred.
	pw := func(name, password string) map[string]string {
		return map[string]string{"USERNAME": name, "PASSWORD": password, "SECRET_HASH": secrethash.Compute(name, testClient, secret)}
	}
	withAnswer := pw("bobby", "pässwörd")
	withAnswer["ANSWER"] = "PASSWORD"
	st, err = a.respond(ctx, types.ChallengeNameTypeSelectChallenge, withAnswer, selectStep(t).session)
	if err != nil || st.auth == nil {
		t.Errorf("ANSWER PASSWORD: %+v %v", st, err)
	}
	withAnswer = pw("bobby", "Correct horse 1!")
	withAnswer["ANSWER"] = "PASSWORD"
	_, err = a.respond(ctx, types.ChallengeNameTypeSelectChallenge, withAnswer, selectStep(t).session)
	requireNotAuthorized(t, err)
	preferred := pw("alice", "Correct horse 1!")
	preferred["PREFERRED_CHALLENGE"] = "PASSWORD"
	if st, err := a.initiate(ctx, types.AuthFlowTypeUserAuth, preferred); err != nil || st.auth == nil {
		t.Errorf("PREFERRED_CHALLENGE PASSWORD: %+v %v", st, err)
	}
	preferred["PASSWORD"] = "pässwörd"
	_, err = a.initiate(ctx, types.AuthFlowTypeUserAuth, preferred)
	requireNotAuthorized(t, err)
	// A preference the user cannot use falls back to SELECT_CHALLENGE.
	webauthn := map[string]string{"USERNAME": "alice", "PREFERRED_CHALLENGE": "WEB_AUTHN", "SECRET_HASH": secrethash.Compute("alice", testClient, secret)}
	if st, err := a.initiate(ctx, types.AuthFlowTypeUserAuth, webauthn); err != nil || st.want(types.ChallengeNameTypeSelectChallenge) != nil {
		t.Errorf("PREFERRED_CHALLENGE WEB_AUTHN: %+v %v", st, err)
	}
	// PASSWORD_SRP preferred without SRP_A.
	noA := s.PreferredSRPAuthParameters("bobby")
	delete(noA, "SRP_A")
	if _, err := a.initiate(ctx, types.AuthFlowTypeUserAuth, noA); !errors.As(err, &ipe) {
		t.Errorf("PASSWORD_SRP without SRP_A: %v", err)
	}

	// Admin operations: the UserPoolId is checked before anything else.
	var rnf *types.ResourceNotFoundException
	wrong := api{c: a.c, admin: true, pool: "us-east-1_OtherPool"}
	if _, err := wrong.initiate(ctx, types.AuthFlowTypeUserSrpAuth, s.InitiateAuthParameters("bobby")); !errors.As(err, &rnf) {
		t.Errorf("AdminInitiateAuth, wrong pool: %v", err)
	}
	admin := api{c: a.c, admin: true, pool: testPool}
	st, err = admin.initiate(ctx, types.AuthFlowTypeUserSrpAuth, s.InitiateAuthParameters("bobby"))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.Respond(st.params, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wrong.respond(ctx, types.ChallengeNameTypePasswordVerifier, resp, st.session); !errors.As(err, &rnf) {
		t.Errorf("AdminRespondToAuthChallenge, wrong pool: %v", err)
	}
	for _, op := range []string{"AdminInitiateAuth", "AdminRespondToAuthChallenge"} {
		status, out := rawCall(t, srv.URL, op, map[string]any{"ClientId": testClient, "AuthFlow": "USER_SRP_AUTH", "ChallengeName": "PASSWORD_VERIFIER"})
		wantError(t, status, out, "InvalidParameterException", "UserPoolId")
		status, out = rawCall(t, srv.URL, op, map[string]any{"UserPoolId": "eu-west-1_Nope", "ClientId": testClient})
		wantError(t, status, out, "ResourceNotFoundException", "User pool eu-west-1_Nope does not exist.")
	}
}
