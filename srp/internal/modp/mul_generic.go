//go:build !amd64 || purego

package modp

func montMul(z, x, y *limbs) { montMulGeneric(z, x, y) }

func montSqr(z, x *limbs) { montSqrGeneric(z, x) }

func lookup(z *Element, table []Element, idx uint64) { lookupGeneric(z, table, idx) }

// useIFMA is false without the amd64 assembly: the 52-bit functions in
// exp52.go are compiled but never called.
func useIFMA() bool { return false }

func mulIFMA(z, x, y *fe52) { panic("modp: no IFMA kernels in this build") }
func sqrIFMA(z, x *fe52)    { panic("modp: no IFMA kernels in this build") }
func lookupIFMA(z *fe52, table *fe52, n int, idx uint64) {
	panic("modp: no IFMA kernels in this build")
}
