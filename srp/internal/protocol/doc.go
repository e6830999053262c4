// Package protocol is Cognito's SRP written as deterministic steps
// (docs/protocol.md §1-6): the encodings, the hashes, the client's session
// given its secret a, and the settings of one call. Every secret input
// (the ephemeral, the device password and salt, SECRET_BLOCK) is an
// argument or comes from Config's explicit source, never from a hidden
// global, so that package srp calls these steps with bytes from
// crypto/rand and package srp/srpkat with the caller's bytes, as
// crypto/mlkem and crypto/mlkem/mlkemtest share crypto/internal/fips140/mlkem.
//
// The steps return their intermediate values (Steps) instead of recording
// them; only srpkat turns them into a trace.
package protocol
