package bench

// The math/big baseline: the whole Cognito SRP client flow written the
// straightforward way the existing Go ports do it (alexrudd/cognito-srp and
// the widely copied gist): big.Int.Exp for A, g^x and S, hex strings for
// padHex, x/crypto's HKDF and crypto/hmac. It gives the same SRP_A,
// signatures and device verifiers as package srp, which the tests check, but
// it is variable time: math/big's Exp leaks the exponent through its timing
// and memory access pattern, and the secrets live in big.Ints that are never
// wiped. It exists only to be measured against, so it lives in a test file
// and no program can import it.

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"math/big"
	"strings"
	"time"

	"golang.org/x/crypto/hkdf"
)

// The 3072-bit MODP group of RFC 5054 / RFC 3526, as the Go ports spell it.
const bigNHex = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74" +
	"020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437" +
	"4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05" +
	"98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB" +
	"9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
	"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718" +
	"3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33" +
	"A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
	"ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864" +
	"D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2" +
	"08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"

var (
	bigN = hexToBig(bigNHex)
	bigG = big.NewInt(2)
	bigK = hexToBig(hexHash("00" + bigNHex + "02"))
)

// Errors of the baseline.
var (
	ErrBigInvalidB   = errors.New("bench: B mod N is zero")
	ErrBigZeroA      = errors.New("bench: a is zero")
	ErrBigMissing    = errors.New("bench: missing challenge parameter")
	ErrBigMalformed  = errors.New("bench: malformed challenge parameter")
	ErrBigInvalidPID = errors.New("bench: user pool id must have the form region_name")
)

// BigSession is one sign-in of the math/big baseline. Baseline only: variable
// time, never for production.
type BigSession struct {
	poolName  string
	deviceKey string // device sessions: the SRP user name
	password  string
	device    bool
	a, bigA   *big.Int
}

// NewBigUserSession is the baseline's srp.NewUserSession. If a is nil, 128
// random bytes are drawn from crypto/rand, as the AWS clients do.
func NewBigUserSession(poolID, password string, a []byte) (*BigSession, error) {
	parts := strings.Split(poolID, "_")
	if len(parts) < 2 {
		return nil, ErrBigInvalidPID
	}
	return newBigSession(parts[1], "", password, false, a)
}

// NewBigDeviceSession is the baseline's srp.NewDeviceSession.
func NewBigDeviceSession(deviceGroupKey, deviceKey, devicePassword string, a []byte) (*BigSession, error) {
	return newBigSession(deviceGroupKey, deviceKey, devicePassword, true, a)
}

// NewBigSessionSize is NewBigUserSession with an n-byte random a.
func NewBigSessionSize(poolID, password string, n int) (*BigSession, error) {
	a := make([]byte, n)
	if _, err := rand.Read(a); err != nil {
		return nil, err
	}
	return NewBigUserSession(poolID, password, a)
}

func newBigSession(pool, deviceKey, password string, device bool, a []byte) (*BigSession, error) {
	if a == nil {
		a = make([]byte, 128)
		if _, err := rand.Read(a); err != nil {
			return nil, err
		}
	}
	s := &BigSession{poolName: pool, deviceKey: deviceKey, password: password, device: device}
	s.a = new(big.Int).SetBytes(a)
	if s.a.Sign() == 0 {
		return nil, ErrBigZeroA
	}
	s.bigA = new(big.Int).Exp(bigG, s.a, bigN)
	return s, nil
}

// SRPA returns SRP_A: A in lowercase hex, unpadded.
func (s *BigSession) SRPA() string { return s.bigA.Text(16) }

// Respond is the baseline's srp.Session.Respond.
func (s *BigSession) Respond(params map[string]string, now time.Time) (map[string]string, error) {
	return s.RespondWithTimestamp(params, now.UTC().Format("Mon Jan 2 15:04:05 UTC 2006"))
}

// RespondWithTimestamp is Respond with a literal TIMESTAMP.
func (s *BigSession) RespondWithTimestamp(params map[string]string, timestamp string) (map[string]string, error) {
	srpUser := s.deviceKey
	if !s.device {
		srpUser = params["USER_ID_FOR_SRP"]
	}
	username, ok := params["USERNAME"]
	if !ok {
		username = srpUser
	}
	for _, k := range []string{"SALT", "SRP_B", "SECRET_BLOCK"} {
		if _, ok := params[k]; !ok {
			return nil, ErrBigMissing
		}
	}
	bigB, ok1 := new(big.Int).SetString(params["SRP_B"], 16)
	salt, ok2 := new(big.Int).SetString(params["SALT"], 16)
	secretBlock, err := base64.StdEncoding.DecodeString(params["SECRET_BLOCK"])
	if err != nil { // unpadded, as the library also accepts
		secretBlock, err = base64.RawStdEncoding.DecodeString(params["SECRET_BLOCK"])
	}
	if !ok1 || !ok2 || err != nil {
		return nil, ErrBigMalformed
	}
	if new(big.Int).Mod(bigB, bigN).Sign() == 0 {
		return nil, ErrBigInvalidB
	}

	key := s.passwordAuthenticationKey(srpUser, bigB, salt)

	msg := []byte(s.poolName + srpUser)
	msg = append(msg, secretBlock...)
	msg = append(msg, timestamp...)
	mac := hmac.New(sha256.New, key)
	mac.Write(msg)
	signature := base64.StdEncoding.EncodeToString(mac.Sum(nil))

	resp := map[string]string{
		"USERNAME":                    username,
		"PASSWORD_CLAIM_SECRET_BLOCK": params["SECRET_BLOCK"],
		"TIMESTAMP":                   timestamp,
		"PASSWORD_CLAIM_SIGNATURE":    signature,
	}
	if s.device {
		resp["DEVICE_KEY"] = s.deviceKey
	}
	return resp, nil
}

func (s *BigSession) passwordAuthenticationKey(username string, bigB, salt *big.Int) []byte {
	userPassHash := hashSha256([]byte(s.poolName + username + ":" + s.password))
	u := hexToBig(hexHash(padHex(s.bigA) + padHex(bigB)))
	x := hexToBig(hexHash(padHex(salt) + userPassHash))
	gx := new(big.Int).Exp(bigG, x, bigN)
	base := new(big.Int).Sub(bigB, new(big.Int).Mul(bigK, gx))
	exp := new(big.Int).Add(s.a, new(big.Int).Mul(u, x))
	S := new(big.Int).Exp(base, exp, bigN)
	return computeHKDF(padHex(S), padHex(u))
}

// BigDeviceVerifier is the baseline's srp.DeviceVerifier.
type BigDeviceVerifier struct {
	DevicePassword, PasswordVerifier, Salt string
}

// NewBigDeviceVerifier is the baseline's srp.NewDeviceVerifier: 40 password
// bytes, then 16 salt bytes from random (crypto/rand if nil).
func NewBigDeviceVerifier(deviceGroupKey, deviceKey string, random io.Reader) (*BigDeviceVerifier, error) {
	if random == nil {
		random = rand.Reader
	}
	pw := make([]byte, 40)
	if _, err := io.ReadFull(random, pw); err != nil {
		return nil, err
	}
	password := base64.StdEncoding.EncodeToString(pw)
	hashed := hashSha256([]byte(deviceGroupKey + deviceKey + ":" + password))
	sb := make([]byte, 16)
	if _, err := io.ReadFull(random, sb); err != nil {
		return nil, err
	}
	saltHex := padHex(new(big.Int).SetBytes(sb))
	x := hexToBig(hexHash(saltHex + hashed))
	verifierHex := padHex(new(big.Int).Exp(bigG, x, bigN))
	verifier, _ := hex.DecodeString(verifierHex)
	salt, _ := hex.DecodeString(saltHex)
	return &BigDeviceVerifier{
		DevicePassword:   password,
		PasswordVerifier: base64.StdEncoding.EncodeToString(verifier),
		Salt:             base64.StdEncoding.EncodeToString(salt),
	}, nil
}

func computeHKDF(ikmHex, saltHex string) []byte {
	ikm, _ := hex.DecodeString(ikmHex)
	salt, _ := hex.DecodeString(saltHex)
	key := make([]byte, 16)
	io.ReadFull(hkdf.New(sha256.New, ikm, salt, []byte("Caldera Derived Key")), key)
	return key
}

// padHex is the AWS clients' padHex for non-negative n: even-length hex with
// "00" prepended when the top bit is set.
func padHex(n *big.Int) string {
	h := n.Text(16)
	if len(h)%2 == 1 {
		h = "0" + h
	}
	if strings.IndexByte("89abcdef", h[0]) >= 0 {
		h = "00" + h
	}
	return h
}

func hashSha256(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func hexHash(h string) string {
	b, _ := hex.DecodeString(h)
	return hashSha256(b)
}

func hexToBig(h string) *big.Int {
	n, _ := new(big.Int).SetString(h, 16)
	return n
}
