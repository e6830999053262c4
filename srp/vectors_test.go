package srp_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/srpkit/cognito/secrethash"
	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srpkat"
)

// vectorFile is the schema of ../vectors/testdata/*.json (see the README there).
type vectorFile struct {
	Meta struct {
		Counts map[string]int `json:"counts"`
	} `json:"meta"`
	Cases []vectorCase `json:"cases"`
}

type vectorCase struct {
	ID       string         `json:"id"`
	Kind     string         `json:"kind"`
	Category string         `json:"category"`
	Inputs   map[string]any `json:"inputs"`
	Outputs  map[string]any `json:"outputs"`
}

func (c *vectorCase) in(key string) string {
	s, _ := c.Inputs[key].(string)
	return s
}

func loadVectors(t *testing.T, name string) vectorFile {
	t.Helper()
	raw, err := os.ReadFile("../vectors/testdata/" + name)
	require.NoError(t, err)
	var f vectorFile
	require.NoError(t, json.Unmarshal(raw, &f))
	return f
}

func TestAWSJSReferenceVectors(t *testing.T) {
	f := loadVectors(t, "aws-js-reference.json")
	require.Len(t, f.Cases, 302)
	ran := runVectors(t, f.Cases)
	assert.Equal(t, f.Meta.Counts, ran, "every case must run")
}

func TestPeersPublishedVectors(t *testing.T) {
	f := loadVectors(t, "peers-published.json")
	require.Len(t, f.Cases, 14)
	ran := runVectors(t, f.Cases)
	assert.Equal(t, map[string]int{"password": 4, "device": 2, "secrethash": 4, "timestamp": 4}, ran)
}

// runVectors runs each case through the public API and returns how many of
// each kind ran to the end.
func runVectors(t *testing.T, cases []vectorCase) map[string]int {
	ran := map[string]int{}
	for _, c := range cases {
		ok := t.Run(c.ID, func(t *testing.T) {
			switch c.Kind {
			case "password", "device":
				checkFlowVector(t, &c)
			case "devicehash":
				checkDeviceHashVector(t, &c)
			case "secrethash":
				got := secrethash.Compute(c.in("username"), c.in("clientId"), c.in("clientSecret"))
				assert.Equal(t, c.Outputs["secretHash"], got)
			case "timestamp":
				ms := c.Inputs["timestamp"].(float64)
				assert.Equal(t, c.Outputs["timestamp"], srp.FormatTimestamp(time.UnixMilli(int64(ms))))
			default:
				require.Failf(t, "unknown kind", "%q", c.Kind)
			}
		})
		if ok {
			ran[c.Kind]++
		}
	}
	return ran
}

// traceFields maps the vectors' output names to the recorded intermediates.
func traceFields(tr *srpkat.Trace) map[string]string {
	return map[string]string{
		"k": tr.K, "SRP_A": tr.SRPA, "A_pad": tr.APad, "B_pad": tr.BPad, "salt_pad": tr.SaltPad,
		"u": tr.U, "u_pad": tr.UPad, "usernamePasswordHash": tr.UsernamePasswordHash, "x": tr.X,
		"S_pad": tr.SPad, "hkdf": tr.HKDF, "timestamp": tr.Timestamp, "signature": tr.Signature,
	}
}

func checkFlowVector(t *testing.T, c *vectorCase) {
	a, err := hex.DecodeString(c.in("smallAHex"))
	require.NoError(t, err)
	var tr srpkat.Trace
	opts := []srp.Option{srpkat.WithEphemeral(a), srpkat.WithTrace(&tr)}
	if c.in("clientSecret") != "" {
		opts = append(opts, srp.WithClientSecret(c.in("clientId"), c.in("clientSecret")))
	}
	params := map[string]string{
		"SALT":         c.in("saltHex"),
		"SRP_B":        c.in("BHex"),
		"SECRET_BLOCK": c.in("secretBlockB64"),
		"USERNAME":     c.in("username"),
	}
	var s *srp.Session
	if c.Kind == "password" {
		poolID := c.in("userPoolId")
		if poolID == "" {
			poolID = "us-east-1_" + c.in("poolName")
		}
		params["USER_ID_FOR_SRP"] = c.in("username")
		s, err = srp.NewUserSession(poolID, c.in("password"), opts...)
	} else {
		s, err = srp.NewDeviceSession(c.in("deviceGroupKey"), c.in("deviceKey"), c.in("password"), opts...)
	}
	var got map[string]string
	if err == nil {
		assert.Equal(t, tr.SRPA, s.SRPA())
		switch ts := c.Inputs["timestamp"].(type) {
		case string:
			got, err = srpkat.RespondWithTimestamp(s, params, ts)
		case float64:
			got, err = s.Respond(params, time.UnixMilli(int64(ts)))
		default:
			require.Failf(t, "unknown timestamp type", "%T", ts)
		}
	}

	if want, isErr := c.Outputs["error"]; isErr {
		require.Error(t, err, "want error %q", want)
		assert.Nil(t, got)
		switch c.Category {
		case "invalid-a-zero":
			assert.ErrorIs(t, err, srpkat.ErrZeroEphemeral)
		default:
			require.Equal(t, "B cannot be zero.", want)
			assert.ErrorIs(t, err, srp.ErrInvalidB)
			// What was computed before the check agrees too.
			partial := c.Outputs["partial"].(map[string]any)
			for _, k := range []string{"k", "SRP_A", "A_pad"} {
				assert.Equal(t, partial[k], traceFields(&tr)[k], k)
			}
		}
		return
	}
	require.NoError(t, err)

	if cr, ok := c.Outputs["challengeResponses"].(map[string]any); ok {
		want := map[string]string{}
		for k, v := range cr {
			want[k] = v.(string)
		}
		if sh, ok := c.Outputs["secretHash"]; ok {
			want["SECRET_HASH"] = sh.(string)
		}
		assert.Equal(t, want, got, "challenge responses")
	} else {
		// Published known answers give only the signature (and hkdf).
		assert.Equal(t, c.Outputs["signature"], got["PASSWORD_CLAIM_SIGNATURE"])
	}

	require.Contains(t, c.Outputs, "signature")
	fields := traceFields(&tr)
	for k, w := range c.Outputs {
		switch k {
		case "challengeResponses", "secretHash":
		case "secretHashInitiateAuth":
			assert.Equal(t, w, secrethash.Compute(c.in("loginUsername"), c.in("clientId"), c.in("clientSecret")), k)
		default:
			v, known := fields[k]
			require.True(t, known, "output %q not checked", k)
			assert.Equal(t, w, v, k)
		}
	}
}

func checkDeviceHashVector(t *testing.T, c *vectorCase) {
	pw, err := hex.DecodeString(c.in("randomPasswordBytesHex"))
	require.NoError(t, err)
	salt, err := hex.DecodeString(c.in("saltBytesHex"))
	require.NoError(t, err)
	r := bytes.NewReader(append(pw, salt...))
	var tr srpkat.Trace
	v, err := srp.NewDeviceVerifier(c.in("deviceGroupKey"), c.in("deviceKey"), srpkat.WithRandom(r), srpkat.WithTrace(&tr))
	require.NoError(t, err)
	assert.Zero(t, r.Len(), "reads exactly 40+16 bytes")
	got := map[string]string{
		"randomPassword": v.DevicePassword, "hashedString": tr.HashedString, "saltHex": tr.SaltHex,
		"x": tr.X, "verifierHex": tr.VerifierHex, "Salt": v.Salt, "PasswordVerifier": v.PasswordVerifier,
	}
	assert.Equal(t, tr.RandomPassword, v.DevicePassword)
	require.Len(t, c.Outputs, len(got))
	for k, w := range c.Outputs {
		assert.Equal(t, w, got[k], k)
	}
}
