package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
			r, err := checkFile(f)
			require.NoError(t, err)
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
	r, err := checkFile(f)
	require.NoError(t, err)
	assert.Empty(t, r.lines)
	assert.Equal(t, len(f.Cases), r.passed)
	assert.GreaterOrEqual(t, r.passed, 300)
}

// TestPublishedFileIsReproducible regenerates the published file with the
// seed and count recorded in its meta and requires byte equality.
func TestPublishedFileIsReproducible(t *testing.T) {
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
	if !bytes.Equal(got, raw) {
		t.Fatalf("srpvec gen -seed %q -count %d differs from vectors/%s; regenerate it with\n\tgo run ./cmd/srpvec gen > vectors/%s",
			head.Meta.Seed, head.Meta.Count, vectors.PublishedFile, vectors.PublishedFile)
	}
}

// TestGenerate checks determinism, the seed's effect, and the catalogue's
// coverage of the edges that issue 4 and SPEC.md list.
func TestGenerate(t *testing.T) {
	published, err := vectors.Published()
	require.NoError(t, err)
	min := CatalogueSize()
	a, err := Generate("another seed", min+5)
	require.NoError(t, err)
	assert.Len(t, a.Cases, min+5)
	for i := range a.Cases {
		if a.Cases[i].ID == published.Cases[i].ID {
			assert.NotEqual(t, published.Cases[i].Inputs, a.Cases[i].Inputs, "another seed, other inputs: %s", a.Cases[i].ID)
			break
		}
	}

	a = published // the catalogue's coverage, in the published file
	categories := map[string]int{}
	kinds := map[vectors.Kind]int{}
	for _, c := range a.Cases {
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

	_, err = Generate("x", min-1)
	var ce *countError
	assert.ErrorAs(t, err, &ce)
}

// TestComputeInputsOnly strips the outputs of the published file, computes
// them again and requires the same outputs.
func TestComputeInputsOnly(t *testing.T) {
	f, err := vectors.Published()
	require.NoError(t, err)
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
	assert.Contains(t, out, sig.ID+" S_pad: got ")
	assert.Contains(t, out, sig.ID+" signature: got ")
	assert.Contains(t, out, cr.ID+" challengeResponses.USERNAME: got ")
	assert.Contains(t, out, cr.ID+" challengeResponses.EXTRA: got <none>, want x")
	assert.Contains(t, out, errCase.ID+" error: got ")
	assert.Contains(t, out, dh.ID+" PasswordVerifier: got ")
	assert.True(t, strings.HasSuffix(out, "0 passed, 4 failed\n"), out)
}

// TestExitStatus covers usage errors and malformed files: exit status 2, a
// message naming the case, no panic.
func TestExitStatus(t *testing.T) {
	good, err := vectors.Raw(vectors.PublishedFile)
	require.NoError(t, err)
	f, err := vectors.Parse(good)
	require.NoError(t, err)
	first := f.Cases[0].ID
	mutate := func(fn func(c map[string]any)) []byte {
		var doc map[string]any
		require.NoError(t, json.Unmarshal(good, &doc))
		fn(doc["cases"].([]any)[0].(map[string]any))
		b, _ := json.Marshal(doc)
		return b
	}
	inputs := func(c map[string]any) map[string]any { return c["inputs"].(map[string]any) }
	for _, tc := range []struct {
		name   string
		args   []string
		stdin  []byte
		code   int
		stderr string
	}{
		{"no args", nil, nil, 2, "usage"},
		{"unknown command", []string{"frob"}, nil, 2, "unknown command"},
		{"check without file", []string{"check"}, nil, 2, "FILE"},
		{"missing file", []string{"check", "/nonexistent.json"}, nil, 2, "nonexistent"},
		{"not json", []string{"check", "-"}, []byte("{\"cases\": [ nope"), 2, "line 1"},
		{"no cases", []string{"check", "-"}, []byte(`{"meta": {}}`), 2, `no "cases"`},
		{"gen count too small", []string{"gen", "-count", "3"}, nil, 2, "edge catalogue"},
		{"gen bad flag", []string{"gen", "-nope"}, nil, 2, "nope"},
		{"missing input", []string{"check", "-"}, mutate(func(c map[string]any) { delete(inputs(c), "BHex") }), 2, first + `" (#1): inputs.BHex missing`},
		{"bad timestamp", []string{"compute", "-"}, mutate(func(c map[string]any) { inputs(c)["timestamp"] = true }), 2, first},
		{"fractional timestamp", []string{"check", "-"}, mutate(func(c map[string]any) { inputs(c)["timestamp"] = 1.5 }), 2, first},
		{"non-hex a", []string{"check", "-"}, mutate(func(c map[string]any) { inputs(c)["smallAHex"] = "xyz" }), 2, first + `": inputs.smallAHex`},
		{"number username", []string{"check", "-"}, mutate(func(c map[string]any) { inputs(c)["username"] = 5 }), 2, "inputs.username"},
		{"unknown kind", []string{"check", "-"}, mutate(func(c map[string]any) { c["kind"] = "nope" }), 2, first},
		{"no outputs", []string{"check", "-"}, mutate(func(c map[string]any) { delete(c, "outputs") }), 2, first + `": no outputs`},
		{"empty outputs", []string{"check", "-"}, mutate(func(c map[string]any) { c["outputs"] = map[string]any{} }), 2, first},
		{"outputs not object", []string{"check", "-"}, mutate(func(c map[string]any) { c["outputs"] = "x" }), 2, first},
		{"no id", []string{"check", "-"}, mutate(func(c map[string]any) { delete(c, "id") }), 2, "case #1"},
		{"pool with underscore", []string{"compute", "-"}, mutate(func(c map[string]any) { inputs(c)["poolName"] = "a_b" }), 2, first},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tc.args, bytes.NewReader(tc.stdin), &stdout, &stderr)
			assert.Equal(t, tc.code, code, "stderr: %s", stderr.String())
			assert.Contains(t, stderr.String(), tc.stderr)
		})
	}
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
// amazon-cognito-identity-js exactly to 6.3.21, the version SPEC.md and the
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
