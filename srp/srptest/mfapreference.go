package srptest

import (
	"github.com/srpkit/cognito/srp/internal/protocol"
)

// mfaSettings is one factor's SMSMfaSettings, SoftwareTokenMfaSettings or
// EmailMfaSettings; nil leaves the factor as it is.
type mfaSettings struct {
	Enabled      bool
	PreferredMfa bool
}

// mfaPreferenceInput is SetUserMFAPreference's and, with UserPoolId and
// Username, AdminSetUserMFAPreference's request.
type mfaPreferenceInput struct {
	AccessToken              string
	UserPoolId               string
	Username                 string
	SMSMfaSettings           *mfaSettings
	SoftwareTokenMfaSettings *mfaSettings
	EmailMfaSettings         *mfaSettings
}

// setUserMFAPreference sets the MFA preference of the access token's user.
func (h *Handler) setUserMFAPreference(in *mfaPreferenceInput) (any, error) {
	if in.AccessToken == "" {
		return nil, errMissing("AccessToken")
	}
	u, err := h.checkAccessToken(in.AccessToken)
	if err != nil {
		return nil, err
	}
	return h.setMFAPreference(u, in)
}

// adminSetUserMFAPreference sets the MFA preference of the user named
// Username (any of the user's names), as an administrator: an unknown name
// is UserNotFoundException, as in Cognito's admin operations.
func (h *Handler) adminSetUserMFAPreference(in *mfaPreferenceInput) (any, error) {
	if err := h.checkPool(in.UserPoolId); err != nil {
		return nil, err
	}
	if in.Username == "" {
		return nil, errMissing("Username")
	}
	u := h.users[in.Username]
	if u == nil {
		return nil, &apiError{"UserNotFoundException", "User does not exist."}
	}
	return h.setMFAPreference(u, in)
}

// setMFAPreference applies the settings given: a factor can be enabled only
// with its delivery (phone number, email) or a verified software token, and
// preferred only when enabled.
func (h *Handler) setMFAPreference(u *user, in *mfaPreferenceInput) (any, error) {
	settings := map[string]*mfaSettings{
		protocol.ChallengeSMSMFA:           in.SMSMfaSettings,
		protocol.ChallengeSoftwareTokenMFA: in.SoftwareTokenMfaSettings,
		protocol.ChallengeEmailOTP:         in.EmailMfaSettings,
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	preferred := 0
	for _, f := range mfaFactors { // in a fixed order, so that one request always gets the same refusal
		s := settings[f]
		if s == nil {
			continue
		}
		if s.PreferredMfa {
			if preferred++; preferred > 1 || !s.Enabled {
				return nil, errInvalidParameter("Only one enabled MFA can be preferred")
			}
		}
		if !s.Enabled {
			continue
		}
		switch {
		case f == protocol.ChallengeSMSMFA && u.factors.phone == "":
			return nil, errInvalidParameter("User does not have delivery config set to turn on SMS_MFA")
		case f == protocol.ChallengeEmailOTP && u.factors.email == "":
			return nil, errInvalidParameter("User does not have delivery config set to turn on EMAIL_OTP")
		case f == protocol.ChallengeSoftwareTokenMFA && u.totpKey == nil:
			return nil, errInvalidParameter("User has not verified software token mfa")
		}
	}
	for _, f := range mfaFactors {
		s := settings[f]
		if s == nil {
			continue
		}
		h.setEnabledLocked(u, f, s.Enabled)
		switch {
		case s.PreferredMfa:
			u.factors.preferred = f
		case u.factors.preferred == f:
			u.factors.preferred = ""
		}
	}
	return struct{}{}, nil
}
