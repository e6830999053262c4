package cognito_test

// The packages the snippets import, linked into this test binary for one
// reason: go test then runs TestREADMESnippets only after it has compiled
// them, so that the test's own go build finds them in the build cache
// instead of compiling the AWS SDK a second time, in parallel, on a first
// run with an empty cache.
import (
	_ "github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	_ "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	_ "github.com/go-jose/go-jose/v4/jwt"
	_ "github.com/srpkit/cognito/srp/signin"
	_ "github.com/srpkit/cognito/srp/signin/identitypool"
	_ "github.com/srpkit/cognito/srp/signin/oauth2adapt"
	_ "github.com/srpkit/cognito/srp/srptest"
	_ "golang.org/x/oauth2"
)
