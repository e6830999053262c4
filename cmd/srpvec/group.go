package main

// Properties of the vector categories, on math/big values. gen builds its
// inputs with the reference in internal/srpref (a server's B from its secret
// b and the verifier, a B with S = 0) and searches for inputs with a property
// (an A whose padHex drops a zero byte, an S with its top bit set, ...).
// Every output written to a vector file is computed by the srp package (see
// compute.go) and proven against the AWS JavaScript client by
// interop/run.sh; gen then asserts that the property it searched for holds
// in those outputs, so the reference and srp cross-check each other.

import "math/big"

// Properties of the padHex encoding of a value of the 3072-bit group (A, B,
// S, a verifier), as the vector categories name them.
func topBitSet(x *big.Int) bool { return x.BitLen() == 3072 }

// topBitClear: a full 384-byte value whose first byte is 0x10..0x7f (even hex
// length, no 00 added, nothing dropped).
func topBitClear(x *big.Int) bool { return x.BitLen() > 3068 && x.BitLen() < 3072 }

// oddHexLength: the first byte is below 0x10, so toString(16) has odd length.
func oddHexLength(x *big.Int) bool { return len(x.Text(16))%2 == 1 }

// leadingZeroByte: below 2^3063, so padHex (which may add a 00) has at most
// 383 bytes: the zero byte is dropped, never padded back to |N|.
func leadingZeroByte(x *big.Int) bool { return x.BitLen() <= 383*8-1 }
