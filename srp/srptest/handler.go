package srptest

import (
	"bytes"
	"container/list"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sync"

	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srpserver"
)

// targetPrefix is the X-Amz-Target prefix of every Cognito user pool operation.
const targetPrefix = "AWSCognitoIdentityProviderService."

// maxBody bounds a request body; Cognito's largest SRP requests are a few KiB.
const maxBody = 64 << 10

// A Handler is the Cognito user pool endpoint as an http.Handler: Cognito's
// JSON protocol (POST with X-Amz-Target), and the issuer's well-known
// documents. What it answers is in docs/srptest.md. It is safe for concurrent
// use.
type Handler struct {
	cfg      Config
	region   string
	poolName string
	users    map[string]*user // by username, alias and USER_ID_FOR_SRP
	key      []byte           // per-handler secret: decoy salts, password MACs
	signer   func() *signer   // the RS256 token key, made on first use

	mu       sync.Mutex
	pending  map[string]*pending
	pendingQ list.List // *pending, oldest first
	devices  map[string]*device
	devicesQ list.List // *device, oldest first

	state *tokenState // token families: revocation, rotation

	outbox []Message          // codes sent, oldest first (outbox.go)
	locks  map[uint32]lockout // the lockout, by slot (lockout.go)
}

type user struct {
	username string // as configured
	id       string // USER_ID_FOR_SRP, the internal name
	verifier *srpserver.Verifier
	password []byte // h.mac("password", Password), for the PASSWORD challenge
	decoy    bool   // stands in for an unknown name; no answer passes

	newPasswordRequired bool   // User.NewPasswordRequired, until answered
	totpKey             []byte // User.TOTPSecret decoded; nil without MFA

	factors factors // email, phone number, MFA settings (factors.go)
}

// userFor returns the user a name belongs to, or a decoy for an unknown name
// (its username and id are the name), so that unknown names take the same
// code paths as known ones.
func (h *Handler) userFor(name string) *user {
	if u := h.users[name]; u != nil {
		return u
	}
	return &user{username: name, id: name, decoy: true}
}

// owns reports whether name is any name of u, aliases included: what
// InitiateAuth and SELECT_CHALLENGE accept.
func (h *Handler) owns(u *user, name string) bool {
	if u.decoy {
		return name == u.username
	}
	return h.users[name] == u
}

// named reports whether name is u's actual name (USER_ID_FOR_SRP or the
// configured username), not an alias: what the later answers must carry.
func (u *user) named(name string) bool { return name == u.id || name == u.username }

// NewHandler validates cfg and returns a Handler serving it. It computes a
// password verifier for every user (one exponentiation modulo N each).
//
// The Handler bounds what one request can store, not how long a client may
// hold a connection: a program serving it on a network should set the
// http.Server's ReadHeaderTimeout and ReadTimeout (ReadTimeout: a request is
// at most 64 KiB), WriteTimeout and IdleTimeout, as NewServer and
// cmd/srplocal do.
func NewHandler(cfg Config) (*Handler, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg.setDefaults()
	cfg.Users = append([]User(nil), cfg.Users...)
	h := &Handler{
		cfg:     cfg,
		users:   map[string]*user{},
		key:     make([]byte, 32),
		pending: map[string]*pending{},
		devices: map[string]*device{},
		locks:   map[uint32]lockout{},
		state:   newTokenState(cfg.MaxTokenFamilies),
	}
	h.region, h.poolName, _ = srp.ParsePoolID(cfg.UserPoolID) // checked by Validate
	var sk *rsa.PrivateKey
	if cfg.SigningKey != "" {
		sk, _ = parseSigningKey(cfg.SigningKey) // checked by Validate
	}
	h.signer = newSigner(sk)
	if _, err := rand.Read(h.key); err != nil {
		return nil, err
	}
	for _, cu := range cfg.Users {
		u := &user{username: cu.Username, id: cu.UserIDForSRP, newPasswordRequired: cu.NewPasswordRequired}
		if cu.TOTPSecret != "" {
			u.totpKey, _ = decodeTOTPSecret(cu.TOTPSecret) // checked by Validate
		}
		if u.id == "" {
			u.id = cu.Username
		}
		u.factors = factorsOf(cu)
		v, err := srpserver.NewPasswordVerifier(cfg.UserPoolID, u.id, cu.Password)
		if err != nil {
			return nil, err
		}
		u.verifier = v
		u.password = h.mac("password", cu.Password)
		for _, n := range append([]string{u.username, u.id}, cu.Aliases...) {
			h.users[n] = u
		}
	}
	return h, nil
}

// handle adapts a typed operation to the dispatch table: the body is decoded
// into In (unknown fields ignored, as the SDKs send optional ones). Member
// names are case-sensitive, as in Cognito's protocol: a member whose name
// differs from a field's only in case is an unknown member.
func handle[In any](f func(*Handler, *In) (any, error)) func(*Handler, []byte) (any, error) {
	return func(h *Handler, body []byte) (any, error) {
		in := new(In)
		if err := unmarshalExact(body, in); err != nil {
			return nil, &apiError{"SerializationException", "request body is not a valid JSON object for this operation"}
		}
		return f(h, in)
	}
}

// An apiError is answered as HTTP 400 with {"__type": ..., "message": ...}.
type apiError struct {
	typ, msg string
}

func (e *apiError) Error() string { return e.typ + ": " + e.msg }

func errNotAuthorized(msg string) error { return &apiError{"NotAuthorizedException", msg} }
func errInvalidParameter(msg string) error {
	return &apiError{"InvalidParameterException", msg}
}
func errMissing(name string) error {
	return errInvalidParameter("Missing required parameter " + name)
}

var (
	errIncorrect = errNotAuthorized("Incorrect username or password.")
	errNoDevice  = &apiError{"ResourceNotFoundException", "Device does not exist."}
)

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.serveWellKnown(w, r) {
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"__type": "UnknownOperationException", "message": "only POST is supported"})
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || (mt != "application/x-amz-json-1.0" && mt != "application/x-amz-json-1.1") {
		writeError(w, &apiError{"SerializationException", "Content-Type must be application/x-amz-json-1.0 or application/x-amz-json-1.1"})
		return
	}
	op, f := h.operation(r.Header.Get("X-Amz-Target"))
	if f == nil {
		writeError(w, &apiError{"UnknownOperationException", "srptest does not implement the operation in X-Amz-Target"})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		writeError(w, &apiError{"SerializationException", "request body too large or unreadable"})
		return
	}
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	out, err := f(h, body)
	if err != nil {
		h.logRefusal(op, err)
		var ae *apiError
		if !errors.As(err, &ae) {
			ae = &apiError{"InternalErrorException", "internal error"}
		}
		writeError(w, ae)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func writeError(w http.ResponseWriter, e *apiError) {
	status := http.StatusBadRequest
	if e.typ == "InternalErrorException" {
		status = http.StatusInternalServerError
	}
	w.Header().Set("X-Amzn-ErrorType", e.typ)
	writeJSON(w, status, map[string]string{"__type": e.typ, "message": e.msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"__type":"InternalErrorException","message":"internal error"}`)
	}
	id := make([]byte, 16)
	rand.Read(id)
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-RequestId", fmtUUID(id))
	w.WriteHeader(status)
	w.Write(b)
}

// fmtUUID formats 16 bytes as a version 4 UUID.
func fmtUUID(b []byte) string {
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// mac returns HMAC-SHA256 under the handler's key of the parts, each
// length-prefixed.
func (h *Handler) mac(parts ...string) []byte {
	m := hmac.New(sha256.New, h.key)
	for _, p := range parts {
		fmt.Fprintf(m, "%d:%s", len(p), p)
	}
	return m.Sum(nil)
}
