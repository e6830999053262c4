package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/srpkit/cognito/srp/signin"
	"github.com/srpkit/cognito/srp/srptest"
)

const (
	testPool   = "us-east-1_LoginTest"
	testClient = "loginclient"
	totpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
)

// TestMain runs main instead of the tests when TestMainProgram starts the
// test binary as srplogin: no go build needed.
func TestMain(m *testing.M) {
	if os.Getenv("SRPLOGIN_TEST_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

// newServer starts srptest with cfg, closed when the test ends.
func newServer(t *testing.T, cfg srptest.Config) *srptest.Server {
	t.Helper()
	srv, err := srptest.NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

func server(t *testing.T, secret string) *srptest.Server {
	return newServer(t, srptest.Config{
		UserPoolID:     testPool,
		ClientID:       testClient,
		ClientSecret:   secret,
		DeviceTracking: "always",
		Logf:           t.Logf,
		Users: []srptest.User{
			{Username: "alice", Password: "Correct horse 1!", Aliases: []string{"alice@example.com"}},
			{Username: "carol", Password: "Temporary 1!", NewPasswordRequired: true, TOTPSecret: totpSecret},
		},
	})
}

// fakeCognito is a Cognito whose answer to each operation (the X-Amz-Target
// after the dot) is answer's status and JSON body.
func fakeCognito(t *testing.T, answer func(op string) (int, any)) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target := r.Header.Get("X-Amz-Target")
		status, body := answer(target[strings.LastIndex(target, ".")+1:])
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// errorServer is a Cognito that refuses every request with the error code
// and message given.
func errorServer(t *testing.T, code, message string) *httptest.Server {
	return fakeCognito(t, func(string) (int, any) {
		return http.StatusBadRequest, map[string]string{"__type": code, "message": message}
	})
}

// srplogin runs the program with stdin as its input lines; it returns
// stdout, stderr and the exit status.
func srplogin(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	in := &lineReader{s: bufio.NewScanner(strings.NewReader(stdin))}
	code := run(context.Background(), args, in, &out, &errb)
	return out.String(), errb.String(), code
}

// TestMainProgram runs the test binary as srplogin (see TestMain), with
// standard input a pipe: main's wiring and exit status.
func TestMainProgram(t *testing.T) {
	refuse := errorServer(t, "NotAuthorizedException", "Incorrect username or password.")
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"-h"}, 0},
		{[]string{"-pool", "nopool", "-client", "c", "alice"}, 2},
		{[]string{"-pool", testPool, "-client", "c", "-endpoint", refuse.URL, "alice"}, 1},
	} {
		cmd := exec.Command(os.Args[0], tc.args...)
		cmd.Env = append(os.Environ(), "SRPLOGIN_TEST_MAIN=1")
		cmd.Stdin = strings.NewReader("pw\n")
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		if got := cmd.ProcessState.ExitCode(); got != tc.code {
			t.Errorf("%q: exit %d, want %d\n%s", tc.args, got, tc.code, out)
		}
	}
}

func claims(t *testing.T, jwt string) map[string]any {
	t.Helper()
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", jwt)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	var m map[string]any
	if err != nil || json.Unmarshal(b, &m) != nil {
		t.Fatalf("JWT payload: %v", err)
	}
	return m
}

func decodeTokens(t *testing.T, stdout string) tokenJSON {
	t.Helper()
	var raw map[string]any
	if err := json.Unmarshal([]byte(stdout), &raw); err != nil {
		t.Fatalf("stdout %q: %v", stdout, err)
	}
	for _, k := range []string{"AccessToken", "IdToken", "RefreshToken", "ExpiresIn", "TokenType"} {
		if _, ok := raw[k]; !ok || len(raw) != 5 {
			t.Fatalf("JSON keys: %v", raw)
		}
	}
	var tj tokenJSON
	json.Unmarshal([]byte(stdout), &tj)
	if tj.AccessToken == "" || tj.IdToken == "" || tj.RefreshToken == "" || tj.ExpiresIn != 3600 || tj.TokenType != "Bearer" {
		t.Fatalf("tokens %+v", tj)
	}
	return tj
}

func TestSrplogin(t *testing.T) {
	for _, secret := range []string{"", "s3cr3t-0123456789abcdefghijklmnopqrstu"} {
		srv := server(t, secret)
		base := []string{"-pool", testPool, "-client", testClient, "-endpoint", srv.URL}
		if secret != "" {
			base = append(base, "-secret", secret)
		}
		args := func(extra ...string) []string { return append(append([]string(nil), base...), extra...) }

		// Password, through an alias; JSON.
		out, errOut, code := srplogin(t, "Correct horse 1!\n", args("alice@example.com")...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		tj := decodeTokens(t, out)
		if claims(t, tj.AccessToken)["username"] != "alice" {
			t.Errorf("access token of %v", claims(t, tj.AccessToken)["username"])
		}

		// -format env.
		out, errOut, code = srplogin(t, "Correct horse 1!\n", args("-format", "env", "alice")...)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if code != 0 || len(lines) != 5 || !strings.HasPrefix(lines[0], "export COGNITO_ACCESS_TOKEN='ey") ||
			!strings.HasPrefix(lines[1], "export COGNITO_ID_TOKEN='") || !strings.HasPrefix(lines[2], "export COGNITO_REFRESH_TOKEN='") ||
			lines[3] != "export COGNITO_EXPIRES_IN='3600'" || lines[4] != "export COGNITO_TOKEN_TYPE='Bearer'" {
			t.Errorf("env: exit %d\n%s\n%s", code, out, errOut)
		}

		// A wrong password: exit 1, Cognito's error on stderr, nothing on stdout.
		out, errOut, code = srplogin(t, "Wrong horse 1!\n", args("alice")...)
		if code != 1 || out != "" || !strings.Contains(errOut, "NotAuthorizedException: Incorrect username or password.") ||
			strings.Contains(errOut, "Wrong horse") {
			t.Errorf("wrong password: exit %d, stdout %q, stderr %q", code, out, errOut)
		}

		// NEW_PASSWORD_REQUIRED then SOFTWARE_TOKEN_MFA: three lines, in order;
		// a wrong code first is exit 1 with CodeMismatchException.
		out, errOut, code = srplogin(t, "Temporary 1!\nshort\n", args("carol")...)
		if code != 1 || out != "" || !strings.Contains(errOut, "InvalidPasswordException") {
			t.Errorf("short new password: exit %d, stdout %q, stderr %q", code, out, errOut)
		}
		wrong, _ := srptest.WrongTOTP(totpSecret, time.Now())
		_, errOut, code = srplogin(t, "Temporary 1!\nBrand new 1!\n"+wrong+"\n", args("carol")...)
		if code != 1 || !strings.Contains(errOut, "CodeMismatchException") {
			t.Errorf("wrong code: exit %d, %q", code, errOut)
		}
		// The new password was set before the code was asked for.
		now, _ := srptest.TOTP(totpSecret, time.Now())
		out, errOut, code = srplogin(t, "Brand new 1!\n"+now+"\n", args("carol")...)
		if code != 0 {
			t.Fatalf("TOTP: exit %d: %s", code, errOut)
		}
		decodeTokens(t, out)
		// Input that ends too early is a usage error.
		_, errOut, code = srplogin(t, "Brand new 1!\n", args("carol")...)
		if code != 2 || !strings.Contains(errOut, "no line for the mfa code") {
			t.Errorf("missing code: exit %d, %q", code, errOut)
		}

		// -device-file: the first run writes it (0600), the next signs in with it.
		dir := t.TempDir()
		df := filepath.Join(dir, "device.json")
		_, errOut, code = srplogin(t, "Correct horse 1!\n", args("-device-file", df, "alice")...)
		if code != 0 {
			t.Fatalf("device: exit %d: %s", code, errOut)
		}
		st, err := os.Stat(df)
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("device file: %v %v", err, st)
		}
		var dev map[string]string
		b, _ := os.ReadFile(df)
		if json.Unmarshal(b, &dev) != nil || dev["deviceKey"] == "" || dev["deviceGroupKey"] == "" || dev["devicePassword"] == "" {
			t.Fatalf("device file: %s", b)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("temporary files left: %v", entries)
		}
		out, errOut, code = srplogin(t, "Correct horse 1!\n", args("-device-file", df, "alice")...)
		if code != 0 {
			t.Fatalf("device sign-in: exit %d: %s", code, errOut)
		}
		if got := claims(t, decodeTokens(t, out).AccessToken)["device_key"]; got != dev["deviceKey"] {
			t.Errorf("device sign-in: device_key %v, want %s", got, dev["deviceKey"])
		}
		if b2, _ := os.ReadFile(df); !bytes.Equal(b, b2) {
			t.Error("device file rewritten")
		}
	}
}

func TestSrploginUsage(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte("{}"), 0o600)
	for _, args := range [][]string{
		{},
		{"alice"},
		{"-pool", testPool, "alice"},
		{"-pool", "nopool", "-client", "c", "alice"},
		{"-pool", testPool, "-client", "c"},
		{"-pool", testPool, "-client", "c", "a", "b"},
		{"-pool", testPool, "-client", "c", "-format", "xml", "alice"},
		{"-pool", testPool, "-client", "c", "-device-file", bad, "alice"},
		{"-nosuchflag"},
	} {
		out, errOut, code := srplogin(t, "pw\n", args...)
		if code != 2 || out != "" || errOut == "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	// Nothing listening: not a usage error (the SDK retries until -timeout).
	_, errOut, code := srplogin(t, "pw\n", "-pool", testPool, "-client", "c", "-endpoint", "http://127.0.0.1:1", "-timeout", "300ms", "alice")
	if code != 1 {
		t.Errorf("unreachable endpoint: exit %d, %q", code, errOut)
	}
}

// evil is server-supplied text that, printed raw, sets the terminal's title,
// clears the screen and fakes a prompt.
const evil = "\x1b]0;owned\x07\x1b[2Jfake prompt Password: "

// hasControl reports whether s holds a control character other than the
// newline that ends each line.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r != '\n' && (r < 0x20 || r >= 0x7f && r < 0xa0) })
}

// TestServerTextEscaped: Cognito's error codes, messages, challenge names
// and tokens reach the terminal with their control characters escaped (or,
// for tokens, not at all).
func TestServerTextEscaped(t *testing.T) {
	challenge := fakeCognito(t, func(string) (int, any) {
		return http.StatusOK, map[string]any{"ChallengeName": evil, "Session": "s", "ChallengeParameters": map[string]string{}}
	})
	tokens := fakeCognito(t, func(string) (int, any) {
		return http.StatusOK, map[string]any{"AuthenticationResult": map[string]any{
			"AccessToken": "eyJ" + evil, "IdToken": "i", "RefreshToken": "r", "ExpiresIn": 3600, "TokenType": "Bearer"}}
	})
	for name, url := range map[string]string{
		"message":   errorServer(t, "NotAuthorizedException", evil).URL,
		"code":      errorServer(t, evil, "Incorrect username or password.").URL,
		"challenge": challenge.URL,
		"token":     tokens.URL,
	} {
		for _, format := range []string{"json", "env"} {
			out, errOut, code := srplogin(t, "pw\n", "-pool", testPool, "-client", testClient, "-endpoint", url, "-format", format, "alice")
			if code != 1 || out != "" || hasControl(errOut) || !strings.Contains(errOut, `\x1b]0;owned\a\x1b[2J`) && name != "token" {
				t.Errorf("%s, -format %s: exit %d, stdout %q, stderr %q", name, format, code, out, errOut)
			}
		}
	}
}

// silentServer accepts connections and never answers.
func silentServer(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return "http://" + l.Addr().String()
}

// slowReader takes delay to read each line, as a user at a prompt does.
type slowReader struct {
	secretReader
	delay time.Duration
}

func (s slowReader) read(prompt string) (string, error) {
	time.Sleep(s.delay)
	return s.secretReader.read(prompt)
}

// TestTimeout: -timeout bounds the whole run against a server that never
// answers (exit 1, saying so), but not the time spent at prompts.
func TestTimeout(t *testing.T) {
	start := time.Now()
	out, errOut, code := srplogin(t, "pw\n", "-pool", testPool, "-client", testClient, "-endpoint", silentServer(t), "-timeout", "300ms", "alice")
	if code != 1 || out != "" || !strings.Contains(errOut, "timed out") || !strings.Contains(errOut, "-timeout 300ms") {
		t.Errorf("silent server: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("silent server: took %v with -timeout 300ms", d)
	}

	// A prompt longer than the timeout is not counted.
	tokens := fakeCognito(t, func(string) (int, any) {
		return http.StatusOK, map[string]any{"AuthenticationResult": map[string]any{
			"AccessToken": "a", "IdToken": "i", "RefreshToken": "r", "ExpiresIn": 3600, "TokenType": "Bearer"}}
	})
	var stdout, stderr bytes.Buffer
	in := slowReader{&lineReader{s: bufio.NewScanner(strings.NewReader("pw\n"))}, 800 * time.Millisecond}
	args := []string{"-pool", testPool, "-client", testClient, "-endpoint", tokens.URL, "-timeout", "500ms", "alice"}
	if code := run(context.Background(), args, in, &stdout, &stderr); code != 0 {
		t.Errorf("slow prompt: exit %d, stderr %q", code, stderr.String())
	}

	for _, bad := range []string{"0", "-1s", "soon"} {
		if _, errOut, code := srplogin(t, "pw\n", "-pool", testPool, "-client", testClient, "-timeout", bad, "alice"); code != 2 {
			t.Errorf("-timeout %s: exit %d, %q", bad, code, errOut)
		}
	}
}

// TestChallengeLoop: a server that answers every RespondToAuthChallenge
// with SELECT_MFA_TYPE gets 10 answers (signin.MaxChallenges), then exit 1
// with a message that says why.
func TestChallengeLoop(t *testing.T) {
	h, err := srptest.NewHandler(srptest.Config{UserPoolID: testPool, ClientID: testClient,
		Users: []srptest.User{{Username: "alice", Password: "Correct horse 1!"}}})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	responds := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".RespondToAuthChallenge") {
			h.ServeHTTP(w, r) // InitiateAuth
			return
		}
		mu.Lock()
		responds++
		mu.Unlock()
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		json.NewEncoder(w).Encode(map[string]any{"ChallengeName": "SELECT_MFA_TYPE", "Session": "again",
			"ChallengeParameters": map[string]string{"MFAS_CAN_CHOOSE": `["SOFTWARE_TOKEN_MFA"]`}})
	}))
	defer srv.Close()
	out, errOut, code := srplogin(t, "Correct horse 1!\n", "-pool", testPool, "-client", testClient, "-endpoint", srv.URL, "alice")
	mu.Lock()
	defer mu.Unlock()
	if code != 1 || out != "" || responds != signin.MaxChallenges || !strings.Contains(errOut, "more than 10 challenges") {
		t.Errorf("exit %d after %d answers, stdout %q, stderr %q", code, responds, out, errOut)
	}
}

// TestDeviceFileUnwritable: a device file in a directory that does not
// exist is refused before the password is read (exit 2, nothing confirmed);
// a write that fails after ConfirmDevice (the directory removed meanwhile)
// or a refused ConfirmDevice still prints the tokens, with a warning on
// stderr and exit status 0.
func TestDeviceFileUnwritable(t *testing.T) {
	h, err := srptest.NewHandler(srptest.Config{UserPoolID: testPool, ClientID: testClient, DeviceTracking: "always",
		Users: []srptest.User{{Username: "alice", Password: "Correct horse 1!"}}})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var confirmed int
	var onConfirm func(w http.ResponseWriter) bool // true: answered
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".ConfirmDevice") {
			mu.Lock()
			confirmed++
			f := onConfirm
			mu.Unlock()
			if f != nil && f(w) {
				return
			}
		}
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()
	confirms := func() int { mu.Lock(); defer mu.Unlock(); return confirmed }
	setConfirm := func(f func(w http.ResponseWriter) bool) { mu.Lock(); defer mu.Unlock(); onConfirm = f }
	args := func(df string) []string {
		return []string{"-pool", testPool, "-client", testClient, "-endpoint", srv.URL, "-device-file", df, "alice"}
	}

	missing := filepath.Join(t.TempDir(), "no such dir", "device.json")
	out, errOut, code := srplogin(t, "Correct horse 1!\n", args(missing)...)
	if code != 2 || out != "" || !strings.Contains(errOut, "device file") || confirms() != 0 {
		t.Errorf("missing directory: exit %d, %d ConfirmDevice, stdout %q, stderr %q", code, confirms(), out, errOut)
	}

	dir := filepath.Join(t.TempDir(), "gone")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	setConfirm(func(http.ResponseWriter) bool { os.RemoveAll(dir); return false })
	out, errOut, code = srplogin(t, "Correct horse 1!\n", args(filepath.Join(dir, "device.json"))...)
	if code != 0 || confirms() != 1 || !strings.Contains(errOut, "warning") || !strings.Contains(errOut, "not remembered") {
		t.Errorf("directory removed: exit %d, %d ConfirmDevice, stderr %q", code, confirms(), errOut)
	}
	decodeTokens(t, out)

	setConfirm(func(w http.ResponseWriter) bool {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(map[string]string{"__type": "InvalidParameterException", "message": "no such device"})
		return true
	})
	df := filepath.Join(t.TempDir(), "device.json")
	out, errOut, code = srplogin(t, "Correct horse 1!\n", args(df)...)
	if code != 0 || confirms() != 2 || !strings.Contains(errOut, "warning: InvalidParameterException: no such device (ConfirmDevice); the device is not remembered") {
		t.Errorf("ConfirmDevice refused: exit %d, %d ConfirmDevice, stderr %q", code, confirms(), errOut)
	}
	decodeTokens(t, out)
	if _, err := os.Stat(df); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("device file after a refused ConfirmDevice: %v", err)
	}
}
