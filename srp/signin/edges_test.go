package signin_test

import (
	"context"
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
	c, err := signin.New(f, signin.Config{UserPoolID: testPool, ClientID: testClient, ClientOptions: []func(*cip.Options){nil, mark}})
	if err != nil {
		t.Fatal(err)
	}
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
	if _, err := c.Refresh(ctx, "alice", "r"); err != nil {
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
