package secrethash_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/srpkit/cognito/secrethash"
)

// TestVectors checks every secrethash case and every SECRET_HASH of a flow
// case in the reference files (see ../vectors/testdata/README.md).
func TestVectors(t *testing.T) {
	total := 0
	for _, name := range []string{"aws-js-reference.json", "peers-published.json"} {
		raw, err := os.ReadFile("../vectors/testdata/" + name)
		require.NoError(t, err)
		var f struct {
			Cases []struct {
				ID, Kind string
				Inputs   map[string]any
				Outputs  map[string]any
			}
		}
		require.NoError(t, json.Unmarshal(raw, &f))
		for _, c := range f.Cases {
			in := func(k string) string { s, _ := c.Inputs[k].(string); return s }
			switch {
			case c.Kind == "secrethash":
				assert.Equal(t, c.Outputs["secretHash"], secrethash.Compute(in("username"), in("clientId"), in("clientSecret")), c.ID)
				assert.True(t, secrethash.Verify(c.Outputs["secretHash"].(string), in("username"), in("clientId"), in("clientSecret")), c.ID)
				total++
			case c.Outputs["secretHash"] != nil:
				// Keyed on the USERNAME of the PASSWORD_VERIFIER response.
				user := c.Outputs["challengeResponses"].(map[string]any)["USERNAME"].(string)
				assert.Equal(t, c.Outputs["secretHash"], secrethash.Compute(user, in("clientId"), in("clientSecret")), c.ID)
				if w, ok := c.Outputs["secretHashInitiateAuth"]; ok {
					assert.Equal(t, w, secrethash.Compute(in("loginUsername"), in("clientId"), in("clientSecret")), c.ID)
				}
				total++
			}
		}
	}
	assert.Equal(t, 25+4+7, total)
}

func TestVerify(t *testing.T) {
	const u, id, secret = "test", "123abd", "clientSecret"
	const h = "LoIX/oPJWZzFYv8liJYRo+CHv16FNDY10JlZEDjL3Vg=" // alexrudd/cognito-srp
	assert.True(t, secrethash.Verify(h, u, id, secret))
	for _, c := range [][4]string{
		{h, "test1", id, secret}, {h, u, "123abD", secret}, {h, u, id, "clientsecret"}, {h, "", "", ""},
		{"MoIX/oPJWZzFYv8liJYRo+CHv16FNDY10JlZEDjL3Vg=", u, id, secret}, // one bit off
		{h[:len(h)-1], u, id, secret},                                   // bad padding
		{"LoIX/oPJWZzFYv8liJYRo+CHv16FNDY10JlZEDjL3Vg", u, id, secret},  // unpadded
		{"LoIX_oPJWZzFYv8liJYRo-CHv16FNDY10JlZEDjL3Vg=", u, id, secret}, // URL alphabet
		{"LoIX/oPJWZzFYv8liJYRo+CHv16FNDY10JlZEDjL3Vg=AAAA", u, id, secret},
		{"LoIX/oPJWZzFYv8liJYRo+CHv16FNDY10JlZ", u, id, secret}, // prefix
		{"", u, id, secret}, {"!!!!", u, id, secret}, {"====", u, id, secret}, {"\x00\xff", u, id, secret},
	} {
		assert.False(t, secrethash.Verify(c[0], c[1], c[2], c[3]), "%q", c)
	}
}

func TestComputeProperties(t *testing.T) {
	p := gopter.NewProperties(nil)
	p.Property("Compute equals HMAC-SHA256(secret, username||clientID) in base64", prop.ForAll(
		func(u, id, secret string) bool {
			m := hmac.New(sha256.New, []byte(secret))
			m.Write([]byte(u + id))
			return secrethash.Compute(u, id, secret) == base64.StdEncoding.EncodeToString(m.Sum(nil))
		}, gen.AnyString(), gen.AnyString(), gen.AnyString()))
	p.Property("Verify(Compute(...)) round trip; other inputs fail", prop.ForAll(
		func(u, id, secret, other string) bool {
			h := secrethash.Compute(u, id, secret)
			return secrethash.Verify(h, u, id, secret) &&
				!secrethash.Verify(h, u, id, secret+other) &&
				!secrethash.Verify(h, u+other+"x", id, secret)
		}, gen.AnyString(), gen.AnyString(), gen.AnyString(), gen.AnyString().SuchThat(func(s string) bool { return s != "" })))
	p.TestingRun(t)
}

func TestNoSeparator(t *testing.T) {
	// docs/protocol.md §10: username and clientID are concatenated without a separator.
	assert.Equal(t, secrethash.Compute("alice1", "23abc", "s"), secrethash.Compute("alice", "123abc", "s"))
}

func TestAttach(t *testing.T) {
	m := map[string]string{"USERNAME": "alice"}
	assert.Equal(t, map[string]string{"USERNAME": "alice"}, secrethash.Attach(m, "alice", "cid", ""))
	got := secrethash.Attach(m, "alice", "cid", "sec")
	assert.Equal(t, secrethash.Compute("alice", "cid", "sec"), got["SECRET_HASH"])
	assert.Equal(t, secrethash.Compute("bob", "cid", "sec"), secrethash.Attach(nil, "bob", "cid", "sec")["SECRET_HASH"])
	assert.Nil(t, secrethash.Attach(nil, "bob", "cid", ""))
}
