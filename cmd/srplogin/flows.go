package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/srpkit/cognito/internal/escape"
	"github.com/srpkit/cognito/srp/signin"
)

// flows maps -flow to the signin flow that starts it.
var flows = map[string]signin.Flow{
	"srp":        signin.UserSRPAuth,
	"user-auth":  signin.UserAuthPasswordSRP,
	"custom-srp": signin.CustomAuthWithSRP,
	"password":   signin.UserPasswordAuth,
}

// firstFactors are the choices of -first-factor, the default first: a
// code sent by email or SMS (no password), or the password through SRP.
var firstFactors = []types.ChallengeNameType{types.ChallengeNameTypeEmailOtp, types.ChallengeNameTypeSmsOtp, types.ChallengeNameTypePasswordSrp}

// oneOf lists names for a message: "A, B or C".
func oneOf(names []types.ChallengeNameType) string {
	s := make([]string, len(names))
	for i, n := range names {
		s[i] = string(n)
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// start begins the sign-in: with a one-time code for -flow user-auth and a
// code factor (no password is read), else with the password.
func (o *options) start(ctx context.Context, c *signin.Client, in secretReader) (*signin.Result, error) {
	if factor := types.ChallengeNameType(o.firstFactor); o.flow == "user-auth" && factor != types.ChallengeNameTypePasswordSrp {
		return c.SignInWithCode(ctx, o.username, factor)
	}
	password, err := in.read("Password: ")
	if err != nil {
		return nil, err
	}
	return c.SignIn(ctx, o.username, password)
}

// setUpTOTP answers MFA_SETUP: the secret of a new software token is
// printed for the user's authenticator app, then its first code is read.
func setUpTOTP(ctx context.Context, c *signin.Client, ch *signin.Challenge, in secretReader, stderr io.Writer) (*signin.Result, error) {
	secret, next, err := c.SetUpTOTP(ctx, ch)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(stderr, "srplogin: Cognito asks to set up MFA: add this secret to an authenticator app: %s\n", escape.NonPrintable(secret))
	code, err := in.read("Authenticator code: ")
	if err != nil {
		return nil, err
	}
	return c.VerifyTOTP(ctx, next, strings.TrimSpace(code), "srplogin")
}

// answerCustom answers CUSTOM_CHALLENGE with a line of input, after
// printing the challenge's parameters (Cognito's text, escaped).
func answerCustom(ctx context.Context, c *signin.Client, ch *signin.Challenge, in secretReader, stderr io.Writer) (*signin.Result, error) {
	for _, k := range slices.Sorted(maps.Keys(ch.Parameters)) {
		if k != signin.ParamUsername {
			fmt.Fprintf(stderr, "srplogin: custom challenge %s: %s\n", escape.NonPrintable(k), escape.NonPrintable(ch.Parameters[k]))
		}
	}
	a, err := in.read("Answer: ")
	if err != nil {
		return nil, err
	}
	return c.AnswerCustom(ctx, ch, a)
}
