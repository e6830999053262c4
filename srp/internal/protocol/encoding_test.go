package protocol

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math/big"
	"reflect"
	"strings"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"github.com/stretchr/testify/assert"

	"github.com/srpkit/cognito/internal/srpref"
)

// genNumberBytes draws big-endian byte strings of 0 to 400 bytes whose first
// bytes are often zero and whose first non-zero byte often sits at the
// top-bit boundary (0x7f, 0x80, 0xff).
func genNumberBytes() gopter.Gen {
	return gopter.CombineGens(
		gen.IntRange(0, 3),
		gen.OneGenOf(gen.UInt8(), gen.OneConstOf(uint8(0x01), uint8(0x0f), uint8(0x7f), uint8(0x80), uint8(0xff))),
		gen.IntRange(0, 400).FlatMap(func(n any) gopter.Gen {
			return gen.SliceOfN(n.(int), gen.UInt8())
		}, reflect.TypeOf([]byte(nil))),
	).Map(func(v []any) []byte {
		b := make([]byte, v[0].(int), 500)
		b = append(b, v[1].(uint8))
		return append(b, v[2].([]byte)...)
	})
}

func TestPadHexProperty(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 1000
	p := gopter.NewProperties(params)
	p.Property("padHex equals the math/big reference", prop.ForAll(
		func(b []byte) bool {
			return bytes.Equal(PadHex(b), srpref.Pad(new(big.Int).SetBytes(b)))
		}, genNumberBytes()))
	p.Property("padHex leaves its input alone", prop.ForAll(
		func(b []byte) bool {
			c := append([]byte(nil), b...)
			PadHex(b)
			return string(b) == string(c)
		}, genNumberBytes()))
	p.TestingRun(t)
}

func TestPadHexExamples(t *testing.T) {
	// docs/protocol.md §2.
	for in, want := range map[string]string{
		"": "00", "00": "00", "80": "0080", "7f": "7f", "0abc": "0abc",
		"0000ab": "00ab", "00ff": "00ff", "000fff": "0fff",
	} {
		b, _ := hex.DecodeString(in)
		assert.Equal(t, want, hex.EncodeToString(PadHex(b)), in)
	}
}

func TestDecodeHexProperty(t *testing.T) {
	p := gopter.NewProperties(nil)
	p.Property("decodeHex equals big.Int.SetString for any case and odd lengths", prop.ForAll(
		func(b []byte, upper, odd bool) bool {
			s := hex.EncodeToString(b)
			if odd && len(s) > 1 {
				s = s[1:]
			}
			if upper {
				s = strings.ToUpper(s)
			}
			if len(s) > MaxHexLen {
				s = s[:MaxHexLen]
			}
			got, err := DecodeHex("X", s)
			want, _ := new(big.Int).SetString(s, 16)
			return err == nil && new(big.Int).SetBytes(got).Cmp(want) == 0
		}, genNumberBytes(), gen.Bool(), gen.Bool()))
	p.TestingRun(t)
}

func TestDecodeHexErrors(t *testing.T) {
	for _, s := range []string{"", "0x1f", "g", "-ff", " ff", "ff\n", "1-2", "é"} {
		_, err := DecodeHex("SALT", s)
		assert.ErrorIs(t, err, ErrMalformedParameter, "%q", s)
		assert.Contains(t, err.Error(), "SALT")
	}
	_, err := DecodeHex("SRP_B", strings.Repeat("f", MaxHexLen+1))
	assert.ErrorIs(t, err, ErrParameterTooLong)
	_, err = DecodeHex("SRP_B", strings.Repeat("f", MaxHexLen))
	assert.NoError(t, err)
	assert.False(t, errors.Is(err, ErrMalformedParameter))
}
