package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/srpkit/cognito/srp/srptest"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// interactive runs srplogin with standard input a pipe: it writes the lines
// of feed one at a time, each when its function returns it (a code can be
// read from the outbox only after the run asked Cognito to send it). It
// returns stdout, stderr and the exit status.
func interactive(t *testing.T, feed []func(stderr func() string) string, args ...string) (string, string, int) {
	t.Helper()
	pr, pw := io.Pipe()
	var out bytes.Buffer
	var errb syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(context.Background(), args, &lineReader{s: bufio.NewScanner(pr)}, &out, &errb)
	}()
	go func() {
		for _, f := range feed {
			io.WriteString(pw, f(errb.String)+"\n")
		}
	}()
	select {
	case code := <-done:
		pw.Close()
		return out.String(), errb.String(), code
	case <-time.After(20 * time.Second):
		t.Fatalf("srplogin %q did not finish; stderr %q", args, errb.String())
	}
	return "", "", 0
}

// line is a feed line known in advance.
func line(s string) func(func() string) string { return func(func() string) string { return s } }

// await polls f (every 10 ms, for up to 5 s) until it returns a non-empty
// string: what srplogin or the server has done by then.
func await(f func() string) string {
	for range 500 {
		if s := f(); s != "" {
			return s
		}
		time.Sleep(10 * time.Millisecond)
	}
	return ""
}

// codeFor is a feed line read from srv's outbox: the first code sent to
// username after the first skip messages.
func codeFor(srv *srptest.Server, username string, skip int) func(func() string) string {
	return func(func() string) string {
		return await(func() string {
			for _, m := range srv.Handler.Outbox()[skip:] {
				if m.Username == username {
					return m.Code
				}
			}
			return ""
		})
	}
}

// TestFlows: -flow srp, password, custom-srp and user-auth against srptest,
// each code or answer read from standard input when Cognito asks for it.
func TestFlows(t *testing.T) {
	srv := newServer(t, srptest.Config{
		UserPoolID: testPool, ClientID: testClient, Logf: t.Logf,
		ExplicitAuthFlows:  []string{"ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"},
		SignInFirstFactors: []string{"PASSWORD", "EMAIL_OTP", "SMS_OTP"},
		CustomChallenge:    &srptest.CustomChallenge{Parameters: map[string]string{"question": "Favourite colour?"}, Answer: "blue"},
		Users: []srptest.User{
			{Username: "sam", Password: "Sam's pw 12", PhoneNumber: "+15555550100", MFA: []string{"SMS_MFA"}},
			{Username: "nora", Password: "Nora's pw 12", Email: "nora@example.com", PhoneNumber: "+15555550111"},
		},
	})
	args := func(extra ...string) []string {
		return append([]string{"-pool", testPool, "-client", testClient, "-endpoint", srv.URL}, extra...)
	}
	for _, tc := range []struct {
		name string
		args []string
		feed func(sent int) []func(func() string) string // sent: messages sent before the run
		user string                                      // the access token's
	}{
		{"srp, SMS MFA", args("sam"), func(n int) []func(func() string) string {
			return []func(func() string) string{line("Sam's pw 12"), codeFor(srv, "sam", n)}
		}, "sam"},
		{"password, SMS MFA", args("-flow", "password", "sam"), func(n int) []func(func() string) string {
			return []func(func() string) string{line("Sam's pw 12"), codeFor(srv, "sam", n)}
		}, "sam"},
		{"custom-srp", args("-flow", "custom-srp", "nora"), func(int) []func(func() string) string {
			return []func(func() string) string{line("Nora's pw 12"), func(stderr func() string) string {
				if await(func() string {
					if strings.Contains(stderr(), "srplogin: custom challenge question: Favourite colour?") {
						return "shown"
					}
					return ""
				}) == "" {
					t.Errorf("custom challenge not shown: %q", stderr())
				}
				return "blue"
			}}
		}, "nora"},
		{"user-auth, EMAIL_OTP", args("-flow", "user-auth", "nora"), func(n int) []func(func() string) string {
			return []func(func() string) string{codeFor(srv, "nora", n)}
		}, "nora"},
		{"user-auth, SMS_OTP", args("-flow", "user-auth", "-first-factor", "SMS_OTP", "nora"), func(n int) []func(func() string) string {
			return []func(func() string) string{codeFor(srv, "nora", n)}
		}, "nora"},
		{"user-auth, PASSWORD_SRP", args("-flow", "user-auth", "-first-factor", "PASSWORD_SRP", "nora"), func(int) []func(func() string) string {
			return []func(func() string) string{line("Nora's pw 12")}
		}, "nora"},
	} {
		out, errOut, code := interactive(t, tc.feed(len(srv.Handler.Outbox())), tc.args...)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", tc.name, code, errOut)
			continue
		}
		if got := claims(t, decodeTokens(t, out).AccessToken)["username"]; got != tc.user {
			t.Errorf("%s: access token of %v", tc.name, got)
		}
	}
	// A wrong custom answer, and a flow the client refuses.
	if _, errOut, code := interactive(t, []func(func() string) string{line("Nora's pw 12"), line("red")}, args("-flow", "custom-srp", "nora")...); code != 1 ||
		!strings.Contains(errOut, "NotAuthorizedException: Incorrect username or password. (CUSTOM_CHALLENGE)") {
		t.Errorf("wrong answer: exit %d, %q", code, errOut)
	}
	if _, errOut, code := srplogin(t, "x\n", "-flow", "nope", "-pool", testPool, "-client", testClient, "sam"); code != 2 || !strings.Contains(errOut, "-flow must be") {
		t.Errorf("-flow nope: exit %d, %q", code, errOut)
	}
	if _, errOut, code := srplogin(t, "x\n", "-flow", "user-auth", "-first-factor", "WEB_AUTHN", "-pool", testPool, "-client", testClient, "sam"); code != 2 || !strings.Contains(errOut, "-first-factor must be") {
		t.Errorf("-first-factor WEB_AUTHN: exit %d, %q", code, errOut)
	}
}

var secretLine = regexp.MustCompile(`add this secret to an authenticator app: ([A-Z2-7]+)\n`)

// TestMFASetupFlow: with mfaConfiguration ON, srplogin sets up a software
// token: the secret on stderr, the app's first code read from stdin.
func TestMFASetupFlow(t *testing.T) {
	srv := newServer(t, srptest.Config{
		UserPoolID: testPool, ClientID: testClient, Logf: t.Logf, MFAConfiguration: "ON",
		Users: []srptest.User{{Username: "una", Password: "Una's pw 1234"}},
	})
	var secret string
	out, errOut, code := interactive(t, []func(func() string) string{line("Una's pw 1234"), func(stderr func() string) string {
		secret = await(func() string {
			if m := secretLine.FindStringSubmatch(stderr()); m != nil {
				return m[1]
			}
			return ""
		})
		c, _ := srptest.TOTP(secret, time.Now())
		return c
	}}, "-pool", testPool, "-client", testClient, "-endpoint", srv.URL, "una")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	decodeTokens(t, out)
	// The next sign-in asks for the token's code; the one just used is refused.
	used, _ := srptest.TOTP(secret, time.Now())
	if _, errOut, code := srplogin(t, "Una's pw 1234\n"+used+"\n", "-pool", testPool, "-client", testClient, "-endpoint", srv.URL, "una"); code != 1 ||
		!strings.Contains(errOut, "ExpiredCodeException: Your software token has already been used once.") {
		t.Errorf("reused code: exit %d, %q", code, errOut)
	}
}
