// Command srplogin signs in to an Amazon Cognito user pool with SRP (which the
// AWS CLI cannot do) and prints the tokens.
//
// Usage:
//
//	srplogin -pool POOL_ID -client CLIENT_ID [-secret S] [-endpoint URL]
//	         [-device-file F] [-format json|env] USERNAME
//
// The password, then (only when Cognito asks) a new password and an MFA code
// are read in that order: as lines from standard input when it is not a
// terminal, or prompted for without echo on a terminal. The region is the
// pool id's (us-east-1 for us-east-1_AbC123); -endpoint replaces Cognito's
// URL (for srplocal and tests). No AWS credentials are needed.
//
// The tokens are printed on standard output as JSON,
//
//	{"AccessToken":"…","IdToken":"…","RefreshToken":"…","ExpiresIn":3600,"TokenType":"Bearer"}
//
// or, with -format env, as shell lines for eval:
//
//	export COGNITO_ACCESS_TOKEN='…'
//	export COGNITO_ID_TOKEN='…'
//	export COGNITO_REFRESH_TOKEN='…'
//	export COGNITO_EXPIRES_IN='3600'
//	export COGNITO_TOKEN_TYPE='Bearer'
//
// With -device-file F, srplogin signs in with the remembered device stored
// in F; when F does not exist and Cognito hands out a new device, it confirms
// and remembers the device and writes F (mode 0600, atomically). F holds the
// device's secret: keep it private.
//
// When Cognito asks to choose an MFA (SELECT_MFA_TYPE), srplogin chooses
// SOFTWARE_TOKEN_MFA when offered. It cannot set up MFA (MFA_SETUP) or
// answer custom challenges: those are refusals.
//
// Exit status: 0 on success; 1 when Cognito refuses (its error type and
// message on standard error) or cannot be reached; 2 for usage or
// configuration errors.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"
	"golang.org/x/term"

	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/signin"
)

func main() {
	in := newReader(os.Stdin, os.Stderr)
	os.Exit(run(context.Background(), os.Args[1:], in, os.Stdout, os.Stderr))
}

// errUsage marks a usage or configuration error (exit status 2).
var errUsage = errors.New("usage")

// run is the program; it returns the exit status.
func run(ctx context.Context, args []string, in secretReader, stdout, stderr io.Writer) int {
	err := login(ctx, args, in, stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintln(stderr, "srplogin:", escape(strings.TrimPrefix(err.Error(), "usage: ")))
		return 2
	}
	// Cognito's codes, messages and challenge names are the server's text:
	// escaped, they cannot drive the terminal.
	var ae smithy.APIError
	if errors.As(err, &ae) {
		var se *signin.Error
		step := ""
		if errors.As(err, &se) {
			step = " (" + se.Step + ")"
		}
		fmt.Fprintf(stderr, "srplogin: %s: %s%s\n", escape(ae.ErrorCode()), escape(ae.ErrorMessage()), escape(step))
	} else {
		fmt.Fprintln(stderr, "srplogin:", escape(err.Error()))
	}
	return 1
}

// escape writes the characters of s that are not printable (control
// characters, ...) as strconv.Quote does, so that a server's text cannot
// set the terminal's title, clear it or fake a prompt.
func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strconv.IsPrint(r) {
			b.WriteRune(r)
		} else {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
	}
	return b.String()
}

func usageErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, args...)...)
}

func login(ctx context.Context, args []string, in secretReader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("srplogin", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pool := fs.String("pool", "", "user pool `id`, e.g. us-east-1_AbC123 (required)")
	client := fs.String("client", "", "app client `id` (required)")
	secret := fs.String("secret", "", "app client `secret`, for clients that have one")
	endpoint := fs.String("endpoint", "", "Cognito `URL` to use instead of AWS's (srplocal, tests)")
	deviceFile := fs.String("device-file", "", "`file` of the remembered device: used if it exists, written if Cognito hands out a new device")
	format := fs.String("format", "json", "output `format`: json or env")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: srplogin -pool POOL_ID -client CLIENT_ID [-secret S] [-endpoint URL] [-device-file F] [-format json|env] USERNAME")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageErr("bad command line")
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageErr("want exactly one USERNAME")
	}
	region, _, err := srp.ParsePoolID(*pool)
	if err != nil || *client == "" {
		fs.Usage()
		return usageErr("-pool (region_name, e.g. us-east-1_AbC123) and -client are required")
	}
	if *format != "json" && *format != "env" {
		return usageErr("-format must be json or env")
	}
	var dev *signin.Device
	if *deviceFile != "" {
		var err error
		if dev, err = readDevice(*deviceFile); err != nil {
			return err
		}
	}
	opts := cip.Options{Region: region, Credentials: aws.AnonymousCredentials{}}
	if *endpoint != "" {
		opts.BaseEndpoint = endpoint
	}
	c, err := signin.New(cip.New(opts), signin.Config{
		UserPoolID: *pool, ClientID: *client, ClientSecret: *secret, Device: dev,
	})
	if err != nil {
		return usageErr("%v", err)
	}

	password, err := in.read("Password: ")
	if err != nil {
		return err
	}
	res, err := c.SignIn(ctx, fs.Arg(0), password)
	for err == nil && res.Challenge != nil {
		res, err = answer(ctx, c, res.Challenge, in)
	}
	if err != nil {
		return err
	}
	t := res.Tokens
	if dev == nil && *deviceFile != "" && t.NewDevice != nil {
		d, err := c.RememberDevice(ctx, t, "srplogin")
		if err != nil {
			return err
		}
		if err := writeDevice(*deviceFile, d); err != nil {
			return err
		}
	}
	return printTokens(stdout, *format, t)
}

// answer answers the challenges srplogin knows; any other is an error.
func answer(ctx context.Context, c *signin.Client, ch *signin.Challenge, in secretReader) (*signin.Result, error) {
	switch ch.Name {
	case types.ChallengeNameTypeNewPasswordRequired:
		pw, err := in.read("New password: ")
		if err != nil {
			return nil, err
		}
		return c.NewPassword(ctx, ch, pw, nil)
	case types.ChallengeNameTypeSoftwareTokenMfa, types.ChallengeNameTypeSmsMfa, types.ChallengeNameTypeEmailOtp:
		code, err := in.read("MFA code (" + string(ch.Name) + "): ")
		if err != nil {
			return nil, err
		}
		return c.MFACode(ctx, ch, strings.TrimSpace(code))
	case types.ChallengeNameTypeSelectMfaType:
		choices := ch.MFAChoices()
		mfa := types.ChallengeNameTypeSoftwareTokenMfa
		if !slices.Contains(choices, mfa) && len(choices) > 0 {
			mfa = choices[0]
		}
		return c.SelectMFA(ctx, ch, mfa)
	}
	return nil, fmt.Errorf("cannot answer the %s challenge that Cognito asks for", ch.Name)
}

// tokenJSON is the JSON output: the AuthenticationResult's field names.
type tokenJSON struct {
	AccessToken  string
	IdToken      string
	RefreshToken string
	ExpiresIn    int32
	TokenType    string
}

// printTokens prints t. Real tokens are base64url and dots; any other than
// printable ASCII is refused, since the output may be a terminal.
func printTokens(w io.Writer, format string, t *signin.Tokens) error {
	for _, s := range []string{t.AccessToken, t.IDToken, t.RefreshToken, t.TokenType} {
		if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r > 0x7e }) {
			return errors.New("the tokens Cognito returned hold characters other than printable ASCII: not printed")
		}
	}
	if format == "json" {
		return json.NewEncoder(w).Encode(tokenJSON{t.AccessToken, t.IDToken, t.RefreshToken, t.ExpiresIn, t.TokenType})
	}
	for _, kv := range [][2]string{
		{"COGNITO_ACCESS_TOKEN", t.AccessToken},
		{"COGNITO_ID_TOKEN", t.IDToken},
		{"COGNITO_REFRESH_TOKEN", t.RefreshToken},
		{"COGNITO_EXPIRES_IN", fmt.Sprint(t.ExpiresIn)},
		{"COGNITO_TOKEN_TYPE", t.TokenType},
	} {
		if _, err := fmt.Fprintf(w, "export %s=%s\n", kv[0], shellQuote(kv[1])); err != nil {
			return err
		}
	}
	return nil
}

// shellQuote single-quotes s for a POSIX shell.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// readDevice reads the device file; a missing file is no device.
func readDevice(path string) (*signin.Device, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, usageErr("device file: %v", err)
	}
	var d signin.Device
	if err := json.Unmarshal(b, &d); err != nil || d.Key == "" || d.GroupKey == "" || d.Password == "" {
		return nil, usageErr("device file %s: not a device (want deviceKey, deviceGroupKey, devicePassword)", path)
	}
	return &d, nil
}

// writeDevice writes d to path with mode 0600, atomically: a temporary file
// in the same directory, synced, then renamed over path.
func writeDevice(path string, d *signin.Device) (err error) {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".srplogin-device-*")
	if err != nil {
		return fmt.Errorf("device file: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = f.Chmod(0o600); err != nil {
		return fmt.Errorf("device file: %w", err)
	}
	if _, err = f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("device file: %w", err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("device file: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("device file: %w", err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("device file: %w", err)
	}
	return nil
}

// A secretReader reads the password and codes.
type secretReader interface {
	read(prompt string) (string, error)
}

// newReader prompts without echo when f is a terminal, else reads lines.
func newReader(f *os.File, prompts io.Writer) secretReader {
	if term.IsTerminal(int(f.Fd())) {
		return &termReader{fd: int(f.Fd()), prompts: prompts}
	}
	return &lineReader{s: bufio.NewScanner(f)}
}

type termReader struct {
	fd      int
	prompts io.Writer
}

func (t *termReader) read(prompt string) (string, error) {
	fmt.Fprint(t.prompts, prompt)
	b, err := term.ReadPassword(t.fd)
	fmt.Fprintln(t.prompts)
	if err != nil {
		return "", fmt.Errorf("reading from the terminal: %w", err)
	}
	return string(b), nil
}

// lineReader reads one line per answer from a pipe or file.
type lineReader struct{ s *bufio.Scanner }

func (l *lineReader) read(prompt string) (string, error) {
	if !l.s.Scan() {
		if err := l.s.Err(); err != nil {
			return "", usageErr("reading standard input: %v", err)
		}
		what := strings.TrimSuffix(strings.TrimSpace(prompt), ":")
		return "", usageErr("standard input ended: no line for the %s", strings.ToLower(what))
	}
	return strings.TrimSuffix(l.s.Text(), "\r"), nil
}
