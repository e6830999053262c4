package protocol

import (
	"crypto/sha256"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/srpkit/cognito/internal/srpref"
	"github.com/srpkit/cognito/srp/internal/modp"
)

// TestK derives k = H(padHex(N) || padHex(g)) from N, and checks the
// written-out KHash and the element K against it and the reference.
func TestK(t *testing.T) {
	want := sha256.Sum256(append(append([]byte{0}, modp.N().Bytes()...), 2))
	assert.Equal(t, want, KHash)
	assert.Equal(t, srpref.K, new(big.Int).SetBytes(KHash[:]))
	var k [modp.Size]byte
	K.Bytes(&k)
	assert.Equal(t, srpref.K, new(big.Int).SetBytes(k[:]))
}
