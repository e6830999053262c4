package bench

// Cold benchmarks: the first sign-in (or device verifier) of a fresh process,
// as a command-line tool, a Lambda cold start or a test sees it. Every op
// re-executes this test binary; TestMain sees coldEnv and, instead of the
// tests, times the child's first NewUserSession + Respond (or
// NewDeviceVerifier), prints the figures and exits. The parent reports the
// child's time as the op's time, so process start-up and the loading of the
// challenge are not counted, but everything the library does the first time
// (first-use allocations, building tables, cold caches) is.

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/srpkit/cognito/srp"
)

// coldEnv names the op the child runs: "login/ct", "login/mathbig",
// "deviceverifier/ct" or "deviceverifier/mathbig".
const coldEnv = "SRPBENCH_COLD_CHILD"

func TestMain(m *testing.M) {
	if op := os.Getenv(coldEnv); op != "" {
		if err := coldChild(op); err != nil {
			fmt.Fprintln(os.Stderr, "cold child:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// coldChild runs op once and prints "cold NS CPU HEAP HELD": NS is the wall
// time of the op, CPU the process's CPU time during it (less disturbed by
// other load on a shared machine; 0 where not measured), HEAP is the live
// heap after the op (after a GC), HELD that minus the live heap before it,
// what the implementation keeps for the rest of the process.
func coldChild(op string) error {
	cases, err := readVectors(subsetVectors)
	if err != nil {
		return err
	}
	var c *vectorCase
	for i := range cases {
		if cases[i].ID == benchCaseID {
			c = &cases[i]
		}
	}
	if c == nil {
		return fmt.Errorf("vector %s not found", benchCaseID)
	}
	params := c.challenge()
	id, _ := c.poolID()
	pw := c.Inputs.Password
	var before, after runtime.MemStats
	gc := func(m *runtime.MemStats) {
		runtime.GC()
		runtime.GC() // the second empties sync.Pool victim caches too
		runtime.ReadMemStats(m)
	}
	gc(&before)

	start, cpu0 := time.Now(), cpuTime()
	switch op {
	case "login/ct":
		var s *srp.Session
		if s, err = srp.NewUserSession(id, pw); err == nil {
			_, err = s.Respond(params, benchNow)
		}
	case "login/mathbig":
		var s *BigSession
		if s, err = NewBigUserSession(id, pw, nil); err == nil {
			_, err = s.Respond(params, benchNow)
		}
	case "deviceverifier/ct":
		_, err = srp.NewDeviceVerifier(groupKey, deviceKey)
	case "deviceverifier/mathbig":
		_, err = NewBigDeviceVerifier(groupKey, deviceKey, nil)
	default:
		err = fmt.Errorf("unknown op %q", op)
	}
	d, cpu := time.Since(start), cpuTime()-cpu0
	if err != nil {
		return err
	}
	gc(&after)
	fmt.Printf("cold %d %d %d %d\n", d.Nanoseconds(), cpu.Nanoseconds(), after.HeapAlloc, int64(after.HeapAlloc)-int64(before.HeapAlloc))
	return nil
}

// benchCold runs op in a fresh child process per iteration. It reports the
// children's own timings as ns/op and their CPU times as cpu-ns/op, medians
// over the b.N children (so that one child stalled by other load on a shared
// machine does not move the sample), and as means the live heap after the op
// (heap-B), its growth over the op (held-B) and the package initialisation
// of the implementation (init-ns, from GODEBUG=inittrace: srp,
// srp/internal/modp and secrethash for ct; this package, whose
// initialisation is the baseline's globals, for mathbig).
func benchCold(b *testing.B, op string) {
	var wall, cpu []float64
	var heap, held, initNs float64
	pkgs := []string{"github.com/srpkit/cognito/srp", "github.com/srpkit/cognito/secrethash"}
	if strings.HasSuffix(op, "/mathbig") {
		pkgs = []string{"github.com/srpkit/cognito/bench"}
	}
	for range b.N {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), coldEnv+"="+op, "GODEBUG=inittrace=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("child %s: %v\n%s", op, err, stderr.Bytes())
		}
		var ns, c, hp, h int64
		if _, err := fmt.Sscanf(string(out), "cold %d %d %d %d", &ns, &c, &hp, &h); err != nil {
			b.Fatalf("child %s printed %q: %v", op, out, err)
		}
		wall = append(wall, float64(ns))
		cpu = append(cpu, float64(c))
		heap += float64(hp)
		held += float64(h)
		initNs += initClock(stderr.Bytes(), pkgs)
	}
	n := float64(b.N)
	b.ReportMetric(median(wall), "ns/op")
	b.ReportMetric(median(cpu), "cpu-ns/op")
	b.ReportMetric(heap/n, "heap-B")
	b.ReportMetric(held/n, "held-B")
	b.ReportMetric(initNs/n, "init-ns")
}

func median(x []float64) float64 {
	slices.Sort(x)
	n := len(x)
	return (x[(n-1)/2] + x[n/2]) / 2
}

// initClock sums the "ms clock" of the inittrace lines of the packages under
// the given import path prefixes ("init PKG @T ms, C ms clock, ...").
func initClock(trace []byte, prefixes []string) float64 {
	var sum float64
	sc := bufio.NewScanner(bytes.NewReader(trace))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 7 || f[0] != "init" || f[6] != "clock," {
			continue
		}
		for _, p := range prefixes {
			if f[1] == p || strings.HasPrefix(f[1], p+"/") {
				if ms, err := strconv.ParseFloat(f[4], 64); err == nil {
					sum += ms * 1e6
				}
			}
		}
	}
	return sum
}

// BenchmarkColdLogin is the first sign-in of a fresh process (NewUserSession
// + Respond), each op in its own process.
func BenchmarkColdLogin(b *testing.B) {
	b.Run("impl=ct", func(b *testing.B) { benchCold(b, "login/ct") })
	b.Run("impl=mathbig", func(b *testing.B) { benchCold(b, "login/mathbig") })
}

// BenchmarkColdDeviceVerifier is the first NewDeviceVerifier of a fresh
// process, each op in its own process.
func BenchmarkColdDeviceVerifier(b *testing.B) {
	b.Run("impl=ct", func(b *testing.B) { benchCold(b, "deviceverifier/ct") })
	b.Run("impl=mathbig", func(b *testing.B) { benchCold(b, "deviceverifier/mathbig") })
}
