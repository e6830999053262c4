package identitypool_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ci "github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/srpkit/cognito/srp/signin"
	"github.com/srpkit/cognito/srp/signin/identitypool"
	"github.com/srpkit/cognito/srp/srptest"
)

// A user signs in, then gets AWS credentials of the identity pool's
// authenticated role, renewed as they expire: the aws.CredentialsCache goes
// in aws.Config.Credentials or any client's Options.Credentials.
func ExampleNew() {
	// srptest stands in for Cognito: the user pool and the identity pool.
	srv, err := srptest.NewServer(srptest.Config{
		UserPoolID: "us-east-1_Example", ClientID: "exampleclient",
		IdentityPoolID: "us-east-1:0b8f0e4c-6a59-4b0e-9d5e-3f2a1c4b5d6e",
		Users:          []srptest.User{{Username: "alice", Password: "Correct horse 1!"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()

	users := cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: aws.AnonymousCredentials{}})
	c, err := signin.New(users, signin.Config{UserPoolID: "us-east-1_Example", ClientID: "exampleclient"})
	if err != nil {
		log.Fatal(err)
	}
	res, err := c.SignIn(ctx, "alice", "Correct horse 1!")
	if err != nil {
		log.Fatal(err)
	}
	ts, err := c.TokenSource(res.Tokens, signin.TokenSourceOptions{})
	if err != nil {
		log.Fatal(err)
	}

	ids := ci.New(ci.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL)}) // no BaseEndpoint for AWS
	creds, err := identitypool.New(ids, ts, identitypool.Config{
		IdentityPoolID: "us-east-1:0b8f0e4c-6a59-4b0e-9d5e-3f2a1c4b5d6e",
		UserPoolID:     "us-east-1_Example",
	})
	if err != nil {
		log.Fatal(err)
	}
	cfg := aws.Config{Region: "us-east-1", Credentials: creds} // for s3.NewFromConfig(cfg), ...
	v, err := cfg.Credentials.Retrieve(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.HasPrefix(v.AccessKeyID, "ASIA"), v.CanExpire)
	// Output: true true
}
