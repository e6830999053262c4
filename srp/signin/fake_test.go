package signin_test

import (
	"context"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

// fakeAPI is a Cognito that answers each call with the function set for it.
// A call whose function is nil answers (nil, nil), as a broken fake or proxy
// might. It records the operations called, in order, and the options each
// call got.
type fakeAPI struct {
	initiate  func(*cip.InitiateAuthInput) (*cip.InitiateAuthOutput, error)
	respond   func(*cip.RespondToAuthChallengeInput) (*cip.RespondToAuthChallengeOutput, error)
	confirm   func(*cip.ConfirmDeviceInput) (*cip.ConfirmDeviceOutput, error)
	status    func(*cip.UpdateDeviceStatusInput) (*cip.UpdateDeviceStatusOutput, error)
	associate func(*cip.AssociateSoftwareTokenInput) (*cip.AssociateSoftwareTokenOutput, error)
	verify    func(*cip.VerifySoftwareTokenInput) (*cip.VerifySoftwareTokenOutput, error)
	getTokens func(*cip.GetTokensFromRefreshTokenInput) (*cip.GetTokensFromRefreshTokenOutput, error)
	signOut   func(*cip.GlobalSignOutInput) (*cip.GlobalSignOutOutput, error)
	revoke    func(*cip.RevokeTokenInput) (*cip.RevokeTokenOutput, error)

	calls []string
	opts  [][]func(*cip.Options)
}

func fakeCall[In, Out any](f *fakeAPI, op string, fn func(*In) (*Out, error), in *In, opts []func(*cip.Options)) (*Out, error) {
	f.calls = append(f.calls, op)
	f.opts = append(f.opts, opts)
	if fn == nil {
		return nil, nil
	}
	return fn(in)
}

func (f *fakeAPI) InitiateAuth(_ context.Context, in *cip.InitiateAuthInput, opts ...func(*cip.Options)) (*cip.InitiateAuthOutput, error) {
	return fakeCall(f, "InitiateAuth", f.initiate, in, opts)
}

func (f *fakeAPI) RespondToAuthChallenge(_ context.Context, in *cip.RespondToAuthChallengeInput, opts ...func(*cip.Options)) (*cip.RespondToAuthChallengeOutput, error) {
	return fakeCall(f, "RespondToAuthChallenge", f.respond, in, opts)
}

func (f *fakeAPI) ConfirmDevice(_ context.Context, in *cip.ConfirmDeviceInput, opts ...func(*cip.Options)) (*cip.ConfirmDeviceOutput, error) {
	return fakeCall(f, "ConfirmDevice", f.confirm, in, opts)
}

func (f *fakeAPI) UpdateDeviceStatus(_ context.Context, in *cip.UpdateDeviceStatusInput, opts ...func(*cip.Options)) (*cip.UpdateDeviceStatusOutput, error) {
	return fakeCall(f, "UpdateDeviceStatus", f.status, in, opts)
}

func (f *fakeAPI) AssociateSoftwareToken(_ context.Context, in *cip.AssociateSoftwareTokenInput, opts ...func(*cip.Options)) (*cip.AssociateSoftwareTokenOutput, error) {
	return fakeCall(f, "AssociateSoftwareToken", f.associate, in, opts)
}

func (f *fakeAPI) VerifySoftwareToken(_ context.Context, in *cip.VerifySoftwareTokenInput, opts ...func(*cip.Options)) (*cip.VerifySoftwareTokenOutput, error) {
	return fakeCall(f, "VerifySoftwareToken", f.verify, in, opts)
}

func (f *fakeAPI) GetTokensFromRefreshToken(_ context.Context, in *cip.GetTokensFromRefreshTokenInput, opts ...func(*cip.Options)) (*cip.GetTokensFromRefreshTokenOutput, error) {
	return fakeCall(f, "GetTokensFromRefreshToken", f.getTokens, in, opts)
}

func (f *fakeAPI) GlobalSignOut(_ context.Context, in *cip.GlobalSignOutInput, opts ...func(*cip.Options)) (*cip.GlobalSignOutOutput, error) {
	return fakeCall(f, "GlobalSignOut", f.signOut, in, opts)
}

func (f *fakeAPI) RevokeToken(_ context.Context, in *cip.RevokeTokenInput, opts ...func(*cip.Options)) (*cip.RevokeTokenOutput, error) {
	return fakeCall(f, "RevokeToken", f.revoke, in, opts)
}
