package srptest

import (
	"crypto/hmac"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/srpkit/cognito/srp/internal/protocol"
)

// refreshClaims is what a refresh token carries. The token is
// "<base64url JSON>.<base64url MAC>" under the handler's key: opaque to
// clients, checked without server-side state.
type refreshClaims struct {
	User   string `json:"u"` // USER_ID_FOR_SRP
	Device string `json:"d,omitempty"`
	Client string `json:"c"`
	Nonce  string `json:"n"`
}

// refreshToken issues a refresh token for u, bound to the device the
// tokens were issued for ("" for none).
func (h *Handler) refreshToken(u *user, deviceKey string) string {
	b, _ := json.Marshal(refreshClaims{User: u.id, Device: deviceKey, Client: h.cfg.ClientID, Nonce: randomString(16)})
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

// refresh answers REFRESH_TOKEN_AUTH (and its other name REFRESH_TOKEN):
// REFRESH_TOKEN, SECRET_HASH keyed by the user's internal name (the token's
// cognito:username, not an alias) when the client has a secret, and
// DEVICE_KEY, required when the tokens were issued to a device. The result
// has new access and ID tokens and, as in Cognito without rotation, no
// refresh token.
func (h *Handler) refresh(params map[string]string) (any, error) {
	if err := require(params, protocol.KeyRefreshToken); err != nil {
		return nil, err
	}
	invalid := errNotAuthorized("Invalid Refresh Token")
	c, ok := h.parseRefreshToken(params[protocol.KeyRefreshToken])
	if !ok || c.Client != h.cfg.ClientID {
		return nil, refused(invalid, "REFRESH_TOKEN not issued by this server to this client")
	}
	u := h.users[c.User]
	if u == nil || u.id != c.User {
		return nil, refused(invalid, "REFRESH_TOKEN of an unknown user")
	}
	if err := h.checkSecretHash(params, u.id); err != nil {
		return nil, err
	}
	if c.Device != "" && params[protocol.KeyDeviceKey] != c.Device {
		return nil, refused(invalid, "REFRESH_TOKEN issued to a device but DEVICE_KEY is missing or another device's, for "+strconv.Quote(u.id))
	}
	res := h.tokens(u, c.Device)
	res.RefreshToken = ""
	return &challengeOutput{AuthenticationResult: res}, nil
}
