package srptest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// tokens issues the AuthenticationResult of a successful sign-in: a new
// token family, bound to deviceKey ("" for none).
func (h *Handler) tokens(u *user, deviceKey string) *authenticationResult {
	return h.issue(u, h.newRefreshClaims(u, deviceKey))
}

// issue issues access and ID tokens of the family c, bound to its device,
// and c's refresh token.
//
// The access and ID tokens are JWTs signed RS256 with the handler's key
// (Config.SigningKey, or the process's shared key), with a kid header and the
// claims Cognito issues, so they verify against the handler's JWKS. The
// refresh token is opaque.
func (h *Handler) issue(u *user, c *refreshClaims) *authenticationResult {
	deviceKey := c.Device
	now := h.cfg.Now()
	common := map[string]any{
		"sub":        h.sub(u),
		"iss":        h.Issuer(),
		"auth_time":  now.Unix(),
		"iat":        now.Unix(),
		"event_id":   fmtUUID(randomBytes(16)),
		"origin_jti": c.Origin,
	}
	access := map[string]any{
		"token_use": "access",
		"scope":     "aws.cognito.signin.user.admin",
		"client_id": h.cfg.ClientID,
		"username":  u.id,
		"jti":       fmtUUID(randomBytes(16)),
		"exp":       now.Add(h.cfg.TokenTTL).Unix(),
	}
	if deviceKey != "" {
		access["device_key"] = deviceKey
	}
	id := map[string]any{
		"token_use":        "id",
		"aud":              h.cfg.ClientID,
		"cognito:username": u.id,
		"jti":              fmtUUID(randomBytes(16)),
		"exp":              now.Add(h.cfg.IDTokenTTL).Unix(),
	}
	if u.username != u.id {
		id["preferred_username"] = u.username
	}
	for k, v := range common {
		access[k], id[k] = v, v
	}
	return &authenticationResult{
		AccessToken:  h.jwt(access),
		IdToken:      h.jwt(id),
		RefreshToken: h.encodeRefreshToken(c),
		ExpiresIn:    int64(h.cfg.TokenTTL / time.Second),
		TokenType:    "Bearer",
	}
}

// userByID returns the user whose internal name (USER_ID_FOR_SRP, the
// tokens' username) is id, or nil: not by an alias.
func (h *Handler) userByID(id string) *user {
	if u := h.users[id]; u != nil && u.id == id {
		return u
	}
	return nil
}

// sub is a stable UUID for the user, derived from the pool and internal name.
func (h *Handler) sub(u *user) string { return stableUUID(h.cfg.UserPoolID, u) }

// stableUUID is a UUID derived from scope (a pool's id) and the user's
// internal name: the same for them in every run.
func stableUUID(scope string, u *user) string {
	s := sha256.Sum256([]byte(scope + "\x00" + u.id))
	return fmtUUID(s[:16])
}

// A signer is the handler's RS256 key with its kid and JWKS.
type signer struct {
	key    *rsa.PrivateKey
	kid    string
	header string // the JWT header, base64url
	jwks   []byte
}

// rsaKeyBits is the size of the key a handler draws, as Cognito's.
const rsaKeyBits = 2048

// parseSigningKey reads Config.SigningKey: a PEM RSA private key (PKCS #8
// or PKCS #1) of at least 2048 bits.
func parseSigningKey(s string) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode([]byte(s))
	if block == nil {
		return nil, errors.New("signingKey: not a PEM block")
	}
	var key any
	var err error
	switch block.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	default:
		return nil, errors.New("signingKey: want a PEM \"PRIVATE KEY\" or \"RSA PRIVATE KEY\", got " + block.Type)
	}
	if err != nil {
		return nil, errors.New("signingKey: " + err.Error())
	}
	k, ok := key.(*rsa.PrivateKey)
	if !ok || k.N.BitLen() < rsaKeyBits {
		return nil, errors.New("signingKey: want an RSA key of at least 2048 bits")
	}
	return k, nil
}

// newSigner returns a func that makes the signer once, from the parsed
// Config.SigningKey, or the process's shared signer when key is nil.
func newSigner(key *rsa.PrivateKey) func() *signer {
	if key == nil {
		return processSigner
	}
	return sync.OnceValue(func() *signer { return makeSigner(key) })
}

// processSigner is the signer of every handler without a Config.SigningKey:
// one 2048-bit key per process, drawn on first use. Drawing one is a search
// for two large primes, slow and of unpredictable length, which a test
// suite starting many servers would otherwise pay for each. The handlers'
// tokens still differ in iss, which checkAccessToken checks.
var processSigner = sync.OnceValue(func() *signer {
	key, err := rsa.GenerateKey(rand.Reader, rsaKeyBits)
	if err != nil {
		// Unreachable: GenerateKey fails only for a small size or a
		// failing reader, and crypto/rand's Reader does not fail.
		panic("srptest: generating the RSA key: " + err.Error())
	}
	return makeSigner(key)
})

// makeSigner returns the signer of key: its kid, JWT header and JWKS.
func makeSigner(key *rsa.PrivateKey) *signer {
	der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	kidSum := sha256.Sum256(der)
	s := &signer{key: key, kid: base64.StdEncoding.EncodeToString(kidSum[:])}
	hdr, _ := json.Marshal(map[string]string{"kid": s.kid, "alg": "RS256"})
	s.header = base64.RawURLEncoding.EncodeToString(hdr)
	s.jwks, _ = json.Marshal(map[string]any{"keys": []map[string]string{{
		"alg": "RS256",
		"e":   base64.RawURLEncoding.EncodeToString(big.NewInt(int64(key.E)).Bytes()),
		"kid": s.kid,
		"kty": "RSA",
		"n":   base64.RawURLEncoding.EncodeToString(key.N.Bytes()),
		"use": "sig",
	}}})
	return s
}

// jwt signs the claims RS256.
func (h *Handler) jwt(claims map[string]any) string {
	s := h.signer()
	p, _ := json.Marshal(claims)
	signed := s.header + "." + base64.RawURLEncoding.EncodeToString(p)
	sum := sha256.Sum256([]byte(signed))
	sig, err := rsa.SignPKCS1v15(nil, s.key, crypto.SHA256, sum[:])
	if err != nil {
		// Unreachable: the key was validated and SHA-256 is supported.
		panic("srptest: signing a token: " + err.Error())
	}
	return signed + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// PublicKey returns the public half of the key that signs the handler's
// tokens (drawing the key if it was not drawn yet).
func (h *Handler) PublicKey() *rsa.PublicKey { return &h.signer().key.PublicKey }

// KeyID returns the kid header of the handler's tokens: the standard base64
// SHA-256 of the public key's PKIX encoding.
func (h *Handler) KeyID() string { return h.signer().kid }

// JWKS returns the JSON Web Key Set served at Issuer()/.well-known/jwks.json:
// {"keys": [{"alg": "RS256", "e", "kid", "kty": "RSA", "n", "use": "sig"}]}.
func (h *Handler) JWKS() []byte { return append([]byte(nil), h.signer().jwks...) }

// Issuer returns the iss claim of the handler's tokens: Config.BaseURL
// followed by /UserPoolID, or Cognito's
// https://cognito-idp.REGION.amazonaws.com/UserPoolID if BaseURL is empty.
func (h *Handler) Issuer() string {
	if h.cfg.BaseURL == "" {
		return "https://cognito-idp." + h.region + ".amazonaws.com/" + h.cfg.UserPoolID
	}
	return strings.TrimSuffix(h.cfg.BaseURL, "/") + "/" + h.cfg.UserPoolID
}

// serveWellKnown answers GET {Issuer}/.well-known/jwks.json and
// /.well-known/openid-configuration; false if the path is neither.
func (h *Handler) serveWellKnown(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	iss := h.Issuer()
	u, _ := url.Parse(iss) // checked by Config.Validate
	prefix := u.Path + "/.well-known/"
	var body []byte
	switch r.URL.Path {
	case prefix + "jwks.json":
		body = h.signer().jwks
	case prefix + "openid-configuration":
		// What Cognito publishes for a pool, with the OAuth endpoints it
		// advertises for a pool without a domain; srptest serves none of them.
		body, _ = json.Marshal(map[string]any{
			"authorization_endpoint":                iss + "/authorize",
			"id_token_signing_alg_values_supported": []string{"RS256"},
			"issuer":                                iss,
			"jwks_uri":                              iss + "/.well-known/jwks.json",
			"response_types_supported":              []string{"code", "token"},
			"scopes_supported":                      []string{"openid", "email", "phone", "profile"},
			"subject_types_supported":               []string{"public"},
			"token_endpoint":                        iss + "/token",
			"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
			"userinfo_endpoint":                     iss + "/userInfo",
		})
	default:
		return false
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "max-age=3600")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		w.Write(body)
	}
	return true
}

// checkAccessToken returns the user of a valid, unexpired access token issued
// by this handler (signed by its key, with its iss) and not revoked.
func (h *Handler) checkAccessToken(tok string) (*user, error) {
	invalid := errNotAuthorized("Invalid Access Token")
	p, ok := h.verifiedPayload(tok)
	if !ok {
		return nil, invalid
	}
	var c struct {
		Issuer   string `json:"iss"`
		TokenUse string `json:"token_use"`
		Username string `json:"username"`
		Exp      int64  `json:"exp"`
		Origin   string `json:"origin_jti"`
	}
	// iss tells this handler's tokens from those of another handler that
	// shares the process's key.
	if json.Unmarshal(p, &c) != nil || c.TokenUse != "access" || c.Issuer != h.Issuer() {
		return nil, invalid
	}
	if !h.cfg.Now().Before(time.Unix(c.Exp, 0)) {
		return nil, errNotAuthorized("Access Token has expired")
	}
	u := h.userByID(c.Username)
	if u == nil {
		return nil, invalid
	}
	if h.state.revoked(u.id, c.Origin) {
		return nil, errNotAuthorized("Access Token has been revoked")
	}
	return u, nil
}

// verifiedPayload returns the payload of a JWT signed with the handler's
// key; false for anything else.
func (h *Handler) verifiedPayload(tok string) ([]byte, bool) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 || len(tok) > 8192 {
		return nil, false
	}
	// Strict: a signature whose unused trailing bits were changed is refused.
	sig, err := base64.RawURLEncoding.Strict().DecodeString(parts[2])
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err != nil || rsa.VerifyPKCS1v15(h.PublicKey(), crypto.SHA256, sum[:], sig) != nil {
		return nil, false
	}
	p, err := base64.RawURLEncoding.DecodeString(parts[1])
	return p, err == nil
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}
