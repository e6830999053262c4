package srp

import "github.com/srpkit/cognito/srp/internal/modp"

// Precompute builds now, if it is not built yet, the table of powers of the
// generator g = 2 that makes computing SRP_A, a device verifier, a password
// verifier and the server's B about twice as fast, and keeps it for the life
// of the process (bench/README.md gives its size and build time).
//
// Calling it is never needed for correctness, and a process that signs in
// a few times should not: without the table these exponentiations use a
// comb with small tables built on first use. The package builds the big
// table by itself during the exponentiation that takes the table-free work
// of the process past about the table's own cost (a dozen sign-ins), so a
// long-running program reaches the table's speed anyway. A server that wants
// that speed from its first request, without the build's pause inside one,
// calls Precompute at start-up.
//
// Which path an exponentiation takes depends only on public facts (exponent
// lengths and how many exponentiations ran before), never on a secret.
// Concurrent calls wait for a single build.
func Precompute() { modp.BuildGTable() }
