package srptest

import (
	"net/http/httptest"
	"testing"
	"time"
)

// ReadTimeout and WriteTimeout are the http.Server timeouts NewServer and
// cmd/srplocal set (see NewHandler): a request, at most 64 KiB, must arrive
// within ReadTimeout, and its answer be written within WriteTimeout.
const (
	ReadTimeout  = 5 * time.Second
	WriteTimeout = 10 * time.Second
)

// A Server is a Handler behind an httptest.Server on a loopback address.
type Server struct {
	// URL is the endpoint, e.g. "http://127.0.0.1:41234": the BaseEndpoint
	// of aws-sdk-go-v2 or the endpoint of amazon-cognito-identity-js.
	URL string
	// Handler is the server's handler.
	Handler *Handler

	ts *httptest.Server
}

// NewServer starts a Server for cfg and closes it when the test ends. An
// invalid cfg fails the test.
func NewServer(t testing.TB, cfg Config) *Server {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + ts.Listener.Addr().String()
	}
	h, err := NewHandler(cfg)
	if err != nil {
		ts.Listener.Close()
		t.Fatalf("srptest: %v", err)
	}
	ts.Config.Handler = h
	ts.Config.ReadHeaderTimeout = ReadTimeout
	ts.Config.ReadTimeout = ReadTimeout
	ts.Config.WriteTimeout = WriteTimeout
	ts.Start()
	t.Cleanup(ts.Close)
	return &Server{URL: ts.URL, Handler: h, ts: ts}
}

// Close shuts the server down; it is also done by the test's cleanup.
func (s *Server) Close() { s.ts.Close() }
