package srptest

import "strings"

// identityTargetPrefix is the X-Amz-Target prefix of Cognito Identity (the
// identity pools' service), answered when Config.IdentityPoolID is set.
const identityTargetPrefix = "AWSCognitoIdentityService."

// sessionOps are the user pool operations of a signed-in session: refresh
// with rotation, sign-out, revocation, forgetting devices.
var sessionOps = map[string]func(*Handler, []byte) (any, error){
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
		return op, h.ops[op]
	}
	if op, ok := strings.CutPrefix(target, identityTargetPrefix); ok && h.cfg.IdentityPoolID != "" {
		return op, identityOps[op]
	}
	return "", nil
}
