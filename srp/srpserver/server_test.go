package srpserver_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"

	"github.com/srpkit/cognito/internal/srpref"
	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srpkat"
	"github.com/srpkit/cognito/srp/srpserver"
)

// svLogin runs a whole client-server exchange and returns the server's verdict.
func svLogin(t testing.TB, v *srpserver.Verifier, poolID, clientPassword string, a, b []byte) error {
	t.Helper()
	c, err := srp.NewUserSession(poolID, clientPassword, srpkat.WithEphemeral(a))
	if err != nil {
		t.Fatal(err)
	}
	s, err := srpserver.NewServerSession(v, c.SRPA(), srpkat.WithEphemeral(b))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Respond(map[string]string{
		"SALT": s.Salt(), "SRP_B": s.SRPB(), "SECRET_BLOCK": s.SecretBlock(),
		"USER_ID_FOR_SRP": v.UserID(), "USERNAME": v.UserID(),
	}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return s.Verify(resp["PASSWORD_CLAIM_SECRET_BLOCK"], resp["TIMESTAMP"], resp["PASSWORD_CLAIM_SIGNATURE"])
}

func TestServerClientAgreeProperty(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 25
	properties := gopter.NewProperties(params)
	properties.Property("client and server agree; another password is rejected", prop.ForAll(
		func(pool, user, password string, a, b, salt []byte) bool {
			poolID := "eu-west-1_" + pool
			v, err := srpserver.NewPasswordVerifier(poolID, user, password, srpkat.WithRandom(bytes.NewReader(salt)))
			if err != nil {
				t.Log(err)
				return false
			}
			if svLogin(t, v, poolID, password, a, b) != nil {
				return false
			}
			return errors.Is(svLogin(t, v, poolID, password+"x", a, b), srpserver.ErrSignatureMismatch)
		},
		gen.RegexMatch("[0-9A-Za-z]{1,12}"),
		gen.AnyString(),
		gen.AnyString(),
		gen.SliceOfN(32, gen.UInt8()).SuchThat(svNonZero),
		gen.SliceOfN(32, gen.UInt8()).SuchThat(svNonZero),
		gen.SliceOfN(16, gen.UInt8()),
	))
	properties.TestingRun(t)
}

func svNonZero(b []byte) bool { return strings.Trim(string(b), "\x00") != "" }

func TestServerMatchesMathBig(t *testing.T) {
	// Salts with the top bit set (padHex adds 00) and with leading zero bytes.
	for _, saltHex := range []string{"8f0e1d2c3b4a59687766554433221100", "00000e1d2c3b4a596877665544332211", "0102030405060708090a0b0c0d0e0f10"} {
		salt, _ := hex.DecodeString(saltHex)
		pool, user, password := "Xy12", "3f1c5a2e-0000-4000-8000-00000000abcd", "pässwörd 1"
		bBytes := bytes.Repeat([]byte{0xa7, 0x13}, 64)
		ref := srpref.NewServer(srpref.Verifier(pool, user, password, new(big.Int).SetBytes(salt)), bBytes)

		v, err := srpserver.NewPasswordVerifier("us-east-1_"+pool, user, password, srpkat.WithRandom(bytes.NewReader(salt)))
		if err != nil {
			t.Fatal(err)
		}
		A := new(big.Int).Exp(srpref.G, big.NewInt(123456789), srpref.N)
		s, err := srpserver.NewServerSession(v, A.Text(16), srpkat.WithEphemeral(bBytes), srpkat.WithRandom(bytes.NewReader(bytes.Repeat([]byte{7}, 64))))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := s.SRPB(), ref.B.Text(16); got != want {
			t.Fatalf("salt %s: SRP_B = %s, want %s", saltHex, got, want)
		}
		if got, want := s.Salt(), hex.EncodeToString(srpref.Pad(new(big.Int).SetBytes(salt))); got != want {
			t.Fatalf("SALT = %s, want %s", got, want)
		}
		if got, want := s.SecretBlock(), base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 64)); got != want {
			t.Fatalf("SECRET_BLOCK = %s, want %s", got, want)
		}
		ts := "Tue Mar 5 09:04:07 UTC 2024"
		sig := srpref.Signature(ref.Key(A), pool, user, bytes.Repeat([]byte{7}, 64), ts)
		if err := s.Verify(s.SecretBlock(), ts, sig); err != nil {
			t.Fatalf("salt %s: reference signature rejected: %v", saltHex, err)
		}
		// The same signature over another timestamp must not verify.
		s2, _ := srpserver.NewServerSession(v, A.Text(16), srpkat.WithEphemeral(bBytes), srpkat.WithRandom(bytes.NewReader(bytes.Repeat([]byte{7}, 64))))
		if err := s2.Verify(s2.SecretBlock(), "Tue Mar 5 09:04:08 UTC 2024", sig); !errors.Is(err, srpserver.ErrSignatureMismatch) {
			t.Fatalf("signature over another timestamp: %v", err)
		}
	}
}

func TestServerRejectsZeroA(t *testing.T) {
	v, err := srpserver.NewPasswordVerifier("us-east-1_abc", "u", "p")
	if err != nil {
		t.Fatal(err)
	}
	twoN := new(big.Int).Lsh(srpref.N, 1)
	for _, a := range []string{"0", "00", "000000", srpref.N.Text(16), strings.ToUpper(srpref.N.Text(16)), "00" + srpref.N.Text(16), twoN.Text(16)} {
		if _, err := srpserver.NewServerSession(v, a); !errors.Is(err, srpserver.ErrInvalidA) {
			t.Errorf("A = %.20s...: err = %v, want ErrInvalidA", a, err)
		}
	}
	for _, a := range []string{"", "xyz", "-1", "0x12", strings.Repeat("f", 1025)} {
		if _, err := srpserver.NewServerSession(v, a); err == nil || errors.Is(err, srpserver.ErrInvalidA) {
			t.Errorf("A = %.20q: err = %v, want a parameter error", a, err)
		}
	}
	// N+1 is 1 mod N: accepted, like the client accepts B in (N, 2N).
	if _, err := srpserver.NewServerSession(v, new(big.Int).Add(srpref.N, big.NewInt(1)).Text(16)); err != nil {
		t.Errorf("A = N+1: %v", err)
	}
}

func TestServerSessionChecks(t *testing.T) {
	v, err := srpserver.NewPasswordVerifier("us-east-1_abc", "user", "right")
	if err != nil {
		t.Fatal(err)
	}
	c, _ := srp.NewUserSession("us-east-1_abc", "right")
	s, err := srpserver.NewServerSession(v, c.SRPA())
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Respond(map[string]string{"SALT": s.Salt(), "SRP_B": s.SRPB(), "SECRET_BLOCK": s.SecretBlock(), "USER_ID_FOR_SRP": "user"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	block, ts, sig := resp["PASSWORD_CLAIM_SECRET_BLOCK"], resp["TIMESTAMP"], resp["PASSWORD_CLAIM_SIGNATURE"]
	if err := s.Verify(block[:len(block)-4]+"AAA=", ts, sig); !errors.Is(err, srpserver.ErrSecretBlockMismatch) {
		t.Errorf("changed secret block: %v", err)
	}
	if err := s.Verify(block, ts, sig); !errors.Is(err, srp.ErrSessionUsed) {
		t.Errorf("second Verify: %v, want ErrSessionUsed", err)
	}
	for _, bad := range []string{"", "not base64!", base64.StdEncoding.EncodeToString(make([]byte, 31))} {
		c, _ := srp.NewUserSession("us-east-1_abc", "right")
		s, _ := srpserver.NewServerSession(v, c.SRPA())
		if err := s.Verify(s.SecretBlock(), ts, bad); !errors.Is(err, srpserver.ErrSignatureMismatch) {
			t.Errorf("signature %q: %v", bad, err)
		}
	}
}

func TestServerDeviceVerifier(t *testing.T) {
	const group, device = "-abcDEF123", "us-east-1_0f6a1f0e-1234-4a6b-9c1e-5d8f00aa11bb"
	for i := 0; i < 3; i++ {
		dv, err := srp.NewDeviceVerifier(group, device)
		if err != nil {
			t.Fatal(err)
		}
		v, err := srpserver.ParseDeviceVerifier(group, device, dv.Salt, dv.PasswordVerifier)
		if err != nil {
			t.Fatal(err)
		}
		for _, pw := range []string{dv.DevicePassword, "forged" + dv.DevicePassword[6:]} {
			c, err := srp.NewDeviceSession(group, device, pw)
			if err != nil {
				t.Fatal(err)
			}
			s, err := srpserver.NewServerSession(v, c.SRPA())
			if err != nil {
				t.Fatal(err)
			}
			resp, err := c.Respond(map[string]string{"SALT": s.Salt(), "SRP_B": s.SRPB(), "SECRET_BLOCK": s.SecretBlock(), "USERNAME": "user"}, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			err = s.Verify(resp["PASSWORD_CLAIM_SECRET_BLOCK"], resp["TIMESTAMP"], resp["PASSWORD_CLAIM_SIGNATURE"])
			if pw == dv.DevicePassword && err != nil {
				t.Fatalf("device login: %v", err)
			}
			if pw != dv.DevicePassword && !errors.Is(err, srpserver.ErrSignatureMismatch) {
				t.Fatalf("forged device password: %v", err)
			}
		}
	}

	nPad := append([]byte{0}, srpref.N.Bytes()...)
	for name, vb := range map[string][]byte{
		"zero":      {0},
		"empty":     {},
		"N":         nPad,
		"N+1":       append([]byte{0}, new(big.Int).Add(srpref.N, big.NewInt(1)).Bytes()...),
		"too long":  append([]byte{0, 0}, srpref.N.Bytes()...),
		"2^3072":    append([]byte{1}, make([]byte, 384)...),
		"385 bytes": append([]byte{1}, make([]byte, 384)...),
	} {
		if _, err := srpserver.ParseDeviceVerifier(group, device, "AQID", base64.StdEncoding.EncodeToString(vb)); !errors.Is(err, srpserver.ErrInvalidVerifier) {
			t.Errorf("verifier %s: %v, want ErrInvalidVerifier", name, err)
		}
	}
	if _, err := srpserver.ParseDeviceVerifier(group, device, "AQID", "%%%"); !errors.Is(err, srpserver.ErrInvalidVerifier) {
		t.Errorf("malformed verifier: %v", err)
	}
	if _, err := srpserver.ParseDeviceVerifier(group, device, "%%%", "AQID"); !errors.Is(err, srp.ErrMalformedParameter) {
		t.Errorf("malformed salt: %v", err)
	}
	// N-1 is the largest valid verifier.
	nm1 := new(big.Int).Sub(srpref.N, big.NewInt(1))
	if _, err := srpserver.ParseDeviceVerifier(group, device, "AQID", base64.StdEncoding.EncodeToString(srpref.Pad(nm1))); err != nil {
		t.Errorf("verifier N-1: %v", err)
	}
}

func TestParseTimestamp(t *testing.T) {
	want := time.Date(2024, 3, 5, 9, 4, 7, 0, time.UTC)
	got, err := srpserver.ParseTimestamp("Tue Mar 5 09:04:07 UTC 2024")
	if err != nil || !got.Equal(want) {
		t.Fatalf("got %v, %v", got, err)
	}
	for _, bad := range []string{
		"Tue Mar 05 09:04:07 UTC 2024", // zero-padded day
		"Wed Mar 5 09:04:07 UTC 2024",  // wrong weekday
		"Tue Mar 5 9:04:07 UTC 2024",   // unpadded hour
		"Tue Mar  5 09:04:07 UTC 2024", // two spaces
		"Tue Mar 5 09:04:07 GMT 2024",
		"Tue Mar 5 21:04:07 UTC 2024 ",
		"tue mar 5 09:04:07 UTC 2024",
		"Tue Mar 5 24:04:07 UTC 2024",
		"2024-03-05T09:04:07Z",
		"",
	} {
		if _, err := srpserver.ParseTimestamp(bad); !errors.Is(err, srpserver.ErrMalformedTimestamp) {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
	// Round trip over random instants.
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 500
	properties := gopter.NewProperties(params)
	properties.Property("ParseTimestamp(FormatTimestamp(t)) = t truncated to seconds", prop.ForAll(
		func(sec int64) bool {
			tm := time.Unix(sec, 999).UTC()
			got, err := srpserver.ParseTimestamp(srp.FormatTimestamp(tm))
			return err == nil && got.Equal(tm.Truncate(time.Second))
		},
		gen.Int64Range(0, 253402300799), // up to year 9999
	))
	properties.TestingRun(t)
}

// The server half of a sign-in, as a test server runs it: a verifier stored
// for the user, a server session per InitiateAuth, Verify for the response.
func ExampleNewServerSession() {
	const poolID = "us-east-1_AbC123"
	v, err := srpserver.NewPasswordVerifier(poolID, "alice", "Correct horse 1!")
	if err != nil {
		panic(err)
	}

	client, _ := srp.NewUserSession(poolID, "Correct horse 1!")
	// InitiateAuth carries client.SRPA(); the server answers PASSWORD_VERIFIER.
	server, err := srpserver.NewServerSession(v, client.SRPA())
	if err != nil {
		panic(err)
	}
	challenge := map[string]string{
		"SALT": server.Salt(), "SRP_B": server.SRPB(), "SECRET_BLOCK": server.SecretBlock(),
		"USERNAME": v.UserID(), "USER_ID_FOR_SRP": v.UserID(),
	}
	resp, _ := client.Respond(challenge, time.Now())

	// The server checks TIMESTAMP against its clock, then the signature.
	ts, err := srpserver.ParseTimestamp(resp["TIMESTAMP"])
	fmt.Println(err == nil && time.Since(ts) < 5*time.Minute)
	fmt.Println(server.Verify(resp["PASSWORD_CLAIM_SECRET_BLOCK"], resp["TIMESTAMP"], resp["PASSWORD_CLAIM_SIGNATURE"]))
	// Output:
	// true
	// <nil>
}
