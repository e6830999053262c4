// Command srplocal is a local Amazon Cognito user pool endpoint that runs
// Cognito's real SRP sign-in, for testing login code offline with any
// client: the AWS SDKs, amazon-cognito-identity-js, Amplify. It is package
// srp/srptest as a program.
//
// Usage:
//
//	srplocal [-addr 127.0.0.1:0] [-v] -config users.json
//
// The first line on standard output is "LISTENING http://HOST:PORT/", the
// address actually bound (port 0 picks a free one): point the client's
// endpoint there. Every code the server "sends" by SMS or email (MFA,
// passwordless sign-in) is then printed on standard output as one line,
// "CODE <SMS|EMAIL> <username> <code>", the username Go-quoted if it holds a
// space, a quote or a character that is not printable. With -v, the reason for every refused request is logged on
// standard error, without secrets. srplocal serves until SIGINT or SIGTERM,
// then shuts down gracefully and exits 0; a second signal ends it at once. A
// bad command line or configuration exits with status 2.
//
// The configuration is JSON:
//
//	{"userPoolId": "us-east-1_AbC123", "clientId": "localclient",
//	 "users": [{"username": "alice", "password": "Correct horse 1!"}]}
//
// With "identityPoolId": "us-east-1:<uuid>" in it, the same address also
// answers Cognito Identity (GetId, GetCredentialsForIdentity) for that
// identity pool, so that the AWS CLI and SDKs get AWS credentials for the
// pool's users from it; they prove nothing outside srplocal.
//
// Every key of the configuration, the flows and checks the server runs, its
// tokens, timeouts and limits, and where it differs from Cognito are in
// docs/srptest.md: https://github.com/srpkit/cognito/blob/main/docs/srptest.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/srpkit/cognito/srp/srptest"
)

// readTimeout bounds the arrival of a request's headers and of the whole
// request (srptest.ReadTimeout); a test shortens it to see a slow client cut
// in well under a second.
var readTimeout = srptest.ReadTimeout

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, stop, os.Args[1:], os.Stdout, os.Stderr))
}

// run is the program: it returns the exit status. It serves until ctx is
// done, then calls stop (which restores the default action of SIGINT and
// SIGTERM, so that a second signal ends the process at once) and shuts down.
func run(ctx context.Context, stop func(), args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("srplocal", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "`host:port` to listen on (port 0 picks a free port)")
	cfgPath := fs.String("config", "", "JSON configuration `file` (required)")
	verbose := fs.Bool("v", false, "log why each refused request was refused (no secrets) on standard error")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: srplocal [-addr 127.0.0.1:0] [-v] -config users.json")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "srplocal: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	if *cfgPath == "" {
		fmt.Fprintln(stderr, "srplocal: -config is required")
		fs.Usage()
		return 2
	}
	data, err := os.ReadFile(*cfgPath)
	if err != nil {
		fmt.Fprintf(stderr, "srplocal: reading config: %v\n", err)
		return 2
	}
	cfg, err := srptest.ParseConfig(data)
	if err != nil {
		fmt.Fprintf(stderr, "srplocal: config %s: %v\n", *cfgPath, err)
		return 2
	}
	if *verbose {
		cfg.Logf = log.New(stderr, "", log.LstdFlags).Printf
	}
	cfg.OnMessage = printCodes(stdout)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "srplocal: %v\n", err)
		return 1
	}
	defer ln.Close()
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + ln.Addr().String()
	}
	h, err := srptest.NewHandler(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "srplocal: config %s: %v\n", *cfgPath, err)
		return 2
	}
	h.KeyID() // draw the signing key now, not at the first sign-in
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      srptest.WriteTimeout,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          log.New(stderr, "srplocal: ", 0),
	}
	fmt.Fprintf(stdout, "LISTENING http://%s/\n", ln.Addr())
	fmt.Fprintf(stderr, "srplocal: tokens are signed RS256 (kid %s); issuer %s, keys at %s/.well-known/jwks.json\n", h.KeyID(), h.Issuer(), h.Issuer())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		fmt.Fprintf(stderr, "srplocal: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	stop()
	fmt.Fprintln(stderr, "srplocal: shutting down (a second signal exits at once)")
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
	}
	return 0
}
