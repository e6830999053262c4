package srptest

import (
	"strconv"
	"time"
)

type getTokensFromRefreshTokenInput struct {
	RefreshToken string
	ClientId     string
	ClientSecret string
	DeviceKey    string
}

// getTokensFromRefreshToken answers GetTokensFromRefreshToken: the checks
// of REFRESH_TOKEN_AUTH (with ClientSecret, not SECRET_HASH, for clients
// with a secret, and DeviceKey), then new access and ID tokens. With
// refresh token rotation on it also returns a new refresh token, which
// expires when the one it replaces would have; the replaced one keeps
// working for RefreshTokenGracePeriod (answered with the same new refresh
// token, for client retries), then gets RefreshTokenReuseException.
func (h *Handler) getTokensFromRefreshToken(in *getTokensFromRefreshTokenInput) (any, error) {
	if err := h.checkClient(in.ClientId); err != nil {
		return nil, err
	}
	if in.RefreshToken == "" {
		return nil, errMissing("RefreshToken")
	}
	u, c, err := h.redeem(in.RefreshToken, in.DeviceKey, func(string) error {
		return h.checkClientSecret(in.ClientSecret, errNotAuthorized)
	})
	if err != nil {
		return nil, err
	}
	if !h.cfg.RefreshTokenRotation {
		return h.reissue(u, c), nil
	}
	now := h.cfg.Now()
	next, ok := *c, false
	stored := h.state.update(c.Origin, time.Unix(c.Expires, 0), now, func(f *family) {
		switch {
		case c.Gen == f.gen: // the current token: rotate
			f.gen++
			f.rotatedAt = now
			next.Gen, ok = f.gen, true
		case c.Gen+1 == f.gen && now.Before(f.rotatedAt.Add(h.cfg.RefreshTokenGracePeriod)):
			next.Gen, ok = f.gen, true // a retry within the grace period
		}
	})
	if !stored {
		return nil, refused(errTooManyFamilies, "refresh token of "+strconv.Quote(u.id)+" not rotated: MaxTokenFamilies families of unexpired tokens are revoked or rotated already")
	}
	if !ok {
		return nil, refused(&apiError{"RefreshTokenReuseException", "Refresh token has been used already"},
			"refresh token of "+strconv.Quote(u.id)+" was rotated out (generation "+strconv.Itoa(int(c.Gen))+") and its grace period is over")
	}
	return &challengeOutput{AuthenticationResult: h.issue(u, &next)}, nil
}
