package srptest

import (
	"github.com/srpkit/cognito/srp/internal/protocol"
)

// availableChallenges is what choice-based sign-in (USER_AUTH) offers u:
// PASSWORD_SRP and PASSWORD, then the one-time codes the pool allows as
// first factors and u can receive (an email address for EMAIL_OTP, a phone
// number for SMS_OTP). An unknown name is offered every factor the pool
// allows.
func (h *Handler) availableChallenges(u *user) []string {
	a := []string{protocol.ChallengePasswordSRP, protocol.ChallengePassword}
	if h.cfg.firstFactor(protocol.ChallengeEmailOTP) && (u.decoy || u.factors.email != "") {
		a = append(a, protocol.ChallengeEmailOTP)
	}
	if h.cfg.firstFactor(protocol.ChallengeSMSOTP) && (u.decoy || u.factors.phone != "") {
		a = append(a, protocol.ChallengeSMSOTP)
	}
	return a
}

// askFirstFactor sends the code of a passwordless sign-in (EMAIL_OTP or
// SMS_OTP, one of availableChallenges) and asks for it. Its right answer
// signs the user in: no MFA follows a one-time code, as in Cognito.
func (h *Handler) askFirstFactor(u *user, factor string) *challengeOutput {
	return h.askFactor(u, factor, true)
}
