// Package srpserver is the server side of Amazon Cognito's SRP sign-in: what
// a user pool stores for a password or a remembered device (a Verifier), and
// one sign-in as the server sees it (a ServerSession), which sends SRP_B,
// SALT and SECRET_BLOCK and verifies the client's PASSWORD_CLAIM_SIGNATURE.
// It computes exactly what package srp (and the official AWS clients)
// expect, and handles every secret (the verifier v = g^x, the ephemeral b, S
// and the derived key) in constant time.
//
// Cognito itself is the server in production. The package exists for test
// servers: srp/srptest is a whole Cognito-compatible HTTP endpoint built on
// it; use this package directly for a fake of your own (an in-process stub
// behind an aws-sdk-go-v2 middleware, another protocol's mock). It is public
// for that reason, and kept apart from package srp so that srp's
// documentation is the client's.
//
// The errors it returns are package srp's (srp.ErrMalformedParameter,
// srp.ErrSessionUsed, ...) and the server-only ones below.
package srpserver
