package srptest_test

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// logLines is a Config.Logf that keeps what it is given, one entry per call.
type logLines struct {
	mu    sync.Mutex
	lines []string
}

func (l *logLines) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func (l *logLines) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	lines := l.lines
	l.lines = nil
	return lines
}

// Every client-supplied string in a refusal's log line is quoted: a name
// with a newline and a terminal escape neither forges a second line nor
// reaches the terminal, in every refusal that names it.
func TestLogQuotesClientStrings(t *testing.T) {
	const hostile = "mallory\nsrptest: InitiateAuth refused (NotAuthorizedException): forged\x1b[2J"
	log := &logLines{}
	cfg := testConfig()
	cfg.Logf = log.logf
	srv := newServer(t, cfg)
	cfg.ClientSecret = "log-test-secret"
	withSecret := newServer(t, cfg)

	// refuse posts a request that must be refused.
	refuse := func(url, op string, body map[string]any) {
		t.Helper()
		if status, out := rawCall(t, url, op, body); status == 200 {
			t.Fatalf("%s %v: accepted: %v", op, body, out)
		}
	}
	// verifier starts USER_SRP_AUTH for name and answers PASSWORD_VERIFIER
	// with the client's answer changed by edit.
	verifier := func(name string, edit func(resp map[string]string)) {
		t.Helper()
		s, p, sess := rawStart(t, srv.URL, name, "wrong password")
		resp, err := s.Respond(p, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		edit(resp)
		if status, out := rawRespond(t, srv.URL, sess, resp); status == 200 {
			t.Fatalf("PASSWORD_VERIFIER %v: accepted: %v", resp, out)
		}
	}
	for _, tc := range []struct {
		name string
		call func()
	}{
		{"ClientId", func() {
			refuse(srv.URL, "InitiateAuth", map[string]any{"AuthFlow": "USER_SRP_AUTH", "ClientId": hostile, "AuthParameters": map[string]string{"USERNAME": "alice", "SRP_A": "02"}})
		}},
		{"UserPoolId", func() {
			refuse(srv.URL, "AdminInitiateAuth", map[string]any{"UserPoolId": hostile, "AuthFlow": "USER_SRP_AUTH", "ClientId": testClient, "AuthParameters": map[string]string{"USERNAME": "alice", "SRP_A": "02"}})
		}},
		{"AuthFlow", func() {
			refuse(srv.URL, "InitiateAuth", map[string]any{"AuthFlow": hostile, "ClientId": testClient, "AuthParameters": map[string]string{"USERNAME": "alice"}})
		}},
		{"ChallengeName", func() {
			refuse(srv.URL, "RespondToAuthChallenge", map[string]any{"ChallengeName": hostile, "ClientId": testClient, "Session": "x", "ChallengeResponses": map[string]string{"USERNAME": "alice"}})
		}},
		{"USERNAME with a wrong SECRET_HASH", func() {
			refuse(withSecret.URL, "InitiateAuth", map[string]any{"AuthFlow": "USER_SRP_AUTH", "ClientId": testClient, "AuthParameters": map[string]string{"USERNAME": hostile, "SRP_A": "02", "SECRET_HASH": "AAAA"}})
		}},
		{"unknown USERNAME, PASSWORD", func() {
			refuse(srv.URL, "InitiateAuth", map[string]any{"AuthFlow": "USER_AUTH", "ClientId": testClient, "AuthParameters": map[string]string{"USERNAME": hostile, "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": "x"}})
		}},
		{"SELECT_CHALLENGE USERNAME", func() {
			o, _, sess := initiate(t, srv.URL, "USER_AUTH", map[string]string{"USERNAME": "alice"})
			if o != "200 SELECT_CHALLENGE" {
				t.Fatalf("USER_AUTH: %s", o)
			}
			refuse(srv.URL, "RespondToAuthChallenge", map[string]any{"ChallengeName": "SELECT_CHALLENGE", "ClientId": testClient, "Session": sess,
				"ChallengeResponses": map[string]string{"USERNAME": hostile, "ANSWER": "PASSWORD", "PASSWORD": "x"}})
		}},
		{"PASSWORD_VERIFIER USERNAME", func() { verifier("alice", func(r map[string]string) { r["USERNAME"] = hostile }) }},
		{"PASSWORD_VERIFIER of an unknown name", func() { verifier(hostile, func(map[string]string) {}) }},
		{"DEVICE_KEY", func() { verifier("alice", func(r map[string]string) { r["DEVICE_KEY"] = hostile }) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.call()
			checkLogLines(t, log.take(), strconv.Quote(hostile))
		})
	}
}

// checkLogLines requires one line that holds quoted, and no line holding a
// control character.
func checkLogLines(t *testing.T, lines []string, quoted string) {
	t.Helper()
	if len(lines) != 1 || !strings.Contains(lines[0], quoted) {
		t.Errorf("log %q: want one line holding %s", lines, quoted)
	}
	for _, l := range lines {
		if strings.ContainsAny(l, "\n\r\x1b") {
			t.Errorf("log line with a control character: %q", l)
		}
	}
}
