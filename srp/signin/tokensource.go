package signin

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// DefaultMargin is how long before the tokens expire a TokenSource renews
// them, unless TokenSourceOptions.Margin says otherwise.
const DefaultMargin = 5 * time.Minute

// renewTimeout bounds one refresh, so that a server that never answers does
// not hold every caller of a TokenSource for ever.
const renewTimeout = time.Minute

// TokenSourceOptions tune a TokenSource. The zero value is a TokenSource
// that renews DefaultMargin ahead and fails with ErrSignInRequired when the
// refresh token is refused.
type TokenSourceOptions struct {
	// Margin is how long before the first of the access and ID tokens
	// expires they are renewed (default DefaultMargin). It is capped at half
	// that token's lifetime, so that short-lived tokens are not renewed on
	// every call.
	Margin time.Duration
	// SignIn, if set, is called when Cognito refuses the refresh token
	// (expired, revoked, signed out): it signs the user in again, usually by
	// asking them, and returns the new Tokens. Do not keep a password around
	// for it. Without SignIn, the TokenSource fails from then on with an
	// error wrapping ErrSignInRequired and Cognito's refusal.
	SignIn func(ctx context.Context) (*Tokens, error)
	// OnRenew, if set, is called with every new Tokens (refreshed or from
	// SignIn) before any caller gets them, for example to store a rotated
	// refresh token. Calls do not overlap.
	OnRenew func(*Tokens)
}

// A TokenSource hands out unexpired tokens of one user to any number of
// goroutines, for programs that run longer than a token lives. It renews
// them with Client.Refresh when the first of the access and ID tokens to
// expire (Cognito sets their validity separately) comes within the margin
// of its expiry, one refresh at a time however many goroutines ask. While
// the tokens have not expired, callers get them at once, during a renewal
// too, and when a refresh fails (a renewal is tried again a little later);
// only callers that cannot use them wait for the renewal. It never hands
// out a token, access or ID, that has expired by the Client's clock.
//
// It is safe for concurrent use. It keeps no goroutine of its own: a
// renewal starts only when a caller asks, and may go on after that caller
// has the current tokens. Make one with
// Client.TokenSource: the methods of a nil or zero TokenSource return
// ErrInvalidConfig.
type TokenSource struct {
	c    *Client
	opts TokenSourceOptions

	mu      sync.Mutex
	cur     *Tokens
	flight  *renewal  // the renewal in progress, or nil
	dead    error     // the refresh token was refused (wraps ErrSignInRequired)
	retryAt time.Time // after a failed renewal, when to try again
}

// A renewal is one refresh (or sign-in) that callers wait for.
type renewal struct {
	done chan struct{}
	t    *Tokens
	err  error
}

// TokenSource returns a TokenSource that starts with t, which must hold a
// refresh token (else ErrMissingToken). Tokens rebuilt from storage need
// only RefreshToken, Username and DeviceKey: without an unexpired access
// token, the first call renews them.
func (c *Client) TokenSource(t *Tokens, opts TokenSourceOptions) (*TokenSource, error) {
	if !c.made() {
		return nil, errUnmade()
	}
	if t == nil || t.RefreshToken == "" {
		return nil, stepError("TokenSource", ErrMissingToken)
	}
	if opts.Margin <= 0 {
		opts.Margin = DefaultMargin
	}
	cp := *t
	return &TokenSource{c: c, opts: opts, cur: &cp}, nil
}

// Tokens returns the current tokens. Within the margin of expiry it starts
// their renewal, unless one runs, and returns them at once while they have
// not expired; tokens that have expired (or were rebuilt from storage) are
// renewed first, and it waits for that. The Tokens returned are the
// caller's copy. It returns ctx's error if ctx ends while it waits (the
// renewal goes on for the other callers).
func (s *TokenSource) Tokens(ctx context.Context) (*Tokens, error) {
	return s.get(ctx, false)
}

// Renew renews the tokens now, even if they have not come near expiry (for
// example after an API refused the access token), or joins the renewal in
// progress, and returns the new tokens.
func (s *TokenSource) Renew(ctx context.Context) (*Tokens, error) {
	return s.get(ctx, true)
}

func (s *TokenSource) get(ctx context.Context, force bool) (*Tokens, error) {
	if s == nil || !s.c.made() {
		return nil, stepError("TokenSource", fmt.Errorf("%w: nil or zero *TokenSource (make one with Client.TokenSource)", ErrInvalidConfig))
	}
	s.mu.Lock()
	now := s.c.cfg.Now()
	cur := s.cur
	if !force && usable(cur, now) {
		// Good tokens are handed out at once, even within the margin, while
		// a renewal runs or after one failed (until retryAt): a caller waits
		// only for tokens it cannot use.
		switch {
		case now.Before(cur.end().Add(-s.margin(cur))) || now.Before(s.retryAt):
		case s.dead != nil && s.opts.SignIn == nil:
			s.mu.Unlock()
			return nil, s.dead
		case s.flight == nil:
			s.start(ctx)
		}
		s.mu.Unlock()
		return copyTokens(cur), nil
	}
	if s.dead != nil && s.opts.SignIn == nil {
		s.mu.Unlock()
		return nil, s.dead
	}
	f := s.flight
	if f == nil {
		f = s.start(ctx)
	}
	s.mu.Unlock()
	select {
	case <-f.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if f.err != nil {
		return nil, f.err
	}
	return copyTokens(f.t), nil
}

// start starts a renewal, which outlives ctx's cancellation (other callers
// may wait for it). s.mu is held; no other renewal changes s.cur or s.dead
// while this one runs.
func (s *TokenSource) start(ctx context.Context) *renewal {
	f := &renewal{done: make(chan struct{})}
	s.flight = f
	go s.renew(context.WithoutCancel(ctx), f, s.cur, s.dead)
	return f
}

// usable reports whether t has an access token, and its ID token if it has
// one, that have not expired at now.
func usable(t *Tokens, now time.Time) bool {
	return t != nil && t.AccessToken != "" && now.Before(t.end())
}

// end is when the first of t's access and ID tokens expires: Cognito sets
// their validity separately.
func (t *Tokens) end() time.Time {
	if t.IDToken != "" {
		return earlier(t.Expiry, t.IDTokenExpiry)
	}
	return t.Expiry
}

// margin is the renewal margin for t: the configured one, at most half
// the lifetime of the shorter-lived of its tokens.
func (s *TokenSource) margin(t *Tokens) time.Duration {
	life := time.Duration(t.ExpiresIn) * time.Second
	if t.IDToken != "" {
		// Both expiries count from the same instant, Expiry - ExpiresIn.
		life = min(life, max(0, t.IDTokenExpiry.Sub(t.Expiry.Add(-life))))
	}
	return min(s.opts.Margin, life/2)
}

// renew runs one renewal of cur (dead is the refusal of its refresh token,
// if any) and publishes its outcome.
func (s *TokenSource) renew(ctx context.Context, f *renewal, cur *Tokens, dead error) {
	t, err := s.obtain(ctx, cur, dead)
	if err == nil && s.opts.OnRenew != nil {
		s.opts.OnRenew(copyTokens(t))
	}
	s.mu.Lock()
	switch {
	case err == nil:
		s.cur, s.dead, s.retryAt = t, nil, time.Time{}
	case errors.Is(err, ErrSignInRequired):
		s.dead = err
	default:
		s.retryAt = s.c.cfg.Now().Add(min(5*time.Second, s.margin(cur)/4))
	}
	s.flight = nil
	f.t, f.err = t, err
	s.mu.Unlock()
	close(f.done)
}

// obtain refreshes cur, or signs in again through SignIn when the refresh
// token is dead.
func (s *TokenSource) obtain(ctx context.Context, cur *Tokens, dead error) (*Tokens, error) {
	if dead == nil {
		rctx, cancel := context.WithTimeout(ctx, renewTimeout)
		t, err := s.c.Refresh(rctx, cur)
		cancel()
		if err == nil && !usable(t, s.c.cfg.Now()) {
			// Cognito's ID token's exp claim is already past by this clock.
			return nil, stepError("TokenSource", fmt.Errorf("%w: the renewed tokens have expired on arrival (are the clocks far apart?)", ErrInvalidTokens))
		}
		if err == nil {
			return t, nil
		}
		if !errors.Is(err, ErrSignInRequired) {
			return nil, err
		}
		dead = fmt.Errorf("%w: %w", ErrSignInRequired, err)
	}
	if s.opts.SignIn == nil {
		return nil, dead
	}
	t, err := s.opts.SignIn(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w (signing in again: %w)", dead, err)
	}
	if t == nil || t.RefreshToken == "" || !usable(t, s.c.cfg.Now()) {
		return nil, fmt.Errorf("%w (signing in again: %w)", dead, ErrInvalidTokens)
	}
	return copyTokens(t), nil
}

func copyTokens(t *Tokens) *Tokens {
	cp := *t
	if t.NewDevice != nil {
		nd := *t.NewDevice
		cp.NewDevice = &nd
	}
	return &cp
}
