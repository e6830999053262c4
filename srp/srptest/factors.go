package srptest

import (
	"slices"
	"strings"

	"github.com/srpkit/cognito/srp/internal/protocol"
)

// factors are what a user signs in with besides the password: where codes
// go, and the MFA settings. The fields that change (enabled, preferred,
// the software token) are guarded by the Handler's mu.
type factors struct {
	email, phone string
	enabled      []string // MFA factors, in mfaFactors order
	preferred    string   // "" for none

	pendingTOTP []byte // AssociateSoftwareToken's secret, until verified
	lastTOTP    uint64 // the step of the last accepted TOTP code
	usedTOTP    bool   // whether lastTOTP is set
}

// factorsOf reads a configured user's factors (validated).
func factorsOf(cu User) factors {
	f := factors{email: cu.Email, phone: cu.PhoneNumber, preferred: cu.PreferredMFA}
	for _, m := range mfaFactors {
		if slices.Contains(cu.MFA, m) || (m == protocol.ChallengeSoftwareTokenMFA && cu.TOTPSecret != "") {
			f.enabled = append(f.enabled, m)
		}
	}
	return f
}

// mfaFactorsOf returns the user's enabled MFA factors and preferred one.
func (h *Handler) mfaFactorsOf(u *user) ([]string, string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(u.factors.enabled), u.factors.preferred
}

// maskPhone masks a phone number as Cognito does in
// CODE_DELIVERY_DESTINATION: "+", stars, the last four digits.
func maskPhone(p string) string {
	if len(p) <= 5 {
		return p
	}
	return "+" + strings.Repeat("*", len(p)-5) + p[len(p)-4:]
}

// maskEmail masks an email address as Cognito does: the first character of
// the local part and of the domain, each followed by "***"
// (testuser@example.com is t***@e***).
func maskEmail(e string) string {
	local, domain, _ := strings.Cut(e, "@")
	first := func(s string) string {
		for _, r := range s {
			return string(r)
		}
		return ""
	}
	return first(local) + "***@" + first(domain) + "***"
}

// decoyDestination is the masked destination shown to an unknown name: the
// name itself when it looks like an email address or phone number (as it
// would be for a user who signs in with it), else a stable made-up one.
func (h *Handler) decoyDestination(name, medium string) string {
	if medium == mediumEmail {
		if strings.Contains(name, "@") {
			return maskEmail(name)
		}
		m := h.mac("decoy email", name)
		return maskEmail(string(rune('a'+m[0]%26)) + "@" + string(rune('a'+m[1]%26)))
	}
	if e164.MatchString(name) {
		return maskPhone(name)
	}
	m := h.mac("decoy phone", name)
	return maskPhone("+1555555" + string(rune('0'+m[0]%10)) + string(rune('0'+m[1]%10)) + string(rune('0'+m[2]%10)) + string(rune('0'+m[3]%10)))
}
