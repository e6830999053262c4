package srptest

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
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

// NewServer starts a Server for cfg on a loopback address, as
// httptest.NewServer does for a handler; an empty cfg.BaseURL becomes the
// server's URL. It returns an error for an invalid cfg (see Config.Validate)
// or when no loopback port can be opened. The caller must Close the server;
// in a test:
//
//	srv, err := srptest.NewServer(cfg)
//	if err != nil {
//		t.Fatal(err)
//	}
//	t.Cleanup(srv.Close)
func NewServer(cfg Config) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		if ln, err = net.Listen("tcp6", "[::1]:0"); err != nil {
			return nil, fmt.Errorf("srptest: listening on a loopback address: %w", err)
		}
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + ln.Addr().String()
	}
	h, err := NewHandler(cfg)
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("srptest: %w", err)
	}
	ts := &httptest.Server{Listener: ln, Config: &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
	}}
	ts.Start()
	return &Server{URL: ts.URL, Handler: h, ts: ts}, nil
}

// Close shuts the server down and blocks until all its requests are done.
// Calling it again does nothing.
func (s *Server) Close() { s.ts.Close() }
