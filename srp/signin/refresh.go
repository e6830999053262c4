package signin

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/srp/internal/protocol"
)

// Refresh gets new access and ID tokens for t, which needs only RefreshToken,
// Username (the name Cognito knows the user by, which keys SECRET_HASH for
// clients with a secret) and DeviceKey (the device the tokens are bound to,
// sent as DEVICE_KEY, which Cognito requires for tokens of a device). Only
// t's DeviceKey is sent, never Config.Device's: tokens need not be bound to
// the configured device (a sign-in whose remembered device Cognito had
// forgotten is bound to the new device, or to none), so Tokens kept for a
// later Refresh must keep their DeviceKey. It uses REFRESH_TOKEN_AUTH, or
// GetTokensFromRefreshToken for app clients with refresh token rotation
// (see Config.RefreshTokenRotation). The result keeps t's refresh token
// unless Cognito rotated it: then it holds the new one, which the caller
// must store. A refresh token Cognito refuses (expired, revoked, signed
// out, rotated out) is an *Error that matches ErrSignInRequired and wraps
// Cognito's *types.NotAuthorizedException, or its
// *types.RefreshTokenReuseException for a rotated-out one; a refused
// client secret (SECRET_HASH) is not such a refusal.
func (c *Client) Refresh(ctx context.Context, t *Tokens) (*Tokens, error) {
	if !c.made() {
		return nil, errUnmade()
	}
	if t == nil || t.RefreshToken == "" {
		return nil, stepError("REFRESH_TOKEN_AUTH", ErrMissingToken)
	}
	if c.cfg.RefreshTokenRotation || c.rotating.Load() {
		return c.getTokens(ctx, t)
	}
	params := c.secretHash(map[string]string{protocol.KeyRefreshToken: t.RefreshToken}, t.Username)
	if t.DeviceKey != "" {
		params[protocol.KeyDeviceKey] = t.DeviceKey
	}
	sent := c.cfg.Now()
	out, err := c.initiate(ctx, types.AuthFlowTypeRefreshTokenAuth, params)
	if invalidParameter(err) {
		// An app client with rotation refuses the flow: try the other way.
		// Its answer is the one that counts (a refused refresh token is
		// refused there too), and the client rotates unless it refuses the
		// same way.
		nt, gerr := c.getTokens(ctx, t)
		if !invalidParameter(gerr) {
			c.rotating.Store(true)
		}
		return nt, gerr
	}
	if err != nil {
		return nil, refreshError("REFRESH_TOKEN_AUTH", err)
	}
	if out == nil {
		return nil, stepError("REFRESH_TOKEN_AUTH", ErrEmptyResponse)
	}
	return refreshed("REFRESH_TOKEN_AUTH", out.AuthenticationResult, t, sent)
}

// getTokens refreshes t with GetTokensFromRefreshToken, which takes the
// client secret itself rather than SECRET_HASH.
func (c *Client) getTokens(ctx context.Context, t *Tokens) (*Tokens, error) {
	const step = "GetTokensFromRefreshToken"
	in := &cip.GetTokensFromRefreshTokenInput{
		ClientId: aws.String(c.cfg.ClientID), RefreshToken: aws.String(t.RefreshToken), ClientMetadata: c.cfg.ClientMetadata,
	}
	if c.cfg.ClientSecret != "" {
		in.ClientSecret = aws.String(c.cfg.ClientSecret)
	}
	if t.DeviceKey != "" {
		in.DeviceKey = aws.String(t.DeviceKey)
	}
	sent := c.cfg.Now()
	out, err := c.api.GetTokensFromRefreshToken(ctx, in, c.cfg.ClientOptions...)
	if err != nil {
		return nil, refreshError(step, err)
	}
	if out == nil {
		return nil, stepError(step, ErrEmptyResponse)
	}
	return refreshed(step, out.AuthenticationResult, t, sent)
}

// refreshed is the Tokens of step's answer a to the refresh of t sent at
// sent: t's refresh token unless a rotates it, bound to t's device.
func refreshed(step string, a *types.AuthenticationResultType, t *Tokens, sent time.Time) (*Tokens, error) {
	if a == nil {
		return nil, stepError(step, ErrEmptyResponse)
	}
	nt, err := tokensOf(a, t.Username, t.RefreshToken, t.DeviceKey, sent)
	if err != nil {
		return nil, stepError(step, err)
	}
	return nt, nil
}

// invalidParameter reports whether err is Cognito's
// InvalidParameterException.
func invalidParameter(err error) bool {
	var ip *types.InvalidParameterException
	return errors.As(err, &ip)
}

// refreshError is the error of the refresh step: when Cognito refuses the
// refresh token itself, it also matches ErrSignInRequired.
func refreshError(step string, err error) error {
	if refusesToken(err) {
		err = &refusal{err}
	}
	return stepError(step, err)
}

// refusesToken reports whether err is Cognito refusing the refresh token
// itself (expired, revoked, signed out, rotated out, bound to a device not
// sent), which only a new sign-in mends: a RefreshTokenReuseException, or a
// NotAuthorizedException that is not about the client's secret (a wrong
// SECRET_HASH or ClientSecret is the app's configuration, the same after a
// new sign-in).
func refusesToken(err error) bool {
	var reuse *types.RefreshTokenReuseException
	if errors.As(err, &reuse) {
		return true
	}
	var na *types.NotAuthorizedException
	return errors.As(err, &na) && !strings.Contains(strings.ToLower(na.ErrorMessage()), "secret")
}

// A refusal is Cognito's refusal of a refresh token: it has Cognito's
// error's text, and matches both that error and ErrSignInRequired.
type refusal struct{ err error }

func (r *refusal) Error() string   { return r.err.Error() }
func (r *refusal) Unwrap() []error { return []error{r.err, ErrSignInRequired} }

// GlobalSignOut signs the user of t out everywhere (GlobalSignOut with t's
// access token): Cognito revokes every access and refresh token the user
// holds, on every device.
func (c *Client) GlobalSignOut(ctx context.Context, t *Tokens) error {
	if !c.made() {
		return errUnmade()
	}
	if t == nil || t.AccessToken == "" {
		return stepError("GlobalSignOut", ErrMissingToken)
	}
	if _, err := c.api.GlobalSignOut(ctx, &cip.GlobalSignOutInput{AccessToken: aws.String(t.AccessToken)}, c.cfg.ClientOptions...); err != nil {
		return stepError("GlobalSignOut", err)
	}
	return nil
}

// RevokeToken revokes t's refresh token (RevokeToken, with the client
// secret for clients with one): Cognito refuses it from then on, and the
// access tokens issued with it or refreshed from it. The user's other
// sign-ins are not affected.
func (c *Client) RevokeToken(ctx context.Context, t *Tokens) error {
	if !c.made() {
		return errUnmade()
	}
	if t == nil || t.RefreshToken == "" {
		return stepError("RevokeToken", ErrMissingToken)
	}
	in := &cip.RevokeTokenInput{ClientId: aws.String(c.cfg.ClientID), Token: aws.String(t.RefreshToken)}
	if c.cfg.ClientSecret != "" {
		in.ClientSecret = aws.String(c.cfg.ClientSecret)
	}
	if _, err := c.api.RevokeToken(ctx, in, c.cfg.ClientOptions...); err != nil {
		return stepError("RevokeToken", err)
	}
	return nil
}
