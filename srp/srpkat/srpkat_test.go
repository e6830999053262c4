package srpkat_test

import (
	"errors"
	"io"
	"math/big"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/srpkit/cognito/internal/srpref"
	"github.com/srpkit/cognito/srp"
	"github.com/srpkit/cognito/srp/srpkat"
	"github.com/srpkit/cognito/srp/srpserver"
)

const (
	testPool     = "us-east-1_AbC123"
	testPassword = "Tr0ub4dor&3-secret-password"
)

var challenge = map[string]string{
	"SALT":            "00ab12",
	"SRP_B":           "1234567890abcdef",
	"SECRET_BLOCK":    "c2VjcmV0IGJsb2Nr",
	"USERNAME":        "alice",
	"USER_ID_FOR_SRP": "alice",
}

func TestWithEphemeral(t *testing.T) {
	for _, a := range [][]byte{{0}, make([]byte, 32), make([]byte, 128), make([]byte, 1024)} {
		_, err := srp.NewUserSession(testPool, testPassword, srpkat.WithEphemeral(a))
		assert.ErrorIs(t, err, srpkat.ErrZeroEphemeral, "len %d", len(a))
		_, err = srp.NewDeviceSession("g", "d", testPassword, srpkat.WithEphemeral(a))
		assert.ErrorIs(t, err, srpkat.ErrZeroEphemeral)
	}
	for _, a := range [][]byte{nil, {}, make([]byte, 1025), append(make([]byte, 1024), 7)} {
		_, err := srp.NewUserSession(testPool, testPassword, srpkat.WithEphemeral(a))
		assert.ErrorIs(t, err, srp.ErrInvalidEphemeral, "len %d", len(a))
		_, err = srp.NewDeviceSession("g", "d", testPassword, srpkat.WithEphemeral(a))
		assert.ErrorIs(t, err, srp.ErrInvalidEphemeral)
	}
	// The smallest and largest fixed a give A = g^a mod N; the fixed a
	// overrides WithEphemeralSize, even an invalid one.
	for _, a := range [][]byte{{1}, append(make([]byte, 1023), 7), []byte(strings.Repeat("\xff", 1024))} {
		s, err := srp.NewUserSession(testPool, testPassword, srp.WithEphemeralSize(1), srpkat.WithEphemeral(a))
		require.NoError(t, err)
		assert.Equal(t, new(big.Int).Exp(srpref.G, new(big.Int).SetBytes(a), srpref.N).Text(16), s.SRPA())
	}
	// The option copies a, and each session gets its own copy to wipe.
	a := []byte{1, 2, 3}
	opt := srpkat.WithEphemeral(a)
	a[0] = 9
	s1, err := srp.NewUserSession(testPool, testPassword, opt)
	require.NoError(t, err)
	_, err = s1.Respond(challenge, time.Now())
	require.NoError(t, err)
	s2, err := srp.NewUserSession(testPool, testPassword, opt)
	require.NoError(t, err)
	assert.Equal(t, s1.SRPA(), s2.SRPA())
	assert.Equal(t, "8", must(srp.NewUserSession(testPool, testPassword, srpkat.WithEphemeral([]byte{3}))).SRPA())
}

func must(s *srp.Session, err error) *srp.Session {
	if err != nil {
		panic(err)
	}
	return s
}

func TestWithRandom(t *testing.T) {
	failing := iotest.ErrReader(errors.New("entropy pool " + testPassword))
	short := func(n int64) io.Reader { return io.LimitReader(fill(0xa5), n) }
	for _, r := range []io.Reader{failing, short(0), short(127)} {
		_, err := srp.NewUserSession(testPool, testPassword, srpkat.WithRandom(r))
		assert.ErrorIs(t, err, srpkat.ErrRandom)
		assert.NotContains(t, err.Error(), testPassword)
	}
	_, err := srp.NewDeviceSession("g", "d", testPassword, srpkat.WithRandom(failing))
	assert.ErrorIs(t, err, srpkat.ErrRandom)
	for _, r := range []io.Reader{failing, short(40), short(55)} {
		_, err = srp.NewDeviceVerifier("g", "d", srpkat.WithRandom(r))
		assert.ErrorIs(t, err, srpkat.ErrRandom)
		assert.NotContains(t, err.Error(), testPassword)
	}
	_, err = srpserver.NewPasswordVerifier(testPool, "u", testPassword, srpkat.WithRandom(short(15)))
	assert.ErrorIs(t, err, srpkat.ErrRandom)
	v, err := srpserver.NewPasswordVerifier(testPool, "u", testPassword, srpkat.WithRandom(short(16)))
	require.NoError(t, err)
	assert.Equal(t, "00"+strings.Repeat("a5", 16), v.Salt())
	// b (32 bytes), then the 64-byte SECRET_BLOCK.
	_, err = srpserver.NewServerSession(v, "1234", srp.WithEphemeralSize(32), srpkat.WithRandom(short(32+63)))
	assert.ErrorIs(t, err, srpkat.ErrRandom)
	ss, err := srpserver.NewServerSession(v, "1234", srp.WithEphemeralSize(32), srpkat.WithRandom(short(32+64)))
	require.NoError(t, err)
	assert.Equal(t, strings.Repeat("paWl", 21)+"pQ==", ss.SecretBlock())

	// 32 bytes of 0xa5 are a valid a; a reader of zeros gives a = 0.
	s, err := srp.NewUserSession(testPool, testPassword, srpkat.WithRandom(short(32)), srp.WithEphemeralSize(32))
	require.NoError(t, err)
	assert.Equal(t, must(srp.NewUserSession(testPool, testPassword, srpkat.WithEphemeral([]byte(strings.Repeat("\xa5", 32))))).SRPA(), s.SRPA())
	_, err = srp.NewUserSession(testPool, testPassword, srpkat.WithRandom(fill(0)))
	assert.ErrorIs(t, err, srpkat.ErrZeroEphemeral)
	// nil keeps crypto/rand.
	_, err = srp.NewUserSession(testPool, testPassword, srpkat.WithRandom(nil))
	assert.NoError(t, err)
}

type fill byte

func (b fill) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

func TestRespondWithTimestamp(t *testing.T) {
	s := must(srp.NewUserSession(testPool, testPassword, srpkat.WithEphemeral([]byte{7})))
	resp, err := srpkat.RespondWithTimestamp(s, challenge, "any text")
	require.NoError(t, err)
	assert.Equal(t, "any text", resp["TIMESTAMP"])
	// It answers once, like Respond, and shares Respond's once-only state.
	_, err = srpkat.RespondWithTimestamp(s, challenge, "any text")
	assert.ErrorIs(t, err, srp.ErrSessionUsed)
	_, err = s.Respond(challenge, time.Now())
	assert.ErrorIs(t, err, srp.ErrSessionUsed)
	s = must(srp.NewUserSession(testPool, testPassword))
	_, err = s.Respond(challenge, time.Now())
	require.NoError(t, err)
	_, err = srpkat.RespondWithTimestamp(s, challenge, "x")
	assert.ErrorIs(t, err, srp.ErrSessionUsed)

	// The same signature as Respond at the time that formats to the literal.
	now := time.Date(2024, time.March, 5, 9, 4, 7, 0, time.UTC)
	s1 := must(srp.NewUserSession(testPool, testPassword, srpkat.WithEphemeral([]byte{7})))
	s2 := must(srp.NewUserSession(testPool, testPassword, srpkat.WithEphemeral([]byte{7})))
	r1, err := s1.Respond(challenge, now)
	require.NoError(t, err)
	r2, err := srpkat.RespondWithTimestamp(s2, challenge, "Tue Mar 5 09:04:07 UTC 2024")
	require.NoError(t, err)
	assert.Equal(t, r1, r2)
}

func TestWithTrace(t *testing.T) {
	var tr srpkat.Trace
	s := must(srp.NewUserSession(testPool, testPassword, srpkat.WithEphemeral([]byte{1}), srpkat.WithTrace(&tr)))
	assert.Equal(t, "2", tr.SRPA)
	resp, err := srpkat.RespondWithTimestamp(s, challenge, "t")
	require.NoError(t, err)
	assert.Equal(t, resp["PASSWORD_CLAIM_SIGNATURE"], tr.Signature)
	assert.Equal(t, "t", tr.Timestamp)
	assert.Len(t, tr.HKDF, 32)
	// A nil *Trace records nothing.
	s = must(srp.NewUserSession(testPool, testPassword, srpkat.WithTrace(nil)))
	_, err = s.Respond(challenge, time.Now())
	assert.NoError(t, err)
}
