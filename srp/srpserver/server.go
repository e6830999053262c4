package srpserver

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"sync/atomic"
	"time"

	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/internal/modp"
	"github.com/srpkit/cognito/srp/internal/protocol"
)

// Errors returned only by the server half.
var (
	// ErrInvalidA is returned when SRP_A is 0 modulo N, which would let the
	// client know the shared secret without the password.
	ErrInvalidA = errors.New("srp: SRP_A is zero modulo N")
	// ErrInvalidVerifier is returned for a device verifier that is empty,
	// too long, malformed base64, or not in [1, N), and by NewServerSession
	// for a nil or zero-value Verifier.
	ErrInvalidVerifier = errors.New("srp: invalid password verifier")
	// ErrSignatureMismatch is returned when PASSWORD_CLAIM_SIGNATURE does not
	// match: a wrong password (or device secret), or a tampered response.
	ErrSignatureMismatch = errors.New("srp: password claim signature does not match")
	// ErrSecretBlockMismatch is returned when PASSWORD_CLAIM_SECRET_BLOCK is
	// not the SECRET_BLOCK the server sent.
	ErrSecretBlockMismatch = errors.New("srp: password claim secret block does not match")
	// ErrMalformedTimestamp is returned by ParseTimestamp for anything that is
	// not exactly in the format of srp.FormatTimestamp.
	ErrMalformedTimestamp = errors.New("srp: malformed TIMESTAMP")
)

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
// as USER_ID_FOR_SRP. It takes no option of package srp.
func NewPasswordVerifier(poolID, userIDForSRP, password string, opts ...srp.Option) (*Verifier, error) {
	_, poolName, err := protocol.ParsePoolID(poolID)
	if err != nil {
		return nil, err
	}
	cfg := protocol.NewConfig(opts)
	if err := cfg.Check("NewPasswordVerifier", protocol.OptRandom); err != nil {
		return nil, err
	}
	salt := make([]byte, saltSize)
	if err := cfg.Read(salt); err != nil {
		return nil, err
	}
	pw := []byte(password)
	defer clear(pw)
	vf := &Verifier{poolName: poolName, userID: userIDForSRP, saltPad: protocol.PadHex(salt)}
	inner, x := protocol.PasswordHash(vf.poolName, userIDForSRP, pw, vf.saltPad)
	vf.v.ExpG(x[:])
	clear(inner[:])
	clear(x[:])
	return vf, nil
}

// ParseDeviceVerifier returns the Verifier of a remembered device from the
// DeviceSecretVerifierConfig of a ConfirmDevice request (standard base64 Salt
// and PasswordVerifier, as srp.NewDeviceVerifier produces them), the device
// group key and the device key.
func ParseDeviceVerifier(deviceGroupKey, deviceKey, salt, passwordVerifier string) (*Verifier, error) {
	if len(salt) > protocol.MaxHexLen {
		return nil, &srp.ParameterError{Name: "Salt", Err: srp.ErrParameterTooLong}
	}
	s, err := base64.StdEncoding.DecodeString(salt)
	if err != nil {
		return nil, &srp.ParameterError{Name: "Salt", Err: srp.ErrMalformedParameter}
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
	vf := &Verifier{poolName: deviceGroupKey, userID: deviceKey, saltPad: protocol.PadHex(s)}
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
// DEVICE_SRP_AUTH). It returns ErrInvalidA if A mod N = 0, and an
// *srp.ParameterError wrapping srp.ErrMalformedParameter or
// srp.ErrParameterTooLong for bad hex.
//
// It draws b (srp.WithEphemeralSize bytes, default 128, the only option it
// takes) and then a 64-byte SECRET_BLOCK from crypto/rand, and computes
// B = k·v + g^b mod N in constant time.
func NewServerSession(v *Verifier, srpA string, opts ...srp.Option) (*ServerSession, error) {
	// v = 0 (a zero-value Verifier) would make S = 0 for any password. That
	// v is zero is a fact about misuse, not a secret.
	if v == nil || v.v.IsZero() == 1 {
		return nil, ErrInvalidVerifier
	}
	A, err := protocol.DecodeHex(protocol.KeySRPA, srpA)
	if err != nil {
		return nil, err
	}
	aReduced := protocol.Reduce(new(modp.Element), A)
	if aReduced.IsZero() == 1 { // A is public
		return nil, ErrInvalidA
	}
	cfg := protocol.NewConfig(opts)
	if err := cfg.Check("NewServerSession", protocol.OptEphemeralSize|protocol.OptEphemeral|protocol.OptRandom); err != nil {
		return nil, err
	}
	b, err := cfg.SecretExponent()
	if err != nil {
		return nil, err
	}
	block := make([]byte, secretBlockSize)
	if err := cfg.Read(block); err != nil {
		return nil, err
	}

	s := &ServerSession{v: v, b: b, aPad: protocol.PadHex(A), aElem: *aReduced, secretBlock: block}

	var B, kv modp.Element
	kv.Mul(protocol.K, &v.v)
	B.ExpG(b)
	B.Add(&B, &kv)
	kv = modp.Element{}
	var bb [modp.Size]byte
	B.Bytes(&bb)
	s.srpB = protocol.MinimalHex(bb[:]) // B is public
	s.bPad = protocol.PadHex(bb[:])
	s.blockText = base64.StdEncoding.EncodeToString(block)
	return s, nil
}

// made reports whether s was made by NewServerSession: Verify on one that
// was not (a zero value or nil) gives srp.ErrUninitialized.
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
// ErrSecretBlockMismatch, srp.ErrSessionUsed on a second call, or
// srp.ErrUninitialized for a ServerSession not made by NewServerSession.
//
// Verify does not judge the timestamp: check it with ParseTimestamp against
// the server's clock. The secret b is wiped when Verify returns.
func (s *ServerSession) Verify(secretBlock, timestamp, signature string) error {
	if !s.made() {
		return srp.ErrUninitialized
	}
	if !s.used.CompareAndSwap(false, true) {
		return srp.ErrSessionUsed
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
	want := protocol.ClaimSignature(key[:], s.v.poolName, s.v.userID, s.secretBlock, []byte(timestamp))
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
	protocol.HashU(u, s.aPad, s.bPad)
	uPad := protocol.PadHex(ub[:])
	var base, S modp.Element
	base.Exp(&s.v.v, u) // u is public; 256 bits, always
	base.Mul(&s.aElem, &base)
	S.Exp(&base, s.b)
	var sb [modp.Size]byte
	S.Bytes(&sb)
	sPad := protocol.PadHex(sb[:])
	key := protocol.HKDFKey(sPad, uPad)
	clear(sb[:])
	clear(sPad)
	base, S = modp.Element{}, modp.Element{}
	return key
}

// ParseTimestamp parses a TIMESTAMP exactly as srp.FormatTimestamp writes it
// ("Tue Mar 5 09:04:07 UTC 2024": English names, day of month not
// zero-padded, 24-hour clock, a weekday that matches the date). Anything
// else, including a zero-padded day or a wrong weekday, is
// ErrMalformedTimestamp.
func ParseTimestamp(s string) (time.Time, error) {
	if len(s) > 40 {
		return time.Time{}, ErrMalformedTimestamp
	}
	t, err := time.Parse("Mon Jan 2 15:04:05 UTC 2006", s)
	if err != nil || srp.FormatTimestamp(t) != s {
		return time.Time{}, ErrMalformedTimestamp
	}
	return t, nil
}
