package signin

import (
	"github.com/srpkit/cognito/srp/internal/protocol"

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
	if c == nil {
		return nil, errNilClient()
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

// Refresh gets new access and ID tokens with REFRESH_TOKEN_AUTH. username is
// the name Cognito knows the user by, Tokens.Username (it keys SECRET_HASH
// for clients with a secret; otherwise it is only copied to the result); the
// configured Device's key is sent as DEVICE_KEY, which Cognito requires for
// tokens issued to a device. The refresh token is kept in the result unless
// Cognito rotates it.
func (c *Client) Refresh(ctx context.Context, username, refreshToken string) (*Tokens, error) {
	if c == nil {
		return nil, errNilClient()
	}
	params := c.secretHash(map[string]string{protocol.KeyRefreshToken: refreshToken}, username)
	if d := c.cfg.Device; d != nil {
		params[protocol.KeyDeviceKey] = d.Key
	}
	out, err := c.api.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow: types.AuthFlowTypeRefreshTokenAuth, ClientId: aws.String(c.cfg.ClientID), AuthParameters: params,
	}, c.cfg.ClientOptions...)
	if err != nil {
		return nil, stepError("REFRESH_TOKEN_AUTH", err)
	}
	if out == nil || out.AuthenticationResult == nil {
		return nil, stepError("REFRESH_TOKEN_AUTH", ErrEmptyResponse)
	}
	t, err := tokensOf(out.AuthenticationResult, username, refreshToken)
	if err != nil {
		return nil, stepError("REFRESH_TOKEN_AUTH", err)
	}
	return t, nil
}
