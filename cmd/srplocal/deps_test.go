package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoTestingDependency: srplocal is a program, and srptest (like
// net/http/httptest) does not link package testing into it.
func TestNoTestingDependency(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) == 0 || deps[len(deps)-1] != "github.com/srpkit/cognito/cmd/srplocal" {
		t.Fatalf("go list -deps does not end with srplocal:\n%s", out)
	}
	for _, p := range deps {
		if p == "testing" || strings.HasPrefix(p, "testing/") {
			t.Errorf("srplocal depends on %s", p)
		}
	}
}
