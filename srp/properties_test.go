package srp_test

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
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

// The test-side server: SPEC §1-5 written with math/big, crypto/hkdf and
// crypto/hmac, sharing no code with the package.
var (
	bigN, _ = new(big.Int).SetString("FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF", 16)
	bigG    = big.NewInt(2)
	bigK    = hashInts(bigN, bigG)
)

// refPad is padHex (SPEC §2) of a non-negative n, as bytes.
func refPad(n *big.Int) []byte {
	h := n.Text(16)
	if len(h)%2 == 1 {
		h = "0" + h
	}
	if h[0] >= '8' {
		h = "00" + h
	}
	b, _ := hex.DecodeString(h)
	return b
}

// hashInts is H(padHex(x) || padHex(y)) as an integer.
func hashInts(x, y *big.Int) *big.Int {
	h := sha256.Sum256(append(refPad(x), refPad(y)...))
	return new(big.Int).SetBytes(h[:])
}

// refX is x = H(padHex(salt) || H(pool || user || ":" || password)).
func refX(pool, user, password string, salt *big.Int) *big.Int {
	inner := sha256.Sum256([]byte(pool + user + ":" + password))
	h := sha256.Sum256(append(refPad(salt), inner[:]...))
	return new(big.Int).SetBytes(h[:])
}

type refServer struct {
	pool, user string
	salt, v    *big.Int // v = g^x mod N
	b, B       *big.Int
}

func newRefServer(pool, user string, salt, v *big.Int, b []byte) *refServer {
	s := &refServer{pool: pool, user: user, salt: salt, v: v, b: new(big.Int).SetBytes(b)}
	// B = k·v + g^b mod N
	s.B = new(big.Int).Mul(bigK, v)
	s.B.Add(s.B, new(big.Int).Exp(bigG, s.b, bigN))
	s.B.Mod(s.B, bigN)
	return s
}

// expect returns the key and PASSWORD_CLAIM_SIGNATURE the server expects for
// the client's SRP_A: S = (A·v^u)^b mod N, key = HKDF(padHex(S), padHex(u)).
func (s *refServer) expect(t *testing.T, srpA string, block []byte, timestamp string) (key []byte, signature string) {
	A, ok := new(big.Int).SetString(srpA, 16)
	require.True(t, ok)
	u := hashInts(A, s.B)
	S := new(big.Int).Exp(s.v, u, bigN)
	S.Mul(S, A)
	S.Exp(S, s.b, bigN)
	key, err := hkdf.Key(sha256.New, refPad(S), refPad(u), "Caldera Derived Key", 16)
	require.NoError(t, err)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(s.pool + s.user))
	mac.Write(block)
	mac.Write([]byte(timestamp))
	return key, base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func (s *refServer) challenge(saltHex string, block []byte, username string) map[string]string {
	return map[string]string{
		"SALT":            saltHex,
		"SRP_B":           s.B.Text(16),
		"SECRET_BLOCK":    base64.StdEncoding.EncodeToString(block),
		"USERNAME":        username,
		"USER_ID_FOR_SRP": username,
	}
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
			saltInt := new(big.Int).SetBytes(salt)
			v := new(big.Int).Exp(bigG, refX(pool, user, password, saltInt), bigN)
			srv := newRefServer(pool, user, saltInt, v, b)
			params := srv.challenge(hex.EncodeToString(salt), block, user) // keeps leading zeros

			var tr srpkat.Trace
			s, err := srp.NewUserSession("eu-west-1_"+pool, password, srpkat.WithEphemeral(a), srpkat.WithTrace(&tr))
			if err != nil {
				return err.Error()
			}
			resp, err := s.Respond(params, ts)
			if err != nil {
				return err.Error()
			}
			key, sig := srv.expect(t, s.SRPA(), block, "Tue Mar 5 09:04:07 UTC 2024")
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
			_, sig = srv.expect(t, s.SRPA(), block, resp["TIMESTAMP"])
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
			if v.Cmp(new(big.Int).Exp(bigG, refX(groupKey, deviceKey, dv.DevicePassword, salt), bigN)) != 0 {
				return "PasswordVerifier is not g^x"
			}
			srv := newRefServer(groupKey, deviceKey, salt, v, b)
			params := srv.challenge(salt.Text(16), block, username)

			s, err := srp.NewDeviceSession(groupKey, deviceKey, dv.DevicePassword)
			if err != nil {
				return err.Error()
			}
			now := time.UnixMilli(ms)
			resp, err := s.Respond(params, now)
			if err != nil {
				return err.Error()
			}
			_, sig := srv.expect(t, s.SRPA(), block, refTimestamp(now))
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
	// The test server's k is the one SPEC §1 gives.
	require.Equal(t, "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6", bigK.Text(16))
	require.Equal(t, 3072, bigN.BitLen())
	require.True(t, bigN.ProbablyPrime(10))
}
