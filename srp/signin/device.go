package signin

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/srp"
)

// A Device is a remembered device: store it (it is JSON-ready; Password is
// a secret, keep the file private) and set it in Config.Device or pass it
// to WithDevice for the next sign-ins.
type Device struct {
	Key      string `json:"deviceKey"`
	GroupKey string `json:"deviceGroupKey"`
	Password string `json:"devicePassword"`
}

// RememberDevice confirms the new device of t (ConfirmDevice with a
// verifier from srp.NewDeviceVerifier, named deviceName) and, when Cognito
// says the user must confirm it, marks it remembered (UpdateDeviceStatus).
// It returns the Device to store. Tokens without a new device give
// ErrNoNewDevice.
func (c *Client) RememberDevice(ctx context.Context, t *Tokens, deviceName string) (*Device, error) {
	if !c.made() {
		return nil, errUnmade()
	}
	if t == nil || t.NewDevice == nil {
		return nil, stepError("ConfirmDevice", ErrNoNewDevice)
	}
	nd := t.NewDevice
	v, err := srp.NewDeviceVerifier(nd.GroupKey, nd.Key)
	if err != nil {
		return nil, stepError("ConfirmDevice", err)
	}
	in := &cip.ConfirmDeviceInput{
		AccessToken: aws.String(t.AccessToken),
		DeviceKey:   aws.String(nd.Key),
		DeviceSecretVerifierConfig: &types.DeviceSecretVerifierConfigType{
			PasswordVerifier: aws.String(v.PasswordVerifier),
			Salt:             aws.String(v.Salt),
		},
	}
	if deviceName != "" {
		in.DeviceName = aws.String(deviceName)
	}
	out, err := c.api.ConfirmDevice(ctx, in, c.cfg.ClientOptions...)
	if err != nil {
		return nil, stepError("ConfirmDevice", err)
	}
	if out != nil && out.UserConfirmationNecessary {
		if _, err := c.api.UpdateDeviceStatus(ctx, &cip.UpdateDeviceStatusInput{
			AccessToken:            aws.String(t.AccessToken),
			DeviceKey:              aws.String(nd.Key),
			DeviceRememberedStatus: types.DeviceRememberedStatusTypeRemembered,
		}, c.cfg.ClientOptions...); err != nil {
			return nil, stepError("UpdateDeviceStatus", err)
		}
	}
	return &Device{Key: nd.Key, GroupKey: nd.GroupKey, Password: v.DevicePassword}, nil
}
