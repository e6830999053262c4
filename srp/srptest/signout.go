package srptest

import (
	"crypto/hmac"
	"strconv"
	"strings"
	"time"
)

type globalSignOutInput struct {
	AccessToken string
}

// globalSignOut answers GlobalSignOut: every token the user holds, on every
// device, is revoked (access tokens at once; refresh tokens, so the next
// refresh is refused).
func (h *Handler) globalSignOut(in *globalSignOutInput) (any, error) {
	if in.AccessToken == "" {
		return nil, errMissing("AccessToken")
	}
	u, err := h.checkAccessToken(in.AccessToken)
	if err != nil {
		return nil, err
	}
	h.state.signOut(u.id)
	return struct{}{}, nil
}

type revokeTokenInput struct {
	Token        string
	ClientId     string
	ClientSecret string
}

// errUnauthorized is RevokeToken's error for a failed client authentication.
func errUnauthorized(msg string) error { return &apiError{"UnauthorizedException", msg} }

// revokeToken answers RevokeToken: the refresh token's family (the refresh
// token and every access and ID token issued with it or refreshed from it)
// is revoked. A client with a secret must send it as ClientSecret. An
// expired or already revoked refresh token is revoked again, without error.
func (h *Handler) revokeToken(in *revokeTokenInput) (any, error) {
	if err := h.checkClient(in.ClientId); err != nil {
		return nil, err
	}
	if in.Token == "" {
		return nil, errMissing("Token")
	}
	if err := h.checkClientSecret(in.ClientSecret, errUnauthorized); err != nil {
		return nil, err
	}
	c, ok := h.parseRefreshToken(in.Token)
	if !ok || c.Client != h.cfg.ClientID {
		if strings.Count(in.Token, ".") == 2 {
			return nil, refused(&apiError{"UnsupportedTokenTypeException", "Unsupported token type"}, "Token is not a refresh token (an access or ID token?)")
		}
		return nil, refused(errUnauthorized("Invalid Refresh Token"), "Token not a refresh token issued by this server to this client")
	}
	// An expired token needs no revocation: it is refused for its expiry.
	expires, now := time.Unix(c.Expires, 0), h.cfg.Now()
	if now.Before(expires) && !h.state.update(c.Origin, expires, now, func(f *family) { f.revoked = true }) {
		return nil, refused(errTooManyFamilies, "refresh token of "+strconv.Quote(c.User)+" not revoked: MaxTokenFamilies families of unexpired tokens are revoked or rotated already")
	}
	return struct{}{}, nil
}

// checkClientSecret checks the ClientSecret of GetTokensFromRefreshToken and
// RevokeToken (which take the secret itself, not SECRET_HASH) for clients
// with a secret; refuse makes the operation's error.
func (h *Handler) checkClientSecret(secret string, refuse func(string) error) error {
	if h.cfg.ClientSecret == "" {
		return nil
	}
	if secret == "" {
		return refused(refuse("Client "+h.cfg.ClientID+" is configured with secret but ClientSecret was not received"), "ClientSecret missing")
	}
	// MACs of equal length: the comparison says nothing about the length.
	if !hmac.Equal(h.mac("client secret", secret), h.mac("client secret", h.cfg.ClientSecret)) {
		return refused(refuse("Unable to verify secret for client "+h.cfg.ClientID), "ClientSecret is not the client's, for client "+strconv.Quote(h.cfg.ClientID))
	}
	return nil
}
