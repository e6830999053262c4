// Command srpvec generates, computes and checks Cognito SRP test vectors (the
// case schema of vectors/README.md).
//
// Usage:
//
//	srpvec gen [-seed S] [-count N]   write a vector file to stdout
//	srpvec compute FILE|-             compute every case's outputs with this module
//	srpvec check FILE|-               recompute every case and compare
//
// "srpvec <command> -h" describes a command and its flags.
//
// gen draws every random input from a DRBG keyed by the seed (ChaCha20, see
// the meta of its output), so the same seed and count give the same bytes;
// vectors/cognito-srp-vectors.json is `srpvec gen` with the default seed and
// count. The file holds an edge-case catalogue (every quirk that
// docs/protocol.md describes) and random cases up to N in all.
//
// compute reads cases (inputs only, or full) and writes them with the outputs
// this module computes; a case the library refuses gets outputs.error. A
// literal string timestamp input is signed verbatim.
//
// check recomputes every case and prints one line per disagreement
//
//	<case id> <field>: library <value>, file <value>
//
// ("library" is this module, "file" the file checked), one line per case it
// cannot run (malformed, unknown keys, missing outputs: the case fails and the
// run goes on), and a final line "N passed, M failed"; it exits with status 1
// if any case failed.
//
// Errors go to standard error as "srpvec <command>: <file>: <message>", a case
// named as `case "<id>" (#n)`; a usage error or a file that cannot be used as
// a whole (not JSON, no cases) exits with status 2.
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

const usage = `usage: srpvec <command> [flags] [FILE|-]

Commands:
  gen      write a reproducible vector file to standard output
  compute  write a vector file with the outputs this library computes
  check    recompute every case of a vector file and report each disagreement

"srpvec <command> -h" describes a command and its flags.
`

// helps holds each command's -h text; the flags, if any, follow it.
var helps = map[string]string{
	"gen": `usage: srpvec gen [-seed S] [-count N]

Gen writes a vector file to standard output: the edge catalogue (every quirk
that docs/protocol.md describes) and random cases, -count cases in all. Every
input is drawn from a ChaCha20 DRBG keyed by -seed (the exact rule is in the
file's meta.drbg), so the same flags give the same bytes;
vectors/cognito-srp-vectors.json is "srpvec gen" with the defaults.
`,
	"compute": `usage: srpvec compute FILE|-

Compute reads a vector file (inputs only, or with outputs, which are replaced)
from FILE, or standard input for -, and writes it to standard output with the
outputs this library computes. A case the library refuses gets outputs.error;
a literal string timestamp is signed verbatim. A file it cannot use (not JSON,
unknown keys, a malformed case, no cases) is an error, exit status 2.
`,
	"check": `usage: srpvec check FILE|-

Check recomputes every case of a vector file (FILE, or standard input for -)
with this library and applies the pass rule of vectors/README.md. It prints
one line per disagreement,

	<case id> <field>: library <value>, file <value>

where "library" is what this module computes and "file" what the file says
(<none>: absent), one line per case it cannot run,

	<case id> <what>: <problem>

(a malformed case, an unknown key, missing outputs: the case counts as failed
and the run goes on), and last "N passed, M failed". Exit status: 0 if every
case passed, 1 if any failed, 2 for a usage error or a file that cannot be
used as a whole (not JSON, no cases).
`,
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 && helps[args[1]] != "" {
			return run([]string{args[1], "-h"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return 0
	case "gen", "compute", "check":
	default:
		fmt.Fprintf(stderr, "srpvec: unknown command %q\n\n%s", name, usage)
		return 2
	}

	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported below, in the one format
	var (
		seed  *string
		count *int
	)
	if name == "gen" {
		seed = fs.String("seed", DefaultSeed, "seed of the DRBG that draws every random input")
		count = fs.Int("count", DefaultCount, "number of cases (at least the edge catalogue)")
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "srpvec %s: %s (srpvec %s -h for help)\n", name, fmt.Sprintf(format, a...), name)
		return 2
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printHelp(stdout, fs)
			return 0
		}
		return usageErr("%v", err)
	}

	if name == "gen" {
		if fs.NArg() != 0 {
			return usageErr("unexpected argument %q", fs.Arg(0))
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
	}

	if fs.NArg() != 1 {
		return usageErr("want exactly one FILE or -, got %d arguments", fs.NArg())
	}
	file := fs.Arg(0)
	data, err := readInput(file, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "srpvec %s: %v\n", name, err)
		return 2
	}
	if file == "-" {
		file = "stdin"
	}
	fail := func(status int, err error) int {
		msg := strings.TrimPrefix(err.Error(), "vectors: ")
		fmt.Fprintf(stderr, "srpvec %s: %s: %s\n", name, file, msg)
		return status
	}
	f, bad, err := vectors.ParseCases(data)
	if err != nil {
		return fail(2, err)
	}
	if len(f.Cases)+len(bad) == 0 {
		return fail(2, errors.New("no cases"))
	}
	if name == "check" {
		return check(f, bad, stdout)
	}
	if len(bad) > 0 {
		return fail(2, bad[0])
	}
	out, err := ComputeFile(f)
	if err != nil {
		var ie *inputError
		if errors.As(err, &ie) {
			return fail(2, err)
		}
		return fail(1, err)
	}
	return write(out, stdout, stderr, "compute")
}

// printHelp writes a command's -h text and its flags.
func printHelp(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, helps[fs.Name()])
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		fmt.Fprint(w, "\nNo flags.\n")
		return
	}
	fmt.Fprint(w, "\nFlags:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
}

func readInput(name string, stdin io.Reader) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(stdin)
	}
	return os.ReadFile(name)
}

func write(f *vectors.File, stdout, stderr io.Writer, cmd string) int {
	b, err := vectors.Marshal(f)
	if err == nil {
		_, err = stdout.Write(b)
	}
	if err != nil {
		fmt.Fprintf(stderr, "srpvec %s: %v\n", cmd, err)
		return 1
	}
	return 0
}

// caseRef names case i (from 0) of a file as errors do.
func caseRef(i int, c *vectors.Case) string {
	return (&vectors.CaseError{Index: i, ID: c.ID}).Case()
}

// ComputeFile returns a copy of f whose cases carry the outputs computed by
// this module. An error names the case; it wraps an *inputError for inputs
// this tool cannot use.
func ComputeFile(f *vectors.File) (*vectors.File, error) {
	for i := range f.Cases {
		if err := checkInputs(&f.Cases[i]); err != nil {
			return nil, fmt.Errorf("%s: %w", caseRef(i, &f.Cases[i]), err)
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
			return nil, fmt.Errorf("%s: %w", caseRef(i, &c), err)
		}
		c.Outputs = o
		out.Cases[i] = c
	}
	return out, nil
}

// checkResult is the outcome of checking a file.
type checkResult struct {
	passed, failed int
	lines          []string // one per disagreement or unusable case
}

// checkFile recomputes every case of f and compares it with the file's
// outputs (vectors.Compare); bad are the cases that could not be read. A case
// it cannot run fails with a line saying why, and the run goes on.
func checkFile(f *vectors.File, bad []*vectors.CaseError) *checkResult {
	r := &checkResult{}
	fail := func(id, what, problem string) {
		r.lines = append(r.lines, fmt.Sprintf("%s %s: %s", id, what, problem))
	}
	for _, e := range bad {
		r.failed++
		id := e.ID
		if id == "" {
			id = fmt.Sprintf("#%d", e.Index+1)
		}
		fail(id, "malformed", e.Err.Error())
	}
	for i := range f.Cases {
		c := &f.Cases[i]
		if problem := unusable(c); problem != "" {
			r.failed++
			fail(c.ID, "malformed", problem)
			continue
		}
		got, err := compute(c)
		if err != nil {
			r.failed++
			var ie *inputError
			if errors.As(err, &ie) {
				fail(c.ID, "malformed", err.Error())
			} else {
				fail(c.ID, "error", err.Error()) // a panic: a bug of the library
			}
			continue
		}
		ms := vectors.Compare(c.Kind, c.Outputs, got)
		if len(ms) == 0 {
			r.passed++
			continue
		}
		r.failed++
		for _, m := range ms {
			fail(c.ID, m.Field, fmt.Sprintf("library %s, file %s", m.Got, m.Want))
		}
	}
	return r
}

// unusable says why a case that parsed has nothing to check ("" if it has).
func unusable(c *vectors.Case) string {
	if c.Outputs == nil {
		return "no outputs to check against"
	}
	if c.Outputs.Error == "" && c.Outputs.Field(c.Kind.Primary()) == "" {
		return fmt.Sprintf("outputs have neither %s nor error", c.Kind.Primary())
	}
	return ""
}

func check(f *vectors.File, bad []*vectors.CaseError, stdout io.Writer) int {
	r := checkFile(f, bad)
	for _, l := range r.lines {
		fmt.Fprintln(stdout, l)
	}
	fmt.Fprintf(stdout, "%d passed, %d failed\n", r.passed, r.failed)
	if r.failed > 0 {
		return 1
	}
	return 0
}
