package srptest

import (
	"encoding/base32"
	"strconv"
)

// associateInput is the AssociateSoftwareToken request: an access token (a
// signed-in user enrols) or the Session of MFA_SETUP, not both.
type associateInput struct {
	AccessToken string
	Session     string
}

// verifyInput is the VerifySoftwareToken request.
type verifyInput struct {
	AccessToken        string
	Session            string
	UserCode           string
	FriendlyDeviceName string
}

// errTOTPNotEnabled is VerifySoftwareToken's refusal of a wrong code.
var errTOTPNotEnabled = &apiError{"EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA"}

// totpSecretBytes is the size of the secrets AssociateSoftwareToken draws
// (52 base32 characters, as Cognito's).
const totpSecretBytes = 32

// oneOf checks that exactly one of an access token and a Session is given.
func oneOf(accessToken, session string) error {
	switch {
	case accessToken == "" && session == "":
		return errInvalidParameter("Missing required parameter AccessToken or Session")
	case accessToken != "" && session != "":
		return errInvalidParameter("AccessToken and Session: give one, not both")
	}
	return nil
}

// associateSoftwareToken draws a new TOTP secret. With the Session of
// MFA_SETUP it returns a new Session holding the secret, for
// VerifySoftwareToken; with an access token the secret waits, in the user,
// for VerifySoftwareToken with the same user's access token.
func (h *Handler) associateSoftwareToken(in *associateInput) (any, error) {
	if err := oneOf(in.AccessToken, in.Session); err != nil {
		return nil, err
	}
	secret := randomBytes(totpSecretBytes)
	code := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(secret)
	if in.AccessToken != "" {
		u, err := h.checkAccessToken(in.AccessToken)
		if err != nil {
			return nil, err
		}
		h.mu.Lock()
		u.factors.pendingTOTP = secret
		h.mu.Unlock()
		return map[string]string{"SecretCode": code}, nil
	}
	p, err := h.takePending(in.Session)
	if err != nil {
		return nil, err
	}
	if p.stage != stageMFASetup || p.ch.verified {
		return nil, refused(errNotAuthorized("Invalid session for the user."), "AssociateSoftwareToken with the Session of "+string(p.stage))
	}
	n := &pending{stage: stageMFASetup, user: p.user}
	n.ch.totpSecret = secret
	return map[string]string{"SecretCode": code, "Session": h.addPending(n)}, nil
}

// verifySoftwareToken checks UserCode against the secret
// AssociateSoftwareToken drew. With an access token the secret becomes the
// user's software token (enabled by SetUserMFAPreference); with a Session it
// returns the Session that answers MFA_SETUP. A wrong code is
// EnableSoftwareTokenMFAException, and may be typed again on the same
// Session (maxCodeAttempts in all).
func (h *Handler) verifySoftwareToken(in *verifyInput) (any, error) {
	if err := oneOf(in.AccessToken, in.Session); err != nil {
		return nil, err
	}
	if len(in.UserCode) != totpDigits || !isDigits(in.UserCode) {
		return nil, errInvalidParameter("UserCode must be 6 digits")
	}
	now := h.cfg.Now()
	if in.AccessToken != "" {
		u, err := h.checkAccessToken(in.AccessToken)
		if err != nil {
			return nil, err
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		if u.factors.pendingTOTP == nil {
			return nil, refused(&apiError{"InvalidParameterException", "Software token has not been associated with the user: call AssociateSoftwareToken first"}, "VerifySoftwareToken before AssociateSoftwareToken, for "+strconv.Quote(u.id))
		}
		step, ok := matchTOTP(u.factors.pendingTOTP, in.UserCode, now)
		if !ok {
			return nil, refused(errTOTPNotEnabled, "wrong UserCode for "+strconv.Quote(u.id))
		}
		u.totpKey, u.factors.pendingTOTP = u.factors.pendingTOTP, nil
		u.factors.usedTOTP, u.factors.lastTOTP = true, step
		return map[string]string{"Status": "SUCCESS"}, nil
	}
	p, err := h.takePending(in.Session)
	if err != nil {
		return nil, err
	}
	if p.stage != stageMFASetup || p.ch.totpSecret == nil || p.ch.verified {
		return nil, refused(errNotAuthorized("Invalid session for the user."), "VerifySoftwareToken with a Session not from AssociateSoftwareToken")
	}
	step, ok := matchTOTP(p.ch.totpSecret, in.UserCode, now)
	if !ok {
		if p.attempts++; p.attempts < maxCodeAttempts {
			h.putBack(p)
		}
		return nil, refused(errTOTPNotEnabled, "wrong UserCode for "+strconv.Quote(p.user.id))
	}
	n := &pending{stage: stageMFASetup, user: p.user}
	n.ch.totpSecret, n.ch.totpStep, n.ch.verified = p.ch.totpSecret, step, true
	return map[string]string{"Status": "SUCCESS", "Session": h.addPending(n)}, nil
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
