package srptest

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
)

// tokens issues the AuthenticationResult of a successful sign-in.
//
// The access and ID tokens are JWT-shaped (header.payload.signature, base64url
// JSON) with Cognito's usual claims, so clients that decode them (the AWS
// JavaScript client reads exp) work. They are signed with HS256 under a
// random per-Handler key, not with RS256 and the pool's JWKS: they prove
// nothing outside this server. The refresh token is an opaque random string.
func (h *Handler) tokens(u *user, deviceKey string) *authenticationResult {
	now := h.cfg.Now()
	iss := "https://cognito-idp." + h.region + ".amazonaws.com/" + h.cfg.UserPoolID
	sub := h.sub(u)
	eventID := fmtUUID(randomBytes(16))
	common := map[string]any{
		"sub":       sub,
		"iss":       iss,
		"auth_time": now.Unix(),
		"iat":       now.Unix(),
		"exp":       now.Add(h.cfg.TokenTTL).Unix(),
		"event_id":  eventID,
	}
	access := map[string]any{
		"token_use": "access",
		"scope":     "aws.cognito.signin.user.admin",
		"client_id": h.cfg.ClientID,
		"username":  u.id,
		"jti":       fmtUUID(randomBytes(16)),
	}
	if deviceKey != "" {
		access["device_key"] = deviceKey
	}
	id := map[string]any{
		"token_use":        "id",
		"aud":              h.cfg.ClientID,
		"cognito:username": u.id,
		"jti":              fmtUUID(randomBytes(16)),
	}
	if u.username != u.id {
		id["preferred_username"] = u.username
	}
	for k, v := range common {
		access[k], id[k] = v, v
	}
	return &authenticationResult{
		AccessToken:  h.jwt(access),
		IdToken:      h.jwt(id),
		RefreshToken: h.refreshToken(u, deviceKey),
		ExpiresIn:    int64(h.cfg.TokenTTL / time.Second),
		TokenType:    "Bearer",
	}
}

// sub is a stable UUID for the user, derived from the pool and internal name.
func (h *Handler) sub(u *user) string {
	s := sha256.Sum256([]byte(h.cfg.UserPoolID + "\x00" + u.id))
	return fmtUUID(s[:16])
}

var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","kid":"srptest","typ":"JWT"}`))

func (h *Handler) jwt(claims map[string]any) string {
	p, _ := json.Marshal(claims)
	signed := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(p)
	return signed + "." + base64.RawURLEncoding.EncodeToString(h.mac("jwt", signed))
}

// checkAccessToken returns the user of a valid, unexpired access token issued
// by this handler.
func (h *Handler) checkAccessToken(tok string) (*user, error) {
	invalid := errNotAuthorized("Invalid Access Token")
	parts := strings.Split(tok, ".")
	if len(parts) != 3 || len(tok) > 8192 {
		return nil, invalid
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, h.mac("jwt", parts[0]+"."+parts[1])) {
		return nil, invalid
	}
	p, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, invalid
	}
	var c struct {
		TokenUse string `json:"token_use"`
		Username string `json:"username"`
		Exp      int64  `json:"exp"`
	}
	if json.Unmarshal(p, &c) != nil || c.TokenUse != "access" {
		return nil, invalid
	}
	if !h.cfg.Now().Before(time.Unix(c.Exp, 0)) {
		return nil, errNotAuthorized("Access Token has expired")
	}
	u := h.users[c.Username]
	if u == nil || u.id != c.Username {
		return nil, invalid
	}
	return u, nil
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}
