//go:build !amd64 || purego

package modp

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func impls() []string { return []string{"generic"} }

func setImpl(tb testing.TB, name string) {
	require.Equal(tb, "generic", name, "path not available")
}

func kernelOps(_ string, x, y *limbs) (mul, sqr func()) {
	return func() { montMulGeneric(x, x, y) }, func() { montSqrGeneric(x, x) }
}
