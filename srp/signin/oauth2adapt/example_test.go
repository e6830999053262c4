package oauth2adapt_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"golang.org/x/oauth2"

	"github.com/srpkit/cognito/srp/signin"
	"github.com/srpkit/cognito/srp/signin/oauth2adapt"
	"github.com/srpkit/cognito/srp/srptest"
)

// An *http.Client that sends the user's ID token to an API (API Gateway
// with a Cognito authorizer, say) and renews it before it expires.
func ExampleTokenSource() {
	srv, err := srptest.NewServer(srptest.Config{UserPoolID: "us-east-1_Example", ClientID: "exampleclient",
		Users: []srptest.User{{Username: "alice", Password: "Correct horse 1!"}}})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	// The API: it answers with the scheme of the Authorization header.
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, _, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		fmt.Fprint(w, scheme)
	}))
	defer api.Close()
	ctx := context.Background()

	c, err := signin.New(cip.New(cip.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: aws.AnonymousCredentials{}}),
		signin.Config{UserPoolID: "us-east-1_Example", ClientID: "exampleclient"})
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
	client := oauth2.NewClient(ctx, oauth2adapt.TokenSource(ctx, ts, oauth2adapt.IDToken))
	resp, err := client.Get(api.URL)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	fmt.Println(string(b))
	// Output: Bearer
}
