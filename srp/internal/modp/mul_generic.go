package modp

func montMul(z, x, y *limbs) { montMulGeneric(z, x, y) }

func montSqr(z, x *limbs) { montMulGeneric(z, x, x) }
