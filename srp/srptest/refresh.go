package srptest

import (
	"crypto/hmac"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/srpkit/cognito/srp/internal/protocol"
)

// refreshClaims is what a refresh token carries. The token is
// "<base64url JSON>.<base64url MAC>" under the handler's key: opaque to
// clients, checked without server-side state. The same claims make the same
// token, so that a retry within the rotation grace period gets the token
// the first try got.
type refreshClaims struct {
	User    string `json:"u"` // USER_ID_FOR_SRP
	Device  string `json:"d,omitempty"`
	Client  string `json:"c"`
	Origin  string `json:"o"`           // the family's origin_jti
	Gen     uint32 `json:"g,omitempty"` // rotations of the family before this token
	Expires int64  `json:"x"`           // Unix seconds
}

// newRefreshClaims starts a token family for u, bound to the device the
// tokens are issued for ("" for none).
func (h *Handler) newRefreshClaims(u *user, deviceKey string) *refreshClaims {
	return &refreshClaims{
		User: u.id, Device: deviceKey, Client: h.cfg.ClientID, Origin: h.state.newOrigin(),
		Expires: h.cfg.Now().Add(h.cfg.RefreshTokenTTL).Unix(),
	}
}

// encodeRefreshToken returns the refresh token of c.
func (h *Handler) encodeRefreshToken(c *refreshClaims) string {
	b, _ := json.Marshal(c)
	p := base64.RawURLEncoding.EncodeToString(b)
	return p + "." + base64.RawURLEncoding.EncodeToString(h.mac("refresh", p))
}

// parseRefreshToken returns the claims of a refresh token this handler issued.
func (h *Handler) parseRefreshToken(tok string) (*refreshClaims, bool) {
	p, sig, ok := strings.Cut(tok, ".")
	if !ok || len(tok) > 4096 {
		return nil, false
	}
	// Strict: a token that differs only in unused bits is not the same token.
	mac, err := base64.RawURLEncoding.Strict().DecodeString(sig)
	if err != nil || !hmac.Equal(mac, h.mac("refresh", p)) {
		return nil, false
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(p)
	var c refreshClaims
	if err != nil || json.Unmarshal(b, &c) != nil {
		return nil, false
	}
	return &c, true
}

// errInvalidRefreshToken is Cognito's answer to a refresh token it cannot
// use: not its own, another client's, or without the right DEVICE_KEY.
func errInvalidRefreshToken() error { return errNotAuthorized("Invalid Refresh Token") }

// redeem checks a refresh token presented with deviceKey: issued by this
// server to this client, of a known user, with secretOK (the client secret
// check of the operation, keyed by the user's internal name), unexpired, not
// revoked, and with the device it is bound to. It does not check rotation.
func (h *Handler) redeem(tok, deviceKey string, secretOK func(userID string) error) (*user, *refreshClaims, error) {
	c, ok := h.parseRefreshToken(tok)
	if !ok || c.Client != h.cfg.ClientID {
		return nil, nil, refused(errInvalidRefreshToken(), "REFRESH_TOKEN not issued by this server to this client")
	}
	u := h.userByID(c.User)
	if u == nil {
		return nil, nil, refused(errInvalidRefreshToken(), "REFRESH_TOKEN of an unknown user")
	}
	if err := secretOK(u.id); err != nil {
		return nil, nil, err
	}
	who := strconv.Quote(u.id)
	if !h.cfg.Now().Before(time.Unix(c.Expires, 0)) {
		return nil, nil, refused(errNotAuthorized("Refresh Token has expired"), "refresh token of "+who+" expired")
	}
	if h.state.revoked(u.id, c.Origin) {
		return nil, nil, refused(errNotAuthorized("Refresh Token has been revoked"), "refresh token of "+who+" revoked (RevokeToken or GlobalSignOut)")
	}
	if c.Device != "" && deviceKey != c.Device {
		return nil, nil, refused(errInvalidRefreshToken(), "refresh token issued to a device but DEVICE_KEY is missing or another device's, for "+who)
	}
	if c.Device != "" {
		if _, _, ok := h.deviceOf(u, c.Device); !ok {
			return nil, nil, refused(errInvalidRefreshToken(), "refresh token bound to a device that was forgotten, for "+who)
		}
	}
	return u, c, nil
}

// refresh answers REFRESH_TOKEN_AUTH (and its other name REFRESH_TOKEN):
// REFRESH_TOKEN, SECRET_HASH keyed by the user's internal name (the token's
// cognito:username, not an alias) when the client has a secret, and
// DEVICE_KEY, required when the tokens were issued to a device. The result
// has new access and ID tokens and, as in Cognito without rotation, no
// refresh token. An app client with refresh token rotation refuses the flow.
func (h *Handler) refresh(params map[string]string) (any, error) {
	if h.cfg.RefreshTokenRotation {
		return nil, refused(errInvalidParameter("REFRESH_TOKEN_AUTH flow not enabled for this client"),
			"REFRESH_TOKEN_AUTH with refresh token rotation on: use GetTokensFromRefreshToken")
	}
	if err := require(params, protocol.KeyRefreshToken); err != nil {
		return nil, err
	}
	u, c, err := h.redeem(params[protocol.KeyRefreshToken], params[protocol.KeyDeviceKey],
		func(id string) error { return h.checkSecretHash(params, id) })
	if err != nil {
		return nil, err
	}
	return h.reissue(u, c), nil
}

// reissue answers a refresh without rotation: new access and ID tokens of
// the family c, and no refresh token (the caller keeps the one it has).
func (h *Handler) reissue(u *user, c *refreshClaims) *challengeOutput {
	res := h.issue(u, c)
	res.RefreshToken = ""
	return &challengeOutput{AuthenticationResult: res}
}
