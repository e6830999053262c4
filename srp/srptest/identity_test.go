package srptest_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ci "github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	citypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentity/types"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/srpkit/cognito/internal/testenv"
)

const testIdentityPool = "us-east-1:0b8f0e4c-6a59-4b0e-9d5e-3f2a1c4b5d6e"

// identityServer starts a server with an identity pool and returns the
// user pool and identity clients and the clock.
func identityServer(t *testing.T) (*cip.Client, *ci.Client, *testenv.Clock, *logLines) {
	t.Helper()
	clk := testenv.NewClock(time.Now())
	log := &logLines{}
	cfg := testConfig()
	cfg.Now, cfg.Logf, cfg.IdentityPoolID = clk.Now, log.logf, testIdentityPool
	srv := newServer(t, cfg)
	return newClient(srv), ci.New(ci.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: aws.AnonymousCredentials{}}), clk, log
}

// TestIdentityPool: GetId gives a stable IdentityId per user for an ID token
// of this pool; GetCredentialsForIdentity gives well-formed credentials for
// it; tampered, expired and foreign tokens, access tokens, other providers
// and other identities are refused as Cognito refuses them.
func TestIdentityPool(t *testing.T) {
	ctx := context.Background()
	c, ids, clk, log := identityServer(t)
	provider := "cognito-idp.us-east-1.amazonaws.com/" + testPool
	alice, alice2, bob := signIn(t, c, "alice", "Correct horse 1!"), signIn(t, c, "alice", "Correct horse 1!"), signIn(t, c, "bobby", "pässwörd")
	getID := func(logins map[string]string) (string, error) {
		out, err := ids.GetId(ctx, &ci.GetIdInput{IdentityPoolId: aws.String(testIdentityPool), Logins: logins})
		if err != nil {
			return "", err
		}
		return aws.ToString(out.IdentityId), nil
	}
	id, err := getID(map[string]string{provider: aws.ToString(alice.IdToken)})
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(id) {
		t.Errorf("IdentityId %q", id)
	}
	if again, _ := getID(map[string]string{provider: aws.ToString(alice2.IdToken)}); again != id {
		t.Errorf("IdentityId of another sign-in: %q, want %q", again, id)
	}
	bobID, _ := getID(map[string]string{provider: aws.ToString(bob.IdToken)})
	if bobID == id || bobID == "" {
		t.Errorf("bob's IdentityId %q", bobID)
	}

	out, err := ids.GetCredentialsForIdentity(ctx, &ci.GetCredentialsForIdentityInput{IdentityId: aws.String(id), Logins: map[string]string{provider: aws.ToString(alice.IdToken)}})
	if err != nil {
		t.Fatal(err)
	}
	cr := out.Credentials
	if aws.ToString(out.IdentityId) != id || !regexp.MustCompile(`^ASIA[A-Z2-7]{16}$`).MatchString(aws.ToString(cr.AccessKeyId)) ||
		len(aws.ToString(cr.SecretKey)) != 40 || len(aws.ToString(cr.SessionToken)) < 100 ||
		cr.Expiration == nil || cr.Expiration.Unix() != clk.Now().Add(time.Hour).Unix() {
		t.Errorf("credentials %+v, IdentityId %q", *cr, aws.ToString(out.IdentityId))
	}

	id2 := aws.ToString(alice.IdToken)
	tampered := strings.Replace(id2, ".", ".e", 1)
	other := signInOther(t)
	for _, tc := range []struct {
		name   string
		logins map[string]string
		want   string
	}{
		{"no logins", nil, "Unauthenticated access is not supported"},
		{"another provider", map[string]string{"cognito-idp.us-east-1.amazonaws.com/us-east-1_Other": id2}, "Token is not from a supported provider"},
		{"tampered", map[string]string{provider: tampered}, "Couldn't verify signed token"},
		{"an access token", map[string]string{provider: aws.ToString(alice.AccessToken)}, "Missing a required claim: aud"},
		{"another server's", map[string]string{provider: other}, "Issuer doesn't match providerName"},
	} {
		_, err := getID(tc.logins)
		wantAPIError[*citypes.NotAuthorizedException](t, err, tc.want)
	}
	_, err = ids.GetId(ctx, &ci.GetIdInput{IdentityPoolId: aws.String("us-east-1:00000000-0000-4000-8000-000000000000"), Logins: map[string]string{provider: id2}})
	wantAPIError[*citypes.ResourceNotFoundException](t, err, "IdentityPool 'us-east-1:00000000-0000-4000-8000-000000000000' not found.")
	_, err = ids.GetCredentialsForIdentity(ctx, &ci.GetCredentialsForIdentityInput{IdentityId: aws.String(bobID), Logins: map[string]string{provider: id2}})
	wantAPIError[*citypes.NotAuthorizedException](t, err, "Logins don't match")
	_, err = ids.GetCredentialsForIdentity(ctx, &ci.GetCredentialsForIdentityInput{IdentityId: aws.String("us-east-1:00000000-0000-4000-8000-000000000000"), Logins: map[string]string{provider: id2}})
	wantAPIError[*citypes.ResourceNotFoundException](t, err, "not found")

	clk.Add(time.Hour)
	_, err = getID(map[string]string{provider: id2})
	wantAPIError[*citypes.NotAuthorizedException](t, err, "Invalid login token. Token expired")

	// The refusal log names no token and quotes what the client sent.
	lines := log.take()
	if len(lines) < 9 {
		t.Errorf("%d refusal lines, want one per refusal:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	for _, l := range lines {
		for _, tok := range []string{id2, tampered, other, aws.ToString(alice.AccessToken)} {
			if strings.Contains(l, tok[len(tok)-20:]) {
				t.Errorf("a token in the refusal log: %s", l)
			}
		}
	}
	if all := strings.Join(lines, "\n"); !strings.Contains(all, `Logins key "cognito-idp.us-east-1.amazonaws.com/us-east-1_Other"`) ||
		!strings.Contains(all, `unknown IdentityPoolId "us-east-1:00000000-0000-4000-8000-000000000000"`) {
		t.Errorf("refusal log:\n%s", all)
	}
}

// signInOther signs alice in to another server of the same pool (sharing
// the process's signing key, with another issuer) and returns her ID token.
func signInOther(t *testing.T) string {
	t.Helper()
	cfg := testConfig()
	cfg.IdentityPoolID = testIdentityPool
	return aws.ToString(signIn(t, newClient(newServer(t, cfg)), "alice", "Correct horse 1!").IdToken)
}

// TestNoIdentityPool: without IdentityPoolID, Cognito Identity's operations
// are unknown.
func TestNoIdentityPool(t *testing.T) {
	srv := newServer(t, testConfig())
	ids := ci.New(ci.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: aws.AnonymousCredentials{}})
	_, err := ids.GetId(context.Background(), &ci.GetIdInput{IdentityPoolId: aws.String(testIdentityPool)})
	if err == nil || !strings.Contains(err.Error(), "UnknownOperationException") {
		t.Errorf("GetId without an identity pool: %v", err)
	}
}
