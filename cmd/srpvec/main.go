// Command srpvec generates, computes and checks Cognito SRP test vectors (the
// case schema of vectors/README.md).
//
// Usage:
//
//	srpvec gen [-seed S] [-count N]   write a vector file to stdout
//	srpvec compute FILE|-             compute every case's outputs with this module
//	srpvec check FILE|-               recompute every case and compare
//
// gen draws every random input from a DRBG keyed by the seed (ChaCha20, see
// the meta of its output), so the same seed and count give the same bytes;
// vectors/cognito-srp-vectors.json is `srpvec gen` with the default seed and
// count. The file holds an edge-case catalogue (every edge of SPEC.md) and
// random cases up to N in all.
//
// compute reads cases (inputs only, or full) and writes them with the outputs
// this module computes; a case the library refuses gets outputs.error. A
// literal string timestamp input is signed verbatim.
//
// check recomputes every case, prints one line per mismatch
//
//	<case id> <field>: got <value>, want <value>
//
// and a final line "N passed, M failed"; it exits with status 1 if any case
// failed. A malformed file or case gets a message naming the case and exit
// status 2.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/srpkit/cognito/vectors"
)

const usage = `usage: srpvec gen [-seed S] [-count N]
       srpvec compute FILE|-
       srpvec check FILE|-
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "gen":
		fs := flag.NewFlagSet("gen", flag.ContinueOnError)
		fs.SetOutput(stderr)
		seed := fs.String("seed", DefaultSeed, "seed of the DRBG that draws every random input")
		count := fs.Int("count", DefaultCount, "number of cases (at least the edge catalogue)")
		if err := fs.Parse(args[1:]); err != nil {
			return 2
		}
		if fs.NArg() != 0 {
			fmt.Fprintf(stderr, "srpvec gen: unexpected argument %q\n%s", fs.Arg(0), usage)
			return 2
		}
		f, err := Generate(*seed, *count)
		if err != nil {
			fmt.Fprintf(stderr, "srpvec gen: %v\n", err)
			var ce *countError
			if errors.As(err, &ce) {
				return 2
			}
			return 1
		}
		return write(f, stdout, stderr, "gen")
	case "compute", "check":
		if len(args) != 2 {
			fmt.Fprintf(stderr, "srpvec %s: want exactly one FILE or -\n%s", args[0], usage)
			return 2
		}
		f, err := readFile(args[1], stdin)
		if err != nil {
			fmt.Fprintf(stderr, "srpvec %s: %v\n", args[0], err)
			return 2
		}
		if args[0] == "check" {
			return check(f, stdout, stderr)
		}
		out, err := ComputeFile(f)
		if err != nil {
			fmt.Fprintf(stderr, "srpvec compute: %v\n", err)
			return exitFor(err)
		}
		return write(out, stdout, stderr, "compute")
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "srpvec: unknown command %q\n%s", args[0], usage)
	return 2
}

func exitFor(err error) int {
	var ie *inputError
	if errors.As(err, &ie) {
		return 2
	}
	return 1
}

func readFile(name string, stdin io.Reader) (*vectors.File, error) {
	var (
		data []byte
		err  error
	)
	if name == "-" {
		data, err = io.ReadAll(stdin)
		name = "stdin"
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, err
	}
	f, err := vectors.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, strings.TrimPrefix(err.Error(), "vectors: "))
	}
	return f, nil
}

func write(f *vectors.File, stdout, stderr io.Writer, cmd string) int {
	b, err := vectors.Marshal(f)
	if err != nil {
		fmt.Fprintf(stderr, "srpvec %s: %v\n", cmd, err)
		return 1
	}
	if _, err := stdout.Write(b); err != nil {
		fmt.Fprintf(stderr, "srpvec %s: %v\n", cmd, err)
		return 1
	}
	return 0
}

// ComputeFile returns a copy of f whose cases carry the outputs computed by
// this module.
func ComputeFile(f *vectors.File) (*vectors.File, error) {
	for i := range f.Cases {
		if err := checkInputs(&f.Cases[i]); err != nil {
			return nil, err
		}
	}
	meta, err := marshalMeta(computeMeta{
		Title:      "Outputs computed by github.com/srpkit/cognito (srpvec compute)",
		InputsFrom: f.Meta,
	})
	if err != nil {
		return nil, err
	}
	out := &vectors.File{Meta: meta, Cases: make([]vectors.Case, len(f.Cases))}
	for i, c := range f.Cases {
		o, err := compute(&c)
		if err != nil {
			return nil, err
		}
		c.Outputs = o
		out.Cases[i] = c
	}
	return out, nil
}

// checkResult is the outcome of checking a file.
type checkResult struct {
	passed, failed int
	lines          []string // one per mismatch
}

// checkFile recomputes every case of f and compares it with the file's
// outputs (vectors.Compare). The error is for a malformed file or case.
func checkFile(f *vectors.File) (*checkResult, error) {
	for i := range f.Cases {
		c := &f.Cases[i]
		if c.Outputs == nil {
			return nil, &inputError{c.ID, "no outputs to check against"}
		}
		if c.Outputs.Error == "" && c.Outputs.Field(c.Kind.Primary()) == "" {
			return nil, &inputError{c.ID, fmt.Sprintf("outputs have neither %s nor error", c.Kind.Primary())}
		}
		if err := checkInputs(c); err != nil {
			return nil, err
		}
	}
	r := &checkResult{}
	for i := range f.Cases {
		c := &f.Cases[i]
		got, err := compute(c)
		var ms []vectors.Mismatch
		if err != nil {
			var ie *inputError
			if errors.As(err, &ie) {
				return nil, err
			}
			ms = []vectors.Mismatch{{Field: "panic", Got: err.Error(), Want: vectors.None}}
		} else {
			ms = vectors.Compare(c.Kind, c.Outputs, got)
		}
		if len(ms) == 0 {
			r.passed++
			continue
		}
		r.failed++
		for _, m := range ms {
			r.lines = append(r.lines, fmt.Sprintf("%s %s: got %s, want %s", c.ID, m.Field, m.Got, m.Want))
		}
	}
	return r, nil
}

func check(f *vectors.File, stdout, stderr io.Writer) int {
	r, err := checkFile(f)
	if err != nil {
		fmt.Fprintf(stderr, "srpvec check: %v\n", err)
		return exitFor(err)
	}
	for _, l := range r.lines {
		fmt.Fprintln(stdout, l)
	}
	fmt.Fprintf(stdout, "%d passed, %d failed\n", r.passed, r.failed)
	if r.failed > 0 {
		return 1
	}
	return 0
}
