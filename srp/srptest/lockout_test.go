package srptest_test

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/srpkit/cognito/internal/testenv"
	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srptest"
)

// lockedConfig is testConfig with the lockout on, and a clock that stands
// still (the lockout then lasts), with a skew allowance for it.
func lockedConfig(clk *testenv.Clock) srptest.Config {
	cfg := testConfig()
	cfg.Lockout = nil
	cfg.Now = clk.Now
	cfg.MaxClockSkew = 24 * time.Hour
	return cfg
}

// claimAnswer starts USER_SRP_AUTH for name and returns its Session and a
// well-formed PASSWORD_VERIFIER answer with the password given (right or
// wrong), its USERNAME replaced by username unless empty.
func claimAnswer(t *testing.T, url, name, password, username string) (string, map[string]string) {
	t.Helper()
	s, cp, sess := rawStart(t, url, name, password)
	r, err := s.Respond(cp, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if username != "" {
		r["USERNAME"] = username
	}
	return sess, r
}

// TestLockoutNoEnumeration: five wrong passwords lock a known user and an
// unknown name out alike, and every shape of answer then gets the same
// error for both (the right password too, for the known user); the refusal
// log says which, without secrets.
func TestLockoutNoEnumeration(t *testing.T) {
	clk := testenv.NewClock(time.Now())
	var log logLines
	cfg := lockedConfig(clk)
	cfg.Logf = log.logf
	srv := newServer(t, cfg)
	answers := func(typed string) map[string]func() string {
		return map[string]func() string{
			"PASSWORD_VERIFIER, wrong password": func() string {
				sess, r := claimAnswer(t, srv.URL, typed, "wrong", "")
				return outcome(rawRespond(t, srv.URL, sess, r))
			},
			"PASSWORD_VERIFIER, USERNAME=x": func() string {
				sess, r := claimAnswer(t, srv.URL, typed, "wrong", "x")
				return outcome(rawRespond(t, srv.URL, sess, r))
			},
			"USER_AUTH PASSWORD": func() string {
				o, _, _ := initiate(t, srv.URL, "USER_AUTH", map[string]string{"USERNAME": typed, "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": "wrong"})
				return o
			},
		}
	}
	known, unknown := answers("alice"), answers("mallory")
	for i := range 5 {
		k, u := known["PASSWORD_VERIFIER, wrong password"](), unknown["PASSWORD_VERIFIER, wrong password"]()
		if k != u || k != "400 NotAuthorizedException: Incorrect username or password." {
			t.Fatalf("failure %d: known %s, unknown %s", i+1, k, u)
		}
	}
	for name := range known {
		k, u := known[name](), unknown[name]()
		if k != u || k != "400 NotAuthorizedException: Password attempts exceeded" {
			t.Errorf("%s while locked out: known %s, unknown %s", name, k, u)
		}
	}
	sess, r := claimAnswer(t, srv.URL, "alice", "Correct horse 1!", "")
	if got := outcome(rawRespond(t, srv.URL, sess, r)); got != "400 NotAuthorizedException: Password attempts exceeded" {
		t.Errorf("the right password while locked out: %s", got)
	}
	clk.Add(time.Second)
	sess, r = claimAnswer(t, srv.URL, "alice", "Correct horse 1!", "")
	if got := outcome(rawRespond(t, srv.URL, sess, r)); got != "200 tokens" {
		t.Errorf("the right password after the lockout: %s", got)
	}
	lines := strings.Join(log.take(), "\n")
	for _, want := range []string{`locked out: PASSWORD_VERIFIER for "alice"`, `locked out: PASSWORD_VERIFIER for "mallory" (an unknown user)`, `locked out: PASSWORD for "alice"`} {
		if !strings.Contains(lines, want) {
			t.Errorf("log lacks %q:\n%s", want, lines)
		}
	}
	if strings.Contains(lines, "Correct horse") || strings.Contains(lines, "wrong\"") {
		t.Errorf("log holds a password:\n%s", lines)
	}
}

// TestLockoutNoEnumerationByTime times the locked-out PASSWORD_VERIFIER
// answer over HTTP for a known user and an unknown name, interleaved in
// random order: the medians must differ by less than 5%, as in
// TestNoEnumerationByTime. A wall-clock statistic, so SRP_LONG_TESTS=1;
// TestLockoutNoEnumeration checks the answers are the same in the default
// run.
func TestLockoutNoEnumerationByTime(t *testing.T) {
	testenv.SkipUnlessLong(t, "a timing statistic over 2,000 locked-out answers")
	rng := testenv.Rand(t)
	clk := testenv.NewClock(time.Now())
	srv := newServer(t, lockedConfig(clk))
	s, err := srp.NewUserSession(testPool, "wrong password")
	if err != nil {
		t.Fatal(err)
	}
	srpA := s.SRPA()
	names := [2]string{"alice", "mallory"}
	answer := func(cp map[string]string) map[string]string {
		return map[string]string{
			"USERNAME": cp["USER_ID_FOR_SRP"], "PASSWORD_CLAIM_SECRET_BLOCK": cp["SECRET_BLOCK"],
			"TIMESTAMP": srp.FormatTimestamp(clk.Now()), "PASSWORD_CLAIM_SIGNATURE": base64.StdEncoding.EncodeToString(make([]byte, 32)),
		}
	}
	try := func(c int) (time.Duration, string) {
		o, cp, sess := initiate(t, srv.URL, "USER_SRP_AUTH", map[string]string{"USERNAME": names[c], "SRP_A": srpA})
		if o != "200 PASSWORD_VERIFIER" {
			t.Fatalf("InitiateAuth: %s", o)
		}
		start := time.Now()
		o = respond(t, srv.URL, "PASSWORD_VERIFIER", sess, answer(cp))
		return time.Since(start), o
	}
	for c := range 2 {
		for range 5 {
			try(c)
		}
	}
	measure := func() string {
		var d [2][]time.Duration
		for range 1000 {
			for _, c := range rng.Perm(2) {
				dt, o := try(c)
				if o != "400 NotAuthorizedException: Password attempts exceeded" {
					t.Fatalf("%s: %s", names[c], o)
				}
				d[c] = append(d[c], dt)
			}
		}
		known, unknown := median(d[0]), median(d[1])
		diff := float64(known-unknown) / float64(min(known, unknown))
		line := fmt.Sprintf("locked-out answer: median known %v, unknown %v (%+.1f%%)", known, unknown, 100*diff)
		t.Log(line)
		if diff >= 0.05 || diff <= -0.05 {
			return line
		}
		return ""
	}
	var bad string
	for round := 1; round <= 3; round++ {
		if bad = measure(); bad == "" {
			return
		}
	}
	t.Errorf("medians differ by 5%% or more in three rounds; the last: %s", bad)
}
