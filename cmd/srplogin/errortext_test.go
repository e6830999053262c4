package main

import (
	"errors"
	"fmt"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/srpkit/cognito/srp/signin"
)

// TestErrorText: srplogin tells every error one way: Cognito's as its code,
// message and the step of sign-in it answered, others as their text; with
// control characters escaped either way.
func TestErrorText(t *testing.T) {
	api := &smithy.GenericAPIError{Code: "NotAuthorizedException", Message: "Incorrect username or password." + evil}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&signin.Error{Step: "PASSWORD_VERIFIER", Err: fmt.Errorf("operation error: %w", api)},
			`NotAuthorizedException: Incorrect username or password.\x1b]0;owned\a\x1b[2Jfake prompt Password:  (PASSWORD_VERIFIER)`},
		{fmt.Errorf("wrapped: %w", api), `NotAuthorizedException: Incorrect username or password.\x1b]0;owned\a\x1b[2Jfake prompt Password: `},
		{errors.New("writing the cache file: " + evil), `writing the cache file: \x1b]0;owned\a\x1b[2Jfake prompt Password: `},
		{&signin.Error{Step: "start", Err: signin.ErrInvalidConfig}, "signin: start: signin: invalid configuration"},
	} {
		if got := errorText(tc.err); got != tc.want {
			t.Errorf("errorText(%v)\n got %s\nwant %s", tc.err, got, tc.want)
		}
	}
}
