//go:build !purego

package modp

import (
	"bytes"
	"os"
	"testing"

	"github.com/leanovate/gopter/prop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/srpkit/cognito/internal/testenv"
)

// ifmaAtStart is what dispatch chose, before any test forces a path.
var ifmaAtStart = useIFMA()

func TestHasIFMAMatchesCPUInfo(t *testing.T) {
	info, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skip("no /proc/cpuinfo")
	}
	want := bytes.Contains(info, []byte(" avx512f")) && bytes.Contains(info, []byte(" avx512dq")) &&
		bytes.Contains(info, []byte(" avx512ifma"))
	assert.Equal(t, want, hasIFMA())
	// Where the CPU has IFMA the known-answer check must pass, or the
	// kernels would silently never run.
	assert.Equal(t, want, ifmaAtStart, "IFMA available but not selected: the known-answer check failed")
}

func skipWithoutIFMA(t *testing.T) {
	if !ifmaAtStart {
		t.Skip("no AVX-512 IFMA on this CPU: the model tests (model_test.go) check the kernels")
	}
}

// TestIFMAMatchesModel runs the real kernels and the model on the same
// inputs (crafted and random, 600 of each kind of call; 2100 with
// SRP_LONG_TESTS=1); the results must
// be identical to the limb, and right against math/big.
func TestIFMAMatchesModel(t *testing.T) {
	skipWithoutIFMA(t)
	r := testenv.Rand(t)
	inputs := crafted52()
	for len(inputs) < sampleSize(200, 600, 2100) {
		inputs = append(inputs, random52(r))
	}
	for i := range inputs {
		x, y := &inputs[i], &inputs[(i*7+1)%len(inputs)]
		var zm, zs fe52
		mulIFMA(&zm, x, y)
		sqrIFMA(&zs, x)
		require.Equal(t, modelMul(t, x, y), zm, "mul %d", i)
		require.Equal(t, modelMul(t, x, nil), zs, "sqr %d", i)
		require.NoError(t, checkAMM(x, y, &zm), "mul %d", i)
		require.NoError(t, checkAMM(x, x, &zs), "sqr %d", i)
		// aliasing: z = x, z = y
		a, b := *x, *y
		mulIFMA(&a, &a, &b)
		require.Equal(t, zm, a)
		a = *x
		mulIFMA(&b, &a, &b)
		require.Equal(t, zm, b)
		sqrIFMA(&a, &a)
		require.Equal(t, zs, a)
	}
	table := inputs[:1<<window]
	for idx := range uint64(len(table) + 2) {
		var z fe52
		lookupIFMA(&z, &table[0], len(table), idx)
		require.Equal(t, modelLookup(t, table, idx), z, "lookup %d", idx)
	}
}

// TestIFMAMatchesGeneric: in, multiply or square, out, against the pure-Go
// Montgomery code, 2000 inputs each.
func TestIFMAMatchesGeneric(t *testing.T) {
	skipWithoutIFMA(t)
	p := properties(t, 2000)
	p.Property("from52(mulIFMA(to52 x, to52 y)) == montMulGeneric", prop.ForAll(func(a, b []byte) bool {
		x, y := toLimbs(a), toLimbs(b)
		var x52, y52 fe52
		to52(&x52, x)
		to52(&y52, y)
		mulIFMA(&x52, &x52, &y52)
		var z1, z2 limbs
		from52(&z1, &x52)
		montMulGeneric(&z2, x, y)
		return z1 == z2
	}, genValue(), genValue()))
	p.Property("from52(sqrIFMA(to52 x)) == montSqrGeneric", prop.ForAll(func(a []byte) bool {
		x := toLimbs(a)
		var x52 fe52
		to52(&x52, x)
		sqrIFMA(&x52, &x52)
		var z1, z2 limbs
		from52(&z1, &x52)
		montSqrGeneric(&z2, x)
		return z1 == z2
	}, genValue()))
	p.TestingRun(t)
}

func TestIFMAKnownAnswerFails(t *testing.T) {
	skipWithoutIFMA(t)
	assert.True(t, ifmaKnownAnswer())
	// The check compares with the pure-Go code: break one constant the
	// kernels read and it must notice.
	c := nsh52()
	c[3] ^= 1
	defer func() { c[3] ^= 1 }()
	assert.False(t, ifmaKnownAnswer())
}
