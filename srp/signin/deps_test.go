package signin_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestSRPHasNoAWSDependency: the AWS SDK is this package's dependency, never
// package srp's.
func TestSRPHasNoAWSDependency(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/srpkit/cognito/srp").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	if !strings.Contains(string(out), "github.com/srpkit/cognito/srp\n") {
		t.Fatalf("go list printed no package srp:\n%s", out)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.Contains(p, "aws") || strings.Contains(p, "smithy") {
			t.Errorf("package srp depends on %s", p)
		}
	}
}
