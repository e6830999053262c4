package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/srp"
)

const testConfig = `{
  "userPoolId": "us-east-1_LocalPool",
  "clientId": "localclient",
  "deviceTracking": "always",
  "users": [{"username": "alice", "password": "Correct horse 1!", "aliases": ["alice@example.com"], "userIdForSrp": "6a1f9c2e-0b3d-4e5f-8a7b-9c0d1e2f3a4b"}]
}`

func writeFile(t *testing.T, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "users.json")
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

var listening = regexp.MustCompile(`^LISTENING (http://127\.0\.0\.1:[0-9]+/)$`)

// runInProcess runs srplocal (run) in this process with args, its standard
// error into stderr, until stop or the end of the test. It returns standard
// output as it is written and stop, which cancels the run and returns its
// exit status, failing t if it does not return within 10 s.
func runInProcess(t *testing.T, stderr io.Writer, args ...string) (stdout io.Reader, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, func() {}, args, pw, stderr)
		pw.Close()
	}()
	return pr, func() int {
		t.Helper()
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(10 * time.Second):
			t.Fatal("run did not return after cancel")
			return -1
		}
	}
}

// sdk is an aws-sdk-go-v2 client of the Cognito at url.
func sdk(url string) *cip.Client {
	return cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(url), Credentials: aws.AnonymousCredentials{}})
}

// signIn runs USER_SRP_AUTH through aws-sdk-go-v2 against url.
func signIn(t *testing.T, url, name, password string) error {
	t.Helper()
	ctx := context.Background()
	c := sdk(url)
	s, err := srp.NewUserSession("us-east-1_LocalPool", password)
	if err != nil {
		t.Fatal(err)
	}
	init, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow: types.AuthFlowTypeUserSrpAuth, ClientId: aws.String("localclient"),
		AuthParameters: map[string]string{"USERNAME": name, "SRP_A": s.SRPA()},
	})
	if err != nil {
		return err
	}
	resp, err := s.Respond(init.ChallengeParameters, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{
		ChallengeName: types.ChallengeNameTypePasswordVerifier, ClientId: aws.String("localclient"),
		ChallengeResponses: resp, Session: init.Session,
	})
	if err != nil {
		return err
	}
	if out.AuthenticationResult == nil || out.AuthenticationResult.NewDeviceMetadata == nil {
		t.Fatalf("no tokens or NewDeviceMetadata: %+v", out)
	}
	return nil
}

func TestRunServesUntilCancelled(t *testing.T) {
	var stderr bytes.Buffer
	stdout, stop := runInProcess(t, &stderr, "-addr", "127.0.0.1:0", "-v", "-config", writeFile(t, testConfig))
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("reading first line: %v (stderr %q)", err, stderr.String())
	}
	m := listening.FindStringSubmatch(strings.TrimSuffix(line, "\n"))
	if m == nil {
		t.Fatalf("first line %q", line)
	}
	if err := signIn(t, m[1], "alice@example.com", "Correct horse 1!"); err != nil {
		t.Fatal(err)
	}
	var na *types.NotAuthorizedException
	if err := signIn(t, m[1], "alice", "Bad-pw-4242"); !errors.As(err, &na) {
		t.Fatalf("wrong password: %v", err)
	}
	// A name that would forge a log line and clear the terminal.
	const hostile = "mallory\n2026/01/01 00:00:00 srptest: forged\x1b[2J"
	if err := signIn(t, m[1], hostile, "Bad-pw-4242"); !errors.As(err, &na) {
		t.Fatalf("unknown user: %v", err)
	}
	// Choice-based sign-in through the admin operation is served too.
	c := sdk(m[1])
	sel, err := c.AdminInitiateAuth(context.Background(), &cip.AdminInitiateAuthInput{
		UserPoolId: aws.String("us-east-1_LocalPool"), ClientId: aws.String("localclient"),
		AuthFlow: types.AuthFlowTypeUserAuth, AuthParameters: map[string]string{"USERNAME": "alice"},
	})
	if err != nil || sel.ChallengeName != types.ChallengeNameTypeSelectChallenge || len(sel.AvailableChallenges) == 0 || aws.ToString(sel.Session) == "" {
		t.Fatalf("AdminInitiateAuth USER_AUTH: %+v %v", sel, err)
	}
	if code := stop(); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	// -v: the wrong password's refusal is logged with its reason, without it;
	// a client-supplied name is quoted.
	log := stderr.String()
	if !strings.Contains(log, "RespondToAuthChallenge refused (NotAuthorizedException): PASSWORD_CLAIM_SIGNATURE does not verify") ||
		!strings.Contains(log, "RespondToAuthChallenge refused (NotAuthorizedException): unknown user "+strconv.Quote(hostile)) ||
		strings.Contains(log, "Bad-pw-4242") || strings.Contains(log, "\x1b") {
		t.Errorf("-v log: %q", log)
	}
	for _, l := range strings.Split(strings.TrimSuffix(log, "\n"), "\n") {
		if strings.Contains(l, "forged") && !strings.Contains(l, strconv.Quote(hostile)) {
			t.Errorf("forged log line %q", l)
		}
	}
}

func TestRunBadUsage(t *testing.T) {
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"no config":      {nil, "-config is required"},
		"missing file":   {[]string{"-config", filepath.Join(t.TempDir(), "nope.json")}, "reading config"},
		"invalid json":   {[]string{"-config", writeFile(t, `{"userPoolId": `)}, "invalid JSON"},
		"unknown field":  {[]string{"-config", writeFile(t, `{"userPoolId": "us-east-1_A", "clientId": "c", "user": []}`)}, `unknown field "user"`},
		"bad pool id":    {[]string{"-config", writeFile(t, `{"userPoolId": "pool", "clientId": "c", "users": []}`)}, "userPoolId"},
		"bad tracking":   {[]string{"-config", writeFile(t, `{"userPoolId": "us-east-1_A", "clientId": "c", "deviceTracking": "yes", "users": []}`)}, "deviceTracking"},
		"bad totpSecret": {[]string{"-config", writeFile(t, `{"userPoolId": "us-east-1_A", "clientId": "c", "users": [{"username": "a", "password": "p", "totpSecret": "1!"}]}`)}, "totpSecret must be base32"},
		"no password":    {[]string{"-config", writeFile(t, `{"userPoolId": "us-east-1_A", "clientId": "c", "users": [{"username": "a"}]}`)}, "password is required"},
		"bad flag":       {[]string{"-port", "1"}, "flag provided but not defined"},
		"bad signingKey": {[]string{"-config", writeFile(t, `{"userPoolId": "us-east-1_A", "clientId": "c", "signingKey": "x", "users": []}`)}, "signingKey"},
		"bad baseUrl":    {[]string{"-config", writeFile(t, `{"userPoolId": "us-east-1_A", "clientId": "c", "baseUrl": "127.0.0.1:1", "users": []}`)}, "baseUrl"},
		"extra argument": {[]string{"-config", writeFile(t, testConfig), "extra"}, "unexpected argument"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), func() {}, tc.args, &stdout, &stderr)
		if code != 2 || stdout.Len() != 0 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want 2 and %q", name, code, stdout.String(), stderr.String(), tc.want)
		}
		if strings.Contains(stderr.String(), "Correct horse") {
			t.Errorf("%s: password in error output", name)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), func() {}, []string{"-addr", "256.0.0.1:1", "-config", writeFile(t, testConfig)}, &stdout, &stderr); code != 1 || stdout.Len() != 0 {
		t.Errorf("bad address: exit %d, stdout %q", code, stdout.String())
	}
}

// TestProcess runs srplocal as a process, as the interop tests do: first
// line, a sign-in (the key drawn at start), SIGTERM or SIGINT, exit 0; and
// exit 2 for a bad configuration.
func TestProcess(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		cmd := command("-addr", "127.0.0.1:0", "-config", writeFile(t, testConfig))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(stdout).ReadString('\n')
		m := listening.FindStringSubmatch(strings.TrimSuffix(line, "\n"))
		if err != nil || m == nil {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("first line %q, %v (stderr %q)", line, err, stderr.String())
		}
		if err := signIn(t, m[1], "alice", "Correct horse 1!"); err != nil {
			t.Error(err)
		}
		cmd.Process.Signal(sig)
		waited := make(chan error, 1)
		go func() { waited <- cmd.Wait() }()
		select {
		case err := <-waited:
			if err != nil {
				t.Errorf("%v: exit: %v (stderr %q)", sig, err, stderr.String())
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("%v: did not exit", sig)
		}
	}
	out, err := command("-config", writeFile(t, `{}`)).CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(string(out), "userPoolId") {
		t.Errorf("bad config: %v %q", err, out)
	}
}
