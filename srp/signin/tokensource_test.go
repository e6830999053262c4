package signin_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/internal/testenv"
	"github.com/srpkit/cognito/srp/signin"
	"github.com/srpkit/cognito/srp/srptest"
)

// hammer has n goroutines take tokens from ts until stop is closed. Each
// call runs under gate's read lock, with now() fixed meanwhile for the fake
// clock, and checks that the tokens have not expired, by the TokenSource's
// clock and by the server's exp claim. It returns the wait for the
// goroutines and the access tokens they saw, in the order first seen.
func hammer(t *testing.T, ts *signin.TokenSource, n int, gate *sync.RWMutex, now func() time.Time, stop chan struct{}) (wait func() []string) {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		seen = map[string]bool{}
		list []string
		bad  atomic.Int32
	)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				gate.RLock()
				tk, err := ts.Tokens(context.Background())
				at := now()
				gate.RUnlock()
				ok := false
				switch {
				case err != nil:
					t.Errorf("Tokens: %v", err)
				case !at.Before(tk.Expiry):
					t.Errorf("an expired token: Expiry %v at %v", tk.Expiry, at)
				case !at.Before(time.Unix(int64(claims(t, tk.AccessToken)["exp"].(float64)), 0)):
					t.Errorf("a token past its exp claim at %v (Expiry %v)", at, tk.Expiry)
				default:
					ok = true
				}
				if !ok {
					if bad.Add(1) > 5 {
						return
					}
					continue
				}
				mu.Lock()
				if !seen[tk.AccessToken] {
					seen[tk.AccessToken] = true
					list = append(list, tk.AccessToken)
				}
				mu.Unlock()
				time.Sleep(100 * time.Microsecond)
			}
		}()
	}
	return func() []string {
		wg.Wait()
		return list
	}
}

// TestTokenSourceConcurrent: 100 goroutines over tokens that live 2 s, on a
// clock the test moves by 100 ms steps for 10 s: the tokens are renewed
// exactly once per renewal period (half the lifetime: 10 times), every
// renewal is handed out, and no caller ever gets an expired token.
func TestTokenSourceConcurrent(t *testing.T) {
	clk := testenv.NewClock(time.Now())
	api, cfg := stayServer(t, func(c *srptest.Config) { c.Now, c.TokenTTL = clk.Now, 2*time.Second })
	c := mustClient(t, api, cfg)
	tk := wantTokensTTL(t, 2)(c.SignIn(context.Background(), "alice", "Correct horse 1!"))
	var renewed atomic.Int32
	ts, err := c.TokenSource(tk, signin.TokenSourceOptions{OnRenew: func(*signin.Tokens) { renewed.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	var gate sync.RWMutex
	stop := make(chan struct{})
	wait := hammer(t, ts, 100, &gate, clk.Now, stop)
	mine := map[string]bool{}
	for range 100 {
		gate.Lock()
		clk.Add(100 * time.Millisecond)
		gate.Unlock()
		// Every clock value is asked for at least once. Callers do not wait
		// for a renewal while their tokens are good, so the clock would go
		// on during one; as in a program, where a renewal takes
		// milliseconds, it waits until the renewal due has ended.
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Microsecond) {
			gate.RLock()
			tk, err := ts.Tokens(context.Background())
			at := clk.Now()
			gate.RUnlock()
			if err != nil {
				t.Fatal(err)
			}
			mine[tk.AccessToken] = true
			if at.Before(tk.Expiry.Add(-time.Second)) || time.Now().After(deadline) { // the margin: half of 2 s
				break
			}
		}
		time.Sleep(time.Millisecond)
	}
	close(stop)
	seen := wait()
	for tok := range mine { // the last renewal's tokens, perhaps only here
		if !slices.Contains(seen, tok) {
			seen = append(seen, tok)
		}
	}
	ra, _ := api.counts()
	if ra != 10 || renewed.Load() != 10 || len(seen) != 11 {
		t.Errorf("%d refreshes (OnRenew %d), %d access tokens handed out; want 10, 10, 11", ra, renewed.Load(), len(seen))
	}
}

// TestTokenSourceRealClock is TestTokenSourceConcurrent on the real clock
// for 6 s (renewals every second).
func TestTokenSourceRealClock(t *testing.T) {
	testenv.SkipUnlessLong(t, "100 goroutines over 2 s tokens for 6 s of wall-clock time")
	api, cfg := stayServer(t, func(c *srptest.Config) { c.TokenTTL = 2 * time.Second })
	c := mustClient(t, api, cfg)
	tk := wantTokensTTL(t, 2)(c.SignIn(context.Background(), "alice", "Correct horse 1!"))
	ts, err := c.TokenSource(tk, signin.TokenSourceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var gate sync.RWMutex
	stop := make(chan struct{})
	start := time.Now()
	wait := hammer(t, ts, 100, &gate, time.Now, stop)
	time.Sleep(6 * time.Second)
	close(stop)
	seen := wait()
	// Callers do not wait for a renewal while their tokens are good: one
	// may still run. Take the tokens until they are outside the margin, so
	// that none does.
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		last, err := ts.Tokens(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(seen, last.AccessToken) {
			seen = append(seen, last.AccessToken)
		}
		if time.Now().Before(last.Expiry.Add(-time.Second)) {
			break
		}
	}
	elapsed := time.Since(start)
	ra, _ := api.counts()
	// A renewal per second: one when each token is a second old.
	if want := int(elapsed / time.Second); ra < want-1 || ra > want || len(seen) != ra+1 {
		t.Errorf("%d refreshes and %d access tokens in %v; want %d±1 refreshes and one token more", ra, len(seen), elapsed, want)
	}
	t.Logf("%d refreshes, %d tokens in %v", ra, len(seen), elapsed)
}

// wantTokensTTL is wantTokens for tokens that live ttl seconds.
func wantTokensTTL(t *testing.T, ttl int32) func(*signin.Result, error) *signin.Tokens {
	return func(r *signin.Result, err error) *signin.Tokens {
		t.Helper()
		if err != nil || r.Tokens == nil || r.Tokens.ExpiresIn != ttl {
			t.Fatalf("want tokens of %d s: %v %+v", ttl, err, r)
		}
		return r.Tokens
	}
}

// TestTokenSourceSignInAgain: after GlobalSignOut, a TokenSource without
// SignIn fails with ErrSignInRequired (and stops asking Cognito); with
// SignIn it signs in again once and hands out the new tokens.
func TestTokenSourceSignInAgain(t *testing.T) {
	ctx := context.Background()
	clk := testenv.NewClock(time.Now())
	api, cfg := stayServer(t, func(c *srptest.Config) { c.Now, c.TokenTTL = clk.Now, 60*time.Second })
	c := mustClient(t, api, cfg)
	tk := wantTokensTTL(t, 60)(c.SignIn(ctx, "alice", "Correct horse 1!"))
	plain, _ := c.TokenSource(tk, signin.TokenSourceOptions{})
	var signIns atomic.Int32
	var stored []*signin.Tokens
	again, _ := c.TokenSource(tk, signin.TokenSourceOptions{
		Margin: 10 * time.Second,
		SignIn: func(ctx context.Context) (*signin.Tokens, error) {
			signIns.Add(1)
			res, err := c.SignIn(ctx, "alice", "Correct horse 1!")
			if err != nil {
				return nil, err
			}
			return res.Tokens, nil
		},
		OnRenew: func(t *signin.Tokens) { stored = append(stored, t) },
	})
	if err := c.GlobalSignOut(ctx, tk); err != nil {
		t.Fatal(err)
	}
	clk.Add(51 * time.Second) // within both margins: 30 s (half of 60 s) and 10 s
	// The tokens have not expired: they are handed out while the renewal
	// runs, which Renew joins.
	if got, err := plain.Tokens(ctx); err != nil || got.AccessToken != tk.AccessToken {
		t.Fatalf("within the margin: %v", err)
	}
	_, err := plain.Renew(ctx)
	var na *types.NotAuthorizedException
	if !errors.Is(err, signin.ErrSignInRequired) || !errors.As(err, &na) || !strings.Contains(err.Error(), "Refresh Token has been revoked") {
		t.Fatalf("after the sign-out: %v", err)
	}
	before, _ := api.counts()
	if _, err := plain.Tokens(ctx); !errors.Is(err, signin.ErrSignInRequired) {
		t.Errorf("again: %v", err)
	}
	if after, _ := api.counts(); after != before {
		t.Errorf("a dead refresh token was tried again (%d refreshes, then %d)", before, after)
	}

	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := again.Tokens(ctx); err != nil {
				t.Errorf("with SignIn: %v", err)
			}
		}()
	}
	wg.Wait()
	clk.Add(10 * time.Second) // the first tokens have expired: callers wait for the sign-in
	if got, err := again.Tokens(ctx); err != nil || got.AccessToken == tk.AccessToken {
		t.Errorf("with SignIn, after expiry: %v", err)
	}
	if signIns.Load() != 1 || len(stored) != 1 {
		t.Errorf("%d sign-ins, %d OnRenew calls; want 1 and 1", signIns.Load(), len(stored))
	}
}

// TestTokenSourceTransientFailure: a refresh that fails for another reason
// than a refused token leaves callers with the tokens while they last (and
// is not retried at once); after expiry the error is returned.
func TestTokenSourceTransientFailure(t *testing.T) {
	clk := testenv.NewClock(time.Now())
	var refreshes atomic.Int32
	fail := errors.New("connection refused")
	f := &fakeAPI{initiate: func(*cip.InitiateAuthInput) (*cip.InitiateAuthOutput, error) {
		refreshes.Add(1)
		return nil, fail
	}}
	c := mustClient(t, f, signin.Config{UserPoolID: testPool, ClientID: testClient, Now: clk.Now})
	tk := &signin.Tokens{AccessToken: "a", RefreshToken: "r", ExpiresIn: 3600, Expiry: clk.Now().Add(time.Hour), Username: "alice"}
	ts, _ := c.TokenSource(tk, signin.TokenSourceOptions{})
	ctx := context.Background()
	clk.Add(56 * time.Minute) // within the 5-minute margin
	// The tokens are handed out at once; the renewal they start fails in
	// the background, and is not tried again within the pause.
	for deadline, after := time.Now().Add(5*time.Second), 0; after < 20 && time.Now().Before(deadline); {
		got, err := ts.Tokens(ctx)
		if err != nil || got.AccessToken != "a" {
			t.Fatalf("within the margin: %v", err)
		}
		if refreshes.Load() > 0 {
			after++
		}
		time.Sleep(time.Millisecond)
	}
	if refreshes.Load() != 1 {
		t.Errorf("%d refreshes within the retry pause, want 1", refreshes.Load())
	}
	clk.Add(4 * time.Minute)
	if _, err := ts.Tokens(ctx); !errors.Is(err, fail) {
		t.Errorf("after expiry: %v", err)
	}
	if _, err := ts.Renew(ctx); !errors.Is(err, fail) {
		t.Errorf("Renew: %v", err)
	}
}

// TestTokenSourceFromStorage: tokens rebuilt from a stored refresh token
// (no access token) are renewed at the first call.
func TestTokenSourceFromStorage(t *testing.T) {
	api, cfg := stayServer(t, nil)
	c := mustClient(t, api, cfg)
	tk := wantTokens(t)(c.SignIn(context.Background(), "alice", "Correct horse 1!"))
	ts, err := c.TokenSource(&signin.Tokens{Username: tk.Username, RefreshToken: tk.RefreshToken, DeviceKey: tk.DeviceKey}, signin.TokenSourceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := ts.Tokens(context.Background())
	if ra, _ := api.counts(); err != nil || got.AccessToken == "" || got.AccessToken == tk.AccessToken || ra != 1 {
		t.Errorf("from storage: %v, %d refreshes", err, ra)
	}
}

// TestTokenSourceWaitAndCancel: callers wait for the one renewal in flight;
// one that gives up gets its context's error, and the renewal goes on for
// the others.
func TestTokenSourceWaitAndCancel(t *testing.T) {
	release := make(chan struct{})
	var refreshes atomic.Int32
	f := &fakeAPI{initiate: func(*cip.InitiateAuthInput) (*cip.InitiateAuthOutput, error) {
		refreshes.Add(1)
		<-release
		return &cip.InitiateAuthOutput{AuthenticationResult: goodTokens()}, nil
	}}
	c, _ := signin.New(f, signin.Config{UserPoolID: testPool, ClientID: testClient})
	ts, _ := c.TokenSource(&signin.Tokens{AccessToken: "old", RefreshToken: "r", ExpiresIn: 3600}, signin.TokenSourceOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := ts.Tokens(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a caller that gives up: %v", err)
	}
	done := make(chan *signin.Tokens)
	go func() {
		got, err := ts.Tokens(context.Background())
		if err != nil {
			t.Error(err)
		}
		done <- got
	}()
	close(release)
	if got := <-done; got == nil || got.AccessToken != "a" || refreshes.Load() != 1 {
		t.Errorf("after the renewal: %+v, %d refreshes", got, refreshes.Load())
	}
	// Fresh tokens are not renewed, unless asked.
	if got, _ := ts.Tokens(context.Background()); got.AccessToken != "a" || refreshes.Load() != 1 {
		t.Errorf("fresh tokens renewed")
	}
	if _, err := ts.Renew(context.Background()); err != nil || refreshes.Load() != 2 {
		t.Errorf("Renew: %v, %d refreshes", err, refreshes.Load())
	}
}

func TestTokenSourceNil(t *testing.T) {
	var nc *signin.Client
	if _, err := nc.TokenSource(&signin.Tokens{AccessToken: "a", RefreshToken: "r"}, signin.TokenSourceOptions{}); !errors.Is(err, signin.ErrInvalidConfig) {
		t.Errorf("nil Client: %v", err)
	}
	c := newClient(t, &fakeAPI{}, "", signin.UserSRPAuth)
	for _, tk := range []*signin.Tokens{nil, {AccessToken: "a"}} {
		if _, err := c.TokenSource(tk, signin.TokenSourceOptions{}); !errors.Is(err, signin.ErrMissingToken) {
			t.Errorf("%+v: %v", tk, err)
		}
	}
	var ts *signin.TokenSource
	if _, err := ts.Tokens(context.Background()); !errors.Is(err, signin.ErrInvalidConfig) {
		t.Errorf("nil TokenSource: %v", err)
	}
}

// TestTokenSourceRotationRevoked: a Client that has not found out yet that
// its app client rotates refresh tokens (a fresh process), with a revoked
// refresh token: REFRESH_TOKEN_AUTH gets InvalidParameterException, the
// GetTokensFromRefreshToken it falls back to gets NotAuthorizedException,
// and that is the refusal the TokenSource sees: ErrSignInRequired without
// SignIn, a new sign-in with it.
func TestTokenSourceRotationRevoked(t *testing.T) {
	ctx := context.Background()
	api, cfg := stayServer(t, func(c *srptest.Config) { c.RefreshTokenRotation = true })
	tk := wantTokens(t)(mustClient(t, api, cfg).SignIn(ctx, "alice", "Correct horse 1!"))
	if err := mustClient(t, api, cfg).RevokeToken(ctx, tk); err != nil {
		t.Fatal(err)
	}
	stored := &signin.Tokens{Username: tk.Username, RefreshToken: tk.RefreshToken}

	fresh := mustClient(t, api, cfg)
	_, err := fresh.Refresh(ctx, stored)
	var na *types.NotAuthorizedException
	if !errors.As(err, &na) || !errors.Is(err, signin.ErrSignInRequired) {
		t.Fatalf("Refresh: %v", err)
	}
	plain, _ := mustClient(t, api, cfg).TokenSource(stored, signin.TokenSourceOptions{})
	if _, err := plain.Tokens(ctx); !errors.Is(err, signin.ErrSignInRequired) || !errors.As(err, &na) {
		t.Errorf("without SignIn: %v", err)
	}
	c := mustClient(t, api, cfg)
	var signIns atomic.Int32
	again, _ := c.TokenSource(stored, signin.TokenSourceOptions{SignIn: func(ctx context.Context) (*signin.Tokens, error) {
		signIns.Add(1)
		res, err := c.SignIn(ctx, "alice", "Correct horse 1!")
		if err != nil {
			return nil, err
		}
		return res.Tokens, nil
	}})
	if got, err := again.Tokens(ctx); err != nil || got.AccessToken == "" || signIns.Load() != 1 {
		t.Errorf("with SignIn: %v after %d sign-ins", err, signIns.Load())
	}
	// The client rotates, as a working refresh then shows: it was remembered.
	before, _ := api.counts()
	if _, err := c.Refresh(ctx, wantTokens(t)(c.SignIn(ctx, "alice", "Correct horse 1!"))); err != nil {
		t.Fatal(err)
	}
	if after, _ := api.counts(); after != before {
		t.Errorf("REFRESH_TOKEN_AUTH tried again after GetTokensFromRefreshToken answered")
	}
}
