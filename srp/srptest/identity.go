package srptest

import (
	"encoding/base32"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/srpkit/cognito/srp/internal/protocol"
)

// The identity pool: Cognito Identity's GetId and GetCredentialsForIdentity
// for Config.IdentityPoolID, whose one authentication provider is this user
// pool. The credentials it hands out are well-formed and prove nothing: no
// AWS service accepts them.

// credentialsTTL is the lifetime of the credentials, as Cognito's.
const credentialsTTL = time.Hour

type getIDInput struct {
	AccountId      string
	IdentityPoolId string
	Logins         map[string]string
}

type getCredentialsForIdentityInput struct {
	IdentityId    string
	Logins        map[string]string
	CustomRoleArn string
}

type identityCredentials struct {
	AccessKeyId  string
	SecretKey    string
	SessionToken string
	Expiration   int64 // epoch seconds, as the JSON protocol sends timestamps
}

// providerName is the Logins key of this user pool's ID tokens.
func (h *Handler) providerName() string {
	return "cognito-idp." + h.region + ".amazonaws.com/" + h.cfg.UserPoolID
}

// identityID is the user's IdentityId in the pool: region:uuid, stable for
// the pool and the user.
func (h *Handler) identityID(u *user) string {
	region, _ := protocol.ParseIdentityPoolID(h.cfg.IdentityPoolID) // checked by Validate
	return region + ":" + stableUUID(h.cfg.IdentityPoolID, u)
}

// getID answers GetId: the IdentityId of the user whose ID token Logins
// holds.
func (h *Handler) getID(in *getIDInput) (any, error) {
	if in.IdentityPoolId == "" {
		return nil, errMissing("IdentityPoolId")
	}
	if in.IdentityPoolId != h.cfg.IdentityPoolID {
		return nil, refused(&apiError{"ResourceNotFoundException", "IdentityPool '" + in.IdentityPoolId + "' not found."}, "unknown IdentityPoolId "+strconv.Quote(in.IdentityPoolId))
	}
	u, err := h.checkLogins(in.Logins)
	if err != nil {
		return nil, err
	}
	return map[string]string{"IdentityId": h.identityID(u)}, nil
}

// getCredentialsForIdentity answers GetCredentialsForIdentity: credentials
// for an IdentityId of the pool, when Logins holds the ID token of the user
// it belongs to.
func (h *Handler) getCredentialsForIdentity(in *getCredentialsForIdentityInput) (any, error) {
	if in.IdentityId == "" {
		return nil, errMissing("IdentityId")
	}
	var owner *user
	for _, u := range h.users {
		if h.identityID(u) == in.IdentityId {
			owner = u
			break
		}
	}
	if owner == nil {
		return nil, refused(&apiError{"ResourceNotFoundException", "Identity '" + in.IdentityId + "' not found."}, "unknown IdentityId "+strconv.Quote(in.IdentityId))
	}
	u, err := h.checkLogins(in.Logins)
	if err != nil {
		return nil, err
	}
	if u != owner {
		return nil, refused(errNotAuthorized("Logins don't match. Please include at least one valid login for this identity or identity pool."),
			"Logins hold the ID token of "+strconv.Quote(u.id)+", not of the owner of IdentityId "+strconv.Quote(in.IdentityId))
	}
	b32 := base32.StdEncoding.WithPadding(base32.NoPadding)
	return map[string]any{
		"IdentityId": in.IdentityId,
		"Credentials": identityCredentials{
			AccessKeyId:  "ASIA" + b32.EncodeToString(randomBytes(10)),
			SecretKey:    base64.StdEncoding.EncodeToString(randomBytes(30)),
			SessionToken: base64.StdEncoding.EncodeToString(randomBytes(300)),
			Expiration:   h.cfg.Now().Add(credentialsTTL).Unix(),
		},
	}, nil
}

// checkLogins returns the user whose ID token Logins holds under this user
// pool's provider name, checked as Cognito Identity checks it: signed by
// this server, its issuer, aud the app client, unexpired.
func (h *Handler) checkLogins(logins map[string]string) (*user, error) {
	if len(logins) == 0 {
		return nil, refused(errNotAuthorized("Unauthenticated access is not supported for this identity pool."), "no Logins")
	}
	var u *user
	for provider, tok := range logins {
		if provider != h.providerName() {
			return nil, refused(errNotAuthorized("Token is not from a supported provider of this identity pool."), "Logins key "+strconv.Quote(provider)+" is not "+strconv.Quote(h.providerName()))
		}
		var err error
		if u, err = h.checkIDToken(tok); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// checkIDToken returns the user of an ID token for Logins.
func (h *Handler) checkIDToken(tok string) (*user, error) {
	p, ok := h.verifiedPayload(tok)
	var c struct {
		Issuer   string  `json:"iss"`
		Audience *string `json:"aud"`
		TokenUse string  `json:"token_use"`
		Username string  `json:"cognito:username"`
		Exp      int64   `json:"exp"`
	}
	if !ok || json.Unmarshal(p, &c) != nil {
		return nil, refused(errNotAuthorized("Invalid login token. Couldn't verify signed token."), "Logins: not a token signed by this server")
	}
	if c.Issuer != h.Issuer() {
		return nil, refused(errNotAuthorized("Invalid login token. Issuer doesn't match providerName"), "Logins: a token of another issuer")
	}
	if c.Audience == nil {
		return nil, refused(errNotAuthorized("Invalid login token. Missing a required claim: aud"), "Logins: a token without aud (an access token?)")
	}
	if *c.Audience != h.cfg.ClientID || c.TokenUse != "id" {
		return nil, refused(errNotAuthorized("Token is not from a supported provider of this identity pool."), "Logins: an ID token of another app client")
	}
	if now := h.cfg.Now(); !now.Before(time.Unix(c.Exp, 0)) {
		return nil, refused(errNotAuthorized(fmt.Sprintf("Invalid login token. Token expired: %d >= %d", now.Unix(), c.Exp)), "Logins: the ID token expired")
	}
	u := h.userByID(c.Username)
	if u == nil {
		return nil, refused(errNotAuthorized("Invalid login token. Couldn't verify signed token."), "Logins: an ID token of an unknown user")
	}
	return u, nil
}
