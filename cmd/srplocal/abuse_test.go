package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/srpkit/cognito/internal/testenv"
	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srptest"
)

// asMainEnv makes the test binary run srplocal's main instead of the tests
// (see TestMain), so that the tests run the program as a process without
// building it: the process is the same code as the built program.
const asMainEnv = "SRPLOCAL_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asMainEnv) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// command returns an exec.Cmd that runs srplocal with args: this test
// binary, running main.
func command(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), asMainEnv+"=1")
	return cmd
}

// keyedConfig is testConfig with a fixed signing key, so that a process
// does not draw one at start.
func keyedConfig(t *testing.T) string {
	t.Helper()
	key, err := os.ReadFile("../../srp/srptest/testdata/signing-key.pem")
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]any
	if err := json.Unmarshal([]byte(testConfig), &cfg); err != nil {
		t.Fatal(err)
	}
	cfg["signingKey"] = string(key)
	b, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// process is a running srplocal.
type process struct {
	cmd    *exec.Cmd
	url    string // http://127.0.0.1:PORT/
	addr   string // 127.0.0.1:PORT
	stderr chan string
	exited chan error
}

// start runs srplocal with keyedConfig and waits for its LISTENING line.
func start(t *testing.T) *process {
	t.Helper()
	p := &process{cmd: command("-addr", "127.0.0.1:0", "-config", writeFile(t, keyedConfig(t))), stderr: make(chan string, 100), exited: make(chan error, 1)}
	stdout, _ := p.cmd.StdoutPipe()
	stderr, _ := p.cmd.StderrPipe()
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			select {
			case p.stderr <- sc.Text():
			default:
			}
		}
	}()
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	go func() { p.exited <- p.cmd.Wait() }()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.exited
		p.exited <- nil
	})
	m := listening.FindStringSubmatch(strings.TrimSuffix(line, "\n"))
	if m == nil {
		t.Fatalf("first line %q", line)
	}
	p.url = m[1]
	p.addr = strings.TrimSuffix(strings.TrimPrefix(m[1], "http://"), "/")
	return p
}

// rssBytes is the process's resident set size, from /proc.
func (p *process) rssBytes(t *testing.T) int64 {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		t.Fatalf("reading RSS: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmRSS:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmRSS")
	return 0
}

// trickle opens a connection, sends a request's headers (or only their
// start, if headersToo) and then one byte every interval, and reports how
// long the connection lived: until the server closed it, or limit.
func trickle(addr string, headersToo bool, interval, limit time.Duration, lived chan<- time.Duration) {
	began := time.Now()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		lived <- -1
		return
	}
	defer conn.Close()
	conn.SetDeadline(began.Add(limit))
	head := "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.1\r\n" +
		"X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth\r\nContent-Length: 1000\r\n\r\n"
	rest := strings.Repeat(" ", 1000)
	if headersToo {
		head, rest = "POST / HTTP/1.1\r\n", "X-Slow: "+strings.Repeat("a", 1000)
	}
	if _, err := io.WriteString(conn, head); err != nil {
		lived <- -1
		return
	}
	go func() {
		for i := 0; i < len(rest); i++ {
			time.Sleep(interval)
			if _, err := conn.Write([]byte{rest[i]}); err != nil {
				return
			}
		}
	}()
	io.Copy(io.Discard, conn) // until the server closes, or the deadline
	lived <- time.Since(began)
}

// serve runs srplocal in this process (run) with the configuration cfg until
// the test ends, and returns its URL and address.
func serve(t *testing.T, cfg string) (url, addr string) {
	t.Helper()
	stdout, stop := runInProcess(t, io.Discard, "-addr", "127.0.0.1:0", "-config", writeFile(t, cfg))
	t.Cleanup(func() { stop() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	m := listening.FindStringSubmatch(strings.TrimSuffix(line, "\n"))
	if err != nil || m == nil {
		t.Fatalf("first line %q, %v", line, err)
	}
	return m[1], strings.TrimSuffix(strings.TrimPrefix(m[1], "http://"), "/")
}

// A connection that trickles its body, and one that trickles its headers,
// byte by byte, are cut at the read timeout (shortened to 300 ms here;
// TestSlowClientsCut checks srptest.ReadTimeout itself, with 50 connections),
// and the server answers a sign-in meanwhile.
func TestSlowClientCut(t *testing.T) {
	readTimeout = 300 * time.Millisecond
	t.Cleanup(func() { readTimeout = srptest.ReadTimeout })
	url, addr := serve(t, testConfig)
	lived := make(chan time.Duration, 2)
	for _, headers := range []bool{false, true} {
		go trickle(addr, headers, 50*time.Millisecond, 10*time.Second, lived)
	}
	if err := signIn(t, url, "alice", "Correct horse 1!"); err != nil {
		t.Errorf("sign-in while 2 connections trickle: %v", err)
	}
	for range 2 {
		d := <-lived
		if d < 0 {
			t.Fatal("could not connect")
		}
		// Uncut, the connection would live until trickle's limit (10 s).
		if d < readTimeout || d >= 5*time.Second {
			t.Errorf("a trickling connection lived %v, want it cut after %v (well before 5 s)", d, readTimeout)
		}
	}
}

// Connections that trickle a body or headers byte by byte are cut within
// 10 s, 50 at once, and the server keeps answering meanwhile.
func TestSlowClientsCut(t *testing.T) {
	testenv.SkipUnlessLong(t, "50 connections trickling for srptest.ReadTimeout (5 s)")
	p := start(t)
	const n = 50
	lived := make(chan time.Duration, n)
	for i := range n {
		go trickle(p.addr, i%2 == 1, time.Second, 20*time.Second, lived)
	}
	time.Sleep(time.Second)
	if err := signIn(t, p.url, "alice", "Correct horse 1!"); err != nil {
		t.Errorf("sign-in while %d connections trickle: %v", n, err)
	}
	var longest, shortest time.Duration = 0, time.Hour
	for range n {
		d := <-lived
		if d < 0 {
			t.Fatal("could not connect")
		}
		longest, shortest = max(longest, d), min(shortest, d)
	}
	t.Logf("%d connections trickling one byte a second: cut after %v to %v", n, shortest.Round(time.Millisecond), longest.Round(time.Millisecond))
	if longest >= 10*time.Second {
		t.Errorf("a trickling connection lived %v, want < 10 s", longest)
	}
}

// A second SIGINT or SIGTERM during the graceful shutdown, held up by a
// trickling connection, ends the process at once.
func TestSecondSignalExitsAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("waits on wall-clock pauses (about 1 s)")
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		p := start(t)
		lived := make(chan time.Duration, 1)
		go trickle(p.addr, false, 500*time.Millisecond, 20*time.Second, lived)
		time.Sleep(300 * time.Millisecond) // the request is being read
		p.cmd.Process.Signal(sig)
		waitLine(t, p, "shutting down")
		select {
		case err := <-p.exited:
			t.Fatalf("%v: exited before the second signal (%v): the test needs a shutdown that waits", sig, err)
		case <-time.After(200 * time.Millisecond):
		}
		p.cmd.Process.Signal(sig)
		began := time.Now()
		select {
		case err := <-p.exited:
			p.exited <- err
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() == 0 {
				t.Errorf("%v: exit %v, want death by the signal", sig, err)
			}
			t.Logf("%v: exited %v after the second signal (%v)", sig, time.Since(began).Round(time.Millisecond), err)
		case <-time.After(time.Second):
			t.Fatalf("%v: still running 1 s after the second signal", sig)
		}
	}
}

func waitLine(t *testing.T, p *process, want string) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case line := <-p.stderr:
			if strings.Contains(line, want) {
				return
			}
		case <-deadline:
			t.Fatalf("no %q on stderr", want)
		}
	}
}

// flood posts n InitiateAuth requests built by body(i), none
// answered, and checks each gets the status wantStatus. Two at a time: the
// server keeps one core busy, not both (other packages' tests run meanwhile).
func flood(t *testing.T, url string, n, wantStatus int, body func(i int) []byte) {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	bad := 0
	next := make(chan int)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body(i)))
				req.Header.Set("Content-Type", "application/x-amz-json-1.1")
				req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService.InitiateAuth")
				resp, err := http.DefaultClient.Do(req)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				if err != nil || resp.StatusCode != wantStatus {
					mu.Lock()
					bad++
					mu.Unlock()
				}
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	if bad > 0 {
		t.Fatalf("%d of %d requests did not get %d", bad, n, wantStatus)
	}
}

// Floods of unanswered InitiateAuth keep the server's RSS under 64 MB:
// 10,000 that start SRP (the largest pending sessions: known and unknown
// 128-character names, USER_SRP_AUTH and PREFERRED_CHALLENGE PASSWORD_SRP),
// 10,000 SELECT_CHALLENGE, one in ten padded to about 60 KiB, and 2,000 with
// a 60 KiB USERNAME (rejected).
//
// The process is the test binary running main, whose RSS also holds the
// tests' code: against the built program the bound is, if anything, looser.
// It takes 10-20 s, so it runs with SRP_LONG_TESTS=1; the default run covers
// the bounds it relies on in srptest (TestRawPendingCap, TestUsernameLength,
// the body limit in TestRawProtocolErrors).
func TestFloodMemory(t *testing.T) {
	testenv.SkipUnlessLong(t, "22,000 requests and the process's RSS")
	p := start(t)
	s, err := srp.NewUserSession("us-east-1_LocalPool", "x")
	if err != nil {
		t.Fatal(err)
	}
	pad := strings.Repeat("p", 60<<10)
	name := func(i int) string {
		n := fmt.Sprintf("%08d", i)
		return n + strings.Repeat("u", 128-len(n))
	}
	// One request in ten is padded to about 60 KiB.
	req := func(i int, flow string, params map[string]string) []byte {
		if i%10 == 0 {
			params["PAD"] = pad
		}
		b, _ := json.Marshal(map[string]any{"AuthFlow": flow, "ClientId": "localclient", "AuthParameters": params})
		return b
	}
	t.Logf("RSS at start: %.1f MB", float64(p.rssBytes(t))/1e6)
	for _, f := range []struct {
		what   string
		n      int
		status int
		body   func(i int) []byte
	}{
		{"10,000 PASSWORD_VERIFIER", 10000, 200, func(i int) []byte {
			u := name(i)
			if i%4 == 0 {
				u = "alice"
			}
			if i%2 == 0 {
				return req(i, "USER_SRP_AUTH", map[string]string{"USERNAME": u, "SRP_A": s.SRPA()})
			}
			return req(i, "USER_AUTH", map[string]string{"USERNAME": u, "PREFERRED_CHALLENGE": "PASSWORD_SRP", "SRP_A": s.SRPA()})
		}},
		{"10,000 SELECT_CHALLENGE", 10000, 200, func(i int) []byte {
			return req(i, "USER_AUTH", map[string]string{"USERNAME": name(i)})
		}},
		{"2,000 with a 60 KiB USERNAME", 2000, 400, func(i int) []byte {
			return req(i, "USER_AUTH", map[string]string{"USERNAME": fmt.Sprint(i) + pad})
		}},
	} {
		began := time.Now()
		flood(t, p.url, f.n, f.status, f.body)
		rss := p.rssBytes(t)
		t.Logf("RSS after %s: %.1f MB (%v)", f.what, float64(rss)/1e6, time.Since(began).Round(time.Millisecond))
		if rss >= 64<<20 {
			t.Errorf("RSS after %s: %d bytes, want < 64 MB", f.what, rss)
		}
	}
	if err := signIn(t, p.url, "alice", "Correct horse 1!"); err != nil {
		t.Errorf("sign-in after the floods: %v", err)
	}
}
