package signin_test

import (
	"encoding/base64"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/srpkit/cognito/secrethash"
	"github.com/srpkit/cognito/srp/signin"
	"github.com/srpkit/cognito/srp/srptest"
)

func base64URL(s string) ([]byte, error) { return base64.RawURLEncoding.DecodeString(s) }

func secretHash(name string) string { return secrethash.Compute(name, testClient, testSecret) }

// serve starts srptest with cfg, closed when the test ends, and returns it
// and an SDK client for it.
func serve(t *testing.T, cfg srptest.Config) (*srptest.Server, *cip.Client) {
	t.Helper()
	srv, err := srptest.NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv, cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: aws.AnonymousCredentials{}})
}

func mustClient(t *testing.T, api signin.APIClient, cfg signin.Config) *signin.Client {
	t.Helper()
	c, err := signin.New(api, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
