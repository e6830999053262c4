package protocol

import (
	"encoding/base64"
	"slices"

	"github.com/srpkit/cognito/srp/internal/modp"
)

// DeviceVerifierRandomSize is how many random bytes a device verifier
// takes: 40 for the password, then 16 for the salt, in the order the AWS
// clients draw them.
const DeviceVerifierRandomSize = 40 + 16

// DeviceVerifier computes the ConfirmDevice verifier of a device from its
// random bytes: the device password (base64 of the first 40 bytes), and
// the verifier g^x and salt as DeviceSecretVerifierConfig's base64 fields.
func DeviceVerifier(deviceGroupKey, deviceKey string, random *[DeviceVerifierRandomSize]byte, cfg *Config) (password, verifier, salt string) {
	pw := []byte(base64.StdEncoding.EncodeToString(random[:40]))
	defer clear(pw)
	saltPad := PadHex(random[40:])
	inner, x := PasswordHash(deviceGroupKey, deviceKey, pw, saltPad)

	var v modp.Element
	v.ExpG(x[:])
	var vb [modp.Size]byte
	v.Bytes(&vb)
	vPad := PadHex(vb[:])
	if cfg.Record != nil {
		cfg.Record(&Steps{RandomPassword: pw, HashedString: slices.Clone(inner[:]), SaltHex: saltPad, X: slices.Clone(x[:]), VerifierHex: vPad})
	}
	clear(inner[:])
	clear(x[:])
	return string(pw), base64.StdEncoding.EncodeToString(vPad), base64.StdEncoding.EncodeToString(saltPad)
}
