package srp_test

import (
	"encoding/base64"
	"errors"
	"maps"
	"math/big"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/srpkit/cognito/internal/srpref"
	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srpkat"
	"github.com/stretchr/testify/require"
)

var fuzzA = []byte("fuzz ephemeral a, 32 bytes long!")

var hexRE = regexp.MustCompile(`^[0-9a-fA-F]+$`)

// validHex is the package's rule for SALT and SRP_B: 1 to 1024 hex digits.
func validHex(s string) bool { return len(s) <= 1024 && hexRE.MatchString(s) }

// refSignature is the expected PASSWORD_CLAIM_SIGNATURE for valid
// parameters, from the math/big reference.
func refSignature(pool, user, password string, a []byte, saltHex, bHex string, block []byte, timestamp string) string {
	salt, _ := new(big.Int).SetString(saltHex, 16)
	B, _ := new(big.Int).SetString(bHex, 16)
	key := srpref.ClientKey(pool, user, password, new(big.Int).SetBytes(a), salt, B)
	return srpref.Signature(key, pool, user, block, timestamp)
}

func decodeBlock(s string) ([]byte, bool) {
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, true
	}
	b, err := base64.RawStdEncoding.DecodeString(s)
	return b, err == nil
}

// FuzzRespond feeds arbitrary challenge parameters to Respond. It must never
// panic; it returns either an error of this package or the full response map,
// and it errs exactly when a math/big reference says the input is invalid,
// whose signature it must then match.
//
// A valid input costs a few milliseconds (two 3072-bit exponentiations here
// and in math/big), so the default minimisation of each new input (up to
// 60 s) can take most of a short run; add -fuzzminimizetime 20x:
//
//	go test -run '^$' -fuzz FuzzRespond -fuzztime 60s -fuzzminimizetime 20x ./srp/
func FuzzRespond(f *testing.F) {
	n := srpref.N.Text(16)
	f.Add(false, uint8(0xff), "00ab12", "1234567890abcdef", "c2VjcmV0IGJsb2Nr", "alice", "alice")
	f.Add(true, uint8(0xff), "ABCDEF", "fedcba987", "c2VjcmV0IGJsb2Nrcw", "bob", "")
	f.Add(false, uint8(0xff), "01", n, "AAAA", "u", "u")
	f.Add(false, uint8(0xff), "01", "00"+strings.ToUpper(n)+"0", "AAAA", "u", "u")
	f.Add(false, uint8(0xff), "", "", "", "", "")
	f.Add(false, uint8(0x0f), "0x1f", "-ff", "c2Vj*mV0", "é", "\x00")
	f.Add(false, uint8(0x17), "ff", strings.Repeat("f", 1024), "c2VjcmV0I", "u", "u")
	f.Add(true, uint8(0x00), "g", strings.Repeat("1", 1025), "====", "", "")

	f.Fuzz(func(t *testing.T, device bool, present uint8, salt, srpB, block, username, userID string) {
		params := map[string]string{}
		for i, kv := range [][2]string{{"SALT", salt}, {"SRP_B", srpB}, {"SECRET_BLOCK", block}, {"USERNAME", username}, {"USER_ID_FOR_SRP", userID}} {
			if present&(1<<i) != 0 {
				params[kv[0]] = kv[1]
			}
		}
		const pool, devKey, password, ts = "Pool1", "us-east-1_dev", "pw", "Mon Jan 1 00:00:00 UTC 2024"
		var s *srp.Session
		var err error
		if device {
			s, err = srp.NewDeviceSession(pool, devKey, password, srpkat.WithEphemeral(fuzzA))
		} else {
			s, err = srp.NewUserSession("us-east-1_"+pool, password, srpkat.WithEphemeral(fuzzA))
		}
		require.NoError(t, err)
		resp, err := srpkat.RespondWithTimestamp(s, params, ts)

		// The reference decision.
		_, hasSalt := params["SALT"]
		_, hasB := params["SRP_B"]
		_, hasBlock := params["SECRET_BLOCK"]
		_, hasUser := params["USERNAME"]
		srpUser, hasID := params["USER_ID_FOR_SRP"]
		if device {
			srpUser, hasID = devKey, hasUser
		}
		blockBytes, blockOK := decodeBlock(block)
		valid := hasSalt && hasB && hasBlock && hasID && validHex(salt) && validHex(srpB) && blockOK
		if valid {
			B, _ := new(big.Int).SetString(srpB, 16)
			valid = new(big.Int).Mod(B, srpref.N).Sign() != 0
		}

		if err != nil {
			require.Nil(t, resp, "error %v with a response", err)
			require.False(t, valid, "valid input refused: %v", err)
			typed := slices.ContainsFunc([]error{srp.ErrMissingParameter, srp.ErrMalformedParameter, srp.ErrParameterTooLong, srp.ErrInvalidB},
				func(e error) bool { return errors.Is(err, e) })
			require.True(t, typed, "untyped error %v", err)
			return
		}
		require.True(t, valid, "invalid input accepted: %q", params)
		want := []string{"USERNAME", "PASSWORD_CLAIM_SECRET_BLOCK", "TIMESTAMP", "PASSWORD_CLAIM_SIGNATURE"}
		if device {
			want = append(want, "DEVICE_KEY")
			require.Equal(t, devKey, resp["DEVICE_KEY"])
		}
		require.ElementsMatch(t, want, slices.Collect(maps.Keys(resp)))
		wantUser := username
		if !hasUser {
			wantUser = userID
		}
		require.Equal(t, []string{wantUser, block, ts}, []string{resp["USERNAME"], resp["PASSWORD_CLAIM_SECRET_BLOCK"], resp["TIMESTAMP"]}, "echoed fields")
		require.Equal(t, refSignature(pool, srpUser, password, fuzzA, salt, srpB, blockBytes, ts), resp["PASSWORD_CLAIM_SIGNATURE"])
	})
}
