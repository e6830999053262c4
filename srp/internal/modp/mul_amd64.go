//go:build !purego

package modp

import (
	"sync"

	"golang.org/x/sys/cpu"
)

// useADX and useIFMA select the assembly once per process; they depend only
// on the CPU (and, for IFMA, on a known-answer check), not on operands.
// Element.Mul and square use ADX; the IFMA kernels work in radix 2^52 and
// serve whole exponentiations, converted in and out once.
var (
	useADX   = hasADX()
	haveIFMA = hasIFMA()
	ifmaOnce sync.Once
	ifmaOK   bool
)

// useIFMA reports whether exponentiations run on the IFMA kernels: the CPU
// and OS support them and, checked on the first call (not at start-up, which
// every process pays), they give the known answers; if not, ADX is used.
func useIFMA() bool {
	if !haveIFMA {
		return false
	}
	ifmaOnce.Do(func() { ifmaOK = ifmaKnownAnswer() })
	return ifmaOK
}

// hasADX reports MULX (BMI2) and ADCX/ADOX (ADX), which the scalar kernels use.
func hasADX() bool { return cpu.X86.HasBMI2 && cpu.X86.HasADX }

func montMul(z, x, y *limbs) {
	if useADX {
		montMulADX(z, x, y)
		return
	}
	montMulGeneric(z, x, y)
}

func montSqr(z, x *limbs) {
	if useADX {
		montSqrADX(z, x)
		return
	}
	montSqrGeneric(z, x)
}

// lookup sets z to table[idx] reading every entry; idx is secret, and
// len(table) > 0 is public.
func lookup(z *Element, table []Element, idx uint64) {
	lookupSSE2(&z.l, &table[0], len(table), idx)
}

// lookupSSE2 is lookup for n = len(table) entries starting at table.
//
//go:noescape
func lookupSSE2(z *limbs, table *Element, n int, idx uint64)

// montMulADX sets z = x·y·R⁻¹ mod N; x, y < N; z may alias x or y.
//
//go:noescape
func montMulADX(z, x, y *limbs)

// montSqrADX sets z = x²·R⁻¹ mod N; x < N; z may alias x.
//
//go:noescape
func montSqrADX(z, x *limbs)
