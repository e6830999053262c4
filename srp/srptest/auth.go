package srptest

import (
	"bytes"

	"github.com/srpkit/cognito/secrethash"
	"github.com/srpkit/cognito/srp"
)

type initiateAuthInput struct {
	AuthFlow       string
	ClientId       string
	AuthParameters map[string]string
}

type respondInput struct {
	ChallengeName      string
	ClientId           string
	Session            string
	ChallengeResponses map[string]string
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
	ChallengeName        string                `json:",omitempty"`
	ChallengeParameters  map[string]string     `json:",omitempty"`
	Session              string                `json:",omitempty"`
	AuthenticationResult *authenticationResult `json:",omitempty"`
}

type authenticationResult struct {
	AccessToken       string
	IdToken           string
	RefreshToken      string
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
		return &apiError{"ResourceNotFoundException", "User pool client " + id + " does not exist."}
	}
	return nil
}

// checkSecretHash checks SECRET_HASH keyed by name, for clients with a secret.
func (h *Handler) checkSecretHash(params map[string]string, name string) error {
	if h.cfg.ClientSecret == "" {
		return nil
	}
	sh, ok := params["SECRET_HASH"]
	if !ok {
		return errNotAuthorized("Client " + h.cfg.ClientID + " is configured with secret but SECRET_HASH was not received")
	}
	if !secrethash.Verify(sh, name, h.cfg.ClientID, h.cfg.ClientSecret) {
		return errNotAuthorized("Unable to verify secret hash for client " + h.cfg.ClientID)
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

func (h *Handler) initiateAuth(in *initiateAuthInput) (any, error) {
	if err := h.checkClient(in.ClientId); err != nil {
		return nil, err
	}
	switch in.AuthFlow {
	case "USER_SRP_AUTH":
		return h.startPasswordSRP(in.AuthParameters)
	case "":
		return nil, errMissing("AuthFlow")
	default:
		return nil, errInvalidParameter(in.AuthFlow + " flow not enabled for this client")
	}
}

// startPasswordSRP answers USER_SRP_AUTH (USERNAME, SRP_A, SECRET_HASH) with
// the PASSWORD_VERIFIER challenge. An unknown user gets a decoy challenge that
// no response can pass, as Cognito does with user existence errors prevented.
func (h *Handler) startPasswordSRP(params map[string]string) (any, error) {
	if err := require(params, "USERNAME", "SRP_A"); err != nil {
		return nil, err
	}
	name := params["USERNAME"]
	if err := h.checkSecretHash(params, name); err != nil {
		return nil, err
	}
	p := &pending{stage: stagePasswordVerifier, user: h.users[name], name: name}
	var v *srp.Verifier
	if p.user != nil {
		v = p.user.verifier
	} else {
		var err error
		// A stable salt per name, and a verifier of a random password.
		v, err = srp.NewPasswordVerifier(h.cfg.UserPoolID, name, randomString(32), srp.WithRandom(bytes.NewReader(h.mac("decoy", name))))
		if err != nil {
			return nil, err
		}
	}
	srv, err := srp.NewServerSession(v, params["SRP_A"])
	if err != nil {
		return nil, errInvalidParameter("SRP_A is not valid: it must be hex and not 0 mod N")
	}
	p.srv = srv
	id := v.UserID()
	return &challengeOutput{
		ChallengeName: string(stagePasswordVerifier),
		ChallengeParameters: map[string]string{
			"SALT":            srv.Salt(),
			"SRP_B":           srv.SRPB(),
			"SECRET_BLOCK":    srv.SecretBlock(),
			"USERNAME":        id,
			"USER_ID_FOR_SRP": id,
		},
		Session: h.addPending(p),
	}, nil
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
	case stagePasswordVerifier, stageDeviceSRPAuth, stageDevicePasswordVerifier:
	default:
		return nil, errInvalidParameter("srptest does not support challenge " + in.ChallengeName)
	}
	p, err := h.takePending(in.Session)
	if err != nil {
		return nil, err
	}
	if string(p.stage) != in.ChallengeName {
		return nil, errInvalidParameter("Invalid challenge name: the session expects " + string(p.stage))
	}
	r := in.ChallengeResponses
	if err := require(r, "USERNAME"); err != nil {
		return nil, err
	}
	name := r["USERNAME"]
	if err := h.checkSecretHash(r, name); err != nil {
		return nil, err
	}
	if p.user == nil {
		// A decoy fails exactly where a wrong password would.
		if _, ok := r["DEVICE_KEY"]; ok {
			h.putBack(p)
			return nil, errNoDevice
		}
		if err := h.checkClaim(p.srv, r); err != nil {
			return nil, err
		}
		return nil, errIncorrect
	}
	// USERNAME must be the user's actual name (USER_ID_FOR_SRP, or the
	// configured username), not an alias.
	if h.users[name] != p.user || (name != p.user.id && name != p.user.username) {
		return nil, errIncorrect
	}
	switch p.stage {
	case stagePasswordVerifier:
		return h.passwordVerifier(p, r)
	case stageDeviceSRPAuth:
		return h.deviceSRPAuth(p, r)
	default:
		return h.devicePasswordVerifier(p, r)
	}
}

// checkClaim checks TIMESTAMP (format, then skew) and the signature.
func (h *Handler) checkClaim(srv *srp.ServerSession, r map[string]string) error {
	if err := require(r, "PASSWORD_CLAIM_SIGNATURE", "PASSWORD_CLAIM_SECRET_BLOCK", "TIMESTAMP"); err != nil {
		return err
	}
	ts, err := srp.ParseTimestamp(r["TIMESTAMP"])
	if err != nil {
		return errInvalidParameter("TIMESTAMP format is invalid: want e.g. \"Tue Mar 5 09:04:07 UTC 2024\"")
	}
	if d := ts.Sub(h.cfg.Now()); d > h.cfg.MaxClockSkew || d < -h.cfg.MaxClockSkew {
		return errIncorrect
	}
	if err := srv.Verify(r["PASSWORD_CLAIM_SECRET_BLOCK"], r["TIMESTAMP"], r["PASSWORD_CLAIM_SIGNATURE"]); err != nil {
		return errIncorrect
	}
	return nil
}

func (h *Handler) passwordVerifier(p *pending, r map[string]string) (any, error) {
	var d *device
	if key, ok := r["DEVICE_KEY"]; ok {
		var v *srp.Verifier
		var found bool
		d, v, found = h.deviceOf(p.user, key)
		if !found || v == nil {
			// The session stays usable: the AWS JavaScript client retries
			// without DEVICE_KEY after this error.
			h.putBack(p)
			return nil, errNoDevice
		}
	}
	if err := h.checkClaim(p.srv, r); err != nil {
		return nil, err
	}
	if d != nil {
		return &challengeOutput{
			ChallengeName:       string(stageDeviceSRPAuth),
			ChallengeParameters: map[string]string{"USERNAME": p.user.id},
			Session:             h.addPending(&pending{stage: stageDeviceSRPAuth, user: p.user, device: d}),
		}, nil
	}
	out := &challengeOutput{AuthenticationResult: h.tokens(p.user, "")}
	if h.cfg.DeviceTracking == "always" {
		nd := h.newDevice(p.user)
		out.AuthenticationResult.NewDeviceMetadata = &newDeviceMetadata{DeviceKey: nd.key, DeviceGroupKey: nd.groupKey}
	}
	return out, nil
}

func (h *Handler) deviceSRPAuth(p *pending, r map[string]string) (any, error) {
	if err := require(r, "DEVICE_KEY", "SRP_A"); err != nil {
		return nil, err
	}
	if r["DEVICE_KEY"] != p.device.key {
		return nil, errNotAuthorized("Invalid device key given.")
	}
	_, v, ok := h.deviceOf(p.user, p.device.key)
	if !ok || v == nil {
		return nil, errNoDevice
	}
	srv, err := srp.NewServerSession(v, r["SRP_A"])
	if err != nil {
		return nil, errInvalidParameter("SRP_A is not valid: it must be hex and not 0 mod N")
	}
	return &challengeOutput{
		ChallengeName: string(stageDevicePasswordVerifier),
		ChallengeParameters: map[string]string{
			"SALT":         srv.Salt(),
			"SRP_B":        srv.SRPB(),
			"SECRET_BLOCK": srv.SecretBlock(),
			"USERNAME":     p.user.id,
		},
		Session: h.addPending(&pending{stage: stageDevicePasswordVerifier, user: p.user, device: p.device, srv: srv}),
	}, nil
}

func (h *Handler) devicePasswordVerifier(p *pending, r map[string]string) (any, error) {
	if err := require(r, "DEVICE_KEY"); err != nil {
		return nil, err
	}
	if r["DEVICE_KEY"] != p.device.key {
		return nil, errNotAuthorized("Invalid device key given.")
	}
	if err := h.checkClaim(p.srv, r); err != nil {
		return nil, err
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
	v, err = srp.ParseDeviceVerifier(d.groupKey, d.key, c.Salt, c.PasswordVerifier)
	if err != nil {
		return nil, errInvalidParameter("DeviceSecretVerifierConfig is not valid: " + err.Error())
	}
	if !h.confirm(d, v) {
		return nil, errNoDevice
	}
	return map[string]bool{"UserConfirmationNecessary": false}, nil
}
