package signin_test

import (
	"context"
	"testing"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/srpkit/cognito/srp/internal/protocol"
	"github.com/srpkit/cognito/srp/signin"
)

// TestRefreshSendsOnlyTheTokensDevice: Refresh sends DEVICE_KEY (and
// GetTokensFromRefreshToken's DeviceKey) only for tokens bound to a device,
// never the configured Device's key: tokens of a sign-in whose remembered
// device Cognito had forgotten, with no new device, are bound to none.
func TestRefreshSendsOnlyTheTokensDevice(t *testing.T) {
	var sent []string
	f := &fakeAPI{
		initiate: func(in *cip.InitiateAuthInput) (*cip.InitiateAuthOutput, error) {
			sent = append(sent, in.AuthParameters[protocol.KeyDeviceKey])
			return &cip.InitiateAuthOutput{AuthenticationResult: goodTokens()}, nil
		},
		getTokens: func(in *cip.GetTokensFromRefreshTokenInput) (*cip.GetTokensFromRefreshTokenOutput, error) {
			if in.DeviceKey != nil {
				sent = append(sent, *in.DeviceKey)
			} else {
				sent = append(sent, "")
			}
			return &cip.GetTokensFromRefreshTokenOutput{AuthenticationResult: goodTokens()}, nil
		},
	}
	dev := &signin.Device{Key: "us-east-1_forgotten", GroupKey: "g", Password: "p"}
	ctx := context.Background()
	for _, rotation := range []bool{false, true} {
		c := mustClient(t, f, signin.Config{UserPoolID: testPool, ClientID: testClient, Device: dev, RefreshTokenRotation: rotation})
		sent = nil
		unbound, err := c.Refresh(ctx, &signin.Tokens{RefreshToken: "r", Username: "alice"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Refresh(ctx, &signin.Tokens{RefreshToken: "r", Username: "alice", DeviceKey: "us-east-1_bound"}); err != nil {
			t.Fatal(err)
		}
		if len(sent) != 2 || sent[0] != "" || sent[1] != "us-east-1_bound" || unbound.DeviceKey != "" {
			t.Errorf("rotation %v: device keys sent %q, refreshed DeviceKey %q", rotation, sent, unbound.DeviceKey)
		}
	}
}
