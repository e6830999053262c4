package srp

import "github.com/srpkit/cognito/srp/internal/protocol"

// NewDeviceSession starts a DEVICE_SRP_AUTH sign-in with a remembered device:
// the device group key, the device key and the device password saved when the
// device was confirmed (DeviceVerifier.DevicePassword). It takes the options
// WithEphemeralSize and WithClientSecret.
func NewDeviceSession(deviceGroupKey, deviceKey, devicePassword string, opts ...Option) (*Session, error) {
	const allowed = protocol.OptEphemeralSize | protocol.OptClientSecret |
		protocol.OptEphemeral | protocol.OptRandom | protocol.OptTrace
	return newSession("NewDeviceSession", allowed, deviceGroupKey, deviceKey, devicePassword, true, opts)
}

// DeviceSRPAuthResponse returns the ChallengeResponses of
// RespondToAuthChallenge (or AdminRespondToAuthChallenge) for DEVICE_SRP_AUTH
// from a device session: USERNAME, DEVICE_KEY, SRP_A, and SECRET_HASH when
// configured. username is the USERNAME of the challenge. Cognito then answers
// DEVICE_PASSWORD_VERIFIER, which Respond answers.
func (s *Session) DeviceSRPAuthResponse(username string) map[string]string {
	return s.p().DeviceSRPAuthResponse(username)
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
// then 16 random salt bytes, read in that order from crypto/rand. It takes no
// option of this package.
func NewDeviceVerifier(deviceGroupKey, deviceKey string, opts ...Option) (*DeviceVerifier, error) {
	cfg := newConfig(opts)
	if err := cfg.Check("NewDeviceVerifier", protocol.OptRandom|protocol.OptTrace); err != nil {
		return nil, err
	}
	var random [protocol.DeviceVerifierRandomSize]byte
	defer clear(random[:])
	if err := cfg.Read(random[:]); err != nil {
		return nil, err
	}
	pw, v, salt := protocol.DeviceVerifier(deviceGroupKey, deviceKey, &random, cfg)
	return &DeviceVerifier{DevicePassword: pw, PasswordVerifier: v, Salt: salt}, nil
}
