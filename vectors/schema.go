package vectors

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// inputKey describes one JSON key of the inputs object.
type inputKey struct {
	name     string
	required bool
}

// inputKeys lists, per kind, the input keys in the order they are written.
// For password, one of poolName and userPoolId is required (checked apart).
var inputKeys = map[Kind][]inputKey{
	KindPassword: {
		{"poolName", false}, {"userPoolId", false}, {"username", true}, {"password", true},
		{"smallAHex", true}, {"saltHex", true}, {"BHex", true}, {"secretBlockB64", true},
		{"timestamp", true}, {"loginUsername", false}, {"clientId", false}, {"clientSecret", false},
	},
	KindDevice: {
		{"deviceGroupKey", true}, {"deviceKey", true}, {"username", true}, {"password", true},
		{"smallAHex", true}, {"saltHex", true}, {"BHex", true}, {"secretBlockB64", true},
		{"timestamp", true}, {"clientId", false}, {"clientSecret", false},
	},
	KindDeviceHash: {
		{"deviceGroupKey", true}, {"deviceKey", true}, {"randomPasswordBytesHex", true}, {"saltBytesHex", true},
	},
	KindSecretHash: {
		{"username", true}, {"clientId", true}, {"clientSecret", true},
	},
	KindTimestamp: {
		{"timestamp", true},
	},
}

// stringInput returns the Inputs field behind a string input key.
func (in *Inputs) stringInput(name string) *string {
	switch name {
	case "poolName":
		return &in.PoolName
	case "userPoolId":
		return &in.UserPoolID
	case "username":
		return &in.Username
	case "password":
		return &in.Password
	case "smallAHex":
		return &in.SmallAHex
	case "saltHex":
		return &in.SaltHex
	case "BHex":
		return &in.BHex
	case "secretBlockB64":
		return &in.SecretBlockB64
	case "loginUsername":
		return &in.LoginUsername
	case "clientId":
		return &in.ClientID
	case "clientSecret":
		return &in.ClientSecret
	case "deviceGroupKey":
		return &in.DeviceGroupKey
	case "deviceKey":
		return &in.DeviceKey
	case "randomPasswordBytesHex":
		return &in.RandomPasswordBytesHex
	case "saltBytesHex":
		return &in.SaltBytesHex
	}
	return nil
}

// caseWire is the JSON shape of a case, in the order it is written.
type caseWire struct {
	ID           string          `json:"id"`
	Kind         Kind            `json:"kind"`
	Category     string          `json:"category,omitempty"`
	Note         string          `json:"note,omitempty"`
	Inputs       json.RawMessage `json:"inputs"`
	Outputs      *Outputs        `json:"outputs,omitempty"`
	Server       json.RawMessage `json:"server,omitempty"`
	Registration json.RawMessage `json:"registration,omitempty"`
	AgreedBy     []string        `json:"agreedBy,omitempty"`
}

// MarshalJSON writes the case in the schema: the inputs its kind uses, in a
// fixed order (required ones always, optional ones when not empty).
func (c Case) MarshalJSON() ([]byte, error) {
	keys, ok := inputKeys[c.Kind]
	if !ok {
		return nil, fmt.Errorf("vectors: case %q: unknown kind %q", c.ID, c.Kind)
	}
	var in bytes.Buffer
	in.WriteByte('{')
	n := 0
	for _, k := range keys {
		var v any
		if k.name == "timestamp" {
			if c.Inputs.Timestamp == nil {
				return nil, fmt.Errorf("vectors: case %q: inputs.timestamp missing", c.ID)
			}
			v = c.Inputs.Timestamp
		} else {
			s := *c.Inputs.stringInput(k.name)
			if s == "" && !k.required {
				continue
			}
			v = s
		}
		if n > 0 {
			in.WriteByte(',')
		}
		n++
		name, _ := marshalNoEscape(k.name)
		in.Write(name)
		in.WriteByte(':')
		b, err := marshalNoEscape(v)
		if err != nil {
			return nil, fmt.Errorf("vectors: case %q: inputs.%s: %v", c.ID, k.name, err)
		}
		in.Write(b)
	}
	in.WriteByte('}')
	return marshalNoEscape(caseWire{
		ID: c.ID, Kind: c.Kind, Category: c.Category, Note: c.Note,
		Inputs: in.Bytes(), Outputs: c.Outputs,
		Server: c.Server, Registration: c.Registration, AgreedBy: c.AgreedBy,
	})
}

// UnmarshalJSON reads a case and checks that the inputs its kind requires are
// present with the right JSON types. Keys that the schema does not define, in
// the case, its inputs (for its kind) or its outputs, are errors: a misspelt
// key would otherwise be silently ignored.
func (c *Case) UnmarshalJSON(b []byte) error {
	var w struct {
		ID           string                     `json:"id"`
		Kind         Kind                       `json:"kind"`
		Category     string                     `json:"category"`
		Note         string                     `json:"note"`
		Inputs       map[string]json.RawMessage `json:"inputs"`
		Outputs      json.RawMessage            `json:"outputs"`
		Server       json.RawMessage            `json:"server"`
		Registration json.RawMessage            `json:"registration"`
		AgreedBy     []string                   `json:"agreedBy"`
		// Informational keys of the reference files, read and dropped.
		AmplifyError json.RawMessage `json:"amplifyError"`
		InteropNote  json.RawMessage `json:"interopNote"`
	}
	if err := decodeStrict(b, &w, ""); err != nil {
		return err
	}
	if w.ID == "" {
		return errors.New(`missing "id"`)
	}
	keys, ok := inputKeys[w.Kind]
	if !ok {
		return fmt.Errorf("unknown kind %q (want password, device, devicehash, secrethash or timestamp)", w.Kind)
	}
	if w.Inputs == nil {
		return errors.New(`missing "inputs" object`)
	}
	known := make(map[string]bool, len(keys))
	for _, k := range keys {
		known[k.name] = true
	}
	for name := range w.Inputs {
		if !known[name] {
			return fmt.Errorf("inputs.%s: unknown key for kind %s", name, w.Kind)
		}
	}
	var in Inputs
	for _, k := range keys {
		raw, present := w.Inputs[k.name]
		if !present || string(raw) == "null" {
			if k.required {
				return fmt.Errorf("inputs.%s missing (required for kind %s)", k.name, w.Kind)
			}
			continue
		}
		if k.name == "timestamp" {
			var t Timestamp
			if err := json.Unmarshal(raw, &t); err != nil {
				return fmt.Errorf("inputs.timestamp: %v", err)
			}
			in.Timestamp = &t
			continue
		}
		if err := json.Unmarshal(raw, in.stringInput(k.name)); err != nil {
			return fmt.Errorf("inputs.%s: must be a string", k.name)
		}
	}
	if w.Kind == KindPassword && in.PoolName == "" && in.UserPoolID == "" {
		return errors.New("inputs.poolName (or userPoolId) missing (required for kind password)")
	}
	if (in.ClientID == "") != (in.ClientSecret == "") && w.Kind != KindSecretHash {
		return errors.New("inputs.clientId and inputs.clientSecret go together")
	}
	var out *Outputs
	if len(w.Outputs) > 0 && string(w.Outputs) != "null" {
		out = new(Outputs)
		if err := decodeStrict(w.Outputs, out, "outputs"); err != nil {
			return err
		}
	}
	*c = Case{
		ID: w.ID, Kind: w.Kind, Category: w.Category, Note: w.Note,
		Inputs: in, Outputs: out,
		Server: w.Server, Registration: w.Registration, AgreedBy: w.AgreedBy,
	}
	return nil
}

// decodeStrict unmarshals one JSON value into v, refusing keys that v's
// struct types do not define. Errors name the key under the prefix path.
func decodeStrict(b []byte, v any, prefix string) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if prefix == "" {
			return fmt.Errorf("unknown key %s", name)
		}
		return fmt.Errorf("%s: unknown key %s", prefix, name)
	}
	var te *json.UnmarshalTypeError
	if prefix != "" && errors.As(err, &te) && te.Field != "" {
		return fmt.Errorf("%s.%s: must not be a JSON %s", prefix, te.Field, te.Value)
	}
	if prefix != "" {
		return fmt.Errorf("%s: %v", prefix, describeJSONError(err))
	}
	return describeJSONError(err)
}

// Parse reads a vector file. Cases may come without outputs (an inputs-only
// file). Keys the schema does not define are errors. The error for a
// malformed case names the case's id (or its position when it has none); ids
// must be unique.
func Parse(data []byte) (*File, error) {
	f, bad, err := ParseCases(data)
	if err != nil {
		return nil, err
	}
	if len(bad) > 0 {
		return nil, bad[0]
	}
	return f, nil
}

// A CaseError reports a case of a vector file that could not be read.
type CaseError struct {
	// Index is the case's position in the file, from 0.
	Index int
	// ID is the case's id, or "" if it has none that can be read.
	ID string
	// Err says what is wrong.
	Err error
}

// Case names the case: `case "<id>" (#n)`, or `case #n (no id)`, n from 1.
func (e *CaseError) Case() string {
	if e.ID != "" {
		return fmt.Sprintf("case %q (#%d)", e.ID, e.Index+1)
	}
	return fmt.Sprintf("case #%d (no id)", e.Index+1)
}

// Error returns the message, prefixed with "vectors: " and the case.
func (e *CaseError) Error() string { return "vectors: " + e.Case() + ": " + e.Err.Error() }

// Unwrap returns Err.
func (e *CaseError) Unwrap() error { return e.Err }

// ParseCases is Parse for checking tools, which report every bad case and go
// on: f holds the cases that could be read, in file order, and bad one
// CaseError per case that could not (a later case with an id already seen is
// bad too). err is for the file as a whole: not JSON, an unknown top-level
// key, or no "cases" array.
func ParseCases(data []byte) (f *File, bad []*CaseError, err error) {
	var top struct {
		Meta  json.RawMessage   `json:"meta"`
		Cases []json.RawMessage `json:"cases"`
	}
	if err := decodeStrict(data, &top, ""); err != nil {
		return nil, nil, fmt.Errorf("vectors: not a vector file: %v", describeJSONErrorAt(err, data))
	}
	if top.Cases == nil {
		return nil, nil, errors.New(`vectors: not a vector file: no "cases" array`)
	}
	f = &File{Meta: top.Meta, Cases: make([]Case, 0, len(top.Cases))}
	seen := make(map[string]int, len(top.Cases))
	for i, raw := range top.Cases {
		var c Case
		if err := c.UnmarshalJSON(raw); err != nil {
			bad = append(bad, &CaseError{i, caseID(raw), err})
			continue
		}
		if j, dup := seen[c.ID]; dup {
			bad = append(bad, &CaseError{i, c.ID, fmt.Errorf("duplicate id (also case #%d)", j+1)})
			continue
		}
		seen[c.ID] = i
		f.Cases = append(f.Cases, c)
	}
	return f, bad, nil
}

// Marshal writes f as indented JSON (one space per level, no HTML escaping,
// final newline): the format of the published files.
func Marshal(f *File) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// caseID returns the id of a raw case, or "" if it has no readable one.
func caseID(raw json.RawMessage) string {
	var head struct {
		ID any `json:"id"`
	}
	if json.Unmarshal(raw, &head) == nil {
		if id, ok := head.ID.(string); ok {
			return id
		}
	}
	return ""
}

func marshalNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// describeJSONError turns encoding/json's type errors into schema terms.
func describeJSONError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field != "" {
			return fmt.Errorf("%s: must not be a JSON %s", te.Field, te.Value)
		}
		return fmt.Errorf("must be a JSON object, not %s", te.Value)
	}
	return err
}

// describeJSONErrorAt adds the line and column to a syntax error.
func describeJSONErrorAt(err error, data []byte) error {
	var se *json.SyntaxError
	if errors.As(err, &se) && se.Offset <= int64(len(data)) {
		before := data[:se.Offset]
		line := bytes.Count(before, []byte("\n")) + 1
		col := int(se.Offset) - bytes.LastIndexByte(before, '\n') - 1
		return fmt.Errorf("line %d, column %d: %v", line, col, err)
	}
	return describeJSONError(err)
}
