package srp

import "github.com/srpkit/cognito/srp/internal/modp"

// Precompute builds now, if it is not built yet, the table of powers of the
// generator g = 2 that makes computing SRP_A, a device verifier, a password
// verifier and the server's B about twice as fast. It costs about 11 ms of
// CPU (about 6,300 3072-bit multiplications, measured on a 2-core AMD EPYC)
// and keeps 2.4 MiB (2,519,040 bytes) allocated for the life of the process.
// On a CPU with AVX-512 IFMA, where the arithmetic runs in radix 2^52, the
// table takes 3.2 MiB (3,358,720 bytes) and less than half the build time.
//
// Calling it is never needed for correctness, and a process that signs in
// a few times should not: without the table these exponentiations use a
// comb with 24 KiB of small tables (32 KiB in radix 2^52 with IFMA; built on
// first use, about a quarter of a millisecond) and nothing else is built. The package builds the big table by
// itself during the exponentiation that takes the table-free work of the
// process past 16384 exponent bits (about the table's own cost; a sign-in
// uses 1280), so a long-running program reaches the table's speed after
// about a dozen sign-ins. A server that wants that speed from its first
// request, without the 11 ms pause inside one, calls Precompute at start-up.
//
// Which path an exponentiation takes depends only on public facts (exponent
// lengths and how many exponentiations ran before), never on a secret.
// Concurrent calls wait for a single build.
func Precompute() { modp.BuildGTable() }
