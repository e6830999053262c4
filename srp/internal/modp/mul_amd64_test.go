//go:build !purego

package modp

import (
	"bytes"
	"math/big"
	"os"
	"os/exec"
	"testing"

	"github.com/leanovate/gopter/prop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestADXMatchesGeneric checks the assembly against the pure-Go code on
// random and edge inputs (the main tests check both against math/big).
func TestADXMatchesGeneric(t *testing.T) {
	if !useADX {
		t.Skip("CPU lacks BMI2/ADX; the pure-Go path is in use")
	}
	p := properties(t, 2000)
	p.Property("montMulADX == montMulGeneric", prop.ForAll(func(a, b []byte) bool {
		x, y := toLimbs(a), toLimbs(b)
		var z1, z2 limbs
		montMulADX(&z1, x, y)
		montMulGeneric(&z2, x, y)
		return z1 == z2
	}, genValue(), genValue()))
	p.Property("montSqrADX == montSqrGeneric == montMulGeneric(x, x)", prop.ForAll(func(a []byte) bool {
		x := toLimbs(a)
		var z1, z2, z3 limbs
		montSqrADX(&z1, x)
		montSqrGeneric(&z2, x)
		montMulGeneric(&z3, x, x)
		return z1 == z2 && z2 == z3
	}, genValue()))
	p.TestingRun(t)
}

// toLimbs reduces a reference value mod N into limbs (not Montgomery form).
func toLimbs(b []byte) *limbs {
	var l limbs
	fromBig(&l, mod(new(big.Int).SetBytes(b)))
	return &l
}

func TestHasADXMatchesCPUInfo(t *testing.T) {
	info, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skip("no /proc/cpuinfo")
	}
	want := bytes.Contains(info, []byte(" adx")) && bytes.Contains(info, []byte(" bmi2"))
	assert.Equal(t, want, hasADX())
}

// TestGeneratedAssemblyUpToDate reruns the generator.
func TestGeneratedAssemblyUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go tool")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not in PATH")
	}
	got, err := exec.Command(goTool, "run", "./_asm").Output()
	require.NoError(t, err)
	want, err := os.ReadFile("mul_amd64.s")
	require.NoError(t, err)
	assert.True(t, bytes.Equal(got, want), "mul_amd64.s is stale: run go generate")
}

// impls are the arithmetic paths this CPU has, as dispatch found them.
func impls() []string {
	out := []string{"generic"}
	if hasADX() {
		out = append(out, "adx")
	}
	if ifmaAtStart {
		out = append(out, "ifma")
	}
	return out
}

// setImpl forces one path (one of impls()) until the test ends. Element.Mul
// and square use ADX on the ifma path too; Exp and ExpG switch to radix 2^52.
func setImpl(tb testing.TB, name string) {
	adx, ifma := useADX, haveIFMA
	tb.Cleanup(func() { useADX, haveIFMA = adx, ifma })
	useADX, haveIFMA = name != "generic" && hasADX(), name == "ifma"
	require.False(tb, name == "ifma" && !ifmaAtStart || name == "adx" && !hasADX(), "path %s not available", name)
}

// kernelOps returns one Montgomery multiply and one square of x, y (in
// place) on the named path: the raw kernel, without conversions.
func kernelOps(name string, x, y *limbs) (mul, sqr func()) {
	switch name {
	case "ifma":
		var a, b fe52
		to52(&a, x)
		to52(&b, y)
		return func() { mulIFMA(&a, &a, &b) }, func() { sqrIFMA(&a, &a) }
	case "adx":
		return func() { montMulADX(x, x, y) }, func() { montSqrADX(x, x) }
	}
	return func() { montMulGeneric(x, x, y) }, func() { montSqrGeneric(x, x) }
}
