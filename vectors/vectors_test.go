package vectors_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/srpkit/cognito/vectors"
)

func TestEmbeddedFiles(t *testing.T) {
	assert.Contains(t, vectors.Names(), vectors.PublishedFile)
	f, err := vectors.Published()
	require.NoError(t, err)
	var meta struct {
		Seed   string         `json:"seed"`
		Count  int            `json:"count"`
		Counts map[string]int `json:"counts"`
	}
	require.NoError(t, json.Unmarshal(f.Meta, &meta))
	assert.NotEmpty(t, meta.Seed)
	assert.Equal(t, meta.Count, len(f.Cases))
	assert.GreaterOrEqual(t, len(f.Cases), 300)
	counts := map[string]int{}
	for _, c := range f.Cases {
		counts[string(c.Kind)]++
		require.NotNil(t, c.Outputs, c.ID)
		if c.Outputs.Error == "" {
			assert.NotEmpty(t, c.Outputs.Field(c.Kind.Primary()), c.ID)
		}
	}
	assert.Equal(t, meta.Counts, counts)

	_, err = vectors.Load("nope.json")
	assert.ErrorContains(t, err, "nope.json")
}

// TestRoundTrip: Marshal(Parse(file)) reproduces the published file and the
// reference files byte for byte (modulo the reference files' formatting), so
// the typed model loses nothing the schema defines.
func TestRoundTrip(t *testing.T) {
	raw, err := vectors.Raw(vectors.PublishedFile)
	require.NoError(t, err)
	f, err := vectors.Parse(raw)
	require.NoError(t, err)
	again, err := vectors.Marshal(f)
	require.NoError(t, err)
	assert.Equal(t, string(raw), string(again))

	for _, name := range []string{"testdata/aws-js-reference.json", "testdata/peers-published.json"} {
		raw, err := os.ReadFile(name)
		require.NoError(t, err)
		f, err := vectors.Parse(raw)
		require.NoError(t, err, name)
		out, err := vectors.Marshal(f)
		require.NoError(t, err)
		// Compare as generic JSON, without the fields the typed model does
		// not keep (amplifyError, an informational note of a few cases).
		var want, got map[string]any
		require.NoError(t, json.Unmarshal(raw, &want))
		require.NoError(t, json.Unmarshal(out, &got))
		for _, c := range want["cases"].([]any) {
			delete(c.(map[string]any), "amplifyError")
		}
		assert.Equal(t, want, got, name)
	}
}

func TestTimestampJSON(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want vectors.Timestamp
		err  string
	}{
		{`1704112245000`, vectors.Timestamp{Millis: 1704112245000}, ""},
		{`-1000`, vectors.Timestamp{Millis: -1000}, ""},
		{`0`, vectors.Timestamp{}, ""},
		{`1.7e12`, vectors.Timestamp{Millis: 1700000000000}, ""},
		{`"Tue Mar 5 09:04:07 UTC 2024"`, vectors.Timestamp{Literal: "Tue Mar 5 09:04:07 UTC 2024", IsLiteral: true}, ""},
		{`""`, vectors.Timestamp{IsLiteral: true}, ""},
		{`1.5`, vectors.Timestamp{}, "integer"},
		{`8640000000000001`, vectors.Timestamp{}, "range"},
		{`true`, vectors.Timestamp{}, "number"},
		{`{}`, vectors.Timestamp{}, "number"},
	} {
		var ts vectors.Timestamp
		err := json.Unmarshal([]byte(tc.in), &ts)
		if tc.err != "" {
			assert.ErrorContains(t, err, tc.err, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, ts, tc.in)
		b, err := json.Marshal(ts)
		require.NoError(t, err)
		if tc.in != `1.7e12` {
			assert.Equal(t, tc.in, string(b))
		}
	}
}

func TestParseErrors(t *testing.T) {
	valid := `{"id": "t-1", "kind": "timestamp", "inputs": {"timestamp": 0}}`
	for _, tc := range []struct{ name, doc, err string }{
		{"not json", `{`, "not a vector file"},
		{"syntax error position", "{\"cases\": [\n  {,}]}", "line 2"},
		{"no cases", `{"meta": {}}`, `no "cases"`},
		{"cases not array", `{"cases": {}}`, "not a vector file"},
		{"case not object", `{"cases": [5]}`, "case #1"},
		{"no id", `{"cases": [{"kind": "timestamp", "inputs": {"timestamp": 0}}]}`, `case #1 (no id): missing "id"`},
		{"unknown kind", `{"cases": [{"id": "x-1", "kind": "nope", "inputs": {}}]}`, `case "x-1" (#1): unknown kind "nope"`},
		{"no inputs", `{"cases": [{"id": "x-1", "kind": "timestamp"}]}`, `case "x-1" (#1): missing "inputs"`},
		{"missing input", `{"cases": [` + valid + `, {"id": "s-2", "kind": "secrethash", "inputs": {"username": "u", "clientId": "c"}}]}`, `case "s-2" (#2): inputs.clientSecret missing`},
		{"wrong type", `{"cases": [{"id": "s-1", "kind": "secrethash", "inputs": {"username": 1, "clientId": "c", "clientSecret": "s"}}]}`, `case "s-1" (#1): inputs.username: must be a string`},
		{"bad timestamp", `{"cases": [{"id": "t-1", "kind": "timestamp", "inputs": {"timestamp": [1]}}]}`, `case "t-1" (#1): inputs.timestamp`},
		{"password without pool", `{"cases": [{"id": "p-1", "kind": "password", "inputs": {"username": "u", "password": "p", "smallAHex": "01", "saltHex": "01", "BHex": "02", "secretBlockB64": "", "timestamp": 0}}]}`, `case "p-1" (#1): inputs.poolName`},
		{"secret without id", `{"cases": [{"id": "p-1", "kind": "password", "inputs": {"poolName": "x", "username": "u", "password": "p", "smallAHex": "01", "saltHex": "01", "BHex": "02", "secretBlockB64": "", "timestamp": 0, "clientSecret": "s"}}]}`, "go together"},
		{"outputs wrong type", `{"cases": [{"id": "t-1", "kind": "timestamp", "inputs": {"timestamp": 0}, "outputs": {"timestamp": 5}}]}`, `case "t-1" (#1): outputs.timestamp`},
		{"duplicate id", `{"cases": [` + valid + `,` + valid + `]}`, `case "t-1" (#2): duplicate id`},
		{"unknown case key", `{"cases": [{"id": "t-1", "kind": "timestamp", "inputs": {"timestamp": 0}, "ouputs": {}}]}`, `case "t-1" (#1): unknown key "ouputs"`},
		{"unknown input key", `{"cases": [{"id": "t-1", "kind": "timestamp", "inputs": {"timestamp": 0, "username": "u"}}]}`, `case "t-1" (#1): inputs.username: unknown key for kind timestamp`},
		{"unknown output key", `{"cases": [{"id": "t-1", "kind": "timestamp", "inputs": {"timestamp": 0}, "outputs": {"timestmp": "x"}}]}`, `case "t-1" (#1): outputs: unknown key "timestmp"`},
		{"unknown partial key", `{"cases": [{"id": "t-1", "kind": "timestamp", "inputs": {"timestamp": 0}, "outputs": {"error": "e", "partial": {"sig": "x"}}}]}`, `case "t-1" (#1): outputs: unknown key "sig"`},
		{"unknown file key", `{"cases": [], "metadata": {}}`, `unknown key "metadata"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := vectors.Parse([]byte(tc.doc))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.err)
		})
	}
}

func TestParseInputsOnly(t *testing.T) {
	f, err := vectors.Parse([]byte(`{"cases": [{"id": "d-1", "kind": "devicehash", "inputs": {"deviceGroupKey": "g", "deviceKey": "k", "randomPasswordBytesHex": "00", "saltBytesHex": "00"}}]}`))
	require.NoError(t, err)
	require.Len(t, f.Cases, 1)
	assert.Nil(t, f.Cases[0].Outputs)
	assert.Equal(t, "g", f.Cases[0].Inputs.DeviceGroupKey)
	out, err := vectors.Marshal(f)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "username", "inputs of other kinds are not written")
}

func TestCompare(t *testing.T) {
	base := func() *vectors.Outputs {
		return &vectors.Outputs{
			K: "k", SRPA: "a", Signature: "sig", Timestamp: "ts",
			ChallengeResponses: map[string]string{"USERNAME": "", "PASSWORD_CLAIM_SIGNATURE": "sig"},
			SecretHash:         "sh",
		}
	}
	fields := func(ms []vectors.Mismatch) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.Field+"="+m.Got+"|"+m.Want)
		}
		return out
	}
	P := vectors.KindPassword

	assert.Empty(t, vectors.Compare(P, base(), base()))

	got := base()
	got.U = "extra field only got reports"
	assert.Empty(t, vectors.Compare(P, base(), got))

	got = base()
	got.K = "other"
	got.ChallengeResponses["USERNAME"] = "x"
	assert.Equal(t, []string{"k=other|k", "challengeResponses.USERNAME=x|"}, fields(vectors.Compare(P, base(), got)))

	got = base()
	got.SRPA = ""
	assert.Equal(t, []string{"SRP_A=<none>|a"}, fields(vectors.Compare(P, base(), got)))

	got = base()
	got.Signature = ""
	want := &vectors.Outputs{Timestamp: "ts"} // a file without the primary field
	assert.Equal(t, []string{"signature=<none>|<none>"}, fields(vectors.Compare(P, want, got)))

	// Errors.
	wantErr := &vectors.Outputs{Error: "B cannot be zero."}
	assert.Empty(t, vectors.Compare(P, wantErr, &vectors.Outputs{Error: "srp: SRP_B is zero modulo N"}))
	assert.Equal(t, []string{"error=<none>|B cannot be zero.", "signature=sig|<none>"}, fields(vectors.Compare(P, wantErr, base())))
	assert.Equal(t, []string{"error=boom|<none>"}, fields(vectors.Compare(P, base(), &vectors.Outputs{Error: "boom"})))

	// SECRET_HASH: in the map on one side only, compared with secretHash.
	got = base()
	got.ChallengeResponses["SECRET_HASH"] = "sh"
	assert.Empty(t, vectors.Compare(P, base(), got))
	got.ChallengeResponses["SECRET_HASH"] = "bad"
	assert.Equal(t, []string{"challengeResponses.SECRET_HASH=bad|sh (secretHash)"}, fields(vectors.Compare(P, base(), got)))
	wantSH := base()
	wantSH.ChallengeResponses["SECRET_HASH"] = "sh"
	assert.Empty(t, vectors.Compare(P, wantSH, base()))
	noSH := base()
	noSH.SecretHash = ""
	assert.Equal(t, []string{"secretHash=<none>|sh", "challengeResponses.SECRET_HASH=<none>|sh"}, fields(vectors.Compare(P, wantSH, noSH)))

	// Keys only one side has.
	got = base()
	got.ChallengeResponses["DEVICE_KEY"] = "dk"
	assert.Equal(t, []string{"challengeResponses.DEVICE_KEY=dk|<none>"}, fields(vectors.Compare(P, base(), got)))
	got = base()
	delete(got.ChallengeResponses, "USERNAME")
	assert.Equal(t, []string{"challengeResponses.USERNAME=<none>|"}, fields(vectors.Compare(P, base(), got)))

	assert.Equal(t, "PasswordVerifier", vectors.KindDeviceHash.Primary())
	assert.Equal(t, "", vectors.Kind("nope").Primary())
}

func FuzzParse(f *testing.F) {
	raw, err := vectors.Raw(vectors.PublishedFile)
	require.NoError(f, err)
	// A few whole cases as seeds (the file itself is large).
	var doc struct {
		Cases []json.RawMessage `json:"cases"`
	}
	require.NoError(f, json.Unmarshal(raw, &doc))
	for _, i := range []int{0, 150, 200, 250, len(doc.Cases) - 1} {
		f.Add([]byte(`{"cases": [` + string(doc.Cases[i]) + `]}`))
	}
	f.Add([]byte(`{"cases": [{"id": "t", "kind": "timestamp", "inputs": {"timestamp": "x"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := vectors.Parse(data)
		if err != nil {
			require.True(t, strings.HasPrefix(err.Error(), "vectors: "), "error without prefix: %v", err)
			return
		}
		out, err := vectors.Marshal(file)
		if err != nil {
			return // e.g. invalid UTF-8 is replaced, not an error; other errors are fine
		}
		_, err = vectors.Parse(out)
		require.NoError(t, err, "Marshal output does not parse")
	})
}

// TestParseCases: every bad case is reported with its position and id, and
// the good ones are kept in file order; Parse fails on the first bad one.
func TestParseCases(t *testing.T) {
	doc := `{"cases": [
		{"id": "t-1", "kind": "timestamp", "inputs": {"timestamp": 0}},
		{"id": "t-2", "kind": "timestamp", "inputs": {}},
		{"kind": "timestamp", "inputs": {"timestamp": 0}},
		{"id": "t-4", "kind": "timestamp", "inputs": {"timestamp": 4}, "extra": true},
		{"id": "t-1", "kind": "timestamp", "inputs": {"timestamp": 5}},
		{"id": "t-6", "kind": "timestamp", "inputs": {"timestamp": 6}}]}`
	f, bad, err := vectors.ParseCases([]byte(doc))
	require.NoError(t, err)
	require.Len(t, f.Cases, 2)
	assert.Equal(t, "t-1", f.Cases[0].ID)
	assert.Equal(t, "t-6", f.Cases[1].ID)
	var got []string
	for _, e := range bad {
		got = append(got, e.Case()+": "+e.Err.Error())
	}
	assert.Equal(t, []string{
		`case "t-2" (#2): inputs.timestamp missing (required for kind timestamp)`,
		`case #3 (no id): missing "id"`,
		`case "t-4" (#4): unknown key "extra"`,
		`case "t-1" (#5): duplicate id (also case #1)`,
	}, got)

	_, err = vectors.Parse([]byte(doc))
	require.Error(t, err)
	assert.Equal(t, `vectors: case "t-2" (#2): inputs.timestamp missing (required for kind timestamp)`, err.Error())
	var ce *vectors.CaseError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 1, ce.Index)

	_, _, err = vectors.ParseCases([]byte(`{"cases": 1}`))
	assert.Error(t, err)
}
