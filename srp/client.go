package srp

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"sync/atomic"
	"time"

	"github.com/srpkit/cognito/secrethash"
	"github.com/srpkit/cognito/srp/internal/modp"
)

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
	if t := cfg.trace(); t != nil {
		t.K = hex.EncodeToString(kHash[:])
		t.SRPA = s.srpA
		t.APad = hex.EncodeToString(s.aPad)
	}
	return s, nil
}

// SRPA returns the SRP_A to send with InitiateAuth (USER_SRP_AUTH) or the
// DEVICE_SRP_AUTH response: lowercase hex, unpadded, as the AWS clients send it.
func (s *Session) SRPA() string { return s.orZero().srpA }

// orZero returns s, or a zero Session for a nil one, so that the methods of
// a Session not made by NewUserSession or NewDeviceSession return empty
// values and ErrUninitialized instead of panicking.
func (s *Session) orZero() *Session {
	if s == nil {
		return new(Session)
	}
	return s
}

// conf returns the session's options (none for a zero Session).
func (s *Session) conf() *config {
	if s.cfg == nil {
		return &config{}
	}
	return s.cfg
}

// Respond answers the PASSWORD_VERIFIER (or, for a device session,
// DEVICE_PASSWORD_VERIFIER) challenge. challengeParameters is the
// ChallengeParameters map exactly as the AWS SDK returns it; now is the
// current time, sent as TIMESTAMP. The result is the ChallengeResponses map:
// USERNAME, PASSWORD_CLAIM_SECRET_BLOCK, TIMESTAMP, PASSWORD_CLAIM_SIGNATURE,
// and DEVICE_KEY and SECRET_HASH where they apply.
//
// The parameters used are SALT, SRP_B and SECRET_BLOCK, USER_ID_FOR_SRP for a
// user session (USERNAME defaults to it) and USERNAME for a device session;
// a missing one gives ErrMissingParameter (the parameters of another
// challenge, such as SELECT_CHALLENGE, lack them; the message names the
// challenge Respond expected), malformed hex or base64
// ErrMalformedParameter, an SRP_B or SALT over 1024 hex digits
// ErrParameterTooLong, and SRP_B ≡ 0 (mod N) ErrInvalidB.
//
// A Session answers one challenge: a second call returns ErrSessionUsed,
// even if the first one failed. The secrets are wiped when Respond returns.
// A Session not made by NewUserSession or NewDeviceSession (a zero value, or
// nil) gives ErrUninitialized.
func (s *Session) Respond(challengeParameters map[string]string, now time.Time) (map[string]string, error) {
	return s.respond(challengeParameters, FormatTimestamp(now))
}

// respond is Respond with the TIMESTAMP string, signed verbatim (srpkat's
// RespondWithTimestamp calls it with a literal one).
func (s *Session) respond(challengeParameters map[string]string, timestamp string) (map[string]string, error) {
	if s == nil || s.cfg == nil {
		return nil, ErrUninitialized
	}
	if !s.used.CompareAndSwap(false, true) {
		return nil, ErrSessionUsed
	}
	defer s.wipe()

	p := challengeParameters
	expected := "PASSWORD_VERIFIER"
	if s.device {
		expected = "DEVICE_PASSWORD_VERIFIER"
	}
	get := func(key string) (string, error) {
		v, ok := p[key]
		if !ok {
			// Most likely the parameters of another challenge
			// (SELECT_CHALLENGE, DEVICE_SRP_AUTH, an MFA step): say which
			// one Respond answers.
			return "", &paramError{name: key, err: ErrMissingParameter, expected: expected}
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
	if t := s.cfg.trace(); t != nil {
		t.Timestamp, t.Signature = timestamp, signature
	}
	return resp, nil
}

// passwordKey derives the 16-byte PASSWORD_CLAIM key (docs/protocol.md §4):
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

	if t := s.cfg.trace(); t != nil {
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

// wipe clears the session's secrets (best effort: Go may have copied them).
func (s *Session) wipe() {
	clear(s.a)
	clear(s.password)
}

// Keys of the maps built here, as in the AWS API reference.
const (
	keySRPA               = "SRP_A"
	keyAnswer             = "ANSWER"
	keyPreferredChallenge = "PREFERRED_CHALLENGE"
	challengePasswordSRP  = "PASSWORD_SRP"
)

// InitiateAuthParameters returns the AuthParameters of InitiateAuth (or
// AdminInitiateAuth) with AuthFlow USER_SRP_AUTH: USERNAME, SRP_A, and
// SECRET_HASH keyed by username when a client secret is configured. username
// is the name the user typed (a user name or an alias).
//
// The AuthParameters maps (this one, PreferredSRPAuthParameters and
// ChoiceAuthParameters) also carry DEVICE_KEY when WithDeviceKey is set, as
// the AWS clients send it for a remembered device.
func (s *Session) InitiateAuthParameters(username string) map[string]string {
	s = s.orZero()
	return s.authParameters(username, map[string]string{
		keyUsername: username,
		keySRPA:     s.srpA,
	})
}

// PreferredSRPAuthParameters returns the AuthParameters of InitiateAuth (or
// AdminInitiateAuth) with AuthFlow USER_AUTH that asks for PASSWORD_SRP
// straight away: USERNAME, SRP_A, PREFERRED_CHALLENGE = PASSWORD_SRP, and
// SECRET_HASH when configured. Cognito then answers PASSWORD_VERIFIER.
func (s *Session) PreferredSRPAuthParameters(username string) map[string]string {
	s = s.orZero()
	return s.authParameters(username, map[string]string{
		keyUsername:           username,
		keySRPA:               s.srpA,
		keyPreferredChallenge: challengePasswordSRP,
	})
}

// ChoiceAuthParameters returns the AuthParameters of InitiateAuth (or
// AdminInitiateAuth) with AuthFlow USER_AUTH and no preferred challenge:
// USERNAME and SECRET_HASH when configured. Cognito answers SELECT_CHALLENGE;
// answer it with SelectChallengeResponse.
func (s *Session) ChoiceAuthParameters(username string) map[string]string {
	s = s.orZero()
	return s.authParameters(username, map[string]string{keyUsername: username})
}

// SelectChallengeResponse returns the ChallengeResponses of
// RespondToAuthChallenge (or AdminRespondToAuthChallenge) for SELECT_CHALLENGE
// that choose PASSWORD_SRP: ANSWER, USERNAME, SRP_A, and SECRET_HASH when
// configured. Cognito then answers PASSWORD_VERIFIER.
func (s *Session) SelectChallengeResponse(username string) map[string]string {
	s = s.orZero()
	return s.withSecretHash(username, map[string]string{
		keyAnswer:   challengePasswordSRP,
		keyUsername: username,
		keySRPA:     s.srpA,
	})
}

// authParameters adds DEVICE_KEY (user sessions with WithDeviceKey) and
// SECRET_HASH to InitiateAuth parameters.
func (s *Session) authParameters(username string, m map[string]string) map[string]string {
	if !s.device && s.conf().deviceKey != "" {
		m[keyDeviceKey] = s.conf().deviceKey
	}
	return s.withSecretHash(username, m)
}

func (s *Session) withSecretHash(username string, m map[string]string) map[string]string {
	if c := s.conf(); c.withSecret {
		m[keySecretHash] = secrethash.Compute(username, c.clientID, c.clientSecret)
	}
	return m
}
