package srptest

import (
	"crypto/hmac"
	"encoding/base64"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/srpkit/cognito/secrethash"
	"github.com/srpkit/cognito/srp/internal/protocol"
	"github.com/srpkit/cognito/srp/srpserver"
)

// initiateAuthInput is the InitiateAuth and AdminInitiateAuth request
// (UserPoolId is only read by the latter).
type initiateAuthInput struct {
	UserPoolId     string
	AuthFlow       string
	ClientId       string
	AuthParameters map[string]string
	ClientMetadata map[string]string
}

// respondInput is the RespondToAuthChallenge and AdminRespondToAuthChallenge
// request (UserPoolId is only read by the latter).
type respondInput struct {
	UserPoolId         string
	ChallengeName      string
	ClientId           string
	Session            string
	ChallengeResponses map[string]string
	ClientMetadata     map[string]string
}

type confirmDeviceInput struct {
	AccessToken                string
	DeviceKey                  string
	DeviceName                 string
	DeviceSecretVerifierConfig *struct {
		PasswordVerifier string
		Salt             string
	}
}

// challengeOutput is the InitiateAuth / RespondToAuthChallenge response.
type challengeOutput struct {
	AvailableChallenges  []string              `json:",omitempty"`
	ChallengeName        string                `json:",omitempty"`
	ChallengeParameters  map[string]string     `json:",omitempty"`
	Session              string                `json:",omitempty"`
	AuthenticationResult *authenticationResult `json:",omitempty"`
}

type authenticationResult struct {
	AccessToken       string
	IdToken           string
	RefreshToken      string `json:",omitempty"` // none after a refresh
	ExpiresIn         int64
	TokenType         string
	NewDeviceMetadata *newDeviceMetadata `json:",omitempty"`
}

type newDeviceMetadata struct {
	DeviceKey      string
	DeviceGroupKey string
}

func (h *Handler) checkClient(id string) error {
	if id == "" {
		return errMissing("ClientId")
	}
	if id != h.cfg.ClientID {
		return refused(&apiError{"ResourceNotFoundException", "User pool client " + id + " does not exist."}, "unknown ClientId "+strconv.Quote(id))
	}
	return nil
}

// checkSecretHash checks SECRET_HASH keyed by name, for clients with a secret.
func (h *Handler) checkSecretHash(params map[string]string, name string) error {
	if h.cfg.ClientSecret == "" {
		return nil
	}
	sh, ok := params[protocol.KeySecretHash]
	if !ok {
		return refused(&apiError{"NotAuthorizedException", "Client " + h.cfg.ClientID + " is configured with secret but SECRET_HASH was not received"}, "SECRET_HASH missing")
	}
	if !secrethash.Verify(sh, name, h.cfg.ClientID, h.cfg.ClientSecret) {
		return refused(&apiError{"NotAuthorizedException", "Unable to verify secret hash for client " + h.cfg.ClientID}, "SECRET_HASH is not the one keyed by "+strconv.Quote(name))
	}
	return nil
}

func require(params map[string]string, names ...string) error {
	for _, n := range names {
		if _, ok := params[n]; !ok {
			return errMissing(n)
		}
	}
	return nil
}

// checkPool checks the UserPoolId of the admin operations. No IAM signature
// is required: the server is a test double.
func (h *Handler) checkPool(id string) error {
	if id == "" {
		return errMissing("UserPoolId")
	}
	if id != h.cfg.UserPoolID {
		return refused(&apiError{"ResourceNotFoundException", "User pool " + id + " does not exist."}, "unknown UserPoolId "+strconv.Quote(id))
	}
	return nil
}

// adminInitiateAuth is InitiateAuth with a UserPoolId: the same flows.
func (h *Handler) adminInitiateAuth(in *initiateAuthInput) (any, error) {
	if err := h.checkPool(in.UserPoolId); err != nil {
		return nil, err
	}
	return h.startAuth(in, true)
}

// adminRespondToAuthChallenge is RespondToAuthChallenge with a UserPoolId.
func (h *Handler) adminRespondToAuthChallenge(in *respondInput) (any, error) {
	if err := h.checkPool(in.UserPoolId); err != nil {
		return nil, err
	}
	return h.respondToAuthChallenge(in)
}

func (h *Handler) initiateAuth(in *initiateAuthInput) (any, error) {
	return h.startAuth(in, false)
}

// startAuth answers InitiateAuth, or AdminInitiateAuth when admin is set.
func (h *Handler) startAuth(in *initiateAuthInput, admin bool) (any, error) {
	if err := h.checkClient(in.ClientId); err != nil {
		return nil, err
	}
	if err := checkUsername(in.AuthParameters); err != nil {
		return nil, err
	}
	if in.AuthFlow != "" && !h.cfg.flowAllowed(in.AuthFlow) {
		return nil, refused(errInvalidParameter(in.AuthFlow+" flow not enabled for this client"), "AuthFlow "+strconv.Quote(in.AuthFlow)+" not in explicitAuthFlows")
	}
	switch in.AuthFlow {
	case protocol.AuthFlowUserSRP:
		return h.startPasswordSRP(in.AuthParameters)
	case protocol.AuthFlowUserAuth:
		return h.startUserAuth(in.AuthParameters)
	case protocol.AuthFlowUserPassword:
		if admin {
			// AdminInitiateAuth has its own password flows, which srptest does not implement.
			return nil, refused(errInvalidParameter("Initiate Auth method not supported."), "USER_PASSWORD_AUTH through AdminInitiateAuth")
		}
		return h.plainPassword(in.AuthParameters)
	case protocol.AuthFlowCustom:
		return h.startCustomAuth(in.AuthParameters)
	case protocol.AuthFlowRefreshToken, protocol.AuthFlowRefreshTokenAlias:
		return h.refresh(in.AuthParameters)
	case "":
		return nil, errMissing("AuthFlow")
	default:
		return nil, refused(errInvalidParameter(in.AuthFlow+" flow not enabled for this client"), "AuthFlow "+strconv.Quote(in.AuthFlow)+" not supported")
	}
}

// maxUsername is Cognito's limit on a user name, in characters.
const maxUsername = 128

// checkUsername rejects a USERNAME longer than Cognito allows, before
// anything is stored for it.
func checkUsername(params map[string]string) error {
	if utf8.RuneCountInString(params[protocol.KeyUsername]) > maxUsername {
		return errInvalidParameter("USERNAME must be at most 128 characters")
	}
	return nil
}

// startPasswordSRP answers USER_SRP_AUTH (USERNAME, SRP_A, SECRET_HASH) with
// the PASSWORD_VERIFIER challenge. An unknown user gets a decoy challenge that
// no response can pass, as Cognito does with user existence errors prevented.
func (h *Handler) startPasswordSRP(params map[string]string) (any, error) {
	return h.passwordSRP(params, challengeState{})
}

// passwordSRP is startPasswordSRP; the PASSWORD_VERIFIER Session holds ch
// (the custom auth session of CUSTOM_AUTH with SRP).
func (h *Handler) passwordSRP(params map[string]string, ch challengeState) (*challengeOutput, error) {
	if err := require(params, protocol.KeyUsername, protocol.KeySRPA); err != nil {
		return nil, err
	}
	name := params[protocol.KeyUsername]
	if err := h.checkSecretHash(params, name); err != nil {
		return nil, err
	}
	u := h.userFor(name)
	// The decoy verifier (a stable salt per name, and a v no one knows the
	// password of, both derived from the handler's secret key) is made for
	// every name, known or not, so that both take the same steps.
	dv, err := srpserver.ParseDeviceVerifier(h.cfg.UserPoolID, name,
		base64.StdEncoding.EncodeToString(h.mac("decoy", name)[:16]),
		base64.StdEncoding.EncodeToString(h.mac("decoy verifier", name)))
	if err != nil {
		return nil, err
	}
	v, _ := h.secrets(u)
	if u.decoy {
		v = dv
	}
	srv, err := srpserver.NewServerSession(v, params[protocol.KeySRPA])
	if err != nil {
		return nil, errInvalidParameter("SRP_A is not valid: it must be hex and not 0 mod N")
	}
	id := v.UserID()
	return &challengeOutput{
		ChallengeName: string(stagePasswordVerifier),
		ChallengeParameters: map[string]string{
			protocol.KeySalt:         srv.Salt(),
			protocol.KeySRPB:         srv.SRPB(),
			protocol.KeySecretBlock:  srv.SecretBlock(),
			protocol.KeyUsername:     id,
			protocol.KeyUserIDForSRP: id,
		},
		Session: h.addPending(&pending{stage: stagePasswordVerifier, user: u, srv: srv, ch: ch}),
	}, nil
}

// startUserAuth answers USER_AUTH (choice-based sign-in): PREFERRED_CHALLENGE
// PASSWORD_SRP (with SRP_A) goes straight to PASSWORD_VERIFIER, PASSWORD (with
// PASSWORD) signs in; no preference, or one the user cannot use, gets
// SELECT_CHALLENGE with AvailableChallenges. Unknown users get the same
// answers and fail later, as in startPasswordSRP.
func (h *Handler) startUserAuth(params map[string]string) (any, error) {
	if err := require(params, protocol.KeyUsername); err != nil {
		return nil, err
	}
	switch params[protocol.KeyPreferredChallenge] {
	case protocol.ChallengePasswordSRP:
		return h.startPasswordSRP(params)
	case protocol.ChallengePassword:
		return h.plainPassword(params)
	}
	name := params[protocol.KeyUsername]
	if err := h.checkSecretHash(params, name); err != nil {
		return nil, err
	}
	u := h.userFor(name)
	available := h.availableChallenges(u)
	if pref := params[protocol.KeyPreferredChallenge]; slices.Contains(available, pref) {
		out := h.askFirstFactor(u, pref)
		out.AvailableChallenges = available
		return out, nil
	}
	return &challengeOutput{
		AvailableChallenges: available,
		ChallengeName:       string(stageSelectChallenge),
		ChallengeParameters: map[string]string{},
		Session:             h.addPending(&pending{stage: stageSelectChallenge, user: u}),
	}, nil
}

// selectChallenge answers SELECT_CHALLENGE. ANSWER must be one of
// availableChallenges (else InvalidParameterException) and USERNAME a name of
// the user who started (an alias is fine: this is still the typed name).
func (h *Handler) selectChallenge(p *pending, r map[string]string) (any, error) {
	if err := require(r, protocol.KeyAnswer); err != nil {
		return nil, err
	}
	ans := r[protocol.KeyAnswer]
	if !slices.Contains(h.availableChallenges(p.user), ans) {
		return nil, errInvalidParameter("ANSWER is not one of the AvailableChallenges offered to this user")
	}
	if !h.owns(p.user, r[protocol.KeyUsername]) {
		return nil, refused(errIncorrect, "USERNAME "+strconv.Quote(r[protocol.KeyUsername])+" is not a name of the user who started")
	}
	switch ans {
	case protocol.ChallengePassword:
		return h.plainPassword(r)
	case protocol.ChallengePasswordSRP:
		return h.startPasswordSRP(r)
	}
	return h.askFirstFactor(p.user, ans), nil
}

// plainPassword checks USERNAME and PASSWORD (the PASSWORD challenge of
// choice-based sign-in) and signs the user in. DEVICE_KEY is not used here.
func (h *Handler) plainPassword(params map[string]string) (any, error) {
	if err := require(params, protocol.KeyUsername, protocol.KeyPassword); err != nil {
		return nil, err
	}
	name := params[protocol.KeyUsername]
	if err := h.checkSecretHash(params, name); err != nil {
		return nil, err
	}
	u := h.userFor(name)
	_, mac := h.secrets(u)
	ok := hmac.Equal(h.mac("password", params[protocol.KeyPassword]), mac) && !u.decoy
	if err := h.guard(u, ok); err != nil {
		return nil, refused(err, "locked out: PASSWORD for "+strconv.Quote(name)+decoyNote(u))
	}
	if !ok {
		reason := "wrong PASSWORD for " + strconv.Quote(name)
		if u.decoy {
			reason = "unknown user " + strconv.Quote(name)
		}
		return nil, refused(errIncorrect, reason)
	}
	return h.afterPassword(u), nil
}

// signedIn is the AuthenticationResult of a sign-in without a remembered
// device: tokens, and NewDeviceMetadata when device tracking is "always".
func (h *Handler) signedIn(u *user) *challengeOutput {
	if h.cfg.DeviceTracking != "always" {
		return &challengeOutput{AuthenticationResult: h.tokens(u, "")}
	}
	// As in Cognito, the tokens (and the refresh token) belong to the new device.
	nd := h.newDevice(u)
	out := &challengeOutput{AuthenticationResult: h.tokens(u, nd.key)}
	out.AuthenticationResult.NewDeviceMetadata = &newDeviceMetadata{DeviceKey: nd.key, DeviceGroupKey: nd.groupKey}
	return out
}

func (h *Handler) respondToAuthChallenge(in *respondInput) (any, error) {
	if err := h.checkClient(in.ClientId); err != nil {
		return nil, err
	}
	if in.ChallengeName == "" {
		return nil, errMissing("ChallengeName")
	}
	if in.Session == "" {
		return nil, errMissing("Session")
	}
	switch stage(in.ChallengeName) {
	case stageSelectChallenge, stagePasswordVerifier, stageDeviceSRPAuth, stageDevicePasswordVerifier,
		stageNewPasswordRequired, stageSoftwareTokenMFA, stageSMSMFA, stageEmailOTP, stageSMSOTP,
		stageSelectMFAType, stageMFASetup, stageCustomChallenge:
	default:
		return nil, refused(errInvalidParameter("srptest does not support challenge "+in.ChallengeName), "ChallengeName "+strconv.Quote(in.ChallengeName)+" not supported")
	}
	p, err := h.takePending(in.Session)
	if err != nil {
		return nil, err
	}
	if string(p.stage) != in.ChallengeName {
		return nil, errInvalidParameter("Invalid challenge name: the session expects " + string(p.stage))
	}
	p.ch.metadata = in.ClientMetadata
	r := in.ChallengeResponses
	if err := require(r, protocol.KeyUsername); err != nil {
		return nil, err
	}
	if err := checkUsername(r); err != nil {
		return nil, err
	}
	name := r[protocol.KeyUsername]
	if err := h.checkSecretHash(r, name); err != nil {
		return nil, err
	}
	switch p.stage {
	case stageSelectChallenge:
		return h.selectChallenge(p, r)
	case stagePasswordVerifier:
		return h.passwordVerifier(p, r)
	}
	if p.ch.firstFactor {
		// The code of a passwordless sign-in: USERNAME is still the typed
		// name, as for SELECT_CHALLENGE.
		if !h.owns(p.user, name) {
			return nil, refused(errIncorrect, "USERNAME "+strconv.Quote(name)+" is not a name of the user who started")
		}
		return h.answerCode(p, r)
	}
	// Only real users reach the later stages. USERNAME must be the user's
	// actual name (USER_ID_FOR_SRP, or the configured username), not an alias.
	if !p.user.named(name) {
		return nil, refused(errIncorrect, "USERNAME "+strconv.Quote(name)+" is not the real name of the user who started (an alias, or another user)")
	}
	switch p.stage {
	case stageDeviceSRPAuth:
		return h.deviceSRPAuth(p, r)
	case stageDevicePasswordVerifier:
		return h.devicePasswordVerifier(p, r)
	case stageCustomChallenge:
		return h.answerCustom(p, r)
	default:
		return h.followUp(p, r)
	}
}

// claimTime checks that the claim is complete and its TIMESTAMP well-formed.
// This depends only on the request, so it comes before anything that depends
// on the user: a known and an unknown user get the same errors.
func claimTime(r map[string]string) (time.Time, error) {
	if err := require(r, protocol.KeyClaimSignature, protocol.KeyClaimBlock, protocol.KeyTimestamp); err != nil {
		return time.Time{}, err
	}
	ts, err := srpserver.ParseTimestamp(r[protocol.KeyTimestamp])
	if err != nil {
		return time.Time{}, errInvalidParameter("TIMESTAMP format is invalid: want e.g. \"Tue Mar 5 09:04:07 UTC 2024\"")
	}
	return ts, nil
}

// claimRefusal checks the TIMESTAMP's skew, then the signature: "" if both
// are right, else the reason for the refusal log.
func (h *Handler) claimRefusal(srv *srpserver.ServerSession, r map[string]string, ts time.Time) string {
	if d := ts.Sub(h.cfg.Now()); d > h.cfg.MaxClockSkew || d < -h.cfg.MaxClockSkew {
		return "TIMESTAMP is " + d.Round(time.Second).String() + " from the server's clock"
	}
	if srv.Verify(r[protocol.KeyClaimBlock], r[protocol.KeyTimestamp], r[protocol.KeyClaimSignature]) != nil {
		return "PASSWORD_CLAIM_SIGNATURE does not verify (wrong password or device secret)"
	}
	return ""
}

// decoyNote says, in the refusal log, that the user is unknown.
func decoyNote(u *user) string {
	if u.decoy {
		return " (an unknown user)"
	}
	return ""
}

// passwordVerifier checks a PASSWORD_VERIFIER answer. A known user with a
// wrong password and an unknown user (a decoy) take the same steps in the
// same order, so they get the same errors in the same time: the checks that
// depend only on the request, then DEVICE_KEY, then the signature, which is
// computed even when USERNAME is wrong.
func (h *Handler) passwordVerifier(p *pending, r map[string]string) (any, error) {
	ts, err := claimTime(r)
	if err != nil {
		return nil, err
	}
	name := r[protocol.KeyUsername]
	nameOK := p.user.named(name)
	var d *device
	if key, ok := r[protocol.KeyDeviceKey]; ok && nameOK {
		var v *srpserver.Verifier
		var found bool
		d, v, found = h.deviceOf(p.user, key)
		if !found || v == nil || p.deviceMissed {
			// The AWS JavaScript client answers this error by sending the
			// same answer again without DEVICE_KEY, with the same Session:
			// the session stays usable for that one answer only, so it
			// allows one DEVICE_KEY guess.
			if !p.deviceMissed {
				p.deviceMissed = true
				h.putBack(p)
			}
			return nil, refused(errNoDevice, "DEVICE_KEY "+strconv.Quote(r[protocol.KeyDeviceKey])+" is not a confirmed device of "+strconv.Quote(name)+decoyNote(p.user))
		}
	}
	reason := h.claimRefusal(p.srv, r, ts)
	if !nameOK {
		reason = "USERNAME " + strconv.Quote(name) + " is not the real name of the user who started (an alias, or another user)"
	}
	if p.user.decoy {
		reason = "unknown user " + strconv.Quote(p.user.username)
	}
	if err := h.guard(p.user, reason == ""); err != nil {
		return nil, refused(err, "locked out: PASSWORD_VERIFIER for "+strconv.Quote(p.user.username)+decoyNote(p.user))
	}
	if reason != "" {
		return nil, refused(errIncorrect, reason)
	}
	ch := p.ch
	if ch.custom != nil {
		ch.custom = ch.custom.with(protocol.ChallengePasswordVerifier, true, "")
	}
	if d != nil {
		return &challengeOutput{
			ChallengeName: string(stageDeviceSRPAuth),
			// Cognito may send no parameters here: clients answer with the
			// USER_ID_FOR_SRP of PASSWORD_VERIFIER, as the AWS JavaScript client does.
			ChallengeParameters: map[string]string{},
			// ch goes on: a custom sign-in continues after the device.
			Session: h.addPending(&pending{stage: stageDeviceSRPAuth, user: p.user, device: d, ch: ch}),
		}, nil
	}
	if ch.custom != nil {
		return h.customNext(p.user, ch.custom, ch.metadata)
	}
	return h.afterPassword(p.user), nil
}

func (h *Handler) deviceSRPAuth(p *pending, r map[string]string) (any, error) {
	if err := require(r, protocol.KeyDeviceKey, protocol.KeySRPA); err != nil {
		return nil, err
	}
	if r[protocol.KeyDeviceKey] != p.device.key {
		return nil, errNotAuthorized("Invalid device key given.")
	}
	_, v, ok := h.deviceOf(p.user, p.device.key)
	if !ok || v == nil {
		return nil, errNoDevice
	}
	srv, err := srpserver.NewServerSession(v, r[protocol.KeySRPA])
	if err != nil {
		return nil, errInvalidParameter("SRP_A is not valid: it must be hex and not 0 mod N")
	}
	return &challengeOutput{
		ChallengeName: string(stageDevicePasswordVerifier),
		ChallengeParameters: map[string]string{
			protocol.KeySalt:        srv.Salt(),
			protocol.KeySRPB:        srv.SRPB(),
			protocol.KeySecretBlock: srv.SecretBlock(),
			protocol.KeyUsername:    p.user.id,
		},
		Session: h.addPending(&pending{stage: stageDevicePasswordVerifier, user: p.user, device: p.device, srv: srv, ch: p.ch}),
	}, nil
}

func (h *Handler) devicePasswordVerifier(p *pending, r map[string]string) (any, error) {
	if err := require(r, protocol.KeyDeviceKey); err != nil {
		return nil, err
	}
	if r[protocol.KeyDeviceKey] != p.device.key {
		return nil, errNotAuthorized("Invalid device key given.")
	}
	ts, err := claimTime(r)
	if err != nil {
		return nil, err
	}
	if reason := h.claimRefusal(p.srv, r, ts); reason != "" {
		return nil, refused(errIncorrect, reason)
	}
	if cs := p.ch.custom; cs != nil {
		// CUSTOM_AUTH with SRP: the define trigger decides what follows the
		// device, as it does after PASSWORD_VERIFIER without one.
		cs = cs.with(protocol.ChallengeDeviceSRPAuth, true, "").with(protocol.ChallengeDevicePasswordVerifier, true, "")
		cs.device = p.device
		return h.customNext(p.user, cs, p.ch.metadata)
	}
	return &challengeOutput{AuthenticationResult: h.tokens(p.user, p.device.key)}, nil
}

func (h *Handler) confirmDevice(in *confirmDeviceInput) (any, error) {
	if in.AccessToken == "" {
		return nil, errMissing("AccessToken")
	}
	if in.DeviceKey == "" {
		return nil, errMissing("DeviceKey")
	}
	u, err := h.checkAccessToken(in.AccessToken)
	if err != nil {
		return nil, err
	}
	d, v, ok := h.deviceOf(u, in.DeviceKey)
	if !ok {
		return nil, errNoDevice
	}
	if v != nil {
		return nil, errInvalidParameter("Device is already confirmed.")
	}
	c := in.DeviceSecretVerifierConfig
	if c == nil || c.PasswordVerifier == "" || c.Salt == "" {
		return nil, errMissing("DeviceSecretVerifierConfig")
	}
	v, err = srpserver.ParseDeviceVerifier(d.groupKey, d.key, c.Salt, c.PasswordVerifier)
	if err != nil {
		return nil, errInvalidParameter("DeviceSecretVerifierConfig is not valid: " + err.Error())
	}
	if !h.confirm(d, v) {
		return nil, errNoDevice
	}
	return map[string]bool{"UserConfirmationNecessary": false}, nil
}
