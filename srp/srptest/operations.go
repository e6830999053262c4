package srptest

import "strings"

// identityTargetPrefix is the X-Amz-Target prefix of Cognito Identity (the
// identity pools' service), answered when Config.IdentityPoolID is set.
const identityTargetPrefix = "AWSCognitoIdentityService."

// userPoolOps are the user pool operations: sign-in and its challenges,
// device confirmation, MFA set-up, then those of a signed-in session
// (refresh with rotation, sign-out, revocation, forgetting devices).
var userPoolOps = map[string]func(*Handler, []byte) (any, error){
	"InitiateAuth":                handle((*Handler).initiateAuth),
	"RespondToAuthChallenge":      handle((*Handler).respondToAuthChallenge),
	"AdminInitiateAuth":           handle((*Handler).adminInitiateAuth),
	"AdminRespondToAuthChallenge": handle((*Handler).adminRespondToAuthChallenge),
	"ConfirmDevice":               handle((*Handler).confirmDevice),
	"AssociateSoftwareToken":      handle((*Handler).associateSoftwareToken),
	"VerifySoftwareToken":         handle((*Handler).verifySoftwareToken),
	"SetUserMFAPreference":        handle((*Handler).setUserMFAPreference),
	"AdminSetUserMFAPreference":   handle((*Handler).adminSetUserMFAPreference),

	"GetTokensFromRefreshToken": handle((*Handler).getTokensFromRefreshToken),
	"GlobalSignOut":             handle((*Handler).globalSignOut),
	"RevokeToken":               handle((*Handler).revokeToken),
	"ForgetDevice":              handle((*Handler).forgetDevice),
	"AdminForgetDevice":         handle((*Handler).adminForgetDevice),
}

// identityOps are the Cognito Identity operations.
var identityOps = map[string]func(*Handler, []byte) (any, error){
	"GetId":                     handle((*Handler).getID),
	"GetCredentialsForIdentity": handle((*Handler).getCredentialsForIdentity),
}

// operation returns the operation an X-Amz-Target names, and its name for
// the refusal log; nil if the server does not implement it.
func (h *Handler) operation(target string) (string, func(*Handler, []byte) (any, error)) {
	if op, ok := strings.CutPrefix(target, targetPrefix); ok {
		return op, userPoolOps[op]
	}
	if op, ok := strings.CutPrefix(target, identityTargetPrefix); ok && h.cfg.IdentityPoolID != "" {
		return op, identityOps[op]
	}
	return "", nil
}
