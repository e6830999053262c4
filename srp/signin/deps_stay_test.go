package signin_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestSubpackageDependencies: x/oauth2 and service/cognitoidentity are the
// dependencies of the subpackages that need them, never this package's.
func TestSubpackageDependencies(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/srpkit/cognito/srp/signin").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	if !strings.Contains(string(out), "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider\n") {
		t.Fatalf("go list printed no cognitoidentityprovider:\n%s", out)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "golang.org/x/oauth2") || strings.HasPrefix(p, "github.com/aws/aws-sdk-go-v2/service/cognitoidentity/") ||
			p == "github.com/aws/aws-sdk-go-v2/service/cognitoidentity" {
			t.Errorf("package signin depends on %s", p)
		}
	}
}
