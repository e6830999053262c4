package main

import (
	"strings"
	"testing"

	"github.com/srpkit/cognito/internal/testenv"
)

// TestNoTestingDependency: srplocal is a program, and srptest (like
// net/http/httptest) does not link package testing into it.
func TestNoTestingDependency(t *testing.T) {
	for _, p := range testenv.Deps(t, "github.com/srpkit/cognito/cmd/srplocal") {
		if p == "testing" || strings.HasPrefix(p, "testing/") {
			t.Errorf("srplocal depends on %s", p)
		}
	}
}
