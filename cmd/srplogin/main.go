// Command srplogin signs in to an Amazon Cognito user pool with SRP (which the
// AWS CLI cannot do) and prints the tokens.
//
// Usage:
//
//	srplogin -pool POOL_ID -client CLIENT_ID [-secret S] [-endpoint URL]
//	         [-flow srp|user-auth|custom-srp|password] [-first-factor F]
//	         [-device-file F] [-cache F] [-identity-pool ID]
//	         [-format json|env|credential-process] [-timeout D] USERNAME
//
// -flow chooses how to sign in: srp (the default: USER_SRP_AUTH), custom-srp
// (CUSTOM_AUTH after SRP, for pools with custom auth triggers), password
// (USER_PASSWORD_AUTH: the password itself goes to Cognito, for pools
// behind a user-migration trigger; never used unless chosen) or user-auth
// (choice-based USER_AUTH with the -first-factor EMAIL_OTP, the default,
// SMS_OTP or PASSWORD_SRP: the first two sign in without a password, with a
// code Cognito sends).
//
// The password (not with -flow user-auth and a code), then each answer
// Cognito asks for (a new password, an MFA or one-time code, a custom
// challenge's answer) are read in that order, one each: as lines from
// standard input when it is not a terminal, or prompted for without echo on
// a terminal (the prompts go to standard error, or to the terminal when
// standard error is not one, as under the AWS CLI). The client secret of app
// clients that have one comes from -secret or, better (ps and shell history
// show -secret), from the environment variable COGNITO_CLIENT_SECRET. The
// region is the
// pool id's (us-east-1 for us-east-1_AbC123); -endpoint replaces Cognito's
// URL (for srplocal and tests). No AWS credentials are needed. Cognito's SRP
// gives the client no proof of the server: a wrong -endpoint can hand out
// any tokens, and only TLS to the real Cognito endpoint protects against
// that.
//
// -timeout (default 30s) bounds the whole run, retries included, but not the
// time spent waiting at prompts: when Cognito has not answered within it,
// srplogin gives up with exit status 1, so that eval "$(srplogin ...)" in CI
// never hangs.
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
// device's secret: keep it private. When F does not exist, srplogin first
// checks that a file can be created in F's directory (exit status 2 if not,
// before the password is read). A device that still cannot be confirmed or
// written after the sign-in is a warning on standard error: the tokens are
// printed and the exit status is 0, since the sign-in succeeded and the next
// run, finding no F, tries again (a device confirmed but not written stays
// in the user's device list at Cognito, unused).
//
// When the device in F no longer exists at Cognito (forgotten by the user or
// an administrator, or expired), srplogin signs in without it, as the AWS
// JavaScript client does, and says so on standard error: F then holds the
// new device Cognito hands out, or is removed when there is none.
//
// With -cache C, srplogin keeps the refresh token (and the device it is
// bound to) in C (mode 0600, written atomically; a secret, like F). A later
// run for the same user, pool and client renews the tokens from it without
// reading a password, storing the new refresh token when the app client
// rotates them. Only when Cognito refuses the refresh token (expired,
// revoked, signed out everywhere) does it sign in again, reading the
// password; with no terminal and no input left it then exits with status 1
// and says why, never waiting.
//
// With -identity-pool ID and -format credential-process, srplogin prints
// the AWS credentials of the identity pool for the user (GetId, cached in
// C, then GetCredentialsForIdentity with the ID token) as a
// credential_process prints them,
//
//	{"Version":1,"AccessKeyId":"ASIA…","SecretAccessKey":"…","SessionToken":"…","Expiration":"2025-01-02T15:04:05Z"}
//
// so that a profile of ~/.aws/config can use it for the AWS CLI and every
// SDK:
//
//	[profile cognito]
//	credential_process = srplogin -pool us-east-1_AbC123 -client 3n4b… -cache /home/me/.cache/srplogin-alice.json -identity-pool us-east-1:0b8f… -format credential-process alice
//
// When Cognito asks to choose an MFA (SELECT_MFA_TYPE), srplogin chooses
// SOFTWARE_TOKEN_MFA when offered. When it asks to set up MFA (MFA_SETUP),
// srplogin sets up a software token: it prints the secret to add to an
// authenticator app on standard error and reads the app's first code. A
// custom challenge (CUSTOM_CHALLENGE) prints its parameters on standard
// error and reads the answer. A sign-in answers at most 10 challenges
// (signin.MaxChallenges), whatever the flow: a server that keeps asking is
// refused.
//
// Exit status: 0 on success (even when the device could not be
// remembered, see above); 1 when Cognito refuses (its error type and
// message on standard error), cannot be reached, does not answer within
// -timeout, asks too many challenges or returns tokens with characters
// other than printable ASCII, and when the cached refresh token is refused
// and no password can be read; 2 for usage or configuration errors (a
// standard input that ends before an answer is needed included).
// Cognito's text on standard error has its control characters escaped.
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
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"
	"golang.org/x/term"

	"github.com/srpkit/cognito/internal/escape"
	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/signin"
)

func main() {
	in := newReader(os.Stdin, os.Stderr)
	os.Exit(run(context.Background(), os.Args[1:], in, os.Stdout, os.Stderr))
}

// errUsage marks a usage or configuration error (exit status 2).
var errUsage = errors.New("usage")

// errNoInput is the error of reading past the end of standard input.
var errNoInput = errors.New("standard input ended")

// run is the program; it returns the exit status.
func run(ctx context.Context, args []string, in secretReader, stdout, stderr io.Writer) int {
	err := login(ctx, args, in, stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintln(stderr, "srplogin:", escape.NonPrintable(strings.TrimPrefix(err.Error(), "usage: ")))
		return 2
	}
	fmt.Fprintln(stderr, "srplogin:", errorText(err))
	return 1
}

// errorText is how srplogin tells err: an AWS API error (Cognito refusing)
// as its code and message, with the step of sign-in it answered when there
// is one ("NotAuthorizedException: Incorrect username or password.
// (PASSWORD_VERIFIER)"), for the SDK's own text is long and says little;
// any other error as its text. Either may hold the server's text: control
// characters are escaped, so that it cannot drive the terminal.
func errorText(err error) string {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return escape.NonPrintable(err.Error())
	}
	s := ae.ErrorCode() + ": " + ae.ErrorMessage()
	var se *signin.Error
	if errors.As(err, &se) {
		s += " (" + se.Step + ")"
	}
	return escape.NonPrintable(s)
}

func usageErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, args...)...)
}

// options are the command line.
type options struct {
	pool, region, client, secret, endpoint, deviceFile, format, username string
	flow, firstFactor                                                    string
	cacheFile, identityPool                                              string
	timeout                                                              time.Duration
}

// parse reads the command line; errors are usage errors or flag.ErrHelp.
func parse(args []string, stderr io.Writer) (*options, error) {
	var o options
	fs := flag.NewFlagSet("srplogin", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.pool, "pool", "", "user pool `id`, e.g. us-east-1_AbC123 (required)")
	fs.StringVar(&o.client, "client", "", "app client `id` (required)")
	fs.StringVar(&o.secret, "secret", "", "app client `secret`, for clients that have one (default $COGNITO_CLIENT_SECRET, which ps and shell history do not show)")
	fs.StringVar(&o.endpoint, "endpoint", "", "Cognito `URL` to use instead of AWS's (srplocal, tests)")
	fs.StringVar(&o.deviceFile, "device-file", "", "`file` of the remembered device: used if it exists, written if Cognito hands out a new device")
	fs.StringVar(&o.format, "format", "json", "output `format`: json, env, or credential-process (AWS credentials from -identity-pool)")
	fs.StringVar(&o.flow, "flow", "srp", "sign-in `flow`: srp, user-auth, custom-srp or password")
	fs.StringVar(&o.firstFactor, "first-factor", string(firstFactors[0]), "with -flow user-auth, the `factor`: "+oneOf(firstFactors))
	fs.StringVar(&o.cacheFile, "cache", "", "`file` that keeps the refresh token: later runs renew from it without a password")
	fs.StringVar(&o.identityPool, "identity-pool", "", "identity pool `id` (region:uuid) to get AWS credentials from, with -format credential-process")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Second, "give up when Cognito has not answered within this `duration` in all (time at prompts not counted)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: srplogin -pool POOL_ID -client CLIENT_ID [-secret S] [-endpoint URL] [-flow srp|user-auth|custom-srp|password]\n"+
			"                [-first-factor F] [-device-file F] [-cache F] [-identity-pool ID] [-format json|env|credential-process]\n"+
			"                [-timeout D] USERNAME")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usageErr("bad command line")
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return nil, usageErr("want exactly one USERNAME")
	}
	o.username = fs.Arg(0)
	region, _, err := srp.ParsePoolID(o.pool)
	if err != nil || o.client == "" {
		fs.Usage()
		return nil, usageErr("-pool (region_name, e.g. us-east-1_AbC123) and -client are required")
	}
	o.region = region
	if o.secret == "" {
		o.secret = os.Getenv("COGNITO_CLIENT_SECRET")
	}
	if err := o.checkCredentialFlags(); err != nil {
		return nil, err
	}
	if o.timeout <= 0 {
		return nil, usageErr("-timeout must be positive")
	}
	if _, ok := flows[o.flow]; !ok {
		return nil, usageErr("-flow must be srp, user-auth, custom-srp or password")
	}
	if !slices.Contains(firstFactors, types.ChallengeNameType(o.firstFactor)) {
		return nil, usageErr("-first-factor must be %s", oneOf(firstFactors))
	}
	return &o, nil
}

func login(ctx context.Context, args []string, in secretReader, stdout, stderr io.Writer) error {
	o, err := parse(args, stderr)
	if err != nil {
		return err
	}
	b := newBudget(ctx, o.timeout)
	defer b.stop()
	err = o.signIn(b.ctx, pausedReader{in, b}, stdout, stderr)
	var se *signin.Error
	switch {
	case err != nil && errors.Is(context.Cause(b.ctx), errTimeout):
		return fmt.Errorf("timed out: Cognito did not answer within -timeout %v (time at prompts not counted)", o.timeout)
	case errors.Is(err, signin.ErrTooManyChallenges) && errors.As(err, &se):
		return fmt.Errorf("giving up: Cognito asked more than %d challenges in one sign-in (the last after %s)", signin.MaxChallenges, se.Step)
	}
	return err
}

// signIn signs the user in (or renews the cached sign-in) and prints the
// tokens, or the identity pool's credentials.
func (o *options) signIn(ctx context.Context, in secretReader, stdout, stderr io.Writer) error {
	var dev *signin.Device
	if o.deviceFile != "" {
		var err error
		if dev, err = readDevice(o.deviceFile); err != nil {
			return err
		}
		// A device whose file cannot be written must not be confirmed:
		// find out before anything is asked or sent.
		if dev == nil {
			if err := checkWritable(o.deviceFile, "device"); err != nil {
				return err
			}
		}
	}
	cache, err := o.readCache(stderr)
	if err != nil {
		return err
	}
	opts := cip.Options{Region: o.region, Credentials: aws.AnonymousCredentials{}}
	if o.endpoint != "" {
		opts.BaseEndpoint = aws.String(o.endpoint)
	}
	c, err := signin.New(cip.New(opts), signin.Config{
		UserPoolID: o.pool, ClientID: o.client, ClientSecret: o.secret, Device: dev, Flow: flows[o.flow],
	})
	if err != nil {
		return usageErr("%v", err)
	}

	t, refusal, err := o.renew(ctx, c, cache, stderr)
	if err != nil {
		return err
	}
	if t == nil {
		if t, err = o.passwordSignIn(ctx, c, dev, in, stderr); err != nil {
			return withRefusal(err, refusal)
		}
	}
	if cache, err = o.writeCache(t, cache); err != nil {
		fmt.Fprintf(stderr, "srplogin: warning: %s; the next run signs in again\n", errorText(err))
	}
	if o.format == "credential-process" {
		return o.printCredentials(ctx, t, cache, stdout, stderr)
	}
	return printTokens(stdout, o.format, t)
}

// passwordSignIn signs in with -flow (reading the password, unless the flow
// signs in with a code), answering the challenges that follow, and keeps the
// device file up to date.
func (o *options) passwordSignIn(ctx context.Context, c *signin.Client, dev *signin.Device, in secretReader, stderr io.Writer) (*signin.Tokens, error) {
	res, err := o.start(ctx, c, in)
	for err == nil && res.Challenge != nil {
		res, err = answer(ctx, c, res.Challenge, in, stderr)
	}
	if err != nil {
		return nil, err
	}
	t := res.Tokens
	if res.ForgottenDevice && dev != nil && o.deviceFile != "" {
		o.replaceForgottenDevice(ctx, c, t, stderr)
	} else if dev == nil && o.deviceFile != "" && t.NewDevice != nil {
		// The sign-in has succeeded: a device not remembered is a warning,
		// and the tokens are printed all the same.
		if err := remember(ctx, c, t, o.deviceFile); err != nil {
			fmt.Fprintf(stderr, "srplogin: warning: %s; the device is not remembered (the next run tries again)\n", errorText(err))
		}
	}
	return t, nil
}

// remember confirms the new device of t and writes it to path.
func remember(ctx context.Context, c *signin.Client, t *signin.Tokens, path string) error {
	d, err := c.RememberDevice(ctx, t, "srplogin")
	if err != nil {
		return err
	}
	if err := writeDevice(path, d); err != nil {
		return fmt.Errorf("the device was confirmed, but %w", err)
	}
	return nil
}

// checkWritable creates and removes a temporary file beside path, as
// writeFileAtomic will; kind names the file ("device", "cache").
func checkWritable(path, kind string) error {
	f, err := os.CreateTemp(filepath.Dir(path), tempPattern(kind))
	if err != nil {
		return usageErr("%s file %s cannot be written: %v", kind, path, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// tempPattern is the name of the temporary files written beside a kind of
// file, so that one left behind says what it held.
func tempPattern(kind string) string { return ".srplogin-" + kind + "-*" }

// errTimeout is the cause of the run's context when -timeout passes.
var errTimeout = errors.New("timeout")

// A budget is a context that ends after a running time, not counting the
// time spent at prompts: the user may take minutes to find an MFA code,
// while Cognito answers in milliseconds.
type budget struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	timer  *time.Timer
	left   time.Duration // running time left when the clock last started
	start  time.Time     // when the clock last started
}

func newBudget(parent context.Context, d time.Duration) *budget {
	ctx, cancel := context.WithCancelCause(parent)
	b := &budget{ctx: ctx, cancel: cancel, left: d, start: time.Now()}
	b.timer = time.AfterFunc(d, func() { cancel(errTimeout) })
	return b
}

// pause stops the clock.
func (b *budget) pause() {
	if b.timer.Stop() {
		b.left -= time.Since(b.start)
	}
}

// resume starts the clock again, unless the time has run out.
func (b *budget) resume() {
	if b.ctx.Err() == nil {
		b.start = time.Now()
		b.timer.Reset(b.left)
	}
}

// stop releases the budget's timer and context.
func (b *budget) stop() {
	b.timer.Stop()
	b.cancel(nil)
}

// pausedReader stops the budget's clock while it waits for the user.
type pausedReader struct {
	secretReader
	b *budget
}

func (p pausedReader) read(prompt string) (string, error) {
	p.b.pause()
	defer p.b.resume()
	return p.secretReader.read(prompt)
}

// answer answers the challenges srplogin knows; any other is an error.
// Messages for the user (a secret to set up, a custom challenge) go to
// stderr.
func answer(ctx context.Context, c *signin.Client, ch *signin.Challenge, in secretReader, stderr io.Writer) (*signin.Result, error) {
	switch ch.Name {
	case types.ChallengeNameTypeNewPasswordRequired:
		pw, err := in.read("New password: ")
		if err != nil {
			return nil, err
		}
		return c.NewPassword(ctx, ch, pw, nil)
	case types.ChallengeNameTypeSoftwareTokenMfa, types.ChallengeNameTypeSmsMfa, types.ChallengeNameTypeEmailOtp, types.ChallengeNameTypeSmsOtp:
		code, err := in.read("MFA code (" + escape.NonPrintable(string(ch.Name)) + "): ")
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
	case types.ChallengeNameTypeMfaSetup:
		return setUpTOTP(ctx, c, ch, in, stderr)
	case types.ChallengeNameTypeCustomChallenge:
		return answerCustom(ctx, c, ch, in, stderr)
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
		if !printableASCII(s) {
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

// printableASCII reports whether s holds only printable ASCII, as real
// tokens and credentials do: other text from the server is not printed,
// since the output may be a terminal.
func printableASCII(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r > 0x7e })
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

// writeDevice writes d to path with mode 0600, atomically.
func writeDevice(path string, d *signin.Device) error {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, "device", b)
}

// writeFileAtomic writes b to path, a kind of file ("device", "cache"),
// with mode 0600, atomically: a temporary file in the same directory,
// synced, then renamed over path.
func writeFileAtomic(path, kind string, b []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), tempPattern(kind))
	if err != nil {
		return fmt.Errorf("writing the %s file: %w", kind, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			err = fmt.Errorf("writing the %s file: %w", kind, err)
		}
	}()
	if err = f.Chmod(0o600); err != nil {
		return err
	}
	if _, err = f.Write(append(b, '\n')); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// A secretReader reads the password and codes.
type secretReader interface {
	read(prompt string) (string, error)
}

// newReader prompts without echo when f is a terminal, else reads lines.
func newReader(f *os.File, stderr *os.File) secretReader {
	if term.IsTerminal(int(f.Fd())) {
		return &termReader{fd: int(f.Fd()), prompts: promptsTo(stderr)}
	}
	return &lineReader{s: bufio.NewScanner(f)}
}

// promptsTo is where prompts go: standard error, or when that is not a
// terminal (the AWS CLI reads a credential_process's standard error) the
// controlling terminal, so that the user sees what is asked.
func promptsTo(stderr *os.File) io.Writer {
	if term.IsTerminal(int(stderr.Fd())) {
		return stderr
	}
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		return tty
	}
	return stderr
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
		return "", fmt.Errorf("%w: %w: no line for the %s", errUsage, errNoInput, strings.ToLower(what))
	}
	return strings.TrimSuffix(l.s.Text(), "\r"), nil
}
