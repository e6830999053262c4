package srptest

import (
	"encoding/json"
	"strconv"

	"github.com/srpkit/cognito/srp/internal/protocol"
	"github.com/srpkit/cognito/srp/srpserver"
)

// The follow-up challenges after the password: an admin-created user must
// choose a new password, a user with a software token must give its code
// (the other MFA challenges are in mfa.go).
const (
	stageNewPasswordRequired stage = protocol.ChallengeNewPasswordRequired
	stageSoftwareTokenMFA    stage = protocol.ChallengeSoftwareTokenMFA
)

// maxCodeAttempts is how many wrong codes one Session of a challenge
// answered with a code takes before it is used up.
const maxCodeAttempts = 3

// minPasswordLength is the pool's password policy (Cognito's default length).
const minPasswordLength = 8

// afterPassword is what follows a verified password without a remembered
// device: NEW_PASSWORD_REQUIRED, then the MFA challenge (askMFA), then the
// tokens.
func (h *Handler) afterPassword(u *user) *challengeOutput {
	h.mu.Lock()
	newPassword := u.newPasswordRequired
	h.mu.Unlock()
	if !newPassword {
		return h.askMFA(u)
	}
	// Shapes as Cognito sends them: JSON-encoded strings.
	attrs, _ := json.Marshal(map[string]string{"sub": h.sub(u)})
	return &challengeOutput{
		ChallengeName: string(stageNewPasswordRequired),
		ChallengeParameters: map[string]string{
			protocol.KeyUserIDForSRP:       u.id,
			protocol.KeyRequiredAttributes: "[]",
			protocol.KeyUserAttributes:     string(attrs),
		},
		Session: h.addPending(&pending{stage: stageNewPasswordRequired, user: u}),
	}
}

// newPassword sets the NEW_PASSWORD answered to NEW_PASSWORD_REQUIRED (the
// user's attributes, "userAttributes.<name>", are accepted and ignored).
func (h *Handler) newPassword(p *pending, r map[string]string) (any, error) {
	if err := require(r, protocol.KeyNewPassword); err != nil {
		return nil, err
	}
	pw := r[protocol.KeyNewPassword]
	if len(pw) < minPasswordLength {
		return nil, refused(&apiError{"InvalidPasswordException", "Password does not conform to policy: Password not long enough"}, "NEW_PASSWORD too short for "+strconv.Quote(p.user.id))
	}
	v, err := srpserver.NewPasswordVerifier(h.cfg.UserPoolID, p.user.id, pw)
	if err != nil {
		return nil, err
	}
	mac := h.mac("password", pw)
	h.mu.Lock()
	p.user.verifier, p.user.password, p.user.newPasswordRequired = v, mac, false
	h.mu.Unlock()
	return h.afterPassword(p.user), nil
}

// secrets returns the user's password verifier and password MAC, which a
// NEW_PASSWORD_REQUIRED answer may change.
func (h *Handler) secrets(u *user) (*srpserver.Verifier, []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return u.verifier, u.password
}
