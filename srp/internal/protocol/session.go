package protocol

import (
	"crypto/sha256"
	"encoding/base64"
	"slices"
	"sync/atomic"

	"github.com/srpkit/cognito/secrethash"
	"github.com/srpkit/cognito/srp/internal/modp"
)

// Steps are the intermediate values of a computation, as the bytes hashed
// or sent (Timestamp and Signature as sent). A step function hands them to
// Config.Record, when set, before it wipes them; a field the computation did
// not reach is nil.
type Steps struct {
	// A session: k, A and padHex(A) when it is made; the rest when it
	// answers.
	K, SRPA, APad, BPad, SaltPad, U, UPad, UsernamePasswordHash, X, SPad, HKDF []byte
	Timestamp, Signature                                                       string
	// A device verifier (X above is its x).
	RandomPassword, HashedString, SaltHex, VerifierHex []byte
}

// A Session is one client sign-in (package srp's Session is this type): it
// holds the secret ephemeral a, sends SRP_A and answers one
// PASSWORD_VERIFIER or DEVICE_PASSWORD_VERIFIER challenge.
type Session struct {
	poolName  string // the pool name, or the device group key
	deviceKey string // set for device sessions: the SRP user name
	password  []byte
	device    bool
	a         []byte
	srpA      string
	aPad      []byte // padHex(A), in aBuf
	aBuf      [1 + modp.Size]byte
	cfg       *Config
	used      atomic.Bool
}

// NewSession returns the session of the secret a: A = g^a mod N. device
// makes it a device session, whose SRP user name is deviceKey. The session
// wipes a and its copy of the password when it answers.
func NewSession(poolName, deviceKey, password string, device bool, a []byte, cfg *Config) *Session {
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
	s.srpA = MinimalHex(ab[:]) // A is public
	s.aPad = PadHex(s.aBuf[:])
	if cfg.Record != nil {
		cfg.Record(&Steps{K: KHash[:], SRPA: []byte(s.srpA), APad: s.aPad})
	}
	return s
}

// made reports whether s was made by NewSession.
func (s *Session) made() bool { return s != nil && s.cfg != nil }

// SRPA returns SRP_A, or "" for a session not made by NewSession.
func (s *Session) SRPA() string {
	if !s.made() {
		return ""
	}
	return s.srpA
}

// conf returns the session's settings (none for a session not made by
// NewSession).
func (s *Session) conf() *Config {
	if !s.made() {
		return &Config{}
	}
	return s.cfg
}

// Respond answers the challenge with the TIMESTAMP string timestamp, signed
// verbatim (package srp formats the current time; srpkat passes literals).
func (s *Session) Respond(challengeParameters map[string]string, timestamp string) (map[string]string, error) {
	if !s.made() {
		return nil, ErrUninitialized
	}
	if !s.used.CompareAndSwap(false, true) {
		return nil, ErrSessionUsed
	}
	defer s.wipe()
	var c challenge
	if err := s.parseChallenge(challengeParameters, &c); err != nil {
		return nil, err
	}
	key := s.passwordKey(&c)
	sig := ClaimSignature(key[:], s.poolName, c.srpUser, c.secretBlock, []byte(timestamp))
	clear(key[:])
	var sigB64 [44]byte // base64 of 32 bytes
	signature := string(base64.StdEncoding.AppendEncode(sigB64[:0], sig))
	if s.cfg.Record != nil {
		s.cfg.Record(&Steps{Timestamp: timestamp, Signature: signature})
	}

	resp := map[string]string{
		KeyUsername:       c.username,
		KeyClaimBlock:     c.block,
		KeyTimestamp:      timestamp,
		KeyClaimSignature: signature,
	}
	if s.device {
		resp[KeyDeviceKey] = s.deviceKey
	} else if s.cfg.DeviceKey != "" {
		resp[KeyDeviceKey] = s.cfg.DeviceKey
	}
	return s.withSecretHash(c.username, resp), nil
}

// A challenge is the decoded parameters of PASSWORD_VERIFIER or
// DEVICE_PASSWORD_VERIFIER.
type challenge struct {
	username, srpUser, block string
	salt, b, secretBlock     []byte
	bReduced                 modp.Element
}

// parseChallenge looks up and decodes into c the parameters a Respond uses:
// SALT, SRP_B and SECRET_BLOCK; USER_ID_FOR_SRP for a user session
// (USERNAME defaults to it) and USERNAME for a device session.
func (s *Session) parseChallenge(p map[string]string, c *challenge) error {
	expected := ChallengePasswordVerifier
	if s.device {
		expected = ChallengeDevicePasswordVerifier
	}
	var missing error
	get := func(key string) string {
		v, ok := p[key]
		if !ok && missing == nil {
			// Most likely the parameters of another challenge
			// (SELECT_CHALLENGE, DEVICE_SRP_AUTH, an MFA step): say which
			// one Respond answers.
			missing = &ParameterError{Name: key, Err: ErrMissingParameter, Challenge: expected}
		}
		return v
	}
	c.srpUser = s.deviceKey
	username, hasUsername := p[KeyUsername]
	if s.device {
		c.username = get(KeyUsername)
	} else {
		c.srpUser = get(KeyUserIDForSRP)
		c.username = username
		if !hasUsername {
			c.username = c.srpUser
		}
	}
	saltHex, bHex := get(KeySalt), get(KeySRPB)
	c.block = get(KeySecretBlock)
	if missing != nil {
		return missing
	}
	var err error
	if c.salt, err = DecodeHex(KeySalt, saltHex); err != nil {
		return err
	}
	if c.b, err = DecodeHex(KeySRPB, bHex); err != nil {
		return err
	}
	if c.secretBlock, err = DecodeBase64(KeySecretBlock, c.block); err != nil {
		return err
	}
	if Reduce(&c.bReduced, c.b).IsZero() == 1 { // B is public
		return ErrInvalidB
	}
	return nil
}

// passwordKey derives the 16-byte PASSWORD_CLAIM key (docs/protocol.md §4):
// u = H(padHex(A) || padHex(B)), x = H(padHex(salt) || H(pool || user || ":" || password)),
// S = (B - k·g^x)^(a + u·x) mod N, key = HKDF(salt = padHex(u), ikm = padHex(S)).
func (s *Session) passwordKey(c *challenge) (key [16]byte) {
	bPad := PadHex(c.b)
	// One scratch allocation for u and S, each with a spare leading byte for padHex.
	buf := new(struct {
		u [1 + sha256.Size]byte
		s [1 + modp.Size]byte
	})
	u := buf.u[1:]
	HashU(u, s.aPad, bPad)
	uPad := PadHex(buf.u[:])
	saltPad := PadHex(c.salt)
	inner, x := PasswordHash(s.poolName, c.srpUser, s.password, saltPad)

	var v, base, S modp.Element
	v.ExpG(x[:])
	v.Mul(K, &v)
	base.Sub(&c.bReduced, &v)
	e, ebits := modp.MulAdd(s.a, u, x[:])
	S.ExpBits(&base, e, ebits)
	S.Bytes((*[modp.Size]byte)(buf.s[1:]))
	sPad := PadHex(buf.s[:])

	key = HKDFKey(sPad, uPad)
	if s.cfg.Record != nil {
		s.cfg.Record(&Steps{BPad: bPad, U: u, UPad: uPad, SaltPad: saltPad,
			UsernamePasswordHash: slices.Clone(inner[:]), X: slices.Clone(x[:]), SPad: sPad, HKDF: slices.Clone(key[:])})
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

// InitiateAuthParameters: see srp.Session.InitiateAuthParameters.
func (s *Session) InitiateAuthParameters(username string) map[string]string {
	return s.authParameters(username, map[string]string{
		KeyUsername: username,
		KeySRPA:     s.SRPA(),
	})
}

// PreferredSRPAuthParameters: see srp.Session.PreferredSRPAuthParameters.
func (s *Session) PreferredSRPAuthParameters(username string) map[string]string {
	return s.authParameters(username, map[string]string{
		KeyUsername:           username,
		KeySRPA:               s.SRPA(),
		KeyPreferredChallenge: ChallengePasswordSRP,
	})
}

// ChoiceAuthParameters: see srp.Session.ChoiceAuthParameters.
func (s *Session) ChoiceAuthParameters(username string) map[string]string {
	return s.authParameters(username, map[string]string{KeyUsername: username})
}

// SelectChallengeResponse: see srp.Session.SelectChallengeResponse.
func (s *Session) SelectChallengeResponse(username string) map[string]string {
	return s.withSecretHash(username, map[string]string{
		KeyAnswer:   ChallengePasswordSRP,
		KeyUsername: username,
		KeySRPA:     s.SRPA(),
	})
}

// DeviceSRPAuthResponse: see srp.Session.DeviceSRPAuthResponse.
func (s *Session) DeviceSRPAuthResponse(username string) map[string]string {
	var deviceKey string
	if s.made() {
		deviceKey = s.deviceKey
	}
	return s.withSecretHash(username, map[string]string{
		KeyUsername:  username,
		KeyDeviceKey: deviceKey,
		KeySRPA:      s.SRPA(),
	})
}

// authParameters adds DEVICE_KEY (user sessions with WithDeviceKey) and
// SECRET_HASH to InitiateAuth parameters.
func (s *Session) authParameters(username string, m map[string]string) map[string]string {
	if c := s.conf(); c.DeviceKey != "" && !(s.made() && s.device) {
		m[KeyDeviceKey] = c.DeviceKey
	}
	return s.withSecretHash(username, m)
}

func (s *Session) withSecretHash(username string, m map[string]string) map[string]string {
	c := s.conf()
	secrethash.Attach(m, username, c.ClientID, c.ClientSecret)
	return m
}
