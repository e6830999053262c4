package srp_test

import (
	"encoding/base64"
	"encoding/hex"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/stretchr/testify/require"

	"github.com/srpkit/cognito/internal/srpref"
	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srpkat"
)

// refTimestamp builds the TIMESTAMP from time.Format pieces: "_2" pads the
// day with a space, which is then dropped.
func refTimestamp(t time.Time) string {
	s := t.UTC().Format("Mon Jan _2 15:04:05 UTC 2006")
	return strings.Replace(s, "  ", " ", 1)
}

func TestFormatTimestampProperty(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 2000
	p := gopter.NewProperties(params)
	maxMs := time.Date(9999, 12, 31, 23, 59, 59, 999e6, time.UTC).UnixMilli()
	p.Property("FormatTimestamp equals a time.Format reference, 1970-9999, any zone", prop.ForAll(
		func(ms int64, ns int64, offsetMin int) string {
			tm := time.UnixMilli(ms).Add(time.Duration(ns)).In(time.FixedZone("z", offsetMin*60))
			got, want := srp.FormatTimestamp(tm), refTimestamp(tm)
			if got != want {
				return got + " != " + want
			}
			return ""
		},
		gen.Int64Range(0, maxMs), gen.Int64Range(0, 999999), gen.IntRange(-14*60, 14*60)))
	p.TestingRun(t)
}

// challenge is the PASSWORD_VERIFIER challenge of the reference server.
func challenge(srv *srpref.Server, saltHex string, block []byte, username string) map[string]string {
	return map[string]string{
		"SALT":            saltHex,
		"SRP_B":           srv.B.Text(16),
		"SECRET_BLOCK":    base64.StdEncoding.EncodeToString(block),
		"USERNAME":        username,
		"USER_ID_FOR_SRP": username,
	}
}

// expect returns the key and PASSWORD_CLAIM_SIGNATURE the reference server
// expects for the client's SRP_A.
func expect(t *testing.T, srv *srpref.Server, pool, user, srpA string, block []byte, timestamp string) (key []byte, signature string) {
	A, ok := new(big.Int).SetString(srpA, 16)
	require.True(t, ok)
	key = srv.Key(A)
	return key, srpref.Signature(key, pool, user, block, timestamp)
}

// flowParams keeps the properties that do 3072-bit math/big work short.
func flowParams() *gopter.TestParameters {
	p := gopter.DefaultTestParameters()
	p.MinSuccessfulTests = 100
	p.MaxSize = 40
	return p
}

func genBytes(min, max int) gopter.Gen {
	return gen.IntRange(min, max).FlatMap(func(n any) gopter.Gen {
		return gen.SliceOfN(n.(int), gen.UInt8())
	}, nil)
}

func TestUserFlowAgreesWithServerProperty(t *testing.T) {
	p := gopter.NewProperties(flowParams())
	ts := time.Date(2024, 3, 5, 9, 4, 7, 0, time.UTC)
	p.Property("client and math/big server derive the same key; a wrong password never verifies", prop.ForAll(
		func(pool, user, password string, salt, b, a, block []byte, wrong string) string {
			srv := srpref.NewServer(srpref.Verifier(pool, user, password, new(big.Int).SetBytes(salt)), b)
			params := challenge(srv, hex.EncodeToString(salt), block, user) // keeps leading zeros

			var tr srpkat.Trace
			s, err := srp.NewUserSession("eu-west-1_"+pool, password, srpkat.WithEphemeral(a), srpkat.WithTrace(&tr))
			if err != nil {
				return err.Error()
			}
			resp, err := s.Respond(params, ts)
			if err != nil {
				return err.Error()
			}
			key, sig := expect(t, srv, pool, user, s.SRPA(), block, "Tue Mar 5 09:04:07 UTC 2024")
			if tr.HKDF != hex.EncodeToString(key) {
				return "key " + tr.HKDF + " != " + hex.EncodeToString(key)
			}
			if resp["PASSWORD_CLAIM_SIGNATURE"] != sig || resp["USERNAME"] != user {
				return "signature or USERNAME differ"
			}

			// Same server, same challenge, another password.
			s, err = srp.NewUserSession("eu-west-1_"+pool, password+wrong, srpkat.WithEphemeral(a))
			if err != nil {
				return err.Error()
			}
			resp, err = s.Respond(params, ts)
			if err != nil {
				return err.Error()
			}
			_, sig = expect(t, srv, pool, user, s.SRPA(), block, resp["TIMESTAMP"])
			if resp["PASSWORD_CLAIM_SIGNATURE"] == sig {
				return "wrong password verified"
			}
			return ""
		},
		gen.RegexMatch("[0-9A-Za-z]{1,12}"), gen.AnyString(), gen.AnyString(),
		genBytes(1, 20), genBytes(1, 32), genBytes(16, 48), genBytes(0, 64),
		gen.AnyString().SuchThat(func(s string) bool { return s != "" })))
	p.TestingRun(t)
}

// TestDeviceFlowAgreesWithServerProperty registers a device with
// NewDeviceVerifier, gives the server only what ConfirmDevice sends (Salt,
// PasswordVerifier), and signs in with NewDeviceSession.
func TestDeviceFlowAgreesWithServerProperty(t *testing.T) {
	p := gopter.NewProperties(flowParams())
	p.Property("device verifier, device session and math/big server agree", prop.ForAll(
		func(groupKey, deviceKey, username string, b, block []byte, ms int64) string {
			dv, err := srp.NewDeviceVerifier(groupKey, deviceKey)
			if err != nil {
				return err.Error()
			}
			saltBytes, err1 := base64.StdEncoding.DecodeString(dv.Salt)
			vBytes, err2 := base64.StdEncoding.DecodeString(dv.PasswordVerifier)
			if err1 != nil || err2 != nil || len(dv.DevicePassword) != 56 {
				return "bad DeviceVerifier encoding"
			}
			salt := new(big.Int).SetBytes(saltBytes)
			v := new(big.Int).SetBytes(vBytes)
			// The verifier really is g^x for the stored password.
			if v.Cmp(srpref.Verifier(groupKey, deviceKey, dv.DevicePassword, salt)) != 0 {
				return "PasswordVerifier is not g^x"
			}
			srv := srpref.NewServer(v, b)
			params := challenge(srv, salt.Text(16), block, username)

			s, err := srp.NewDeviceSession(groupKey, deviceKey, dv.DevicePassword)
			if err != nil {
				return err.Error()
			}
			now := time.UnixMilli(ms)
			resp, err := s.Respond(params, now)
			if err != nil {
				return err.Error()
			}
			_, sig := expect(t, srv, groupKey, deviceKey, s.SRPA(), block, refTimestamp(now))
			if resp["PASSWORD_CLAIM_SIGNATURE"] != sig {
				return "signature differs"
			}
			if resp["DEVICE_KEY"] != deviceKey || resp["USERNAME"] != username {
				return "DEVICE_KEY or USERNAME differ"
			}
			return ""
		},
		gen.Identifier(), gen.AnyString(), gen.AlphaString(), genBytes(1, 32), genBytes(0, 64),
		gen.Int64Range(0, 253402300799999)))
	p.TestingRun(t)
}

func TestRefServerConstants(t *testing.T) {
	// The reference's k is the one docs/protocol.md §1 gives.
	require.Equal(t, "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6", srpref.K.Text(16))
	require.Equal(t, 3072, srpref.N.BitLen())
	require.True(t, srpref.N.ProbablyPrime(10))
}
