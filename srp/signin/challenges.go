package signin

import (
	"github.com/srpkit/cognito/srp/internal/protocol"

	"context"
	"encoding/json"
	"maps"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// A Challenge is what Cognito asks after the password (or at any later
// step). It is answered once: the answer's Result holds the next one. It
// also counts the challenges of its sign-in, for MaxChallenges: answer the
// Challenge a Result holds (or a copy), not one rebuilt from its fields.
type Challenge struct {
	// Name is the ChallengeName: NEW_PASSWORD_REQUIRED, SOFTWARE_TOKEN_MFA,
	// SMS_MFA, EMAIL_OTP, SMS_OTP, SELECT_MFA_TYPE, MFA_SETUP,
	// CUSTOM_CHALLENGE (AnswerCustom), SELECT_CHALLENGE (SelectChallenge),
	// or one this package cannot answer (DEVICE_SRP_AUTH without a
	// remembered device, ...), which the caller may answer with Respond.
	Name types.ChallengeNameType
	// Parameters are the ChallengeParameters as Cognito sent them (never nil;
	// for example CODE_DELIVERY_DESTINATION for SMS_MFA, MFAS_CAN_CHOOSE for
	// SELECT_MFA_TYPE, userAttributes and requiredAttributes for
	// NEW_PASSWORD_REQUIRED).
	Parameters map[string]string
	// Session is the challenge's Session.
	Session string
	// Username is the USERNAME the answer carries and the name its
	// SECRET_HASH is keyed by: the USER_ID_FOR_SRP Cognito gave.
	Username string
	// Available lists AvailableChallenges, for SELECT_CHALLENGE.
	Available []types.ChallengeNameType

	progress // of the sign-in so far, for the Tokens and Results to come
}

// ParamUsername is USERNAME, the key of the user's name among a
// challenge's Parameters (as Cognito sends it, beside the challenge's own
// parameters) and in the answers Respond sends.
const ParamUsername = protocol.KeyUsername

// codeKeys maps the challenges answered with a code to the response key.
var codeKeys = map[types.ChallengeNameType]string{
	types.ChallengeNameTypeSoftwareTokenMfa: protocol.KeySoftwareTokenMFACode,
	types.ChallengeNameTypeSmsMfa:           protocol.KeySMSMFACode,
	types.ChallengeNameTypeEmailOtp:         protocol.KeyEmailOTPCode,
	types.ChallengeNameTypeSmsOtp:           protocol.KeySMSOTPCode,
}

// MFAChoices returns the MFAs a SELECT_MFA_TYPE challenge offers to choose
// from (its MFAS_CAN_CHOOSE parameter, a JSON list), for SelectMFA. It is
// nil for a nil Challenge or when the parameter is missing or malformed.
func (ch *Challenge) MFAChoices() []types.ChallengeNameType {
	if ch == nil {
		return nil
	}
	var choices []types.ChallengeNameType
	if json.Unmarshal([]byte(ch.Parameters[protocol.KeyMFAsCanChoose]), &choices) != nil {
		return nil
	}
	return choices
}

// Respond answers ch with the ChallengeResponses answers, adding USERNAME
// (ch.Username) unless answers has one, and SECRET_HASH keyed by USERNAME for
// clients with a secret. It is the way to answer a challenge the other
// methods do not cover.
func (c *Client) Respond(ctx context.Context, ch *Challenge, answers map[string]string) (*Result, error) {
	if !c.made() {
		return nil, errUnmade()
	}
	if ch == nil {
		return nil, stepError("answer", ErrWrongChallenge)
	}
	r := maps.Clone(answers)
	if r == nil {
		r = map[string]string{}
	}
	if r[protocol.KeyUsername] == "" {
		r[protocol.KeyUsername] = ch.Username
	}
	c.secretHash(r, r[protocol.KeyUsername])
	x := &exchange{c: c, progress: ch.progress}
	out, err := x.respond(ctx, ch.Name, r, aws.String(ch.Session))
	if err != nil {
		return nil, err
	}
	return x.result(out, ch.Username, nil)
}

// NewPassword answers NEW_PASSWORD_REQUIRED (a user an administrator
// created) with the new password and the required attributes the challenge
// lists in requiredAttributes (name → value, without the "userAttributes."
// prefix; nil if none).
func (c *Client) NewPassword(ctx context.Context, ch *Challenge, newPassword string, attributes map[string]string) (*Result, error) {
	if !c.made() {
		return nil, errUnmade()
	}
	if ch == nil || ch.Name != types.ChallengeNameTypeNewPasswordRequired {
		return nil, stepError("NEW_PASSWORD_REQUIRED", ErrWrongChallenge)
	}
	r := map[string]string{protocol.KeyNewPassword: newPassword}
	for k, v := range attributes {
		r[protocol.PrefixUserAttribute+k] = v
	}
	return c.Respond(ctx, ch, r)
}

// MFACode answers SOFTWARE_TOKEN_MFA, SMS_MFA, EMAIL_OTP or SMS_OTP with the
// code the user received or read from the authenticator app. A wrong code is
// the SDK's *types.CodeMismatchException.
func (c *Client) MFACode(ctx context.Context, ch *Challenge, code string) (*Result, error) {
	if !c.made() {
		return nil, errUnmade()
	}
	key, ok := "", ch != nil
	if ok {
		key, ok = codeKeys[ch.Name]
	}
	if !ok {
		return nil, stepError("MFA code", ErrWrongChallenge)
	}
	return c.Respond(ctx, ch, map[string]string{key: code})
}

// SelectMFA answers SELECT_MFA_TYPE with the MFA the user chooses, one of
// ch.MFAChoices() (SOFTWARE_TOKEN_MFA, SMS_MFA, EMAIL_OTP). Cognito then
// asks for that code.
func (c *Client) SelectMFA(ctx context.Context, ch *Challenge, mfa types.ChallengeNameType) (*Result, error) {
	if !c.made() {
		return nil, errUnmade()
	}
	if ch == nil || ch.Name != types.ChallengeNameTypeSelectMfaType {
		return nil, stepError("SELECT_MFA_TYPE", ErrWrongChallenge)
	}
	return c.Respond(ctx, ch, map[string]string{protocol.KeyAnswer: string(mfa)})
}

// SetUpTOTP starts answering MFA_SETUP (a pool that requires MFA, a user
// without any): AssociateSoftwareToken returns the base32 secret to show
// the user (as text or an otpauth:// QR code). The returned Challenge, with
// the new Session, is what VerifyTOTP answers.
func (c *Client) SetUpTOTP(ctx context.Context, ch *Challenge) (secret string, next *Challenge, err error) {
	if !c.made() {
		return "", nil, errUnmade()
	}
	if ch == nil || ch.Name != types.ChallengeNameTypeMfaSetup {
		return "", nil, stepError("MFA_SETUP", ErrWrongChallenge)
	}
	out, err := c.api.AssociateSoftwareToken(ctx, &cip.AssociateSoftwareTokenInput{Session: aws.String(ch.Session)}, c.cfg.ClientOptions...)
	if err != nil {
		return "", nil, stepError("AssociateSoftwareToken", err)
	}
	if out == nil || aws.ToString(out.SecretCode) == "" {
		return "", nil, stepError("AssociateSoftwareToken", ErrEmptyResponse)
	}
	n := *ch
	if s := aws.ToString(out.Session); s != "" {
		n.Session = s
	}
	return aws.ToString(out.SecretCode), &n, nil
}

// VerifyTOTP finishes MFA_SETUP: VerifySoftwareToken with the first code of
// the app (deviceName is the token's friendly name, optional), then the
// MFA_SETUP answer. ch is the Challenge SetUpTOTP returned.
func (c *Client) VerifyTOTP(ctx context.Context, ch *Challenge, code, deviceName string) (*Result, error) {
	if !c.made() {
		return nil, errUnmade()
	}
	if ch == nil || ch.Name != types.ChallengeNameTypeMfaSetup {
		return nil, stepError("MFA_SETUP", ErrWrongChallenge)
	}
	in := &cip.VerifySoftwareTokenInput{Session: aws.String(ch.Session), UserCode: aws.String(code)}
	if deviceName != "" {
		in.FriendlyDeviceName = aws.String(deviceName)
	}
	out, err := c.api.VerifySoftwareToken(ctx, in, c.cfg.ClientOptions...)
	if err != nil {
		return nil, stepError("VerifySoftwareToken", err)
	}
	if out == nil || out.Status != types.VerifySoftwareTokenResponseTypeSuccess {
		return nil, stepError("VerifySoftwareToken", ErrTOTPNotVerified)
	}
	n := *ch
	if s := aws.ToString(out.Session); s != "" {
		n.Session = s
	}
	return c.Respond(ctx, &n, nil)
}
