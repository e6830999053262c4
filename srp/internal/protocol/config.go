package protocol

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Config is the settings of one call, made by the options of packages srp
// (the public ones) and srp/srpkat (the known-answer inputs).
type Config struct {
	EphemeralSize int
	ClientID      string
	ClientSecret  string // "" for an app client without a secret
	DeviceKey     string

	// Known-answer inputs, set only by srpkat: a fixed ephemeral secret, a
	// source that replaces crypto/rand, and where the intermediate values
	// go. nil in production.
	Ephemeral []byte
	Random    io.Reader
	Record    func(*Steps)

	given Options // the options applied, checked by Check
}

// Options is a set of options, by kind.
type Options uint

// The kinds of options.
const (
	OptEphemeralSize Options = 1 << iota
	OptClientSecret
	OptDeviceKey
	OptEphemeral
	OptRandom
	OptTrace
)

var optionNames = []string{"WithEphemeralSize", "WithClientSecret", "WithDeviceKey",
	"srpkat.WithEphemeral", "srpkat.WithRandom", "srpkat.WithTrace"}

// DefaultEphemeralSize is the byte length of a drawn by the AWS clients.
const DefaultEphemeralSize = 128

// NewConfig applies the options; nil options are skipped.
func NewConfig[O ~func(*Config)](opts []O) *Config {
	c := &Config{EphemeralSize: DefaultEphemeralSize}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	return c
}

// Given records that an option of kind k was applied.
func (c *Config) Given(k Options) { c.given |= k }

// Check returns an error wrapping ErrInvalidOption, naming the option and
// fn, if an option outside allowed was given to the function fn.
func (c *Config) Check(fn string, allowed Options) error {
	extra := c.given &^ allowed
	if extra == 0 {
		return nil
	}
	var names []string
	for i, n := range optionNames {
		if extra&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	return fmt.Errorf("%w: %s takes no %s", ErrInvalidOption, fn, strings.Join(names, " or "))
}

// Read fills b with random bytes: from crypto/rand, which never fails, or
// from Random, where any failure is an error wrapping ErrRandom.
func (c *Config) Read(b []byte) error {
	if c.Random == nil {
		rand.Read(b)
		return nil
	}
	if _, err := io.ReadFull(c.Random, b); err != nil {
		if errors.Is(err, ErrRandom) {
			return err
		}
		return ErrRandom
	}
	return nil
}

// SecretExponent returns a new ephemeral secret: EphemeralSize (32 to
// 1024) random bytes, not all zero, or a copy of the fixed Ephemeral (1 to
// 1024 bytes, not zero).
func (c *Config) SecretExponent() ([]byte, error) {
	if c.Ephemeral != nil {
		a := append([]byte(nil), c.Ephemeral...) // a copy: the session wipes it
		if len(a) < 1 || len(a) > 1024 {
			return nil, ErrInvalidEphemeral
		}
		if IsZero(a) {
			return nil, ErrZeroEphemeral
		}
		return a, nil
	}
	if c.EphemeralSize < 32 || c.EphemeralSize > 1024 {
		return nil, ErrInvalidEphemeral
	}
	a := make([]byte, c.EphemeralSize)
	for {
		if err := c.Read(a); err != nil {
			return nil, err
		}
		if !IsZero(a) {
			return a, nil
		}
		// A zero draw from crypto/rand (probability 2^-256) is drawn again;
		// a known-answer reader that gives one is an error.
		if c.Random != nil {
			return nil, ErrZeroEphemeral
		}
	}
}

// IsZero reports, in constant time, whether the secret b is all zero bytes.
func IsZero(b []byte) bool {
	var or byte
	for _, x := range b {
		or |= x
	}
	return subtle.ConstantTimeByteEq(or, 0) == 1
}
