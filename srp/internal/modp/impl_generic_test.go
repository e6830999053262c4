//go:build !amd64 || purego

package modp

import "testing"

func impls() []string { return []string{"generic"} }

func setImpl(tb testing.TB, name string) {
	if name != "generic" {
		tb.Fatalf("path %s not available", name)
	}
}

func kernelOps(_ string, x, y *limbs) (mul, sqr func()) {
	return func() { montMulGeneric(x, x, y) }, func() { montSqrGeneric(x, x) }
}
