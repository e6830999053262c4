//go:build !amd64 || purego

package modp

func montMul(z, x, y *limbs) { montMulGeneric(z, x, y) }

func montSqr(z, x *limbs) { montSqrGeneric(z, x) }

func lookup(z *Element, table []Element, idx uint64) { lookupGeneric(z, table, idx) }
