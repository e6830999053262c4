package signin_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/srp/signin"
)

// goodTokens is an AuthenticationResult that a Client accepts.
func goodTokens() *types.AuthenticationResultType {
	return &types.AuthenticationResultType{
		AccessToken: aws.String("a"), IdToken: aws.String("i"), RefreshToken: aws.String("r"),
		ExpiresIn: 3600, TokenType: aws.String("Bearer"),
	}
}

// TestClientOptionsReachEveryCall: Config.ClientOptions go to each of the
// six calls (a nil option is dropped, since the SDK would call it).
func TestClientOptionsReachEveryCall(t *testing.T) {
	withDevice := goodTokens()
	withDevice.NewDeviceMetadata = &types.NewDeviceMetadataType{DeviceKey: aws.String("us-east-1_dev"), DeviceGroupKey: aws.String("group")}
	f := &fakeAPI{
		initiate: func(in *cip.InitiateAuthInput) (*cip.InitiateAuthOutput, error) {
			if in.AuthFlow == types.AuthFlowTypeRefreshTokenAuth {
				return &cip.InitiateAuthOutput{AuthenticationResult: goodTokens()}, nil
			}
			return &cip.InitiateAuthOutput{ChallengeName: types.ChallengeNameTypeMfaSetup, Session: aws.String("s1")}, nil
		},
		associate: func(*cip.AssociateSoftwareTokenInput) (*cip.AssociateSoftwareTokenOutput, error) {
			return &cip.AssociateSoftwareTokenOutput{SecretCode: aws.String(totpSecret)}, nil
		},
		verify: func(*cip.VerifySoftwareTokenInput) (*cip.VerifySoftwareTokenOutput, error) {
			return &cip.VerifySoftwareTokenOutput{Status: types.VerifySoftwareTokenResponseTypeSuccess}, nil
		},
		respond: func(*cip.RespondToAuthChallengeInput) (*cip.RespondToAuthChallengeOutput, error) {
			return &cip.RespondToAuthChallengeOutput{AuthenticationResult: withDevice}, nil
		},
		confirm: func(*cip.ConfirmDeviceInput) (*cip.ConfirmDeviceOutput, error) {
			return &cip.ConfirmDeviceOutput{UserConfirmationNecessary: true}, nil
		},
		status: func(*cip.UpdateDeviceStatusInput) (*cip.UpdateDeviceStatusOutput, error) {
			return &cip.UpdateDeviceStatusOutput{}, nil
		},
	}
	mark := func(o *cip.Options) { o.AppID = "srpkit-test" }
	c := mustClient(t, f, signin.Config{UserPoolID: testPool, ClientID: testClient, ClientOptions: []func(*cip.Options){nil, mark}})
	ctx := context.Background()
	ch := wantChallenge(t, types.ChallengeNameTypeMfaSetup)(c.SignIn(ctx, "alice", "pw"))
	_, next, err := c.SetUpTOTP(ctx, ch)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.VerifyTOTP(ctx, next, "123456", "")
	if err != nil || res.Tokens == nil {
		t.Fatalf("VerifyTOTP: %v", err)
	}
	if _, err := c.RememberDevice(ctx, res.Tokens, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Refresh(ctx, &signin.Tokens{Username: "alice", RefreshToken: "r"}); err != nil {
		t.Fatal(err)
	}
	want := []string{"InitiateAuth", "AssociateSoftwareToken", "VerifySoftwareToken", "RespondToAuthChallenge",
		"ConfirmDevice", "UpdateDeviceStatus", "InitiateAuth"}
	if !slices.Equal(f.calls, want) {
		t.Fatalf("calls %v, want %v", f.calls, want)
	}
	for i, opts := range f.opts {
		var o cip.Options
		for _, fn := range opts {
			fn(&o)
		}
		if len(opts) != 1 || o.AppID != "srpkit-test" {
			t.Errorf("%s got %d options (AppID %q), want the configured one", f.calls[i], len(opts), o.AppID)
		}
	}
}

// TestInitiateAuthNilNil: an InitiateAuth that answers (nil, nil) is
// ErrEmptyResponse, not a panic, for SignIn as for Refresh.
func TestInitiateAuthNilNil(t *testing.T) {
	for _, flow := range []signin.Flow{signin.UserSRPAuth, signin.UserAuthPasswordSRP} {
		c := newClient(t, &fakeAPI{}, "", flow)
		res, err := c.SignIn(context.Background(), "alice", "pw")
		wantStepErr(t, err, "InitiateAuth", signin.ErrEmptyResponse)
		if res != nil {
			t.Errorf("result %+v with an error", res)
		}
	}
	_, err := newClient(t, &fakeAPI{}, "", signin.UserSRPAuth).Refresh(context.Background(), &signin.Tokens{Username: "alice", RefreshToken: "r"})
	wantStepErr(t, err, "REFRESH_TOKEN_AUTH", signin.ErrEmptyResponse)
}

// TestUnusableTokens: an AuthenticationResult without an access token, or
// with a lifetime that is not positive, is ErrInvalidTokens wherever it
// comes from (SignIn, Respond, Refresh), never Tokens that expired before
// they were issued.
func TestUnusableTokens(t *testing.T) {
	bad := map[string]func(*types.AuthenticationResultType){
		"no access token": func(a *types.AuthenticationResultType) { a.AccessToken = nil },
		"empty access":    func(a *types.AuthenticationResultType) { a.AccessToken = aws.String("") },
		"ExpiresIn 0":     func(a *types.AuthenticationResultType) { a.ExpiresIn = 0 },
		"ExpiresIn -1":    func(a *types.AuthenticationResultType) { a.ExpiresIn = -1 },
		"ExpiresIn -2^31": func(a *types.AuthenticationResultType) { a.ExpiresIn = math.MinInt32 },
	}
	ctx := context.Background()
	for name, spoil := range bad {
		t.Run(name, func(t *testing.T) {
			a := goodTokens()
			spoil(a)
			f := &fakeAPI{
				initiate: func(*cip.InitiateAuthInput) (*cip.InitiateAuthOutput, error) {
					return &cip.InitiateAuthOutput{AuthenticationResult: a}, nil
				},
				respond: func(*cip.RespondToAuthChallengeInput) (*cip.RespondToAuthChallengeOutput, error) {
					return &cip.RespondToAuthChallengeOutput{AuthenticationResult: a}, nil
				},
			}
			c := newClient(t, f, "", signin.UserSRPAuth)
			res, err := c.SignIn(ctx, "alice", "pw")
			wantStepErr(t, err, "InitiateAuth", signin.ErrInvalidTokens)
			if res != nil {
				t.Errorf("SignIn: result %+v with an error", res)
			}
			ch := &signin.Challenge{Name: types.ChallengeNameTypeSmsMfa, Session: "s", Username: "alice"}
			res, err = c.MFACode(ctx, ch, "123456")
			wantStepErr(t, err, "SMS_MFA", signin.ErrInvalidTokens)
			if res != nil {
				t.Errorf("MFACode: result %+v with an error", res)
			}
			tk, err := c.Refresh(ctx, &signin.Tokens{Username: "alice", RefreshToken: "r"})
			wantStepErr(t, err, "REFRESH_TOKEN_AUTH", signin.ErrInvalidTokens)
			if tk != nil {
				t.Errorf("Refresh: tokens %+v with an error", tk)
			}
		})
	}
}

// mfaLoopAPI passes InitiateAuth to Cognito (srptest) and answers the first
// loops RespondToAuthChallenge calls with SELECT_MFA_TYPE (all of them when
// loops < 0), then with tokens: a server that never stops asking.
type mfaLoopAPI struct {
	signin.APIClient
	loops, calls int
}

func (m *mfaLoopAPI) RespondToAuthChallenge(context.Context, *cip.RespondToAuthChallengeInput, ...func(*cip.Options)) (*cip.RespondToAuthChallengeOutput, error) {
	m.calls++
	if m.loops >= 0 && m.calls > m.loops {
		return &cip.RespondToAuthChallengeOutput{AuthenticationResult: goodTokens()}, nil
	}
	return &cip.RespondToAuthChallengeOutput{
		ChallengeName:       types.ChallengeNameTypeSelectMfaType,
		ChallengeParameters: map[string]string{"MFAS_CAN_CHOOSE": `["SMS_MFA","SOFTWARE_TOKEN_MFA"]`},
		Session:             aws.String("again"),
	}, nil
}

// TestChallengeCap: one sign-in answers at most signin.MaxChallenges
// challenges (PASSWORD_VERIFIER included); a server asking SELECT_MFA_TYPE
// for ever gets ErrTooManyChallenges from the caller's ordinary loop, and a
// sign-in of exactly MaxChallenges challenges succeeds.
func TestChallengeCap(t *testing.T) {
	api, _ := setup(t, "", "")
	ctx := context.Background()
	for _, loops := range []int{-1, signin.MaxChallenges, signin.MaxChallenges - 1} {
		fake := &mfaLoopAPI{APIClient: api, loops: loops}
		c := newClient(t, fake, "", signin.UserSRPAuth)
		res, err := c.SignIn(ctx, "alice", "Correct horse 1!")
		for i := 0; err == nil && res.Challenge != nil && i < 100; i++ {
			res, err = c.SelectMFA(ctx, res.Challenge, res.Challenge.MFAChoices()[1])
		}
		if fake.calls != signin.MaxChallenges {
			t.Errorf("loops %d: %d RespondToAuthChallenge calls, want %d", loops, fake.calls, signin.MaxChallenges)
		}
		if loops == signin.MaxChallenges-1 {
			if err != nil || res.Tokens == nil {
				t.Errorf("%d challenges: %v, want tokens", signin.MaxChallenges, err)
			}
			continue
		}
		wantStepErr(t, err, "SELECT_MFA_TYPE", signin.ErrTooManyChallenges)
	}
}

// TestNilInputs: nil receivers, Challenges, Tokens and maps are errors (or
// empty answers), never panics.
func TestNilInputs(t *testing.T) {
	ctx := context.Background()
	ch := &signin.Challenge{Name: types.ChallengeNameTypeMfaSetup}
	var nc *signin.Client
	if nc.WithDevice(&signin.Device{}) != nil {
		t.Error("WithDevice on a nil Client is not nil")
	}
	for name, call := range map[string]func(c *signin.Client, ch *signin.Challenge) error{
		"SignIn":  func(c *signin.Client, _ *signin.Challenge) error { _, err := c.SignIn(ctx, "alice", "pw"); return err },
		"Respond": func(c *signin.Client, ch *signin.Challenge) error { _, err := c.Respond(ctx, ch, nil); return err },
		"NewPassword": func(c *signin.Client, ch *signin.Challenge) error {
			_, err := c.NewPassword(ctx, ch, "pw", nil)
			return err
		},
		"MFACode":   func(c *signin.Client, ch *signin.Challenge) error { _, err := c.MFACode(ctx, ch, "1"); return err },
		"SelectMFA": func(c *signin.Client, ch *signin.Challenge) error { _, err := c.SelectMFA(ctx, ch, ""); return err },
		"SetUpTOTP": func(c *signin.Client, ch *signin.Challenge) error { _, _, err := c.SetUpTOTP(ctx, ch); return err },
		"VerifyTOTP": func(c *signin.Client, ch *signin.Challenge) error {
			_, err := c.VerifyTOTP(ctx, ch, "1", "")
			return err
		},
		"RememberDevice": func(c *signin.Client, _ *signin.Challenge) error {
			_, err := c.RememberDevice(ctx, &signin.Tokens{NewDevice: &signin.NewDevice{}}, "")
			return err
		},
		"Refresh": func(c *signin.Client, _ *signin.Challenge) error {
			_, err := c.Refresh(ctx, &signin.Tokens{Username: "alice", RefreshToken: "r"})
			return err
		},
	} {
		if err := call(nc, ch); !errors.Is(err, signin.ErrInvalidConfig) {
			t.Errorf("%s on a nil Client: %v, want ErrInvalidConfig", name, err)
		}
		if name == "SignIn" || name == "RememberDevice" || name == "Refresh" {
			continue
		}
		if err := call(newClient(t, &fakeAPI{}, "", signin.UserSRPAuth), nil); !errors.Is(err, signin.ErrWrongChallenge) {
			t.Errorf("%s of a nil Challenge: %v, want ErrWrongChallenge", name, err)
		}
	}

	c := newClient(t, &fakeAPI{}, "", signin.UserSRPAuth)
	if _, err := c.RememberDevice(ctx, nil, ""); !errors.Is(err, signin.ErrNoNewDevice) {
		t.Errorf("RememberDevice(nil): %v", err)
	}
	if got := (*signin.Challenge)(nil).MFAChoices(); got != nil {
		t.Errorf("MFAChoices of nil: %v", got)
	}
	if got := (&signin.Challenge{}).MFAChoices(); got != nil {
		t.Errorf("MFAChoices without parameters: %v", got)
	}
	// A Challenge with nil maps and a nil answer map: answered, and the
	// (nil, nil) answer is ErrEmptyResponse.
	if _, err := c.Respond(ctx, &signin.Challenge{Name: types.ChallengeNameTypeCustomChallenge}, nil); !errors.Is(err, signin.ErrEmptyResponse) {
		t.Errorf("Respond with nil maps: %v", err)
	}
	if _, err := c.NewPassword(ctx, &signin.Challenge{Name: types.ChallengeNameTypeNewPasswordRequired}, "pw", nil); !errors.Is(err, signin.ErrEmptyResponse) {
		t.Errorf("NewPassword with nil maps: %v", err)
	}
	// An empty Device is refused by srp, not dereferenced.
	if _, err := c.WithDevice(&signin.Device{}).SignIn(ctx, "alice", "pw"); err == nil {
		t.Error("SignIn with an empty device succeeded")
	}
	// (nil, nil) from every other call.
	if _, _, err := c.SetUpTOTP(ctx, ch); !errors.Is(err, signin.ErrEmptyResponse) {
		t.Errorf("SetUpTOTP: %v", err)
	}
	if _, err := c.VerifyTOTP(ctx, ch, "1", ""); !errors.Is(err, signin.ErrTOTPNotVerified) {
		t.Errorf("VerifyTOTP: %v", err)
	}
	tk := &signin.Tokens{AccessToken: "a", NewDevice: &signin.NewDevice{Key: "us-east-1_d", GroupKey: "g"}}
	if _, err := c.RememberDevice(ctx, tk, ""); err != nil {
		t.Errorf("RememberDevice, ConfirmDevice answering (nil, nil): %v", err)
	}
}

// TestSelectChallengeWithoutSRP: a SELECT_CHALLENGE that does not offer
// PASSWORD_SRP is returned with its AvailableChallenges, typed.
func TestSelectChallengeWithoutSRP(t *testing.T) {
	offered := []types.ChallengeNameType{types.ChallengeNameTypeEmailOtp, types.ChallengeNameTypeSmsOtp}
	f := &fakeAPI{initiate: func(*cip.InitiateAuthInput) (*cip.InitiateAuthOutput, error) {
		return &cip.InitiateAuthOutput{ChallengeName: types.ChallengeNameTypeSelectChallenge, Session: aws.String("s"), AvailableChallenges: offered}, nil
	}}
	c := newClient(t, f, "", signin.UserAuthPasswordSRP)
	ch := wantChallenge(t, types.ChallengeNameTypeSelectChallenge)(c.SignIn(context.Background(), "alice", "pw"))
	if !slices.Equal(ch.Available, offered) || ch.Username != "alice" {
		t.Errorf("challenge %+v, want Available %v", ch, offered)
	}
}
