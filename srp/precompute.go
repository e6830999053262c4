package srp

import "github.com/srpkit/cognito/srp/internal/modp"

// Precompute builds now, if it is not built yet, the table of powers of the
// generator g = 2 that makes computing SRP_A, a device verifier, a password
// verifier and the server's B about 3 times faster. It costs about 11 ms of
// CPU (about 6,300 3072-bit multiplications, measured on a 2-core AMD EPYC)
// and keeps 2.4 MiB (2,519,040 bytes) allocated for the life of the process.
//
// Calling it is never needed for correctness, and a process that signs in
// once should not: without the table each of these exponentiations takes a
// squaring per exponent bit and nothing is built. The package builds the table by
// itself during the exponentiation that takes the table-free work of the
// process past 8192 exponent bits (about the table's own cost; a sign-in
// uses 1280), so a long-running program reaches the table's speed after a
// handful of sign-ins. A server that wants that speed from its first request,
// without the 11 ms pause inside one, calls Precompute at start-up.
//
// Which path an exponentiation takes depends only on public facts (exponent
// lengths and how many exponentiations ran before), never on a secret.
// Concurrent calls wait for a single build.
func Precompute() { modp.BuildGTable() }
