package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/srpkit/cognito/internal/testenv"
	"github.com/srpkit/cognito/vectors"
)

// The reference files: computed by amazon-cognito-identity-js 6.3.21 and
// published by other clients (see vectors/testdata/README.md).
const (
	referenceFile = "../../vectors/testdata/aws-js-reference.json"
	peersFile     = "../../vectors/testdata/peers-published.json"
)

func parseFile(t *testing.T, path string) *vectors.File {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	f, err := vectors.Parse(data)
	require.NoError(t, err)
	return f
}

// TestCheckReferenceVectors runs the check logic over the AWS JS reference
// and the peers' published vectors: every case must pass through the public
// srp and secrethash API.
func TestCheckReferenceVectors(t *testing.T) {
	for _, tc := range []struct {
		path  string
		cases int
	}{{referenceFile, 302}, {peersFile, 14}} {
		t.Run(filepath.Base(tc.path), func(t *testing.T) {
			f := parseFile(t, tc.path)
			require.Len(t, f.Cases, tc.cases)
			r := checkFile(f, nil)
			assert.Empty(t, r.lines)
			assert.Equal(t, tc.cases, r.passed)
			assert.Zero(t, r.failed)
		})
	}
}

// TestCheckPublishedVectors runs the check logic over the published file.
func TestCheckPublishedVectors(t *testing.T) {
	f, err := vectors.Published()
	require.NoError(t, err)
	r := checkFile(f, nil)
	assert.Empty(t, r.lines)
	assert.Equal(t, len(f.Cases), r.passed)
	assert.GreaterOrEqual(t, r.passed, 300)
}

// TestPublishedFileIsReproducible regenerates the published file with the
// seed and count recorded in its meta and requires byte equality. It takes
// 5-10 s, so it runs with SRP_LONG_TESTS=1; TestGenerateSample checks a
// sample byte for byte in the default run.
func TestPublishedFileIsReproducible(t *testing.T) {
	testenv.SkipUnlessLong(t, "srpvec gen of the whole published file")
	raw, err := vectors.Raw(vectors.PublishedFile)
	require.NoError(t, err)
	var head struct {
		Meta struct {
			Seed  string `json:"seed"`
			Count int    `json:"count"`
		} `json:"meta"`
	}
	require.NoError(t, json.Unmarshal(raw, &head))
	require.NotEmpty(t, head.Meta.Seed)
	assert.Equal(t, DefaultSeed, head.Meta.Seed, "the published file uses the default seed")
	assert.Equal(t, DefaultCount, head.Meta.Count, "the published file uses the default count")

	f, err := Generate(head.Meta.Seed, head.Meta.Count)
	require.NoError(t, err)
	got, err := vectors.Marshal(f)
	require.NoError(t, err)
	require.True(t, bytes.Equal(got, raw), "srpvec gen -seed %q -count %d differs from vectors/%s; regenerate it with\n\tgo run ./cmd/srpvec gen > vectors/%s",
		head.Meta.Seed, head.Meta.Count, vectors.PublishedFile, vectors.PublishedFile)
}

// costlySearches are the categories whose inputs take hundreds of modular
// exponentiations or tens of thousands of hashes to find (0.1-1.5 s each):
// TestGenerateSample leaves them to TestPublishedFileIsReproducible.
var costlySearches = []string{
	"S-odd-hex-length", "S-leading-zero-byte", "device-S-odd-hex-length", "device-S-leading-zero-byte",
	"u-two-leading-zero-bytes", "verifier-odd-hex-length", "verifier-leading-zero-byte",
}

// TestGenerateSample plans the published file (the kind, category and id of
// every case must be the file's) and builds a sample, the first case of every
// category but costlySearches and the first random case of every kind (with
// -short, only the latter): the file with those cases regenerated must be
// byte-identical to the file.
func TestGenerateSample(t *testing.T) {
	raw, err := vectors.Raw(vectors.PublishedFile)
	require.NoError(t, err)
	published, err := vectors.Parse(raw)
	require.NoError(t, err)
	g := &generator{seed: DefaultSeed}
	slots, _, err := g.plan(DefaultCount)
	require.NoError(t, err)
	require.Len(t, slots, len(published.Cases))

	costly := map[string]bool{}
	for _, c := range costlySearches {
		costly[c] = true
	}
	sampled := 0
	for n, sl := range slots {
		want := published.Cases[n]
		require.Equal(t, fmt.Sprintf("%s-%03d-%s", sl.kind, n+1, sl.category), want.ID, "case #%d", n+1)
		delete(costly, sl.category) // every listed category exists
		if sl.i != 0 || slices.Contains(costlySearches, sl.category) || testing.Short() && sl.category != "random" {
			continue
		}
		got, err := g.build(sl, n+1)
		require.NoError(t, err)
		published.Cases[n] = got
		sampled++
	}
	assert.Empty(t, costly, "costlySearches names categories the catalogue does not have")
	again, err := vectors.Marshal(published)
	require.NoError(t, err)
	require.True(t, bytes.Equal(again, raw), "the published file with %d regenerated cases differs from vectors/%s; regenerate it with\n\tgo run ./cmd/srpvec gen > vectors/%s",
		sampled, vectors.PublishedFile, vectors.PublishedFile)
	t.Logf("%d of %d cases regenerated", sampled, len(slots))
}

// TestGenerate checks the seed's effect, the count's floor and the
// catalogue's coverage of the edges that docs/protocol.md describes.
func TestGenerate(t *testing.T) {
	published, err := vectors.Published()
	require.NoError(t, err)
	g := &generator{seed: "another seed"}
	slots, edges, err := g.plan(CatalogueSize() + 5)
	require.NoError(t, err)
	require.Len(t, slots, edges+5)
	first, err := g.build(slots[0], 1)
	require.NoError(t, err)
	require.Equal(t, published.Cases[0].ID, first.ID)
	assert.NotEqual(t, published.Cases[0].Inputs, first.Inputs, "another seed, other inputs")

	categories := map[string]int{}
	kinds := map[vectors.Kind]int{}
	for _, c := range published.Cases {
		categories[c.Category]++
		kinds[c.Kind]++
	}
	for _, k := range vectors.Kinds {
		assert.NotZero(t, kinds[k], "kind %s", k)
	}
	for _, cat := range []string{
		"A-top-bit-set", "A-leading-zero-byte", "A-odd-hex-length", "B-top-bit-set", "B-leading-zero-byte",
		"B-odd-hex-length", "salt-top-bit-set", "salt-leading-zero-bytes", "u-top-bit-set", "u-leading-zero-byte",
		"S-top-bit-set", "S-leading-zero-byte", "S-zero", "verifier-top-bit-set", "verifier-leading-zero-byte",
		"salt-odd-hex-length", "B-uppercase-hex", "B-string-leading-zeros", "salt-uppercase-hex", "salt-short",
		"salt-long", "salt-zero", "unicode-username", "unicode-password", "empty-password", "empty-username",
		"long-password", "long-username", "colon-in-username", "weekday", "month", "day-of-month",
		"leap-day", "midnight", "client-secret", "device-client-secret", "invalid-B-zero", "invalid-B-equals-N",
		"invalid-B-multiple-of-N", "invalid-a-zero", "device-invalid-B", "timestamp-literal-string",
	} {
		assert.NotZero(t, categories[cat], "category %s", cat)
	}

	_, err = Generate("x", edges-1)
	var ce *countError
	assert.ErrorAs(t, err, &ce)
}

// TestGenerateAnotherSeed generates the whole catalogue from another seed:
// every search ends and every case has the property it was drawn for (gen
// checks it). It takes 5-10 s, so it runs with SRP_LONG_TESTS=1, like
// interop/run.sh, which generates from a fresh seed.
func TestGenerateAnotherSeed(t *testing.T) {
	testenv.SkipUnlessLong(t, "srpvec gen of the whole catalogue from another seed")
	f, err := Generate("another seed", CatalogueSize()+5)
	require.NoError(t, err)
	assert.Len(t, f.Cases, CatalogueSize()+5)
}

// TestComputeInputsOnly strips the outputs of the published file (with
// -short, of every ninth case), computes them again and requires the same
// outputs.
func TestComputeInputsOnly(t *testing.T) {
	f, err := vectors.Published()
	require.NoError(t, err)
	if testing.Short() {
		var some []vectors.Case
		for i := 0; i < len(f.Cases); i += 9 { // every kind, a ninth of the work
			some = append(some, f.Cases[i])
		}
		f.Cases = some
	}
	inputsOnly := &vectors.File{Cases: append([]vectors.Case(nil), f.Cases...)}
	for i := range inputsOnly.Cases {
		inputsOnly.Cases[i].Outputs = nil
	}
	data, err := vectors.Marshal(inputsOnly)
	require.NoError(t, err)
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"compute", "-"}, bytes.NewReader(data), &stdout, &stderr), stderr.String())
	out, err := vectors.Parse(stdout.Bytes())
	require.NoError(t, err)
	require.Len(t, out.Cases, len(f.Cases))
	for i := range f.Cases {
		assert.Equal(t, f.Cases[i].Outputs, out.Cases[i].Outputs, f.Cases[i].ID)
	}
}

// TestCheckReportsMismatches tampers with expected outputs and requires one
// line per mismatch, the summary line and exit status 1.
func TestCheckReportsMismatches(t *testing.T) {
	f, err := vectors.Published()
	require.NoError(t, err)
	var sig, cr, errCase, dh *vectors.Case
	for i := range f.Cases {
		c := &f.Cases[i]
		switch {
		case c.Kind == vectors.KindPassword && c.Outputs.Error == "" && sig == nil:
			sig = c
		case c.Kind == vectors.KindDevice && c.Outputs.Error == "" && cr == nil:
			cr = c
		case c.Outputs.Error != "" && errCase == nil:
			errCase = c
		case c.Kind == vectors.KindDeviceHash && dh == nil:
			dh = c
		}
	}
	sig.Outputs.Signature = "AAAA" + sig.Outputs.Signature[4:]
	sig.Outputs.SPad = "00" + sig.Outputs.SPad
	cr.Outputs.ChallengeResponses["USERNAME"] = "someone else"
	cr.Outputs.ChallengeResponses["EXTRA"] = "x"
	errCase.Outputs = &vectors.Outputs{Signature: "x"} // now expects success
	dh.Outputs.PasswordVerifier = "AAAA"
	f.Cases = []vectors.Case{*sig, *cr, *errCase, *dh}
	data, err := vectors.Marshal(f)
	require.NoError(t, err)

	var stdout, stderr bytes.Buffer
	code := run([]string{"check", "-"}, bytes.NewReader(data), &stdout, &stderr)
	assert.Equal(t, 1, code, stderr.String())
	out := stdout.String()
	// Each line says which value is the library's and which the file's.
	assert.Contains(t, out, sig.ID+" S_pad: library "+sig.Outputs.SPad[2:]+", file "+sig.Outputs.SPad+"\n")
	assert.Contains(t, out, sig.ID+" signature: library ")
	assert.Contains(t, out, cr.ID+" challengeResponses.USERNAME: library ")
	assert.Contains(t, out, ", file someone else\n")
	assert.Contains(t, out, cr.ID+" challengeResponses.EXTRA: library <none>, file x\n")
	assert.Contains(t, out, errCase.ID+" error: library ")
	assert.Contains(t, out, dh.ID+" PasswordVerifier: library ")
	assert.True(t, strings.HasSuffix(out, "0 passed, 4 failed\n"), out)
}

// mutateFirst returns the published file's meta and first two cases, with fn
// applied to the first case (as generic JSON).
func mutateFirst(t *testing.T, fn func(c map[string]any)) []byte {
	t.Helper()
	good, err := vectors.Raw(vectors.PublishedFile)
	require.NoError(t, err)
	var doc struct {
		Meta  json.RawMessage   `json:"meta"`
		Cases []json.RawMessage `json:"cases"`
	}
	require.NoError(t, json.Unmarshal(good, &doc))
	var first map[string]any
	require.NoError(t, json.Unmarshal(doc.Cases[0], &first))
	fn(first)
	doc.Cases = doc.Cases[:2] // the errors name case #1; a second case shows the tool stops there
	doc.Cases[0], err = json.Marshal(first)
	require.NoError(t, err)
	b, err := json.Marshal(doc)
	require.NoError(t, err)
	return b
}

func inputsOf(c map[string]any) map[string]any  { return c["inputs"].(map[string]any) }
func outputsOf(c map[string]any) map[string]any { return c["outputs"].(map[string]any) }

// TestExitStatus covers usage errors and files that cannot be used as a
// whole: exit status 2 and one message on standard error, in the one format
// "srpvec <command>: ...", naming the file and the case where there is one.
func TestExitStatus(t *testing.T) {
	f, err := vectors.Published()
	require.NoError(t, err)
	first := f.Cases[0].ID
	for _, tc := range []struct {
		name   string
		args   []string
		stdin  []byte
		code   int
		stderr string // the whole message, or its start when it ends with "…"
	}{
		{"no args", nil, nil, 2, "usage: srpvec <command>…"},
		{"unknown command", []string{"frob"}, nil, 2, `srpvec: unknown command "frob"…`},
		{"check without file", []string{"check"}, nil, 2, "srpvec check: want exactly one FILE or -, got 0 arguments (srpvec check -h for help)\n"},
		{"check two files", []string{"check", "a", "b"}, nil, 2, "srpvec check: want exactly one FILE or -, got 2 arguments (srpvec check -h for help)\n"},
		{"missing file", []string{"check", "/nonexistent.json"}, nil, 2, "srpvec check: open /nonexistent.json: no such file or directory\n"},
		{"not json", []string{"check", "-"}, []byte("{\"cases\": [ nope"), 2, "srpvec check: stdin: not a vector file: line 1, column 14: …"},
		{"no cases array", []string{"check", "-"}, []byte(`{"meta": {}}`), 2, `srpvec check: stdin: not a vector file: no "cases" array` + "\n"},
		{"no cases", []string{"check", "-"}, []byte(`{"meta": {}, "cases": []}`), 2, "srpvec check: stdin: no cases\n"},
		{"compute no cases", []string{"compute", "-"}, []byte(`{"cases": []}`), 2, "srpvec compute: stdin: no cases\n"},
		{"unknown file key", []string{"check", "-"}, []byte(`{"cases": [], "extra": 1}`), 2, `srpvec check: stdin: not a vector file: unknown key "extra"` + "\n"},
		{"gen count too small", []string{"gen", "-count", "3"}, nil, 2, "srpvec gen: -count 3 is below the …"},
		{"gen bad flag", []string{"gen", "-nope"}, nil, 2, "srpvec gen: flag provided but not defined: -nope (srpvec gen -h for help)\n"},
		{"gen argument", []string{"gen", "x"}, nil, 2, `srpvec gen: unexpected argument "x" (srpvec gen -h for help)` + "\n"},
		{"compute bad flag", []string{"compute", "-x", "-"}, nil, 2, "srpvec compute: flag provided but not defined: -x (srpvec compute -h for help)\n"},
		{"compute missing input", []string{"compute", "-"}, mutateFirst(t, func(c map[string]any) { delete(inputsOf(c), "BHex") }), 2,
			`srpvec compute: stdin: case "` + first + `" (#1): inputs.BHex missing (required for kind password)` + "\n"},
		{"compute non-hex a", []string{"compute", "-"}, mutateFirst(t, func(c map[string]any) { inputsOf(c)["smallAHex"] = "xyz" }), 2,
			`srpvec compute: stdin: case "` + first + `" (#1): inputs.smallAHex: not hex` + "\n"},
		{"compute unknown key", []string{"compute", "-"}, mutateFirst(t, func(c map[string]any) { c["ouputs"] = c["outputs"] }), 2,
			`srpvec compute: stdin: case "` + first + `" (#1): unknown key "ouputs"` + "\n"},
		{"compute pool with underscore", []string{"compute", "-"}, mutateFirst(t, func(c map[string]any) { inputsOf(c)["poolName"] = "a_b" }), 2,
			`srpvec compute: stdin: case "` + first + `" (#1): inputs.poolName "a_b" cannot be expressed…`},
		{"compute no id", []string{"compute", "-"}, mutateFirst(t, func(c map[string]any) { delete(c, "id") }), 2,
			`srpvec compute: stdin: case #1 (no id): missing "id"` + "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tc.args, bytes.NewReader(tc.stdin), &stdout, &stderr)
			assert.Equal(t, tc.code, code, "stderr: %s", stderr.String())
			if prefix, ok := strings.CutSuffix(tc.stderr, "…"); ok {
				assert.True(t, strings.HasPrefix(stderr.String(), prefix), "stderr %q, want it to start with %q", stderr.String(), prefix)
			} else {
				assert.Equal(t, tc.stderr, stderr.String())
			}
			if tc.args != nil && tc.args[0] != "frob" {
				assert.Equal(t, 1, strings.Count(stderr.String(), "\n"), "one line: %q", stderr.String())
			}
			assert.Empty(t, stdout.String())
		})
	}
}

// TestHelp: -h on every command prints what it does and its flags on
// standard output and exits 0.
func TestHelp(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"-h"}, []string{"usage: srpvec <command>", "gen", "compute", "check", "-h"}},
		{[]string{"help"}, []string{"usage: srpvec <command>"}},
		{[]string{"gen", "-h"}, []string{"usage: srpvec gen [-seed S] [-count N]", "DRBG", "Flags:", "-seed", "-count", "(default 360)"}},
		{[]string{"gen", "-help"}, []string{"usage: srpvec gen"}},
		{[]string{"compute", "-h"}, []string{"usage: srpvec compute FILE|-", "outputs.error", "No flags."}},
		{[]string{"check", "-h"}, []string{"usage: srpvec check FILE|-", "library <value>, file <value>", "N passed, M failed", "No flags."}},
		{[]string{"help", "check"}, []string{"usage: srpvec check FILE|-"}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			assert.Equal(t, 0, run(tc.args, nil, &stdout, &stderr))
			assert.Empty(t, stderr.String())
			for _, w := range tc.want {
				assert.Contains(t, stdout.String(), w)
			}
		})
	}
}

// TestCheckGoesOn: a case that cannot be run (a missing field, an unknown
// key, bad hex, no outputs, a duplicate id) is one failure with a line saying
// why, and the other cases are still checked.
func TestCheckGoesOn(t *testing.T) {
	good, err := vectors.Raw(vectors.PublishedFile)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(good, &doc))
	cases := doc["cases"].([]any)[:24] // the nine it breaks and others; TestCheckPublishedVectors checks them all
	doc["cases"] = cases
	c := func(i int) map[string]any { return cases[i].(map[string]any) }
	ids := make([]string, len(cases))
	for i := range cases {
		ids[i] = c(i)["id"].(string)
	}
	delete(outputsOf(c(0)), "signature") // the primary field
	delete(inputsOf(c(1)), "BHex")       // a required input
	inputsOf(c(2))["smallAHex"] = "xyz"  // bad hex
	c(3)["ouputs"] = c(3)["outputs"]     // an unknown key
	outputsOf(c(4))["sigature"] = "x"    // an unknown output key
	delete(c(5), "outputs")              // nothing to compare
	delete(c(6), "id")                   // no id
	c(8)["id"] = ids[7]                  // a duplicate id
	data, err := json.Marshal(doc)
	require.NoError(t, err)

	var stdout, stderr bytes.Buffer
	code := run([]string{"check", "-"}, bytes.NewReader(data), &stdout, &stderr)
	assert.Equal(t, 1, code)
	assert.Empty(t, stderr.String())
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	assert.ElementsMatch(t, []string{
		ids[0] + " malformed: outputs have neither signature nor error",
		ids[1] + " malformed: inputs.BHex missing (required for kind password)",
		ids[2] + " malformed: inputs.smallAHex: not hex",
		ids[3] + ` malformed: unknown key "ouputs"`,
		ids[4] + ` malformed: outputs: unknown key "sigature"`,
		ids[5] + " malformed: no outputs to check against",
		"#7 malformed: missing \"id\"",
		ids[7] + " malformed: duplicate id (also case #8)",
		fmt.Sprintf("%d passed, 8 failed", len(cases)-8),
	}, lines)
}

// TestLibraryErrorsAreOutputs: inputs the library refuses (a = 0, B = N,
// malformed SRP_B) become outputs.error in compute, never a failure of the
// tool.
func TestLibraryErrorsAreOutputs(t *testing.T) {
	c := vectors.Case{ID: "x", Kind: vectors.KindPassword, Inputs: vectors.Inputs{
		PoolName: "pool", Username: "u", Password: "p", SmallAHex: "00", SaltHex: "01", BHex: "02",
		SecretBlockB64: "AA==", Timestamp: vectors.MillisTimestamp(0),
	}}
	out, err := compute(&c)
	require.NoError(t, err)
	assert.NotEmpty(t, out.Error)
	c.Inputs.SmallAHex = "01"
	c.Inputs.BHex = "-ff"
	out, err = compute(&c)
	require.NoError(t, err)
	assert.NotEmpty(t, out.Error)
	c.Inputs.BHex = "02"
	c.Inputs.SecretBlockB64 = "!!"
	out, err = compute(&c)
	require.NoError(t, err)
	assert.NotEmpty(t, out.Error)
}

// TestInteropPinned guards the oracle's version: interop/ must pin
// amazon-cognito-identity-js exactly to 6.3.21, the version docs/protocol.md and the
// reference vectors describe.
func TestInteropPinned(t *testing.T) {
	var pkg struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	data, err := os.ReadFile("../../interop/package.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &pkg))
	assert.Equal(t, "6.3.21", pkg.Dependencies["amazon-cognito-identity-js"])

	var lock struct {
		Packages map[string]struct {
			Version string `json:"version"`
		} `json:"packages"`
	}
	data, err = os.ReadFile("../../interop/package-lock.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &lock))
	assert.Equal(t, "6.3.21", lock.Packages["node_modules/amazon-cognito-identity-js"].Version)
}
