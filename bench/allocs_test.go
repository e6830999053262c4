package bench

import (
	"testing"

	"github.com/srpkit/cognito/srp"
)

// maxLoginAllocs is issue 5's budget of heap allocations for one whole
// sign-in (NewUserSession, SRPA, Respond). Raise it only with a reason.
const maxLoginAllocs = 40

// TestLoginAllocs fails if a sign-in allocates more than maxLoginAllocs times.
func TestLoginAllocs(t *testing.T) {
	var c *vectorCase
	for _, v := range loadVectors(t, subsetVectors) {
		if v.ID == benchCaseID {
			c = &v
		}
	}
	if c == nil {
		t.Fatalf("vector %s not found", benchCaseID)
	}
	params := c.challenge()
	id, _ := c.poolID()
	var err error
	allocs := testing.AllocsPerRun(5, func() {
		var s *srp.Session
		if s, err = srp.NewUserSession(id, c.Inputs.Password); err != nil {
			return
		}
		_ = s.SRPA()
		_, err = s.Respond(params, benchNow)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%.0f allocations per login", allocs)
	if allocs > maxLoginAllocs {
		t.Errorf("%.0f allocations per login, want at most %d", allocs, maxLoginAllocs)
	}
}
