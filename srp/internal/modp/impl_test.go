package modp

import "testing"

// forEachImpl runs f once per path in paths (impls or fastImpls), forcing
// it with setImpl: Exp and ExpG are checked on each.
func forEachImpl(t *testing.T, paths []string, f func(t *testing.T)) {
	for _, path := range paths {
		t.Run("impl="+path, func(t *testing.T) {
			setImpl(t, path)
			f(t)
		})
	}
}

// fastImpls is impls without the pure-Go path where an assembly one exists,
// for the slowest tests (-tags purego runs them on the pure-Go path).
func fastImpls() []string {
	if p := impls(); len(p) > 1 {
		return p[1:]
	}
	return impls()
}
