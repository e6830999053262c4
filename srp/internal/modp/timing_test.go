package modp

import (
	"math"
	"math/big"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/srpkit/cognito/internal/testenv"
)

// A dudect-style timing test (Reparaz, Balasch, Verbauwhede 2017): time an
// operation on two classes of secret input, here exponents of the same byte
// length with the top half zero or uniformly random, in random interleaved
// order, crop the slow tail at several percentiles (noise only adds time),
// and compute Welch's t for each crop. |t| >= 5 means the classes are
// distinguishable. The same harness on math/big's Exp must exceed 10, which
// shows that it has the power to find such a leak: without it (a machine
// too busy) a path that shows no leak is skipped with the figures, never
// passed, and a path that leaks still fails.
//
// It runs only with SRP_LONG_TESTS=1 (a named step of .ci/run): it takes
// tens of seconds and wants a quiet machine.

const (
	timingExpLen = 128 // bytes, the default length of the secret a
	tLimit       = 5.0
)

// timingCrops are the percentiles below which samples are kept.
var timingCrops = []float64{0.5, 0.75, 0.9, 0.95, 0.99, 1}

// measure times f on random exponents of both classes (class 1: top half
// zero, class 0: uniform) in random order: n of them, or fewer (but at least
// 1000) if n would take longer than budget. Every call reads the exponent
// from the same buffer, so addresses do not differ between the classes.
func measure(r *rand.Rand, n int, budget time.Duration, f func(e []byte)) (times [2][]float64) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	e := make([]byte, timingExpLen)
	warm := time.Now()
	for range 20 { // warm up caches, the table and the CPU clock
		randBytes(r, e)
		f(e)
	}
	n = min(n, max(1000, int(budget/(time.Since(warm)/20))))

	class := make([]int, n)
	inputs := make([][]byte, n)
	for i := range inputs {
		class[i] = r.IntN(2)
		inputs[i] = make([]byte, timingExpLen)
		if class[i] == 1 {
			randBytes(r, inputs[i][timingExpLen/2:])
		} else {
			randBytes(r, inputs[i])
		}
	}
	times[0] = make([]float64, 0, n)
	times[1] = make([]float64, 0, n)
	runtime.GC()
	for i := range n {
		copy(e, inputs[i])
		start := time.Now()
		f(e)
		d := time.Since(start)
		times[class[i]] = append(times[class[i]], float64(d.Nanoseconds()))
	}
	return times
}

// welch returns Welch's t for samples a and b.
func welch(a, b []float64) float64 {
	meanVar := func(x []float64) (m, v float64) {
		for _, s := range x {
			m += s
		}
		m /= float64(len(x))
		for _, s := range x {
			v += (s - m) * (s - m)
		}
		return m, v / float64(len(x)-1)
	}
	ma, va := meanVar(a)
	mb, vb := meanVar(b)
	return (ma - mb) / math.Sqrt(va/float64(len(a))+vb/float64(len(b)))
}

// maxT returns the largest |t| over the crops; a crop where either class
// keeps fewer than 20 samples is skipped.
func maxT(times [2][]float64) float64 {
	all := slices.Concat(times[0], times[1])
	slices.Sort(all)
	var worst float64
	for _, p := range timingCrops {
		limit := all[min(len(all)-1, int(p*float64(len(all))))]
		var kept [2][]float64
		for c := range times {
			for _, s := range times[c] {
				if s <= limit {
					kept[c] = append(kept[c], s)
				}
			}
		}
		if len(kept[0]) < 20 || len(kept[1]) < 20 {
			continue
		}
		worst = max(worst, math.Abs(welch(kept[0], kept[1])))
	}
	return worst
}

func TestConstantTime(t *testing.T) {
	testenv.SkipUnlessLong(t, "statistical timing test")
	r := testenv.Rand(t)
	b := make([]byte, Size)
	randBytes(r, b)
	x := elem(t, b)
	bigX := new(big.Int).SetBytes(b)
	var z Element

	// The harness has power if it sees math/big's leak: its Exp skips
	// leading zero bits, so top-half-zero exponents take about half the
	// time. Load from other processes only adds noise, which hides a
	// leak, so one clear run of the three is enough to show the power.
	bigTs := measureRuns(t, r, "math/big Exp", 3, 400, 3*time.Second, func(e []byte) {
		new(big.Int).Exp(bigX, new(big.Int).SetBytes(e), bigN)
	}, func(tv float64) bool { return tv > 2*tLimit })
	power := slices.Max(bigTs) > 2*tLimit

	// Every assembly path this CPU has (the pure-Go one where there is
	// none), each on its own: IFMA and ADX compute Exp and ExpG differently.
	forEachImpl(t, fastImpls(), func(t *testing.T) {
		BuildGTable() // this path's tables, before timing
		z.expGComb(make([]byte, combBits/8))
		timeExpAndExpG(t, r, x, &z)
		if !power && !t.Failed() {
			t.Skipf("no verdict: math/big Exp reached max |t| = %.1f in every run, want > %v; the machine is too noisy for the harness to see a leak", bigTs, 2*tLimit)
		}
	})
}

// timeExpAndExpG fails for every exponentiation path whose timing tells
// the two classes apart in every run.
func timeExpAndExpG(t *testing.T, r *rand.Rand, x, z *Element) {
	for _, c := range []struct {
		name string
		n    int
		f    func(e []byte)
	}{
		{"Exp", 2500, func(e []byte) { z.Exp(x, e) }},
		{"ExpBits", 2500, func(e []byte) { z.ExpBits(x, e, 8*len(e)-3) }},
		{"ExpG table", 4000, func(e []byte) { z.expGTable(e) }},
		{"ExpG ladder", 3000, func(e []byte) { z.expGLadder(e, 8*len(e)) }},
		{"ExpG comb", 4000, func(e []byte) { z.expGComb(e) }},
	} {
		// A leak shows up in every run, so it takes two failing runs to fail.
		ts := measureRuns(t, r, c.name, 2, c.n, 5*time.Second, c.f, func(tv float64) bool { return tv < tLimit })
		assert.Less(t, slices.Min(ts), tLimit, "%s: max |t| = %.2f in every run: timing depends on the exponent", c.name, ts)
	}
}

// measureRuns measures f (as measure does) up to runs times, logging each
// run's max |t|, and stops at the first run for which done holds. A shared
// machine can be noisy for seconds at a time, so a verdict rests on the
// best of the runs.
func measureRuns(t *testing.T, r *rand.Rand, name string, runs, n int, budget time.Duration, f func(e []byte), done func(tv float64) bool) []float64 {
	var ts []float64
	for range runs {
		times := measure(r, n, budget, f)
		ts = append(ts, maxT(times))
		t.Logf("%s: max |t| = %.2f (%d samples)", name, ts[len(ts)-1], len(times[0])+len(times[1]))
		if done(ts[len(ts)-1]) {
			break
		}
	}
	return ts
}
