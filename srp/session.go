package srp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/hkdf"

	"github.com/srpkit/cognito/secrethash"
	"github.com/srpkit/cognito/srp/internal/modp"
)

// Challenge parameter and response keys (RespondToAuthChallenge).
const (
	keyUsername     = "USERNAME"
	keyUserIDForSRP = "USER_ID_FOR_SRP"
	keySalt         = "SALT"
	keySRPB         = "SRP_B"
	keySecretBlock  = "SECRET_BLOCK"
	keyClaimBlock   = "PASSWORD_CLAIM_SECRET_BLOCK"
	keyClaimSig     = "PASSWORD_CLAIM_SIGNATURE"
	keyTimestamp    = "TIMESTAMP"
	keyDeviceKey    = "DEVICE_KEY"
	keySecretHash   = "SECRET_HASH"
)

// hkdfInfo is the HKDF info string of the AWS clients.
var hkdfInfo = []byte("Caldera Derived Key")

var (
	// k = H(padHex(N) || padHex(g)) = H(0x00 || N || 0x02).
	kHash = sha256.Sum256(append(append([]byte{0}, modp.N().Bytes()...), 2))
	kElem = mustElement(kHash[:])
)

func mustElement(b []byte) *modp.Element {
	e, err := new(modp.Element).SetBytes(b)
	if err != nil {
		panic(err)
	}
	return e
}

// A Session is one SRP sign-in: it holds the secret ephemeral a, sends SRP_A
// and answers exactly one PASSWORD_VERIFIER or DEVICE_PASSWORD_VERIFIER
// challenge. It is safe to call SRPA from several goroutines.
type Session struct {
	poolName  string // the pool name, or the device group key
	deviceKey string // set for device sessions: the SRP user name
	password  []byte
	device    bool
	a         []byte
	srpA      string
	aPad      []byte // padHex(A), in aBuf
	aBuf      [1 + modp.Size]byte
	cfg       *config
	used      atomic.Bool
}

// NewUserSession starts a USER_SRP_AUTH sign-in to the user pool poolID (for
// example "us-east-1_AbC123"; the SRP math uses the part after "_").
func NewUserSession(poolID, password string, opts ...Option) (*Session, error) {
	poolName, err := poolNameOf(poolID)
	if err != nil {
		return nil, err
	}
	return newSession(poolName, "", password, false, opts)
}

// poolNameOf returns the pool name the AWS clients hash: the part of the pool
// id between the first and a second "_" (JavaScript's poolID.split("_")[1]).
func poolNameOf(poolID string) (string, error) {
	_, rest, ok := strings.Cut(poolID, "_")
	if !ok {
		return "", ErrInvalidPoolID
	}
	name, _, _ := strings.Cut(rest, "_")
	return name, nil
}

// NewDeviceSession starts a DEVICE_SRP_AUTH sign-in with a remembered device:
// the device group key, the device key and the device password saved when the
// device was confirmed (DeviceVerifier.DevicePassword).
func NewDeviceSession(deviceGroupKey, deviceKey, devicePassword string, opts ...Option) (*Session, error) {
	return newSession(deviceGroupKey, deviceKey, devicePassword, true, opts)
}

func newSession(poolName, deviceKey, password string, device bool, opts []Option) (*Session, error) {
	cfg := newConfig(opts)
	a, err := cfg.secretExponent()
	if err != nil {
		return nil, err
	}
	var A modp.Element
	A.ExpG(a)
	s := &Session{
		poolName:  poolName,
		deviceKey: deviceKey,
		password:  []byte(password),
		device:    device,
		a:         a,
		cfg:       cfg,
	}
	ab := (*[modp.Size]byte)(s.aBuf[1:])
	A.Bytes(ab)
	s.srpA = minimalHex(ab[:]) // A is public
	s.aPad = padHex(s.aBuf[:])
	if t := cfg.trace; t != nil {
		t.K = hex.EncodeToString(kHash[:])
		t.SRPA = s.srpA
		t.APad = hex.EncodeToString(s.aPad)
	}
	return s, nil
}

// SRPA returns the SRP_A to send with InitiateAuth (USER_SRP_AUTH) or the
// DEVICE_SRP_AUTH response: lowercase hex, unpadded, as the AWS clients send it.
func (s *Session) SRPA() string { return s.srpA }

// Respond answers the PASSWORD_VERIFIER (or, for a device session,
// DEVICE_PASSWORD_VERIFIER) challenge. challengeParameters is the
// ChallengeParameters map exactly as the AWS SDK returns it; now is the
// current time, sent as TIMESTAMP. The result is the ChallengeResponses map:
// USERNAME, PASSWORD_CLAIM_SECRET_BLOCK, TIMESTAMP, PASSWORD_CLAIM_SIGNATURE,
// and DEVICE_KEY and SECRET_HASH where they apply.
//
// The parameters used are SALT, SRP_B and SECRET_BLOCK, USER_ID_FOR_SRP for a
// user session (USERNAME defaults to it) and USERNAME for a device session;
// a missing one gives ErrMissingParameter, malformed hex or base64
// ErrMalformedParameter, an SRP_B or SALT over 1024 hex digits
// ErrParameterTooLong, and SRP_B ≡ 0 (mod N) ErrInvalidB.
//
// A Session answers one challenge: a second call returns ErrSessionUsed,
// even if the first one failed. The secrets are wiped when Respond returns.
func (s *Session) Respond(challengeParameters map[string]string, now time.Time) (map[string]string, error) {
	return s.RespondWithTimestamp(challengeParameters, FormatTimestamp(now))
}

// RespondWithTimestamp is Respond with a literal TIMESTAMP string, signed
// verbatim. It is for known-answer tests; use Respond otherwise.
func (s *Session) RespondWithTimestamp(challengeParameters map[string]string, timestamp string) (map[string]string, error) {
	if !s.used.CompareAndSwap(false, true) {
		return nil, ErrSessionUsed
	}
	defer s.wipe()

	p := challengeParameters
	get := func(key string) (string, error) {
		v, ok := p[key]
		if !ok {
			return "", &paramError{key, ErrMissingParameter}
		}
		return v, nil
	}
	username, errUser := get(keyUsername)
	srpUser := s.deviceKey
	if !s.device {
		var err error
		if srpUser, err = get(keyUserIDForSRP); err != nil {
			return nil, err
		}
		if errUser != nil {
			username = srpUser
		}
	} else if errUser != nil {
		return nil, errUser
	}
	saltHex, err := get(keySalt)
	if err != nil {
		return nil, err
	}
	bHex, err := get(keySRPB)
	if err != nil {
		return nil, err
	}
	block, err := get(keySecretBlock)
	if err != nil {
		return nil, err
	}
	salt, err := decodeHex(keySalt, saltHex)
	if err != nil {
		return nil, err
	}
	B, err := decodeHex(keySRPB, bHex)
	if err != nil {
		return nil, err
	}
	secretBlock, err := decodeBase64(keySecretBlock, block)
	if err != nil {
		return nil, err
	}
	var bReduced modp.Element
	if reduce(&bReduced, B).IsZero() == 1 { // B is public
		return nil, ErrInvalidB
	}

	key := s.passwordKey(srpUser, salt, B, &bReduced)
	sig := claimSignature(key[:], s.poolName, srpUser, secretBlock, []byte(timestamp))
	clear(key[:])
	var sigB64 [44]byte // base64 of 32 bytes
	signature := string(base64.StdEncoding.AppendEncode(sigB64[:0], sig))

	resp := map[string]string{
		keyUsername:   username,
		keyClaimBlock: block,
		keyTimestamp:  timestamp,
		keyClaimSig:   signature,
	}
	if s.device {
		resp[keyDeviceKey] = s.deviceKey
	} else if s.cfg.deviceKey != "" {
		resp[keyDeviceKey] = s.cfg.deviceKey
	}
	if s.cfg.withSecret {
		resp[keySecretHash] = secrethash.Compute(username, s.cfg.clientID, s.cfg.clientSecret)
	}
	if t := s.cfg.trace; t != nil {
		t.Timestamp, t.Signature = timestamp, signature
	}
	return resp, nil
}

// passwordKey derives the 16-byte PASSWORD_CLAIM key (SPEC §4):
// u = H(padHex(A) || padHex(B)), x = H(padHex(salt) || H(pool || user || ":" || password)),
// S = (B - k·g^x)^(a + u·x) mod N, key = HKDF(salt = padHex(u), ikm = padHex(S)).
func (s *Session) passwordKey(user string, salt, B []byte, bReduced *modp.Element) (key [16]byte) {
	bPad := padHex(B)
	// One scratch allocation for u and S, each with a spare leading byte for padHex.
	buf := new(struct {
		u [1 + sha256.Size]byte
		s [1 + modp.Size]byte
	})
	u := buf.u[1:]
	hashU(u, s.aPad, bPad)
	uPad := padHex(buf.u[:])
	saltPad := padHex(salt)
	inner, x := passwordHash(s.poolName, user, s.password, saltPad)

	var v, base, S modp.Element
	v.ExpG(x[:])
	v.Mul(kElem, &v)
	base.Sub(bReduced, &v)
	e, ebits := modp.MulAdd(s.a, u, x[:])
	S.ExpBits(&base, e, ebits)
	S.Bytes((*[modp.Size]byte)(buf.s[1:]))
	sPad := padHex(buf.s[:])

	key = hkdfKey(sPad, uPad)

	if t := s.cfg.trace; t != nil {
		t.BPad = hex.EncodeToString(bPad)
		t.U = hex.EncodeToString(u)
		t.UPad = hex.EncodeToString(uPad)
		t.SaltPad = hex.EncodeToString(saltPad)
		t.UsernamePasswordHash = hex.EncodeToString(inner[:])
		t.X = hex.EncodeToString(x[:])
		t.SPad = hex.EncodeToString(sPad)
		t.HKDF = hex.EncodeToString(key[:])
	}
	clear(inner[:])
	clear(x[:])
	clear(e)
	clear(buf.s[:])
	v, base, S = modp.Element{}, modp.Element{}, modp.Element{}
	return key
}

// hashU writes u = H(padHex(A) || padHex(B)) into u (32 bytes).
func hashU(u, aPad, bPad []byte) {
	h := sha256.New()
	h.Write(aPad)
	h.Write(bPad)
	h.Sum(u[:0])
}

// hkdfKey is RFC 5869 HKDF-SHA256 with info "Caldera Derived Key" and a
// 16-byte output.
func hkdfKey(ikm, salt []byte) (key [16]byte) {
	io.ReadFull(hkdf.New(sha256.New, ikm, salt, hkdfInfo), key[:])
	return key
}

// claimSignature is HMAC-SHA256(key, pool || user || secretBlock || timestamp).
func claimSignature(key []byte, pool, user string, secretBlock, timestamp []byte) []byte {
	msg := make([]byte, 0, len(pool)+len(user)+len(secretBlock)+len(timestamp)+sha256.Size)
	msg = append(append(append(append(msg, pool...), user...), secretBlock...), timestamp...)
	mac := hmac.New(sha256.New, key)
	mac.Write(msg)
	return mac.Sum(msg[:0]) // reuse msg's memory for the result
}

// passwordHash returns H(pool || user || ":" || password) and
// x = H(saltPad || that hash).
func passwordHash(pool, user string, password, saltPad []byte) (inner, x [32]byte) {
	h := sha256.New()
	h.Write([]byte(pool))
	h.Write([]byte(user))
	h.Write([]byte(":"))
	h.Write(password)
	h.Sum(inner[:0])
	h.Reset()
	h.Write(saltPad)
	h.Write(inner[:])
	h.Sum(x[:0])
	return inner, x
}

// wipe clears the session's secrets (best effort: Go may have copied them).
func (s *Session) wipe() {
	clear(s.a)
	clear(s.password)
}
