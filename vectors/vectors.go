// Package vectors holds the Cognito SRP test vectors that this module
// publishes, typed, so that Go code can run them.
//
// A vector file is JSON: {"meta": {...}, "cases": [...]}. Each case has an
// id, a kind (password, device, devicehash, secrethash or timestamp), the
// inputs of one computation and its outputs with every intermediate value
// (k, SRP_A, padHex(A), u, x, padHex(S), the HKDF key, ...), so that an
// implementation that disagrees can see where it diverges. The schema, the
// pass rule and how the files are produced are described in README.md beside
// this file; the file published here, cognito-srp-vectors.json, is generated
// by `srpvec gen` and proven against the official AWS JavaScript client
// (amazon-cognito-identity-js) on every CI run.
//
// Files are embedded (see Names and Load); Parse reads any file in the
// schema, including inputs-only files, and Compare applies the pass rule.
package vectors

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strconv"
)

//go:embed *.json
var files embed.FS

// PublishedFile is the name of the vector file this module publishes.
const PublishedFile = "cognito-srp-vectors.json"

// Names returns the names of the embedded vector files, sorted.
func Names() []string {
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// Raw returns the bytes of the embedded vector file name, exactly as
// published.
func Raw(name string) ([]byte, error) {
	b, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("vectors: no embedded file %q", name)
	}
	return b, nil
}

// Load parses the embedded vector file name (see Names).
func Load(name string) (*File, error) {
	b, err := Raw(name)
	if err != nil {
		return nil, err
	}
	f, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return f, nil
}

// Published parses the vector file this module publishes (PublishedFile).
func Published() (*File, error) { return Load(PublishedFile) }

// A Kind names what a case computes.
type Kind string

// The kinds of case.
const (
	// KindPassword is a USER_SRP_AUTH sign-in answering PASSWORD_VERIFIER.
	KindPassword Kind = "password"
	// KindDevice is a DEVICE_SRP_AUTH sign-in answering DEVICE_PASSWORD_VERIFIER.
	KindDevice Kind = "device"
	// KindDeviceHash is a ConfirmDevice verifier (password, salt, verifier).
	KindDeviceHash Kind = "devicehash"
	// KindSecretHash is a SECRET_HASH.
	KindSecretHash Kind = "secrethash"
	// KindTimestamp is the TIMESTAMP string of an instant.
	KindTimestamp Kind = "timestamp"
)

// Kinds lists every kind, in the order the published file uses.
var Kinds = []Kind{KindPassword, KindDevice, KindDeviceHash, KindSecretHash, KindTimestamp}

// Primary returns the output field that a case of kind k must report unless
// it is an error case: "signature", "PasswordVerifier", "secretHash" or
// "timestamp". It returns "" for an unknown kind.
func (k Kind) Primary() string {
	switch k {
	case KindPassword, KindDevice:
		return "signature"
	case KindDeviceHash:
		return "PasswordVerifier"
	case KindSecretHash:
		return "secretHash"
	case KindTimestamp:
		return "timestamp"
	}
	return ""
}

// A File is a vector file.
type File struct {
	// Meta describes the file (generator, seed, oracle, counts); its content
	// is informational and kept as it was read.
	Meta json.RawMessage `json:"meta,omitempty"`
	// Cases are the cases, in file order.
	Cases []Case `json:"cases"`
}

// A Case is one computation with its inputs and (unless the file holds inputs
// only) its expected outputs.
type Case struct {
	// ID identifies the case within its file: "<kind>-<nnn>-<category>".
	ID string
	// Kind says what is computed and which Inputs fields are used.
	Kind Kind
	// Category names the edge the case covers ("random" for none).
	Category string
	// Note explains the case, if needed.
	Note string
	// Inputs are the inputs of the computation.
	Inputs Inputs
	// Outputs are the expected outputs; nil in an inputs-only file.
	Outputs *Outputs
	// Server, Registration and AgreedBy are informational fields of some
	// files (the server's values for a full flow; which implementations
	// agreed), kept as read.
	Server, Registration json.RawMessage
	AgreedBy             []string
}

// Inputs are the inputs of a case. Which fields a kind uses (and requires) is
// listed with each field; fields not used by the case's kind are empty.
type Inputs struct {
	// PoolName is the user pool name: the part of the pool id after "_"
	// (password). If empty, it is taken from UserPoolID.
	PoolName string
	// UserPoolID is the user pool id, "region_name" (password, optional).
	UserPoolID string
	// Username is USER_ID_FOR_SRP for a password case, only echoed as
	// USERNAME for a device case, and the USERNAME of a secrethash case.
	Username string
	// Password is the user's password, or the device password (56-char
	// base64) for a device case.
	Password string
	// SmallAHex is the secret ephemeral a, big-endian hex (password, device).
	SmallAHex string
	// SaltHex is SALT exactly as received (password, device).
	SaltHex string
	// BHex is SRP_B exactly as received (password, device).
	BHex string
	// SecretBlockB64 is SECRET_BLOCK (password, device).
	SecretBlockB64 string
	// Timestamp is the instant signed (epoch milliseconds) or a literal
	// TIMESTAMP string to sign verbatim (password, device, timestamp).
	Timestamp *Timestamp
	// LoginUsername is the name the user typed, the USERNAME of InitiateAuth
	// (password, optional; defaults to Username).
	LoginUsername string
	// ClientID and ClientSecret configure an app client with a secret
	// (password and device optional; secrethash required).
	ClientID, ClientSecret string
	// DeviceGroupKey and DeviceKey identify the device (device, devicehash).
	DeviceGroupKey, DeviceKey string
	// RandomPasswordBytesHex is the 40 random bytes the device password is
	// made of (devicehash).
	RandomPasswordBytesHex string
	// SaltBytesHex is the 16 random bytes of the device salt (devicehash).
	SaltBytesHex string
}

// Outputs are the outputs of a case. All hex is lowercase. A field that is
// empty was not reported.
type Outputs struct {
	K                      string            `json:"k,omitempty"`
	SRPA                   string            `json:"SRP_A,omitempty"`
	APad                   string            `json:"A_pad,omitempty"`
	BPad                   string            `json:"B_pad,omitempty"`
	SaltPad                string            `json:"salt_pad,omitempty"`
	U                      string            `json:"u,omitempty"`
	UPad                   string            `json:"u_pad,omitempty"`
	UsernamePasswordHash   string            `json:"usernamePasswordHash,omitempty"`
	X                      string            `json:"x,omitempty"`
	SPad                   string            `json:"S_pad,omitempty"`
	HKDF                   string            `json:"hkdf,omitempty"`
	Timestamp              string            `json:"timestamp,omitempty"`
	Signature              string            `json:"signature,omitempty"`
	ChallengeResponses     map[string]string `json:"challengeResponses,omitempty"`
	SecretHash             string            `json:"secretHash,omitempty"`
	SecretHashInitiateAuth string            `json:"secretHashInitiateAuth,omitempty"`
	RandomPassword         string            `json:"randomPassword,omitempty"`
	HashedString           string            `json:"hashedString,omitempty"`
	SaltHex                string            `json:"saltHex,omitempty"`
	VerifierHex            string            `json:"verifierHex,omitempty"`
	Salt                   string            `json:"Salt,omitempty"`
	PasswordVerifier       string            `json:"PasswordVerifier,omitempty"`
	// Error is set for a case that must fail; its text is informational.
	Error string `json:"error,omitempty"`
	// Partial holds the values computed before the error (informational).
	Partial *Outputs `json:"partial,omitempty"`
}

// A Field is one named output value.
type Field struct {
	Name, Value string
}

// Fields returns the reported string fields of o in schema order, by their
// JSON names. ChallengeResponses, Error and Partial are not included.
func (o *Outputs) Fields() []Field {
	if o == nil {
		return nil
	}
	all := []Field{
		{"k", o.K}, {"SRP_A", o.SRPA}, {"A_pad", o.APad}, {"B_pad", o.BPad},
		{"salt_pad", o.SaltPad}, {"u", o.U}, {"u_pad", o.UPad},
		{"usernamePasswordHash", o.UsernamePasswordHash}, {"x", o.X},
		{"S_pad", o.SPad}, {"hkdf", o.HKDF}, {"timestamp", o.Timestamp},
		{"signature", o.Signature}, {"secretHash", o.SecretHash},
		{"secretHashInitiateAuth", o.SecretHashInitiateAuth},
		{"randomPassword", o.RandomPassword}, {"hashedString", o.HashedString},
		{"saltHex", o.SaltHex}, {"verifierHex", o.VerifierHex}, {"Salt", o.Salt},
		{"PasswordVerifier", o.PasswordVerifier},
	}
	fields := all[:0]
	for _, f := range all {
		if f.Value != "" {
			fields = append(fields, f)
		}
	}
	return fields
}

// Field returns the value of the output field with the given JSON name
// ("" if it is not reported or unknown).
func (o *Outputs) Field(name string) string {
	for _, f := range o.Fields() {
		if f.Name == name {
			return f.Value
		}
	}
	return ""
}

// A Timestamp is the timestamp input: an instant in epoch milliseconds (a
// JSON number) or a literal TIMESTAMP string (a JSON string) to be signed
// verbatim.
type Timestamp struct {
	// Millis is the instant in milliseconds since the Unix epoch, if
	// IsLiteral is false.
	Millis int64
	// Literal is the string to sign, if IsLiteral is true.
	Literal   string
	IsLiteral bool
}

// MillisTimestamp returns a Timestamp for the instant ms (epoch milliseconds).
func MillisTimestamp(ms int64) *Timestamp { return &Timestamp{Millis: ms} }

// LiteralTimestamp returns a Timestamp that signs s verbatim.
func LiteralTimestamp(s string) *Timestamp { return &Timestamp{Literal: s, IsLiteral: true} }

// MarshalJSON encodes t as a JSON number or string.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	if t.IsLiteral {
		return json.Marshal(t.Literal)
	}
	return []byte(strconv.FormatInt(t.Millis, 10)), nil
}

// maxMillis is the range of a JavaScript Date: ±8.64e15 ms.
const maxMillis = 8_640_000_000_000_000

// UnmarshalJSON accepts an integral JSON number within the range of a
// JavaScript Date (±8.64e15 ms) or a JSON string.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = Timestamp{Literal: s, IsLiteral: true}
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return errors.New("must be a number (epoch ms) or a string")
	}
	ms, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(string(n), 64)
		if ferr != nil || f != math.Trunc(f) || math.Abs(f) > maxMillis {
			return fmt.Errorf("%s is not an integer number of milliseconds", n)
		}
		ms = int64(f)
	}
	if ms > maxMillis || ms < -maxMillis {
		return fmt.Errorf("%d is outside the range of a JavaScript Date", ms)
	}
	*t = Timestamp{Millis: ms}
	return nil
}

// String returns the literal, or the milliseconds in decimal.
func (t Timestamp) String() string {
	if t.IsLiteral {
		return t.Literal
	}
	return strconv.FormatInt(t.Millis, 10)
}
