package srp

import (
	"encoding/base64"
	"encoding/hex"
	"io"

	"github.com/srpkit/cognito/srp/internal/modp"
)

// A DeviceVerifier is what ConfirmDevice needs to remember a device.
type DeviceVerifier struct {
	// DevicePassword is the device's secret: store it with the device key
	// and device group key for later NewDeviceSession calls. Never send it.
	DevicePassword string
	// PasswordVerifier and Salt are DeviceSecretVerifierConfig's fields, base64
	// as ConfirmDevice expects them.
	PasswordVerifier string
	Salt             string
}

// NewDeviceVerifier draws a device password and salt and computes the
// verifier for ConfirmDevice, as the AWS clients do: 40 random password bytes,
// then 16 random salt bytes, read in that order from the random source.
func NewDeviceVerifier(deviceGroupKey, deviceKey string, opts ...Option) (*DeviceVerifier, error) {
	cfg := newConfig(opts)
	buf := make([]byte, 40+16)
	defer clear(buf)
	if _, err := io.ReadFull(cfg.random, buf); err != nil {
		return nil, ErrRandom
	}
	password := []byte(base64.StdEncoding.EncodeToString(buf[:40]))
	defer clear(password)
	saltPad := padHex(buf[40:])
	inner, x := passwordHash(deviceGroupKey, deviceKey, password, saltPad)

	var v modp.Element
	v.ExpG(x[:])
	var vb [modp.Size]byte
	v.Bytes(&vb)
	verifier := padHex(vb[:])

	if t := cfg.trace; t != nil {
		t.RandomPassword = string(password)
		t.HashedString = hex.EncodeToString(inner[:])
		t.SaltHex = hex.EncodeToString(saltPad)
		t.X = hex.EncodeToString(x[:])
		t.VerifierHex = hex.EncodeToString(verifier)
	}
	clear(inner[:])
	clear(x[:])
	return &DeviceVerifier{
		DevicePassword:   string(password),
		PasswordVerifier: base64.StdEncoding.EncodeToString(verifier),
		Salt:             base64.StdEncoding.EncodeToString(saltPad),
	}, nil
}
