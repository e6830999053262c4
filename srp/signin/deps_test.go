package signin_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/srpkit/cognito/internal/testenv"
)

// TestSRPHasNoAWSDependency: the AWS SDK is this package's dependency, never
// package srp's.
func TestSRPHasNoAWSDependency(t *testing.T) {
	for _, p := range testenv.Deps(t, "github.com/srpkit/cognito/srp") {
		if strings.Contains(p, "aws") || strings.Contains(p, "smithy") {
			t.Errorf("package srp depends on %s", p)
		}
	}
}

// TestSubpackageDependencies: x/oauth2 and service/cognitoidentity are the
// dependencies of the subpackages that need them, never this package's.
func TestSubpackageDependencies(t *testing.T) {
	deps := testenv.Deps(t, "github.com/srpkit/cognito/srp/signin")
	if !slices.Contains(deps, "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider") {
		t.Fatalf("go list printed no cognitoidentityprovider: %v", deps)
	}
	for _, p := range deps {
		if strings.HasPrefix(p, "golang.org/x/oauth2") || strings.HasPrefix(p, "github.com/aws/aws-sdk-go-v2/service/cognitoidentity/") ||
			p == "github.com/aws/aws-sdk-go-v2/service/cognitoidentity" {
			t.Errorf("package signin depends on %s", p)
		}
	}
}
