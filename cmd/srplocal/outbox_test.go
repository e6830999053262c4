package main

import (
	"bufio"
	"bytes"
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/srp/signin"
)

const challengeConfig = `{
  "userPoolId": "us-east-1_LocalPool",
  "clientId": "localclient",
  "signInFirstFactors": ["PASSWORD", "EMAIL_OTP"],
  "customChallenge": {"parameters": {"question": "Favourite colour?"}, "answer": "blue"},
  "users": [
    {"username": "sam", "password": "Sam's pw 12", "phoneNumber": "+15555550100", "mfa": ["SMS_MFA"]},
    {"username": "eve smith", "password": "Eve's pw 12", "email": "eve@example.com"}
  ]
}`

var codeLine = regexp.MustCompile(`^CODE (SMS|EMAIL) ("[^"]*"|\S+) ([0-9]{6})$`)

// TestCodesOnStdout: srplocal prints each code it sends as a CODE line on
// standard output after LISTENING (SMS MFA, a passwordless email code for
// a name with a space, quoted), and serves its static custom challenge.
func TestCodesOnStdout(t *testing.T) {
	var stderr bytes.Buffer
	stdout, stop := runInProcess(t, &stderr, "-config", writeFile(t, challengeConfig))
	// Standard output is read as it comes: the server writes a CODE line
	// before it answers the request that sent the code.
	lines := make(chan string, 10)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	readLine := func() string {
		t.Helper()
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("stdout closed (stderr %q)", stderr.String())
			}
			return l
		case <-time.After(10 * time.Second):
			t.Fatal("no line on stdout")
		}
		return ""
	}
	m := listening.FindStringSubmatch(readLine())
	if m == nil {
		t.Fatal("no LISTENING line")
	}
	api := sdk(m[1])
	client := func(flow signin.Flow) *signin.Client {
		c, err := signin.New(api, signin.Config{UserPoolID: "us-east-1_LocalPool", ClientID: "localclient", Flow: flow})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	ctx := context.Background()
	c := client(signin.UserSRPAuth)
	res, err := c.SignIn(ctx, "sam", "Sam's pw 12")
	if err != nil || res.Challenge == nil || res.Challenge.Name != types.ChallengeNameTypeSmsMfa {
		t.Fatalf("SignIn: %+v %v", res, err)
	}
	l := codeLine.FindStringSubmatch(readLine())
	if l == nil || l[1] != "SMS" || l[2] != "sam" {
		t.Fatalf("CODE line %q", l)
	}
	if res, err = c.MFACode(ctx, res.Challenge, l[3]); err != nil || res.Tokens == nil {
		t.Fatalf("SMS code: %+v %v", res, err)
	}

	res, err = c.SignInWithCode(ctx, "eve smith", types.ChallengeNameTypeEmailOtp)
	if err != nil || res.Challenge == nil {
		t.Fatalf("SignInWithCode: %+v %v", res, err)
	}
	l = codeLine.FindStringSubmatch(readLine())
	if l == nil || l[1] != "EMAIL" || l[2] != `"eve smith"` {
		t.Fatalf("CODE line %q", l)
	}
	if res, err = c.MFACode(ctx, res.Challenge, l[3]); err != nil || res.Tokens == nil {
		t.Fatalf("email code: %+v %v", res, err)
	}

	cc := client(signin.CustomAuthWithSRP)
	res, err = cc.SignIn(ctx, "eve smith", "Eve's pw 12")
	if err != nil || res.Challenge == nil || res.Challenge.Parameters["question"] != "Favourite colour?" {
		t.Fatalf("custom: %+v %v", res, err)
	}
	if res, err = cc.AnswerCustom(ctx, res.Challenge, "blue"); err != nil || res.Tokens == nil {
		t.Fatalf("custom answer: %+v %v", res, err)
	}
	if code := stop(); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
}

func TestLineSafe(t *testing.T) {
	for in, want := range map[string]string{"alice": "alice", "a b": `"a b"`, `a"b`: `"a\"b"`, "a\nb": `"a\nb"`, "": `""`, "josé@x": "josé@x"} {
		if got := lineSafe(in); got != want {
			t.Errorf("lineSafe(%q) = %s, want %s", in, got, want)
		}
	}
}
