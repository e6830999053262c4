package signin

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/srp/internal/protocol"
)

// initiate calls InitiateAuth with the client's id, ClientMetadata and
// options.
func (c *Client) initiate(ctx context.Context, flow types.AuthFlowType, params map[string]string) (*cip.InitiateAuthOutput, error) {
	return c.api.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow: flow, ClientId: aws.String(c.cfg.ClientID), AuthParameters: params, ClientMetadata: c.cfg.ClientMetadata,
	}, c.cfg.ClientOptions...)
}

// start runs InitiateAuth for flow, and returns Cognito's answer as a
// RespondToAuthChallenge output, with the AvailableChallenges, counted
// against MaxChallenges.
func (x *exchange) start(ctx context.Context, flow types.AuthFlowType, params map[string]string) (*cip.RespondToAuthChallengeOutput, []types.ChallengeNameType, error) {
	x.step = "InitiateAuth"
	x.sent = x.c.cfg.Now()
	init, err := x.c.initiate(ctx, flow, params)
	if err != nil {
		return nil, nil, stepError(x.step, err)
	}
	if init == nil {
		return nil, nil, stepError(x.step, ErrEmptyResponse)
	}
	out := &cip.RespondToAuthChallengeOutput{
		ChallengeName: init.ChallengeName, ChallengeParameters: init.ChallengeParameters,
		Session: init.Session, AuthenticationResult: init.AuthenticationResult,
	}
	if err := x.count(out); err != nil {
		return nil, nil, err
	}
	return out, init.AvailableChallenges, nil
}

// passwordSignIn is SignIn with UserPasswordAuth: USERNAME and PASSWORD
// (and SECRET_HASH, and DEVICE_KEY with a remembered device) in
// InitiateAuth; a remembered device is then signed in with DEVICE_SRP_AUTH.
func (c *Client) passwordSignIn(ctx context.Context, username, password string) (*Result, error) {
	params := c.secretHash(map[string]string{protocol.KeyUsername: username, protocol.KeyPassword: password}, username)
	if d := c.cfg.Device; d != nil {
		params[protocol.KeyDeviceKey] = d.Key
	}
	x := &exchange{c: c}
	out, _, err := x.start(ctx, types.AuthFlowTypeUserPasswordAuth, params)
	if err != nil {
		return nil, err
	}
	userID := cmp.Or(out.ChallengeParameters[protocol.KeyUserIDForSRP], out.ChallengeParameters[protocol.KeyUsername], username)
	if out.ChallengeName == types.ChallengeNameTypeDeviceSrpAuth && c.cfg.Device != nil {
		if out, err = x.deviceSignIn(ctx, out, userID); err != nil {
			return nil, err
		}
	}
	return x.result(out, userID, nil)
}

// SignInWithCode starts a passwordless sign-in (USER_AUTH) with a one-time
// code that Cognito sends by email (factor types.ChallengeNameTypeEmailOtp)
// or SMS (types.ChallengeNameTypeSmsOtp): no password is involved. It asks
// for the factor with PREFERRED_CHALLENGE and, if Cognito answers
// SELECT_CHALLENGE offering it, chooses it. The Result's Challenge is then
// EMAIL_OTP or SMS_OTP, answered with MFACode; a pool or user without the
// factor leaves the SELECT_CHALLENGE to the caller (see SelectChallenge).
func (c *Client) SignInWithCode(ctx context.Context, username string, factor types.ChallengeNameType) (*Result, error) {
	if !c.made() {
		return nil, errUnmade()
	}
	if factor != types.ChallengeNameTypeEmailOtp && factor != types.ChallengeNameTypeSmsOtp {
		return nil, stepError("start", fmt.Errorf("%w: factor %q is not EMAIL_OTP or SMS_OTP", ErrInvalidConfig, factor))
	}
	params := c.secretHash(map[string]string{protocol.KeyUsername: username, protocol.KeyPreferredChallenge: string(factor)}, username)
	x := &exchange{c: c}
	out, available, err := x.start(ctx, types.AuthFlowTypeUserAuth, params)
	if err != nil {
		return nil, err
	}
	if out.ChallengeName == types.ChallengeNameTypeSelectChallenge && slices.Contains(available, factor) {
		r := c.secretHash(map[string]string{protocol.KeyUsername: username, protocol.KeyAnswer: string(factor)}, username)
		if out, err = x.respond(ctx, types.ChallengeNameTypeSelectChallenge, r, out.Session); err != nil {
			return nil, err
		}
		available = nil
	}
	res, err := x.result(out, username, available)
	if res != nil && res.Challenge != nil && res.Challenge.Parameters[protocol.KeyUserIDForSRP] == "" {
		// The code's answer carries the typed name, as SELECT_CHALLENGE's.
		res.Challenge.Username = username
	}
	return res, err
}

// SelectChallenge answers SELECT_CHALLENGE (choice-based sign-in) with one
// of ch.Available: EMAIL_OTP or SMS_OTP (Cognito then sends the code and
// asks for it), or PASSWORD with the password in answers' PASSWORD.
// answers may be nil; USERNAME is ch.Username, the typed name.
func (c *Client) SelectChallenge(ctx context.Context, ch *Challenge, choice types.ChallengeNameType, answers map[string]string) (*Result, error) {
	if !c.made() {
		return nil, errUnmade()
	}
	if ch == nil || ch.Name != types.ChallengeNameTypeSelectChallenge {
		return nil, stepError("SELECT_CHALLENGE", ErrWrongChallenge)
	}
	r := map[string]string{}
	maps.Copy(r, answers)
	r[protocol.KeyAnswer] = string(choice)
	return c.Respond(ctx, ch, r)
}

// AnswerCustom answers CUSTOM_CHALLENGE (custom authentication) with the
// answer the user gives, for the pool's verify auth challenge trigger. The
// Result is the tokens, or the next challenge the triggers decide.
func (c *Client) AnswerCustom(ctx context.Context, ch *Challenge, answer string) (*Result, error) {
	if !c.made() {
		return nil, errUnmade()
	}
	if ch == nil || ch.Name != types.ChallengeNameTypeCustomChallenge {
		return nil, stepError("CUSTOM_CHALLENGE", ErrWrongChallenge)
	}
	return c.Respond(ctx, ch, map[string]string{protocol.KeyAnswer: answer})
}
