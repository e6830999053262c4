package srp

import (
	"encoding/base64"
	"encoding/hex"

	"github.com/srpkit/cognito/srp/internal/modp"
)

// NewDeviceSession starts a DEVICE_SRP_AUTH sign-in with a remembered device:
// the device group key, the device key and the device password saved when the
// device was confirmed (DeviceVerifier.DevicePassword).
func NewDeviceSession(deviceGroupKey, deviceKey, devicePassword string, opts ...Option) (*Session, error) {
	return newSession(deviceGroupKey, deviceKey, devicePassword, true, opts)
}

// DeviceSRPAuthResponse returns the ChallengeResponses of
// RespondToAuthChallenge (or AdminRespondToAuthChallenge) for DEVICE_SRP_AUTH
// from a device session: USERNAME, DEVICE_KEY, SRP_A, and SECRET_HASH when
// configured. username is the USERNAME of the challenge. Cognito then answers
// DEVICE_PASSWORD_VERIFIER, which Respond answers.
func (s *Session) DeviceSRPAuthResponse(username string) map[string]string {
	s = s.orZero()
	return s.withSecretHash(username, map[string]string{
		keyUsername:  username,
		keyDeviceKey: s.deviceKey,
		keySRPA:      s.srpA,
	})
}

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
// then 16 random salt bytes, read in that order from crypto/rand.
func NewDeviceVerifier(deviceGroupKey, deviceKey string, opts ...Option) (*DeviceVerifier, error) {
	cfg := newConfig(opts)
	buf := make([]byte, 40+16)
	defer clear(buf)
	if err := cfg.read(buf); err != nil {
		return nil, err
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

	if t := cfg.trace(); t != nil {
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
