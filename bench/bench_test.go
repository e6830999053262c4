package bench

// Per-operation and per-login benchmarks of the library (impl=ct) against the
// math/big baseline (impl=mathbig), run in the same invocation so that their
// ratio is meaningful on a shared, noisy machine. bench/run.sh runs them with
// -count 10 and benchstat; see bench/README.md. These are warm (the
// fixed-base table built first, as in a long-running process; its build time
// is BenchmarkFixedBaseTable in srp/internal/modp); cold_test.go measures the
// first sign-in of a fresh process.

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/srpkit/cognito/srp"
)

// benchCaseID is the reference vector whose challenge (SRP_B, SALT,
// SECRET_BLOCK, user and pool) every login benchmark answers.
const benchCaseID = "password-001-random"

// The device of the DeviceVerifier benchmarks.
const groupKey, deviceKey = "-sDJGT0AhO", "ap-northeast-1_923c7a82-091b-4eff-b9ed-ffe41ea26eec"

// asizes are the ephemeral lengths (bytes of a) of the growth benchmarks.
var asizes = []int{32, 64, 128, 256, 512, 1024}

var (
	benchOnce sync.Once
	benchVec  vectorCase
)

func benchCase(b *testing.B) *vectorCase {
	benchOnce.Do(func() {
		for _, c := range loadVectors(b, subsetVectors) {
			if c.ID == benchCaseID {
				benchVec = c
			}
		}
		// These benchmarks are warm: a long-running process, in which the
		// fixed-base table exists. Its one-time cost is
		// BenchmarkFixedBaseTable's; BenchmarkColdLogin measures a process
		// that signs in once.
		srp.Precompute()
	})
	if benchVec.ID == "" {
		b.Fatalf("vector %s not found in %s", benchCaseID, subsetVectors)
	}
	return &benchVec
}

var benchNow = time.Date(2026, 11, 22, 0, 5, 9, 0, time.UTC)

// loginCT is one whole sign-in with the library: a fresh random a, SRP_A,
// then the PASSWORD_VERIFIER response.
func loginCT(b *testing.B, id, password string, params map[string]string, opts []srp.Option) {
	s, err := srp.NewUserSession(id, password, opts...)
	if err != nil {
		b.Fatal(err)
	}
	_ = s.SRPA()
	if _, err := s.Respond(params, benchNow); err != nil {
		b.Fatal(err)
	}
}

func loginBig(b *testing.B, id, password string, params map[string]string, n int) {
	s, err := NewBigSessionSize(id, password, n)
	if err != nil {
		b.Fatal(err)
	}
	_ = s.SRPA()
	if _, err := s.Respond(params, benchNow); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkLogin measures a whole sign-in: NewUserSession (drawing a) and
// Respond to a fixed challenge.
func BenchmarkLogin(b *testing.B) {
	c := benchCase(b)
	params := c.challenge()
	id, _ := c.poolID()
	pw := c.Inputs.Password
	b.Run("impl=ct", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			loginCT(b, id, pw, params, nil)
		}
	})
	b.Run("impl=mathbig", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			loginBig(b, id, pw, params, 128)
		}
	})
	for _, n := range []int{32, 128} {
		opts := []srp.Option{srp.WithEphemeralSize(n)}
		b.Run(fmt.Sprintf("impl=ct/asize=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				loginCT(b, id, pw, params, opts)
			}
		})
		b.Run(fmt.Sprintf("impl=mathbig/asize=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				loginBig(b, id, pw, params, n)
			}
		})
	}
}

// BenchmarkSRPA measures session creation: drawing a and computing SRP_A,
// with the default 128-byte a and then for each length in asizes.
func BenchmarkSRPA(b *testing.B) {
	c := benchCase(b)
	id, _ := c.poolID()
	ct := func(n int) func(*testing.B) {
		var opts []srp.Option
		if n != 0 {
			opts = append(opts, srp.WithEphemeralSize(n))
		}
		return func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				s, err := srp.NewUserSession(id, c.Inputs.Password, opts...)
				if err != nil {
					b.Fatal(err)
				}
				_ = s.SRPA()
			}
		}
	}
	mb := func(n int) func(*testing.B) {
		return func(b *testing.B) {
			if n == 0 {
				n = 128
			}
			b.ReportAllocs()
			for range b.N {
				s, err := NewBigSessionSize(id, c.Inputs.Password, n)
				if err != nil {
					b.Fatal(err)
				}
				_ = s.SRPA()
			}
		}
	}
	b.Run("impl=ct", ct(0))
	b.Run("impl=mathbig", mb(0))
	for _, n := range asizes {
		b.Run(fmt.Sprintf("impl=ct/asize=%d", n), ct(n))
		b.Run(fmt.Sprintf("impl=mathbig/asize=%d", n), mb(n))
	}
}

// BenchmarkRespond measures Respond alone (u, x, g^x, S, HKDF, HMAC): the
// sessions are created, with random 128-byte a, before the timer starts.
func BenchmarkRespond(b *testing.B) {
	c := benchCase(b)
	params := c.challenge()
	id, _ := c.poolID()
	b.Run("impl=ct", func(b *testing.B) {
		ss := make([]*srp.Session, b.N)
		for i := range ss {
			var err error
			if ss[i], err = srp.NewUserSession(id, c.Inputs.Password); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportAllocs()
		b.ResetTimer()
		for _, s := range ss {
			if _, err := s.Respond(params, benchNow); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=mathbig", func(b *testing.B) {
		ss := make([]*BigSession, b.N)
		for i := range ss {
			var err error
			if ss[i], err = NewBigUserSession(id, c.Inputs.Password, nil); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportAllocs()
		b.ResetTimer()
		for _, s := range ss {
			if _, err := s.Respond(params, benchNow); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkDeviceVerifier measures NewDeviceVerifier (ConfirmDevice): 56
// random bytes, x, and the verifier g^x.
func BenchmarkDeviceVerifier(b *testing.B) {
	srp.Precompute() // warm: the table exists
	b.Run("impl=ct", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, err := srp.NewDeviceVerifier(groupKey, deviceKey); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=mathbig", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, err := NewBigDeviceVerifier(groupKey, deviceKey, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
