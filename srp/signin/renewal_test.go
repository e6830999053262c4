package signin_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/srpkit/cognito/internal/testenv"
	"github.com/srpkit/cognito/srp/signin"
)

// TestTokenSourceServesDuringRenewal: while a renewal hangs (a Cognito that
// does not answer), callers within the margin get the current tokens at
// once, which are still good, and start no second renewal; once the tokens
// have expired, callers wait for the renewal, and all get its tokens.
func TestTokenSourceServesDuringRenewal(t *testing.T) {
	clk := testenv.NewClock(time.Now())
	release, entered := make(chan struct{}), make(chan struct{}, 10)
	var refreshes atomic.Int32
	f := &fakeAPI{initiate: func(*cip.InitiateAuthInput) (*cip.InitiateAuthOutput, error) {
		refreshes.Add(1)
		entered <- struct{}{}
		<-release
		return &cip.InitiateAuthOutput{AuthenticationResult: goodTokens()}, nil
	}}
	c := mustClient(t, f, signin.Config{UserPoolID: testPool, ClientID: testClient, Now: clk.Now})
	tk := &signin.Tokens{AccessToken: "old", RefreshToken: "r", ExpiresIn: 3600, Expiry: clk.Now().Add(time.Hour), Username: "alice"}
	ts, _ := c.TokenSource(tk, signin.TokenSourceOptions{})
	clk.Add(56 * time.Minute) // within the 5-minute margin

	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			start := time.Now()
			got, err := ts.Tokens(ctx)
			if err != nil || got.AccessToken != "old" {
				t.Errorf("within the margin, during the renewal: %v after %v", err, time.Since(start))
			}
		}()
	}
	wg.Wait()
	select {
	case <-entered:
	case <-time.After(5 * time.Second):
		t.Fatal("no renewal started")
	}
	if n := refreshes.Load(); n != 1 {
		t.Errorf("%d renewals in flight, want 1", n)
	}

	clk.Add(5 * time.Minute) // expired: callers wait now
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if got, err := ts.Tokens(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("expired tokens, during the renewal: %+v %v", got, err)
	}
	done := make(chan string, 3)
	for range 3 {
		go func() {
			got, err := ts.Tokens(context.Background())
			if err != nil {
				t.Error(err)
				done <- ""
				return
			}
			done <- got.AccessToken
		}()
	}
	close(release)
	for range 3 {
		if got := <-done; got != "a" {
			t.Errorf("after the renewal: %q", got)
		}
	}
	if n := refreshes.Load(); n != 1 {
		t.Errorf("%d renewals, want 1", n)
	}
}
