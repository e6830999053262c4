package signin_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/srp/signin"
)

// TestRefreshRefusal: Refresh's error matches ErrSignInRequired exactly
// when Cognito refuses the refresh token itself (expired, revoked, signed
// out, rotated out), not when it refuses the client's secret, which no new
// sign-in mends; a TokenSource signs in again only for the former.
func TestRefreshRefusal(t *testing.T) {
	for _, tc := range []struct {
		err     error
		refused bool
	}{
		{&types.NotAuthorizedException{Message: aws.String("Refresh Token has been revoked")}, true},
		{&types.NotAuthorizedException{Message: aws.String("Refresh Token has expired")}, true},
		{&types.NotAuthorizedException{Message: aws.String("Invalid Refresh Token")}, true},
		{&types.RefreshTokenReuseException{Message: aws.String("Refresh token has been used already")}, true},
		{&types.NotAuthorizedException{Message: aws.String("Unable to verify secret hash for client " + testClient)}, false},
		{&types.NotAuthorizedException{Message: aws.String("Client " + testClient + " is configured with secret but SECRET_HASH was not received")}, false},
		{&types.InvalidParameterException{Message: aws.String("Missing required parameter REFRESH_TOKEN")}, false},
		{errors.New("connection refused"), false},
	} {
		f := &fakeAPI{
			initiate: func(*cip.InitiateAuthInput) (*cip.InitiateAuthOutput, error) { return nil, tc.err },
			getTokens: func(*cip.GetTokensFromRefreshTokenInput) (*cip.GetTokensFromRefreshTokenOutput, error) {
				return nil, tc.err
			},
		}
		c := mustClient(t, f, signin.Config{UserPoolID: testPool, ClientID: testClient})
		_, err := c.Refresh(context.Background(), &signin.Tokens{RefreshToken: "r", Username: "alice"})
		if !errors.Is(err, tc.err) || errors.Is(err, signin.ErrSignInRequired) != tc.refused {
			t.Errorf("%v: Refresh: %v, ErrSignInRequired %v", tc.err, err, errors.Is(err, signin.ErrSignInRequired))
		}
		var signIns atomic.Int32
		ts, _ := c.TokenSource(&signin.Tokens{RefreshToken: "r", Username: "alice"}, signin.TokenSourceOptions{
			SignIn: func(context.Context) (*signin.Tokens, error) {
				signIns.Add(1)
				return nil, errors.New("no password here")
			},
		})
		_, err = ts.Tokens(context.Background())
		if !errors.Is(err, tc.err) || errors.Is(err, signin.ErrSignInRequired) != tc.refused || (signIns.Load() == 1) != tc.refused {
			t.Errorf("%v: TokenSource: %v after %d sign-ins", tc.err, err, signIns.Load())
		}
	}
}
