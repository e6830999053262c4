package srp

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"sync/atomic"

	"github.com/srpkit/cognito/srp/internal/modp"
)

// The server half of Cognito's SRP: what a user pool stores for a password
// or a remembered device (a Verifier), and one sign-in as the server sees it
// (a ServerSession). It exists for test servers such as srp/srptest; it
// computes exactly what the client half expects, and handles every secret (the
// verifier v = g^x, the ephemeral b, S and the derived key) in constant time.

// saltSize is the byte length of the salt NewPasswordVerifier draws (the
// device salt of the AWS clients has the same length).
const saltSize = 16

// secretBlockSize is the byte length of the random SECRET_BLOCK.
const secretBlockSize = 64

// A Verifier is what a server stores to check one SRP identity: the pool name
// (or device group key), the SRP user name (USER_ID_FOR_SRP, or the device
// key), the salt and v = g^x mod N. It never holds the password. A Verifier is
// immutable and safe to share between goroutines and ServerSessions.
type Verifier struct {
	poolName string
	userID   string
	saltPad  []byte // padHex of the salt: the bytes hashed into x
	v        modp.Element
}

// NewPasswordVerifier draws a 16-byte salt from crypto/rand and computes the
// verifier of a user's password, with the same x as the client: poolID is the
// user pool id (for example "us-east-1_AbC123"), userIDForSRP the name sent
// as USER_ID_FOR_SRP.
func NewPasswordVerifier(poolID, userIDForSRP, password string, opts ...Option) (*Verifier, error) {
	poolName, err := poolNameOf(poolID)
	if err != nil {
		return nil, err
	}
	cfg := newConfig(opts)
	salt := make([]byte, saltSize)
	if err := cfg.read(salt); err != nil {
		return nil, err
	}
	pw := []byte(password)
	defer clear(pw)
	vf := &Verifier{poolName: poolName, userID: userIDForSRP, saltPad: padHex(salt)}
	inner, x := passwordHash(vf.poolName, userIDForSRP, pw, vf.saltPad)
	vf.v.ExpG(x[:])
	clear(inner[:])
	clear(x[:])
	return vf, nil
}

// ParseDeviceVerifier returns the Verifier of a remembered device from the
// DeviceSecretVerifierConfig of a ConfirmDevice request (standard base64 Salt
// and PasswordVerifier, as NewDeviceVerifier produces them), the device group
// key and the device key.
func ParseDeviceVerifier(deviceGroupKey, deviceKey, salt, passwordVerifier string) (*Verifier, error) {
	if len(salt) > maxHexLen {
		return nil, &paramError{name: "Salt", err: ErrParameterTooLong}
	}
	s, err := base64.StdEncoding.DecodeString(salt)
	if err != nil {
		return nil, &paramError{name: "Salt", err: ErrMalformedParameter}
	}
	if len(passwordVerifier) > 4*(modp.Size+2)/3+4 {
		return nil, ErrInvalidVerifier
	}
	vb, err := base64.StdEncoding.DecodeString(passwordVerifier)
	if err != nil || len(vb) == 0 {
		return nil, ErrInvalidVerifier
	}
	defer clear(vb)
	// padHex adds at most one zero byte: strip one to fit in Size bytes. The
	// length is public (it was sent in the clear), the value is not.
	if len(vb) == modp.Size+1 && vb[0] == 0 {
		vb = vb[1:]
	}
	if len(vb) > modp.Size {
		return nil, ErrInvalidVerifier
	}
	vf := &Verifier{poolName: deviceGroupKey, userID: deviceKey, saltPad: padHex(s)}
	if _, err := vf.v.SetBytes(vb); err != nil {
		return nil, ErrInvalidVerifier
	}
	// Reject v >= N (SetBytes reduced it) and v = 0, without branching on v.
	var in, out [modp.Size]byte
	copy(in[modp.Size-len(vb):], vb)
	vf.v.Bytes(&out)
	ok := subtle.ConstantTimeCompare(in[:], out[:]) & (vf.v.IsZero() ^ 1)
	clear(in[:])
	clear(out[:])
	if ok != 1 {
		return nil, ErrInvalidVerifier
	}
	return vf, nil
}

// UserID returns the SRP user name the verifier belongs to: USER_ID_FOR_SRP,
// or the device key for a device verifier.
func (v *Verifier) UserID() string {
	if v == nil {
		return ""
	}
	return v.userID
}

// Salt returns the salt as the SALT challenge parameter: lowercase hex.
func (v *Verifier) Salt() string {
	if v == nil {
		return ""
	}
	return hex.EncodeToString(v.saltPad)
}

// A ServerSession is the server's side of one sign-in: it holds the secret
// ephemeral b, sends SRP_B, SALT and SECRET_BLOCK with the PASSWORD_VERIFIER
// (or DEVICE_PASSWORD_VERIFIER) challenge and checks exactly one response.
// Its getters are safe to call from several goroutines.
type ServerSession struct {
	v           *Verifier
	b           []byte
	aElem       modp.Element
	aPad, bPad  []byte
	srpB        string
	secretBlock []byte
	blockText   string
	used        atomic.Bool
}

// NewServerSession starts the server side of a sign-in for the verifier v,
// given the client's SRP_A (hex, as sent with InitiateAuth or
// DEVICE_SRP_AUTH). It returns ErrInvalidA if A mod N = 0, and a wrapped
// ErrMalformedParameter or ErrParameterTooLong for bad hex.
//
// It draws b (WithEphemeralSize bytes, default 128, or the fixed
// known-answer one of srpkat.WithEphemeral) and then a 64-byte SECRET_BLOCK
// from crypto/rand, and computes B = k·v + g^b mod N in constant time.
func NewServerSession(v *Verifier, srpA string, opts ...Option) (*ServerSession, error) {
	// v = 0 (a zero-value Verifier) would make S = 0 for any password. That
	// v is zero is a fact about misuse, not a secret.
	if v == nil || v.v.IsZero() == 1 {
		return nil, ErrInvalidVerifier
	}
	A, err := decodeHex("SRP_A", srpA)
	if err != nil {
		return nil, err
	}
	aReduced := reduce(new(modp.Element), A)
	if aReduced.IsZero() == 1 { // A is public
		return nil, ErrInvalidA
	}
	cfg := newConfig(opts)
	b, err := cfg.secretExponent()
	if err != nil {
		return nil, err
	}
	block := make([]byte, secretBlockSize)
	if err := cfg.read(block); err != nil {
		return nil, err
	}

	s := &ServerSession{v: v, b: b, aPad: padHex(A), aElem: *aReduced, secretBlock: block}

	var B, kv modp.Element
	kv.Mul(kElem, &v.v)
	B.ExpG(b)
	B.Add(&B, &kv)
	kv = modp.Element{}
	var bb [modp.Size]byte
	B.Bytes(&bb)
	s.srpB = minimalHex(bb[:]) // B is public
	s.bPad = padHex(bb[:])
	s.blockText = base64.StdEncoding.EncodeToString(block)
	return s, nil
}

// made reports whether s was made by NewServerSession: Verify on one that
// was not (a zero value or nil) gives ErrUninitialized.
func (s *ServerSession) made() bool { return s != nil && s.v != nil }

// orZero returns s, or for one not made by NewServerSession an empty one
// whose getters return "".
func (s *ServerSession) orZero() *ServerSession {
	if !s.made() {
		return &ServerSession{v: new(Verifier)}
	}
	return s
}

// SRPB returns the SRP_B challenge parameter: lowercase hex, unpadded.
func (s *ServerSession) SRPB() string { return s.orZero().srpB }

// Salt returns the SALT challenge parameter (see Verifier.Salt).
func (s *ServerSession) Salt() string { return s.orZero().v.Salt() }

// SecretBlock returns the SECRET_BLOCK challenge parameter: random bytes in
// standard base64, which the client signs and echoes back.
func (s *ServerSession) SecretBlock() string { return s.orZero().blockText }

// UserID returns the verifier's SRP user name (see Verifier.UserID).
func (s *ServerSession) UserID() string { return s.orZero().v.userID }

// Verify checks the client's response: PASSWORD_CLAIM_SECRET_BLOCK,
// TIMESTAMP and PASSWORD_CLAIM_SIGNATURE, exactly as sent. It computes
// u = H(padHex(A) || padHex(B)), S = (A·v^u)^b mod N in constant time, the
// HKDF key, and compares the expected signature with hmac.Equal. It returns
// nil only for a correct signature; ErrSignatureMismatch for a wrong password,
// ErrSecretBlockMismatch, ErrSessionUsed on a second call, or
// ErrUninitialized for a ServerSession not made by NewServerSession.
//
// Verify does not judge the timestamp: check it with ParseTimestamp against
// the server's clock. The secret b is wiped when Verify returns.
func (s *ServerSession) Verify(secretBlock, timestamp, signature string) error {
	if !s.made() {
		return ErrUninitialized
	}
	if !s.used.CompareAndSwap(false, true) {
		return ErrSessionUsed
	}
	defer clear(s.b)
	if subtle.ConstantTimeCompare([]byte(secretBlock), []byte(s.blockText)) != 1 {
		return ErrSecretBlockMismatch
	}
	got, err := base64.StdEncoding.DecodeString(signature)
	if err != nil || len(got) != sha256.Size {
		return ErrSignatureMismatch
	}
	key := s.key()
	want := claimSignature(key[:], s.v.poolName, s.v.userID, s.secretBlock, []byte(timestamp))
	clear(key[:])
	if !hmac.Equal(want, got) {
		return ErrSignatureMismatch
	}
	return nil
}

// key derives the 16-byte PASSWORD_CLAIM key from S = (A·v^u)^b.
func (s *ServerSession) key() [16]byte {
	var ub [1 + sha256.Size]byte // a spare leading byte for padHex
	u := ub[1:]
	hashU(u, s.aPad, s.bPad)
	uPad := padHex(ub[:])
	var base, S modp.Element
	base.Exp(&s.v.v, u) // u is public; 256 bits, always
	base.Mul(&s.aElem, &base)
	S.Exp(&base, s.b)
	var sb [modp.Size]byte
	S.Bytes(&sb)
	sPad := padHex(sb[:])
	key := hkdfKey(sPad, uPad)
	clear(sb[:])
	clear(sPad)
	base, S = modp.Element{}, modp.Element{}
	return key
}
