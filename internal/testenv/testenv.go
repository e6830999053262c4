// Package testenv is what the module's tests share about how they run: which
// steps run only on request, the seeds of randomized tests, so that a
// failure can be replayed, and the fixtures of several packages' tests (a
// settable clock, unsigned tokens, a package's dependencies).
//
// The default `go test ./...` runs the fast checks. The long sweeps (every
// exponent length, the IFMA model's chains, srpvec's full generation) and the
// statistical timing tests run only with SRP_LONG_TESTS=1, which .ci/run sets
// in its own step.
package testenv

import (
	"encoding/base64"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// LongEnv is the environment variable that turns on the long and
// statistical tests: SRP_LONG_TESTS=1.
const LongEnv = "SRP_LONG_TESTS"

// SeedEnv is the environment variable that fixes the seed of every
// randomized test, to replay a failure: SRP_SEED=<the logged seed>.
const SeedEnv = "SRP_SEED"

// Long reports whether the long and statistical tests run.
func Long() bool { return os.Getenv(LongEnv) == "1" }

// SkipUnlessLong skips t unless SRP_LONG_TESTS=1; why says what the test
// does, for the skip message.
func SkipUnlessLong(t testing.TB, why string) {
	t.Helper()
	if !Long() {
		t.Skipf("%s: runs with %s=1 (a named step of .ci/run)", why, LongEnv)
	}
}

// Seed returns the seed of a randomized test, SRP_SEED if it is set, else a
// fresh one, and logs it so that a failing run can be replayed. A malformed
// SRP_SEED fails the test.
func Seed(t testing.TB) uint64 {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv(SeedEnv); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("%s=%q: want a decimal uint64", SeedEnv, s)
		}
		seed = v
	}
	t.Logf("seed %d (replay with %s=%d)", seed, SeedEnv, seed)
	return seed
}

// Rand returns a generator seeded with Seed(t).
func Rand(t testing.TB) *rand.Rand {
	t.Helper()
	s := Seed(t)
	return rand.New(rand.NewPCG(s, s^0x9e3779b97f4a7c15))
}

// Deps returns what `go list -deps pkg` prints: the packages pkg imports,
// directly or not, and pkg last. pkg is a full import path.
func Deps(t testing.TB, pkg string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", pkg).Output()
	if err != nil {
		t.Fatalf("go list -deps %s: %v", pkg, err)
	}
	deps := strings.Fields(string(out))
	if len(deps) == 0 || deps[len(deps)-1] != pkg {
		t.Fatalf("go list -deps %s does not end with it:\n%s", pkg, out)
	}
	return deps
}

// UnsignedJWT returns a JWT with claims and no real signature, for fakes
// of Cognito: signin reads the claims of its tokens without verifying them.
func UnsignedJWT(claims map[string]any) string {
	b, err := json.Marshal(claims)
	if err != nil {
		panic(err) // a test's own literal claims
	}
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS256","kid":"k"}`)) + "." + enc(b) + "." + enc([]byte("sig"))
}

// Clock is a settable clock, safe for concurrent use: its Now method is
// srptest's Config.Now and signin's clock in tests, which move it with Add.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a Clock that reads t until it is moved.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
