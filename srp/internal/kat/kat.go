// Package kat carries the known-answer hooks of package srp/srpkat into
// package srp, so that srp itself exports none of them. Package srp fills in
// Option and Respond when it is initialised; srpkat, which imports srp, only
// calls them.
package kat

import (
	"errors"
	"io"
)

// Hooks are the known-answer settings of one srp call. Package srp uses a nil
// *Hooks (the production case) as "none".
type Hooks struct {
	// Ephemeral is the fixed secret a (client) or b (server); nil draws it.
	Ephemeral []byte
	// Random replaces crypto/rand; nil keeps it.
	Random io.Reader
	// Trace receives the intermediate values; nil records nothing.
	Trace *Trace
}

// Trace is srpkat.Trace; srpkat converts a *srpkat.Trace to a *Trace, so
// the two structs must keep the same fields in the same order.
type Trace struct {
	K, SRPA, APad, BPad, SaltPad, U, UPad, UsernamePasswordHash, X, SPad, HKDF, Timestamp, Signature string
	RandomPassword, HashedString, SaltHex, VerifierHex                                               string
}

// Errors that only the hooks can cause; srpkat exports them.
var (
	ErrZeroEphemeral = errors.New("srpkat: ephemeral secret is zero")
	ErrRandom        = errors.New("srpkat: reading randomness failed")
)

// Set by package srp's init.
var (
	// Option returns an srp.Option (as any) that applies f to the call's Hooks.
	Option func(f func(*Hooks)) any
	// Respond is (*srp.Session).Respond with a literal TIMESTAMP; s is a *srp.Session.
	Respond func(s any, challengeParameters map[string]string, timestamp string) (map[string]string, error)
)
