package signin_test

import (
	"context"
	"errors"
	"maps"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/srp/signin"
)

// scriptAPI answers RespondToAuthChallenge, AssociateSoftwareToken and
// VerifySoftwareToken from a script and records the requests: the shapes
// are checked against Cognito's API reference here, with SECRET_HASH at
// every step (flows_test.go runs the same challenges against srptest).
type scriptAPI struct {
	signin.APIClient // nil: other calls panic, none is expected
	t                *testing.T
	responses        []*cip.RespondToAuthChallengeInput
	next             []*cip.RespondToAuthChallengeOutput
	verifyIn         *cip.VerifySoftwareTokenInput
	status           types.VerifySoftwareTokenResponseType
}

func (s *scriptAPI) RespondToAuthChallenge(_ context.Context, in *cip.RespondToAuthChallengeInput, _ ...func(*cip.Options)) (*cip.RespondToAuthChallengeOutput, error) {
	s.responses = append(s.responses, in)
	out := s.next[0]
	s.next = s.next[1:]
	return out, nil
}

func (s *scriptAPI) AssociateSoftwareToken(_ context.Context, in *cip.AssociateSoftwareTokenInput, _ ...func(*cip.Options)) (*cip.AssociateSoftwareTokenOutput, error) {
	if aws.ToString(in.Session) != "setup-1" || in.AccessToken != nil {
		s.t.Errorf("AssociateSoftwareToken %+v", in)
	}
	return &cip.AssociateSoftwareTokenOutput{SecretCode: aws.String(totpSecret), Session: aws.String("setup-2")}, nil
}

func (s *scriptAPI) VerifySoftwareToken(_ context.Context, in *cip.VerifySoftwareTokenInput, _ ...func(*cip.Options)) (*cip.VerifySoftwareTokenOutput, error) {
	s.verifyIn = in
	return &cip.VerifySoftwareTokenOutput{Status: s.status, Session: aws.String("setup-3")}, nil
}

var tokensOut = &cip.RespondToAuthChallengeOutput{AuthenticationResult: &types.AuthenticationResultType{
	AccessToken: aws.String("a"), IdToken: aws.String("i"), RefreshToken: aws.String("r"), ExpiresIn: 3600, TokenType: aws.String("Bearer"),
}}

func challengeOut(name types.ChallengeNameType, session string, params map[string]string) *cip.RespondToAuthChallengeOutput {
	return &cip.RespondToAuthChallengeOutput{ChallengeName: name, Session: aws.String(session), ChallengeParameters: params}
}

func checkResponse(t *testing.T, in *cip.RespondToAuthChallengeInput, name types.ChallengeNameType, session string, want map[string]string) {
	t.Helper()
	if in.ChallengeName != name || aws.ToString(in.Session) != session || aws.ToString(in.ClientId) != testClient || !maps.Equal(in.ChallengeResponses, want) {
		t.Errorf("got %s %q %v, want %s %q %v", in.ChallengeName, aws.ToString(in.Session), in.ChallengeResponses, name, session, want)
	}
}

// TestSelectMFAThenCodes: SELECT_MFA_TYPE answered SMS_MFA, then the SMS
// code; then EMAIL_OTP; USERNAME is the internal name and SECRET_HASH is
// keyed by it at every step.
func TestSelectMFAThenCodes(t *testing.T) {
	api := &scriptAPI{t: t, next: []*cip.RespondToAuthChallengeOutput{
		challengeOut(types.ChallengeNameTypeSmsMfa, "s2", map[string]string{"CODE_DELIVERY_DELIVERY_MEDIUM": "SMS", "CODE_DELIVERY_DESTINATION": "+*******0100"}),
		tokensOut,
		tokensOut,
	}}
	c := newClient(t, api, testSecret, signin.UserSRPAuth)
	ctx := context.Background()
	ch := &signin.Challenge{Name: "SELECT_MFA_TYPE", Session: "s1", Username: bobID,
		Parameters: map[string]string{"MFAS_CAN_CHOOSE": `["SMS_MFA","SOFTWARE_TOKEN_MFA"]`}}
	sms := wantChallenge(t, "SMS_MFA")(c.SelectMFA(ctx, ch, "SMS_MFA"))
	checkResponse(t, api.responses[0], types.ChallengeNameTypeSelectMfaType, "s1", map[string]string{"ANSWER": "SMS_MFA", "USERNAME": bobID, "SECRET_HASH": secretHash(bobID)})
	if sms.Username != bobID || sms.Parameters["CODE_DELIVERY_DESTINATION"] != "+*******0100" {
		t.Errorf("SMS challenge %+v", sms)
	}
	tk := wantTokens(t)(c.MFACode(ctx, sms, "123456"))
	checkResponse(t, api.responses[1], types.ChallengeNameTypeSmsMfa, "s2", map[string]string{"SMS_MFA_CODE": "123456", "USERNAME": bobID, "SECRET_HASH": secretHash(bobID)})
	if tk.Username != bobID {
		t.Errorf("Username %q", tk.Username)
	}
	email := &signin.Challenge{Name: "EMAIL_OTP", Session: "s3", Username: "alice", Parameters: map[string]string{}}
	wantTokens(t)(c.MFACode(ctx, email, "87654321"))
	checkResponse(t, api.responses[2], types.ChallengeNameTypeEmailOtp, "s3", map[string]string{"EMAIL_OTP_CODE": "87654321", "USERNAME": "alice", "SECRET_HASH": secretHash("alice")})
}

// TestMFASetup: MFA_SETUP is AssociateSoftwareToken with the Session, then
// VerifySoftwareToken with the new Session and the code, then the MFA_SETUP
// answer with the Session VerifySoftwareToken returned.
func TestMFASetup(t *testing.T) {
	api := &scriptAPI{t: t, status: types.VerifySoftwareTokenResponseTypeSuccess, next: []*cip.RespondToAuthChallengeOutput{tokensOut}}
	c := newClient(t, api, testSecret, signin.UserSRPAuth)
	ctx := context.Background()
	ch := &signin.Challenge{Name: "MFA_SETUP", Session: "setup-1", Username: bobID, Parameters: map[string]string{"MFAS_CAN_SETUP": `["SOFTWARE_TOKEN_MFA"]`}}
	if _, err := c.VerifyTOTP(ctx, &signin.Challenge{Name: "SMS_MFA"}, "1", ""); !errors.Is(err, signin.ErrWrongChallenge) {
		t.Errorf("VerifyTOTP on SMS_MFA: %v", err)
	}
	secret, next, err := c.SetUpTOTP(ctx, ch)
	if err != nil || secret != totpSecret || next.Session != "setup-2" || ch.Session != "setup-1" {
		t.Fatalf("SetUpTOTP: %q %+v %v", secret, next, err)
	}
	wantTokens(t)(c.VerifyTOTP(ctx, next, "123456", "phone"))
	if v := api.verifyIn; aws.ToString(v.Session) != "setup-2" || aws.ToString(v.UserCode) != "123456" || aws.ToString(v.FriendlyDeviceName) != "phone" {
		t.Errorf("VerifySoftwareToken %+v", v)
	}
	checkResponse(t, api.responses[0], types.ChallengeNameTypeMfaSetup, "setup-3", map[string]string{"USERNAME": bobID, "SECRET_HASH": secretHash(bobID)})

	api.status = types.VerifySoftwareTokenResponseTypeError
	if _, err := c.VerifyTOTP(ctx, next, "000000", ""); !errors.Is(err, signin.ErrTOTPNotVerified) {
		t.Errorf("status ERROR: %v", err)
	}
}
