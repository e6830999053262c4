package main

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"time"

	"github.com/srpkit/cognito/internal/srpref"
	"github.com/srpkit/cognito/vectors"
)

// DefaultSeed and DefaultCount are the parameters of the published file,
// vectors/cognito-srp-vectors.json.
const (
	DefaultSeed  = "srpkit/cognito published vectors v1"
	DefaultCount = 360
)

// A countError is a -count below the size of the edge catalogue.
type countError struct{ count, min int }

func (e *countError) Error() string {
	return fmt.Sprintf("-count %d is below the %d cases of the edge catalogue", e.count, e.min)
}

// genCase is a case under construction.
type genCase struct {
	inputs vectors.Inputs
	server *serverInfo
	// want is a property the computed outputs must have (the edge the case
	// was drawn for); nil if none.
	want func(o *vectors.Outputs) bool
}

// serverInfo is the informational "server" field: the server's secret b and
// the verifier, for cases whose SRP_B a real server would send.
type serverInfo struct {
	SecretBHex  string `json:"serverSecretBHex"`
	VerifierHex string `json:"verifierHex"`
}

// An edge is one entry of the catalogue: n cases of a kind and category.
type edge struct {
	kind     vectors.Kind
	category string
	n        int
	note     string
	build    func(d *drbg, i int) (*genCase, error)
}

type genMeta struct {
	Title     string         `json:"title"`
	Generator string         `json:"generator"`
	Seed      string         `json:"seed"`
	Count     int            `json:"count"`
	DRBG      string         `json:"drbg"`
	Outputs   string         `json:"outputs"`
	Oracle    string         `json:"oracle"`
	Spec      string         `json:"spec"`
	Schema    string         `json:"schema"`
	PassRule  string         `json:"passRule"`
	Counts    map[string]int `json:"counts"`
	Edges     int            `json:"edgeCases"`
	Errors    int            `json:"errorCases"`
}

type computeMeta struct {
	Title      string          `json:"title"`
	InputsFrom json.RawMessage `json:"inputsFrom,omitempty"`
}

func marshalMeta(v any) (json.RawMessage, error) {
	return json.Marshal(v)
}

// randomKinds is the cycle of kinds of the random cases.
var randomKinds = []vectors.Kind{
	vectors.KindPassword, vectors.KindPassword, vectors.KindDevice, vectors.KindPassword,
	vectors.KindDeviceHash, vectors.KindPassword, vectors.KindSecretHash, vectors.KindPassword,
	vectors.KindTimestamp, vectors.KindDevice,
}

// CatalogueSize is the number of edge cases, the minimum -count.
func CatalogueSize() int {
	n := 0
	for _, e := range catalogue(nil) {
		n += e.n
	}
	return n
}

// Generate builds the vector file for seed with count cases: the edge
// catalogue and count minus its size random cases, outputs computed by this
// module, grouped by kind (random cases first, then edges).
func Generate(seed string, count int) (*vectors.File, error) {
	g := &generator{seed: seed}
	slots, edges, err := g.plan(count)
	if err != nil {
		return nil, err
	}
	meta := genMeta{
		Title:     "Cognito SRP test vectors of github.com/srpkit/cognito",
		Generator: fmt.Sprintf("srpvec gen -seed %q -count %d", seed, count),
		Seed:      seed,
		Count:     count,
		DRBG:      drbgDescription,
		Outputs:   "computed by github.com/srpkit/cognito (srp, secrethash) through its public API",
		Oracle:    "every output is checked against amazon-cognito-identity-js 6.3.21 (the official AWS JavaScript client, CognitoUser flows with mocked transport) by interop/run.sh on every CI run",
		Spec:      "docs/protocol.md: Cognito SRP-6a as implemented by amazon-cognito-identity-js 6.3.21",
		Schema:    "vectors/README.md",
		PassRule:  "error expected: the implementation must fail (text not compared) and produce no signature; otherwise no error, the primary field (signature, PasswordVerifier, secretHash or timestamp) present, and every output field it reports byte-identical; challengeResponses must match key for key (SECRET_HASH, which the AWS JS client never adds, may be compared with secretHash instead)",
		Counts:    map[string]int{},
		Edges:     edges,
	}
	f := &vectors.File{}
	for n, sl := range slots {
		c, err := g.build(sl, n+1)
		if err != nil {
			return nil, err
		}
		if c.Outputs.Error != "" {
			meta.Errors++
		}
		meta.Counts[string(c.Kind)]++
		f.Cases = append(f.Cases, c)
	}
	m, err := marshalMeta(meta)
	if err != nil {
		return nil, err
	}
	f.Meta = m
	return f, nil
}

// A slot is one case of the file before it is built: its kind, category and
// index in the category (which key its DRBG), and how to build it.
type slot struct {
	kind     vectors.Kind
	category string
	i        int
	note     string // the edge's note; none for random cases
	build    func(d *drbg, i int) (*genCase, error)
}

// plan lists the cases of a file of count cases, in the file's order:
// grouped by kind (in the order of vectors.Kinds), random cases first, then
// the edges in catalogue order. It also returns the number of edge cases,
// and a countError if count is below it.
func (g *generator) plan(count int) (slots []slot, edges int, err error) {
	catalogue := catalogue(g)
	for _, e := range catalogue {
		edges += e.n
	}
	if count < edges {
		return nil, 0, &countError{count, edges}
	}
	byKind := map[vectors.Kind][]slot{}
	for r := 0; r < count-edges; r++ {
		k := randomKinds[r%len(randomKinds)]
		build := func(d *drbg, _ int) (*genCase, error) { return g.random(k, d) }
		byKind[k] = append(byKind[k], slot{kind: k, category: "random", i: len(byKind[k]), build: build})
	}
	for _, e := range catalogue {
		for i := 0; i < e.n; i++ {
			byKind[e.kind] = append(byKind[e.kind], slot{e.kind, e.category, i, e.note, e.build})
		}
	}
	for _, k := range vectors.Kinds {
		slots = append(slots, byKind[k]...)
	}
	return slots, edges, nil
}

// build builds the slot as case number n of the file (from 1), its outputs
// computed by this module, and checks that they have the property the case
// was drawn for.
func (g *generator) build(sl slot, n int) (vectors.Case, error) {
	d := newDRBG(g.seed, fmt.Sprintf("%s/%s/%d", sl.kind, sl.category, sl.i))
	gc, err := sl.build(d, sl.i)
	if err != nil {
		return vectors.Case{}, fmt.Errorf("%s %s #%d: %v", sl.kind, sl.category, sl.i, err)
	}
	c := vectors.Case{
		ID:       fmt.Sprintf("%s-%03d-%s", sl.kind, n, sl.category),
		Kind:     sl.kind,
		Category: sl.category,
		Note:     sl.note,
		Inputs:   gc.inputs,
	}
	if gc.server != nil {
		b, _ := json.Marshal(gc.server)
		c.Server = b
	}
	out, err := compute(&c)
	if err != nil {
		return vectors.Case{}, err
	}
	if gc.want != nil && !gc.want(out) {
		return vectors.Case{}, fmt.Errorf("case %s: the computed outputs lack the property the case was drawn for (generator math and srp disagree)", c.ID)
	}
	c.Outputs = out
	return c, nil
}

type generator struct {
	seed string
}

func (g *generator) random(k vectors.Kind, d *drbg) (*genCase, error) {
	gc := &genCase{}
	switch k {
	case vectors.KindPassword, vectors.KindDevice:
		l := newLogin(d, k)
		if k == vectors.KindPassword && d.intn(6) == 0 {
			l.withClientSecret(d, d.intn(2) == 0)
		}
		l.derive()
		return l.toCase(), nil
	case vectors.KindDeviceHash:
		gc.inputs = deviceHashInputs(d, d.bytes(40), d.bytes(16))
	case vectors.KindSecretHash:
		gc.inputs = vectors.Inputs{Username: randUsername(d), ClientID: randClientID(d), ClientSecret: randClientSecret(d)}
	case vectors.KindTimestamp:
		lo := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
		hi := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
		gc.inputs = vectors.Inputs{Timestamp: vectors.MillisTimestamp(d.int64Between(lo, hi))}
	}
	return gc, nil
}

// ---- random inputs ----------------------------------------------------------

const (
	alnum      = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	pwChars    = alnum + "!@#$%^&*()-_=+[]{};:,.<>/?~ "
)

var regions = []string{"us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1",
	"ap-northeast-1", "ap-southeast-2", "ap-south-1", "sa-east-1", "ca-central-1"}

func randUUID(d *drbg) string {
	b := d.bytes(16)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func randUsername(d *drbg) string {
	switch d.intn(6) {
	case 0:
		return randUUID(d)
	case 1:
		return d.str(lowerAlnum, 6) + "@example.com"
	case 2:
		return fmt.Sprintf("+1555%07d", d.intn(10000000))
	case 3:
		return fmt.Sprintf("user%05d", d.intn(100000))
	case 4:
		return d.str(alnum, d.between(4, 20))
	}
	return fmt.Sprintf("%s.%s+tag%d@mail.example.org", d.str(alnum, 5), d.str(alnum, 7), d.intn(100))
}

func randPassword(d *drbg) string { return d.str(pwChars, d.between(8, 64)) }

func randBlock(d *drbg) string {
	return base64.StdEncoding.EncodeToString(d.bytes(d.between(16, 1200)))
}

func randClientID(d *drbg) string { return d.str(lowerAlnum, 26) }

func randClientSecret(d *drbg) string { return d.str(lowerAlnum, 51) }

func randInstant(d *drbg) int64 {
	lo := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	hi := time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	return d.int64Between(lo, hi)
}

func ms(y int, mo time.Month, day, h, mi, s, milli int) *vectors.Timestamp {
	return vectors.MillisTimestamp(time.Date(y, mo, day, h, mi, s, milli*1e6, time.UTC).UnixMilli())
}

func deviceHashInputs(d *drbg, pw, salt []byte) vectors.Inputs {
	return vectors.Inputs{
		DeviceGroupKey:         "-" + d.str(alnum, 9),
		DeviceKey:              d.pick(regions...) + "_" + randUUID(d),
		RandomPasswordBytesHex: hex.EncodeToString(pw),
		SaltBytesHex:           hex.EncodeToString(salt),
	}
}

// ---- logins -----------------------------------------------------------------

// A login is a password or device case under construction, with the server
// side that would produce its challenge.
type login struct {
	kind                  vectors.Kind
	region                string
	pool, user, password  string // device: pool = device group key, user = device key
	echo                  string // device: USERNAME
	aHex                  string
	a, A                  *big.Int
	saltStr               string
	salt, x, v, kv        *big.Int
	b, gb, B              *big.Int
	bStr                  string
	real                  bool // B is what a server with secret b sends
	block                 string
	ts                    *vectors.Timestamp
	clientID, secret      string
	loginName, userPoolID string
}

func newLogin(d *drbg, k vectors.Kind) *login {
	l := &login{kind: k, region: d.pick(regions...)}
	if k == vectors.KindPassword {
		l.pool = d.str(alnum, 9)
		l.user = randUsername(d)
		l.password = randPassword(d)
		l.saltStr = hex.EncodeToString(d.bytes(16))
	} else {
		l.pool = "-" + d.str(alnum, 9)
		l.user = l.region + "_" + randUUID(d)
		l.echo = randUsername(d)
		l.password = base64.StdEncoding.EncodeToString(d.bytes(40))
		// The salt the device registered with ConfirmDevice, as Cognito
		// returns it: padHex of 16 random bytes.
		l.saltStr = hex.EncodeToString(srpref.Pad(new(big.Int).SetBytes(d.bytes(16))))
	}
	l.setA(d.bytes(128))
	l.block = randBlock(d)
	l.ts = vectors.MillisTimestamp(randInstant(d))
	l.b = new(big.Int).SetBytes(d.bytes(32))
	l.b.SetBit(l.b, 255, 1) // never 0
	return l
}

func (l *login) setA(a []byte) {
	l.aHex = hex.EncodeToString(a)
	l.a = new(big.Int).SetBytes(a)
	l.A = srpref.ExpG(l.a)
}

func (l *login) withClientSecret(d *drbg, alias bool) {
	l.clientID, l.secret = randClientID(d), randClientSecret(d)
	if l.kind == vectors.KindPassword {
		// With an alias sign-in, USER_ID_FOR_SRP is the user's sub.
		l.user = randUUID(d)
		l.loginName = l.user
		if alias {
			l.loginName = d.str(lowerAlnum, 6) + "@example.com"
		}
	}
}

// derive computes the server side (x, v, B = k·v + g^b) from the current
// pool, user, password, salt and b.
func (l *login) derive() {
	l.salt = hexInt(l.saltStr)
	l.x = srpref.X(l.pool, l.user, l.password, l.salt)
	l.v = srpref.ExpG(l.x)
	l.kv = new(big.Int).Mul(srpref.K, l.v)
	l.gb = srpref.ExpG(l.b)
	l.setB()
}

func (l *login) setB() {
	l.B = new(big.Int).Add(l.kv, l.gb)
	l.B.Mod(l.B, srpref.N)
	l.bStr = l.B.Text(16)
	l.real = true
}

// stepB moves to the server secret b+1 (g^(b+1) = 2·g^b: cheap).
func (l *login) stepB() {
	l.b.Add(l.b, big.NewInt(1))
	l.gb.Lsh(l.gb, 1)
	if l.gb.Cmp(srpref.N) >= 0 {
		l.gb.Sub(l.gb, srpref.N)
	}
	l.setB()
}

func (l *login) u() []byte { u := srpref.HBytes(l.A, l.B); return u[:] }

func (l *login) S() *big.Int { return srpref.ClientS(l.a, l.B, srpref.H(l.A, l.B), l.x, l.v) }

// searchLimit bounds every search for a property (expected tries are at most
// a few hundred, or 2^16 for hash-only searches).
const searchLimit = 1 << 21

// untilB steps the server secret b until prop holds.
func (l *login) untilB(prop func() bool) error {
	for i := 0; i < searchLimit; i++ {
		if prop() {
			return nil
		}
		l.stepB()
	}
	return fmt.Errorf("no b found within %d tries", searchLimit)
}

// untilA steps a to a+1 (A·2 mod N: cheap) until prop(A) holds; a keeps
// its byte length.
func (l *login) untilA(prop func(*big.Int) bool) error {
	size := len(l.aHex) / 2
	for i := 0; i < searchLimit; i++ {
		if prop(l.A) {
			l.aHex = hex.EncodeToString(l.a.FillBytes(make([]byte, size)))
			return nil
		}
		l.a.Add(l.a, big.NewInt(1))
		if l.a.BitLen() > size*8 {
			return fmt.Errorf("a overflowed")
		}
		l.A.Lsh(l.A, 1)
		if l.A.Cmp(srpref.N) >= 0 {
			l.A.Sub(l.A, srpref.N)
		}
	}
	return fmt.Errorf("no a found within %d tries", searchLimit)
}

func hexInt(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 16)
	if !ok {
		return new(big.Int)
	}
	return v
}

func (l *login) toCase() *genCase {
	gc := &genCase{}
	in := vectors.Inputs{
		Username:       l.user,
		Password:       l.password,
		SmallAHex:      l.aHex,
		SaltHex:        l.saltStr,
		BHex:           l.bStr,
		SecretBlockB64: l.block,
		Timestamp:      l.ts,
		ClientID:       l.clientID,
		ClientSecret:   l.secret,
	}
	if l.kind == vectors.KindPassword {
		in.PoolName = l.pool
		in.UserPoolID = l.userPoolID
		if in.UserPoolID == "" {
			in.UserPoolID = l.region + "_" + l.pool
		}
		in.LoginUsername = l.loginName
	} else {
		in.DeviceGroupKey, in.DeviceKey, in.Username = l.pool, l.user, l.echo
	}
	gc.inputs = in
	if l.real {
		gc.server = &serverInfo{SecretBHex: l.b.Text(16), VerifierHex: hex.EncodeToString(srpref.Pad(l.v))}
	}
	return gc
}
