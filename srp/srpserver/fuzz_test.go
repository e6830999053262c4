package srpserver_test

import (
	"encoding/base64"
	"errors"
	"math/big"
	"regexp"
	"testing"

	"github.com/srpkit/cognito/internal/srpref"
	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srpserver"
)

// FuzzParseDeviceVerifier: a ConfirmDevice request's DeviceSecretVerifierConfig
// is untrusted. The parser never panics and accepts exactly a standard-base64
// salt and a verifier in [1, N).
func FuzzParseDeviceVerifier(f *testing.F) {
	v := srpref.Verifier("-g", "k", "pw", big.NewInt(5)).Bytes()
	f.Add("AAEC", base64.StdEncoding.EncodeToString(v))
	f.Add("", "")
	f.Add("AA==", base64.StdEncoding.EncodeToString(srpref.N.Bytes()))
	f.Add("AA==", base64.StdEncoding.EncodeToString(append([]byte{0}, srpref.N.Bytes()...)))
	f.Add("!!", "AA")
	f.Fuzz(func(t *testing.T, salt, verifier string) {
		got, err := srpserver.ParseDeviceVerifier("-g", "k", salt, verifier)
		_, saltErr := base64.StdEncoding.DecodeString(salt)
		vb, vErr := base64.StdEncoding.DecodeString(verifier)
		x := new(big.Int).SetBytes(vb)
		valid := saltErr == nil && len(salt) <= 1024 && vErr == nil && len(vb) > 0 && len(vb) <= 385 &&
			x.Sign() > 0 && x.Cmp(srpref.N) < 0
		if valid != (err == nil) {
			t.Fatalf("salt %q verifier %q: valid %v, err %v", salt, verifier, valid, err)
		}
		if err != nil {
			if !errors.Is(err, srpserver.ErrInvalidVerifier) && !errors.Is(err, srp.ErrMalformedParameter) && !errors.Is(err, srp.ErrParameterTooLong) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if got.UserID() != "k" {
			t.Fatalf("UserID %q", got.UserID())
		}
	})
}

// FuzzParseTimestamp: TIMESTAMP is untrusted. The parser never panics and
// accepts exactly what srp.FormatTimestamp writes.
func FuzzParseTimestamp(f *testing.F) {
	f.Add("Tue Mar 5 09:04:07 UTC 2024")
	f.Add("Tue Mar 05 09:04:07 UTC 2024")
	f.Add("Mon Mar 5 09:04:07 UTC 2024")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		ts, err := srpserver.ParseTimestamp(s)
		if err != nil {
			if !errors.Is(err, srpserver.ErrMalformedTimestamp) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if got := srp.FormatTimestamp(ts); got != s {
			t.Fatalf("parsed %q, formats back as %q", s, got)
		}
	})
}

var hexDigits = regexp.MustCompile(`^[0-9a-fA-F]+$`)

// FuzzNewServerSession: SRP_A is untrusted. NewServerSession never panics and
// accepts exactly 1 to 1024 hex digits whose value is not 0 mod N.
func FuzzNewServerSession(f *testing.F) {
	v, err := srpserver.NewPasswordVerifier("us-east-1_AbC", "u", "pw")
	if err != nil {
		f.Fatal(err)
	}
	f.Add("02")
	f.Add(srpref.N.Text(16))
	f.Add("0")
	f.Add("xyz")
	f.Fuzz(func(t *testing.T, srpA string) {
		_, err := srpserver.NewServerSession(v, srpA, srp.WithEphemeralSize(32))
		valid := len(srpA) <= 1024 && hexDigits.MatchString(srpA)
		if valid {
			a, _ := new(big.Int).SetString(srpA, 16)
			valid = new(big.Int).Mod(a, srpref.N).Sign() != 0
		}
		if valid != (err == nil) {
			t.Fatalf("SRP_A %q: valid %v, err %v", srpA, valid, err)
		}
		if err != nil && !errors.Is(err, srpserver.ErrInvalidA) && !errors.Is(err, srp.ErrMalformedParameter) && !errors.Is(err, srp.ErrParameterTooLong) {
			t.Fatalf("untyped error %v", err)
		}
	})
}
