// Package srp implements Amazon Cognito's SRP-6a sign-in: the client side,
// which programs use to sign in, and the server side, which test servers such
// as srp/srptest use to check it.
//
// The client side covers USER_SRP_AUTH → PASSWORD_VERIFIER (NewUserSession),
// DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER (NewDeviceSession) and the device
// verifier sent with ConfirmDevice (NewDeviceVerifier). Its results agree byte
// for byte with the official AWS JavaScript client
// (amazon-cognito-identity-js), including its encodings: padHex (minimal
// two's-complement hex, never padded to the group size), an unpadded SRP_A and
// a TIMESTAMP whose day of month is not zero-padded.
//
// A sign-in is two calls around the AWS SDK:
//
//	s, err := srp.NewUserSession(poolID, password)
//	// InitiateAuth with AuthParameters USERNAME and SRP_A = s.SRPA()
//	resp, err := s.Respond(out.ChallengeParameters, time.Now())
//	// RespondToAuthChallenge with ChallengeResponses = resp
//
// The server side is what a user pool does: a Verifier is what it stores for
// a password (NewPasswordVerifier) or a remembered device
// (ParseDeviceVerifier), a ServerSession sends SRP_B, SALT and SECRET_BLOCK
// and verifies the client's answer, and ParseTimestamp checks TIMESTAMP. It
// computes exactly what the client side expects; Cognito itself is the server
// in production.
//
// # Randomness
//
// Like Go's own crypto packages since Go 1.26, the package takes no
// caller-supplied random source: every ephemeral secret, salt, device password
// and SECRET_BLOCK is read from crypto/rand. Tests that need repeatable runs
// use testing/cryptotest.SetGlobalRandom; known-answer tests that need
// particular values use package srp/srpkat, whose hooks (a fixed ephemeral, a
// deterministic reader, a trace of intermediate values, a literal TIMESTAMP)
// are not part of this package.
//
// # Constant time
//
// Every secret (the ephemerals a and b, the password-derived x, the verifier
// g^x, the exponent a + u·x, the shared secret S and the derived key) is
// handled by constant-time code: arithmetic modulo N runs in time independent
// of the values, and exponents are processed over a fixed length derived from
// public lengths. One leak is inherent to the protocol and kept for
// compatibility: padHex strips leading zero bytes of S before HKDF, so the
// HKDF input length (and hence its timing) depends on S in about one sign-in
// of 256.
package srp
