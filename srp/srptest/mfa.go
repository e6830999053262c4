package srptest

import (
	"crypto/subtle"
	"encoding/json"
	"slices"
	"strconv"

	"github.com/srpkit/cognito/srp/internal/protocol"
)

// The challenges of MFA, and of the one-time codes of passwordless sign-in.
const (
	stageSMSMFA        stage = protocol.ChallengeSMSMFA
	stageEmailOTP      stage = protocol.ChallengeEmailOTP
	stageSMSOTP        stage = protocol.ChallengeSMSOTP
	stageSelectMFAType stage = protocol.ChallengeSelectMFAType
	stageMFASetup      stage = protocol.ChallengeMFASetup
)

// challengeState is what a pending session of the later challenges holds.
type challengeState struct {
	code        string   // the code sent (SMS_MFA, EMAIL_OTP, SMS_OTP); "" for a decoy
	firstFactor bool     // EMAIL_OTP or SMS_OTP as first factor: no MFA follows
	choices     []string // SELECT_MFA_TYPE: MFAS_CAN_CHOOSE
	totpSecret  []byte   // MFA_SETUP: the secret AssociateSoftwareToken gave
	totpStep    uint64   // MFA_SETUP: the step of the verified code
	verified    bool     // MFA_SETUP: VerifySoftwareToken accepted a code
	custom      *customSession
	metadata    map[string]string // the ClientMetadata of the answer
}

// codeKeys are the answer keys of the challenges answered with a code.
var codeKeys = map[stage]string{
	stageSoftwareTokenMFA: protocol.KeySoftwareTokenMFACode,
	stageSMSMFA:           protocol.KeySMSMFACode,
	stageEmailOTP:         protocol.KeyEmailOTPCode,
	stageSMSOTP:           protocol.KeySMSOTPCode,
}

// mfaCanSetup is MFAS_CAN_SETUP: srptest sets up software tokens only.
const mfaCanSetup = `["SOFTWARE_TOKEN_MFA"]`

// Cognito's refusals of a code.
var (
	errTOTPMismatch = &apiError{"CodeMismatchException", "Invalid code received for user"}
	errCodeMismatch = &apiError{"CodeMismatchException", "Invalid code or auth state for the user."}
	errTOTPUsed     = &apiError{"ExpiredCodeException", "Your software token has already been used once."}
)

// askMFA is what follows a verified password (and any new password): the
// MFA challenge the pool's setting and the user's factors call for, or the
// tokens.
func (h *Handler) askMFA(u *user) *challengeOutput {
	if h.cfg.MFAConfiguration == mfaOff {
		return h.signedIn(u)
	}
	enabled, preferred := h.mfaFactorsOf(u)
	switch {
	case len(enabled) == 0 && h.cfg.MFAConfiguration == mfaOn:
		return &challengeOutput{
			ChallengeName:       string(stageMFASetup),
			ChallengeParameters: map[string]string{protocol.KeyMFAsCanSetup: mfaCanSetup, protocol.KeyUserIDForSRP: u.id},
			Session:             h.addPending(&pending{stage: stageMFASetup, user: u}),
		}
	case len(enabled) == 0:
		return h.signedIn(u)
	case slices.Contains(enabled, preferred):
		return h.askFactor(u, preferred, false)
	case len(enabled) == 1:
		return h.askFactor(u, enabled[0], false)
	}
	choices, _ := json.Marshal(enabled)
	p := &pending{stage: stageSelectMFAType, user: u}
	p.ch.choices = enabled
	return &challengeOutput{
		ChallengeName:       string(stageSelectMFAType),
		ChallengeParameters: map[string]string{protocol.KeyMFAsCanChoose: string(choices), protocol.KeyUserIDForSRP: u.id},
		Session:             h.addPending(p),
	}
}

// askFactor asks for the code of factor: SOFTWARE_TOKEN_MFA, or a code it
// sends (SMS_MFA, EMAIL_OTP, SMS_OTP), with Cognito's delivery parameters.
// firstFactor marks the passwordless EMAIL_OTP and SMS_OTP.
func (h *Handler) askFactor(u *user, factor string, firstFactor bool) *challengeOutput {
	p := &pending{stage: stage(factor), user: u}
	p.ch.firstFactor = firstFactor
	params := map[string]string{}
	if !firstFactor {
		params[protocol.KeyUserIDForSRP] = u.id
	}
	medium := mediumSMS
	if factor == protocol.ChallengeEmailOTP {
		medium = mediumEmail
	}
	if factor != protocol.ChallengeSoftwareTokenMFA {
		p.ch.code = h.send(u, factor, medium)
		params[protocol.KeyCodeDeliveryMedium] = medium
		switch {
		case u.decoy:
			params[protocol.KeyCodeDeliveryDestination] = h.decoyDestination(u.username, medium)
		case medium == mediumEmail:
			params[protocol.KeyCodeDeliveryDestination] = maskEmail(u.factors.email)
		default:
			params[protocol.KeyCodeDeliveryDestination] = maskPhone(u.factors.phone)
		}
	}
	return &challengeOutput{ChallengeName: factor, ChallengeParameters: params, Session: h.addPending(p)}
}

// followUp answers the challenges after the password; USERNAME and
// SECRET_HASH were checked by the caller.
func (h *Handler) followUp(p *pending, r map[string]string) (any, error) {
	switch p.stage {
	case stageNewPasswordRequired:
		return h.newPassword(p, r)
	case stageSelectMFAType:
		if err := require(r, protocol.KeyAnswer); err != nil {
			return nil, err
		}
		if !slices.Contains(p.ch.choices, r[protocol.KeyAnswer]) {
			return nil, refused(errInvalidParameter("ANSWER is not one of MFAS_CAN_CHOOSE"), "SELECT_MFA_TYPE ANSWER "+strconv.Quote(r[protocol.KeyAnswer])+" not offered")
		}
		return h.askFactor(p.user, r[protocol.KeyAnswer], false), nil
	case stageMFASetup:
		return h.finishMFASetup(p)
	}
	return h.answerCode(p, r)
}

// answerCode checks the code answered to SOFTWARE_TOKEN_MFA, SMS_MFA,
// EMAIL_OTP or SMS_OTP. A wrong code is CodeMismatchException and may be
// typed again on the same Session (maxCodeAttempts in all); a TOTP code
// already accepted once is ExpiredCodeException. Both count towards the
// lockout.
func (h *Handler) answerCode(p *pending, r map[string]string) (any, error) {
	key := codeKeys[p.stage]
	if err := require(r, key); err != nil {
		return nil, err
	}
	code := r[key]
	var ok bool
	var lockErr error
	bad := errCodeMismatch
	if p.stage == stageSoftwareTokenMFA {
		var reused bool
		ok, reused, lockErr = h.useTOTP(p.user, code)
		if bad = errTOTPMismatch; reused {
			bad = errTOTPUsed
		}
	} else {
		ok = p.ch.code != "" && subtle.ConstantTimeCompare([]byte(code), []byte(p.ch.code)) == 1
		lockErr = h.guard(p.user, ok)
	}
	who := strconv.Quote(p.user.id) + decoyNote(p.user)
	if lockErr != nil {
		return nil, refused(lockErr, "locked out: "+string(p.stage)+" answer for "+who)
	}
	if !ok {
		if p.attempts++; p.attempts < maxCodeAttempts {
			h.putBack(p) // Cognito lets the user type the code again
		}
		why := "wrong " + key + " for " + who
		if bad == errTOTPUsed {
			why = key + " already used, for " + who
		}
		return nil, refused(bad, why)
	}
	return h.signedIn(p.user), nil
}

// useTOTP checks a SOFTWARE_TOKEN_MFA code of u and applies the lockout to
// it, in one critical section: the code must be of a step after the last
// one accepted for u, and is then the last one accepted, so that of several
// answers with the same code at once only one passes. ok is whether the
// code passed, reused whether it was refused as already used (a failure
// for the lockout); err is errAttemptsExceeded while u is locked out, and
// the code is then not used up.
func (h *Handler) useTOTP(u *user, code string) (ok, reused bool, err error) {
	now := h.cfg.Now()
	h.mu.Lock()
	defer h.mu.Unlock()
	step, match := matchTOTP(u.totpKey, code, now)
	reused = match && u.factors.usedTOTP && step <= u.factors.lastTOTP
	ok = match && !reused
	if err := h.guardLocked(u, ok, now); err != nil {
		return false, false, err
	}
	if ok {
		u.factors.usedTOTP, u.factors.lastTOTP = true, step
	}
	return ok, reused, nil
}

// finishMFASetup answers MFA_SETUP with the Session VerifySoftwareToken
// returned: the software token becomes the user's, enabled, and the user is
// signed in.
func (h *Handler) finishMFASetup(p *pending) (any, error) {
	if !p.ch.verified {
		return nil, refused(errInvalidParameter("Software token MFA is not verified for this session: call AssociateSoftwareToken and VerifySoftwareToken first"), "MFA_SETUP answered before VerifySoftwareToken, for "+strconv.Quote(p.user.id))
	}
	h.mu.Lock()
	h.enableTOTPLocked(p.user, p.ch.totpSecret, p.ch.totpStep)
	h.mu.Unlock()
	return h.signedIn(p.user), nil
}

// enableTOTPLocked makes key the user's verified software token and enables
// SOFTWARE_TOKEN_MFA; step is the verified code's, which is then used.
func (h *Handler) enableTOTPLocked(u *user, key []byte, step uint64) {
	u.totpKey = key
	u.factors.usedTOTP, u.factors.lastTOTP = true, step
	h.setEnabledLocked(u, protocol.ChallengeSoftwareTokenMFA, true)
}

// setEnabledLocked enables or disables an MFA factor of u, keeping
// mfaFactors' order; disabling the preferred factor clears the preference.
func (h *Handler) setEnabledLocked(u *user, factor string, on bool) {
	var enabled []string
	for _, f := range mfaFactors {
		if (f == factor && on) || (f != factor && slices.Contains(u.factors.enabled, f)) {
			enabled = append(enabled, f)
		}
	}
	u.factors.enabled = enabled
	if !on && u.factors.preferred == factor {
		u.factors.preferred = ""
	}
}
