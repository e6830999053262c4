// Package srp implements the client side of Amazon Cognito's SRP-6a sign-in:
// USER_SRP_AUTH → PASSWORD_VERIFIER (NewUserSession), DEVICE_SRP_AUTH →
// DEVICE_PASSWORD_VERIFIER (NewDeviceSession) and the device verifier sent
// with ConfirmDevice (NewDeviceVerifier). Its results agree byte for byte
// with the official AWS JavaScript client (amazon-cognito-identity-js),
// including its encodings: padHex (minimal two's-complement hex, never padded
// to the group size), an unpadded SRP_A and a TIMESTAMP whose day of month is
// not zero-padded.
//
// A sign-in is two calls around the AWS SDK:
//
//	s, err := srp.NewUserSession(poolID, password)
//	// InitiateAuth with AuthParameters USERNAME and SRP_A = s.SRPA()
//	resp, err := s.Respond(out.ChallengeParameters, time.Now())
//	// RespondToAuthChallenge with ChallengeResponses = resp
//
// Package srp/signin runs the whole sign-in over aws-sdk-go-v2; package
// srp/srpserver is the server side (what a user pool computes), for test
// servers such as srp/srptest.
//
// # Randomness
//
// Like Go's own crypto packages since Go 1.26, the package takes no
// caller-supplied random source: every ephemeral secret, device password and
// salt is read from crypto/rand. Tests that need repeatable runs use
// testing/cryptotest.SetGlobalRandom; known-answer tests that need
// particular values use package srp/srpkat, whose options (a fixed
// ephemeral, a deterministic reader, a trace of intermediate values) and
// literal TIMESTAMP are not part of this package.
//
// # Constant time
//
// Every secret (the ephemeral a, the password-derived x, the verifier g^x,
// the exponent a + u·x, the shared secret S and the derived key) is handled
// by constant-time code: arithmetic modulo N runs in time independent of the
// values, and exponents are processed over a fixed length derived from
// public lengths. One leak is inherent to the protocol and kept for
// compatibility: padHex strips leading zero bytes of S before HKDF, so the
// HKDF input length (and hence its timing) depends on S in about one sign-in
// of 256.
package srp
