package modp

// A lane-by-lane software model of the instructions the IFMA kernels use. It
// reads mulIFMA, sqrIFMA and lookupIFMA from mul_amd64.s (the generator's
// instruction list, printed; TestGeneratedAssemblyUpToDate keeps it current)
// and runs them in Go, so the algorithm is checked against math/big on any
// CPU, with or without IFMA, and under -tags purego.
//
// The model also tracks which values derive from secret memory (the
// operands, the table, the stack frame, the secret idx argument) and fails
// if a memory address or a branch depends on one: the constant-time rules,
// checked on every instruction the model runs.

import (
	"fmt"
	"math/big"
	"math/bits"
	"math/rand/v2"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/srpkit/cognito/internal/testenv"
)

const (
	kindImm = iota + 1
	kindGPR
	kindVec // Z, Y or X register (X/Y writes zero the upper lanes)
	kindK
	kindMem
)

type operand struct {
	kind  int
	reg   int    // register number; for kindMem the base GPR, or -1
	imm   uint64 // immediate, or displacement for kindMem
	sym   string // "SB", "FP" or "" (register base)
	width int    // vector width in lanes (2 for X)
}

type minst struct {
	op   string
	args []operand
	text string
}

type mfunc struct {
	name   string
	frame  int
	code   []minst
	labels map[string]int // label or "// comment" line -> index of the next instruction
}

var gprNames = [...]string{"AX", "BX", "CX", "DX", "SI", "DI", "R8", "R9", "R10", "R11", "R12", "R13"}

var memRe = regexp.MustCompile(`^(?:([·\w]*)([+-]\d+)?)?\((\w+)\)$`)

func parseOperand(s string) (operand, error) {
	switch {
	case strings.HasPrefix(s, "$"):
		v, err := strconv.ParseInt(s[1:], 0, 64)
		if err != nil {
			u, err2 := strconv.ParseUint(s[1:], 0, 64)
			if err2 != nil {
				return operand{}, err
			}
			return operand{kind: kindImm, imm: u}, nil
		}
		return operand{kind: kindImm, imm: uint64(v)}, nil
	case len(s) >= 2 && (s[0] == 'Z' || s[0] == 'X' || s[0] == 'K') && s[1] >= '0' && s[1] <= '9':
		n, err := strconv.Atoi(s[1:])
		if err != nil {
			return operand{}, err
		}
		if s[0] == 'K' {
			return operand{kind: kindK, reg: n}, nil
		}
		w := 8
		if s[0] == 'X' {
			w = 2
		}
		return operand{kind: kindVec, reg: n, width: w}, nil
	}
	for i, g := range gprNames {
		if s == g {
			return operand{kind: kindGPR, reg: i}, nil
		}
	}
	m := memRe.FindStringSubmatch(s)
	if m == nil {
		return operand{}, fmt.Errorf("operand %q", s)
	}
	var off int64
	if m[2] != "" {
		off, _ = strconv.ParseInt(m[2], 10, 64)
	} else if m[1] != "" && m[3] != "SB" && m[3] != "FP" {
		off, _ = strconv.ParseInt(m[1], 10, 64) // "64(R13)"
	}
	o := operand{kind: kindMem, imm: uint64(off), reg: -1}
	switch m[3] {
	case "SB":
		o.sym = "SB"
	case "FP":
		o.sym = "FP"
	default:
		for i, g := range gprNames {
			if m[3] == g {
				o.reg = i
			}
		}
		if m[3] == "SP" {
			o.sym = "SP"
		} else if o.reg < 0 {
			return operand{}, fmt.Errorf("base register in %q", s)
		}
	}
	return o, nil
}

// loadAsm reads one function of mul_amd64.s.
func loadAsm(name string) (*mfunc, error) {
	src, err := os.ReadFile("mul_amd64.s")
	if err != nil {
		return nil, err
	}
	f := &mfunc{name: name, labels: map[string]int{}}
	in := false
	for _, line := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(line, "TEXT ") {
			if in {
				break
			}
			if strings.HasPrefix(line, "TEXT ·"+name+"(SB)") {
				in = true
				fr := line[strings.LastIndex(line, "$")+1:]
				f.frame, _ = strconv.Atoi(fr[:strings.Index(fr, "-")])
			}
			continue
		}
		if !in {
			continue
		}
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "//") {
			f.labels[t] = len(f.code)
			continue
		}
		if i := strings.Index(t, "//"); i >= 0 {
			t = strings.TrimSpace(t[:i])
		}
		if t == "" {
			continue
		}
		if strings.HasSuffix(t, ":") {
			f.labels[strings.TrimSuffix(t, ":")] = len(f.code)
			continue
		}
		op, rest, _ := strings.Cut(t, " ")
		mi := minst{op: op, text: t}
		if op == "JNZ" {
			mi.text = strings.TrimSpace(rest)
		} else if rest != "" {
			for _, a := range strings.Split(rest, ",") {
				o, err := parseOperand(strings.TrimSpace(a))
				if err != nil {
					return nil, fmt.Errorf("%s: %v", t, err)
				}
				mi.args = append(mi.args, o)
			}
		}
		f.code = append(f.code, mi)
	}
	if !in {
		return nil, fmt.Errorf("TEXT ·%s not found", name)
	}
	return f, nil
}

// region is a block of model memory; secret marks data whose value must not
// reach an address or a branch.
type region struct {
	base   uint64
	w      []uint64
	secret bool
}

type machine struct {
	gpr     [len(gprNames)]uint64
	gtaint  [len(gprNames)]bool
	z       [32][8]uint64
	ztaint  [32]bool
	k       [8]uint64
	ktaint  [8]bool
	zf      bool
	zftaint bool
	mem     []*region
	args    []uint64
	argSec  []bool
	sb      *region // ·consts52
	sp      uint64
	steps   int
	err     error
}

func (m *machine) fail(in *minst, format string, a ...any) {
	if m.err == nil {
		m.err = fmt.Errorf("%s: %s", in.text, fmt.Sprintf(format, a...))
	}
}

func (m *machine) region(addr uint64) (*region, int) {
	for _, r := range m.mem {
		if addr >= r.base && addr < r.base+8*uint64(len(r.w)) {
			return r, int(addr-r.base) / 8
		}
	}
	return nil, 0
}

// addr returns a memory operand's address and whether it is an FP slot.
func (m *machine) addr(in *minst, o operand) (uint64, bool) {
	switch o.sym {
	case "FP":
		return o.imm, true
	case "SB":
		return m.sb.base + o.imm, false
	case "SP":
		return m.sp + o.imm, false
	}
	if m.gtaint[o.reg] {
		m.fail(in, "address depends on a secret")
	}
	return m.gpr[o.reg] + o.imm, false
}

func (m *machine) load(in *minst, o operand, lane int) (uint64, bool) {
	a, fp := m.addr(in, o)
	a += 8 * uint64(lane)
	if fp {
		return m.args[a/8], m.argSec[a/8]
	}
	r, i := m.region(a)
	if r == nil || a%8 != 0 {
		m.fail(in, "load from %#x outside model memory", a)
		return 0, false
	}
	return r.w[i], r.secret
}

func (m *machine) store(in *minst, o operand, lane int, v uint64) {
	a, fp := m.addr(in, o)
	a += 8 * uint64(lane)
	r, i := m.region(a)
	if fp || r == nil || a%8 != 0 {
		m.fail(in, "store to %#x outside model memory", a)
		return
	}
	r.w[i] = v
}

// q reads a 64-bit scalar operand.
func (m *machine) q(in *minst, o operand) (uint64, bool) {
	switch o.kind {
	case kindImm:
		return o.imm, false
	case kindGPR:
		return m.gpr[o.reg], m.gtaint[o.reg]
	case kindMem:
		return m.load(in, o, 0)
	}
	m.fail(in, "not a scalar operand")
	return 0, false
}

// vec reads a vector operand (a register or 64 bytes of memory).
func (m *machine) vec(in *minst, o operand) (v [8]uint64, t bool) {
	if o.kind == kindVec {
		v = m.z[o.reg]
		if o.width == 2 {
			for l := 2; l < 8; l++ {
				v[l] = 0
			}
		}
		return v, m.ztaint[o.reg]
	}
	if o.kind != kindMem {
		m.fail(in, "not a vector operand")
		return
	}
	for l := range v {
		var lt bool
		v[l], lt = m.load(in, o, l)
		t = t || lt
	}
	return v, t
}

// setVec writes v to register o under mask (merge masking); X and Y writes
// zero the upper lanes, as VEX and EVEX encodings do.
func (m *machine) setVec(o operand, v [8]uint64, mask uint64, t bool) {
	for l := range 8 {
		if l >= o.width {
			m.z[o.reg][l] = 0
		} else if mask>>l&1 == 1 {
			m.z[o.reg][l] = v[l]
		}
	}
	m.ztaint[o.reg] = m.ztaint[o.reg] && mask&0xff != 0xff || t
}

func lanewise(a, b [8]uint64, f func(x, y uint64) uint64) (r [8]uint64) {
	for l := range r {
		r[l] = f(a[l], b[l])
	}
	return r
}

// run executes f from instruction pc until RET: each instruction by its
// executor (executors), the control flow here.
func (m *machine) run(f *mfunc, pc int) error {
	for m.err == nil {
		if pc >= len(f.code) {
			return fmt.Errorf("%s: ran off the end", f.name)
		}
		in := &f.code[pc]
		pc++
		m.steps++
		switch in.op {
		case "RET":
			if pc < 2 || f.code[pc-2].op != "VZEROUPPER" {
				m.fail(in, "no VZEROUPPER before RET")
			}
			return m.err
		case "JNZ":
			if m.zftaint {
				m.fail(in, "branch depends on a secret")
			}
			if !m.zf {
				pc = f.labels[in.text]
			}
		default:
			exec, ok := executors[in.op]
			if !ok {
				m.fail(in, "instruction not modelled")
				break
			}
			a, mask, maskT := m.masked(in.args)
			exec(m, in, a, mask, maskT)
		}
	}
	return m.err
}

// masked splits the masked vector form "op src..., K, dst" into its
// operands without the mask register, and that register's value and taint;
// other forms have the mask of all eight lanes.
func (m *machine) masked(args []operand) (a []operand, mask uint64, maskT bool) {
	if n := len(args); n >= 3 && args[n-2].kind == kindK {
		return append(args[:n-2:n-2], args[n-1]), m.k[args[n-2].reg], m.ktaint[args[n-2].reg]
	}
	return args, 0xff, false
}

// executors run one instruction each, by mnemonic.
var executors = map[string]func(m *machine, in *minst, a []operand, mask uint64, maskT bool){
	"MOVQ":          (*machine).scalarMove,
	"LEAQ":          (*machine).scalarMove,
	"ADDQ":          (*machine).scalarALU,
	"SUBQ":          (*machine).scalarALU,
	"ANDQ":          (*machine).scalarALU,
	"ORQ":           (*machine).scalarALU,
	"XORQ":          (*machine).scalarALU,
	"IMULQ":         (*machine).scalarALU,
	"SHLQ":          (*machine).scalarALU,
	"SHRQ":          (*machine).scalarALU,
	"DECQ":          (*machine).decrement,
	"VMOVDQU64":     (*machine).vectorMove,
	"VMOVDQA64":     (*machine).vectorMove,
	"VPXORQ":        (*machine).vectorLogic,
	"VPANDQ":        (*machine).vectorLogic,
	"VPADDQ":        (*machine).vectorLogic,
	"VPSUBQ":        (*machine).vectorLogic,
	"VPSRLQ":        (*machine).vectorShift,
	"VPMADD52LUQ":   (*machine).madd52,
	"VPMADD52HUQ":   (*machine).madd52,
	"VPBROADCASTQ":  (*machine).broadcast,
	"VALIGNQ":       (*machine).align,
	"VPCMPUQ":       (*machine).compare,
	"VPCMPEQQ":      (*machine).compare,
	"KMOVB":         (*machine).maskMove,
	"VPMOVM2Q":      (*machine).maskToVector,
	"VMOVQ":         (*machine).extractLane,
	"VPEXTRQ":       (*machine).extractLane,
	"VEXTRACTI32X4": (*machine).extract128,
	"VPERMQ":        (*machine).permute,
	"VPTERNLOGQ":    (*machine).ternaryLogic,
	"VZEROUPPER":    (*machine).zeroUpper,
}

// scalarMove is MOVQ and LEAQ: a scalar move or an address.
func (m *machine) scalarMove(in *minst, a []operand, mask uint64, maskT bool) {
	var v uint64
	var t bool
	if in.op == "LEAQ" {
		v, _ = m.addr(in, a[0])
		if a[0].reg >= 0 && a[0].sym == "" {
			t = m.gtaint[a[0].reg]
		}
	} else {
		v, t = m.q(in, a[0])
	}
	if a[1].kind == kindGPR {
		m.gpr[a[1].reg], m.gtaint[a[1].reg] = v, t
	} else {
		m.store(in, a[1], 0, v)
	}
}

// scalarALU is the two-operand scalar arithmetic, which sets the zero flag.
func (m *machine) scalarALU(in *minst, a []operand, mask uint64, maskT bool) {
	s, st := m.q(in, a[0])
	d := &m.gpr[a[1].reg]
	if in.op == "XORQ" && a[0] == a[1] { // zeroing idiom
		st = false
		m.gtaint[a[1].reg] = false
	}
	switch in.op {
	case "ADDQ":
		*d += s
	case "SUBQ":
		*d -= s
	case "ANDQ":
		*d &= s
	case "ORQ":
		*d |= s
	case "XORQ":
		*d ^= s
	case "IMULQ":
		*d *= s
	case "SHLQ":
		*d <<= s
	case "SHRQ":
		*d >>= s
	}
	m.gtaint[a[1].reg] = m.gtaint[a[1].reg] || st
	m.zf, m.zftaint = *d == 0, m.gtaint[a[1].reg]
}

// decrement is DECQ, which sets the zero flag.
func (m *machine) decrement(in *minst, a []operand, mask uint64, maskT bool) {
	m.gpr[a[0].reg]--
	m.zf, m.zftaint = m.gpr[a[0].reg] == 0, m.gtaint[a[0].reg]
}

// vectorMove is a vector load or store (a load merge-masked).
func (m *machine) vectorMove(in *minst, a []operand, mask uint64, maskT bool) {
	if a[1].kind == kindMem {
		v, _ := m.vec(in, a[0])
		for l := range 8 {
			m.store(in, a[1], l, v[l])
		}
	} else {
		v, t := m.vec(in, a[0])
		m.setVec(a[1], v, mask, t || maskT)
	}
}

// vectorLogic is the lanewise logic and arithmetic (VPXORQ of a register with itself zeroes it).
func (m *machine) vectorLogic(in *minst, a []operand, mask uint64, maskT bool) {
	x, xt := m.vec(in, a[0])
	y, yt := m.vec(in, a[1])
	var r [8]uint64
	switch in.op {
	case "VPXORQ":
		r = lanewise(x, y, func(p, q uint64) uint64 { return p ^ q })
		if a[0] == a[1] {
			xt, yt = false, false
		}
	case "VPANDQ":
		r = lanewise(x, y, func(p, q uint64) uint64 { return p & q })
	case "VPADDQ":
		r = lanewise(x, y, func(p, q uint64) uint64 { return p + q })
	case "VPSUBQ":
		r = lanewise(y, x, func(p, q uint64) uint64 { return p - q })
	}
	m.setVec(a[2], r, mask, xt || yt || maskT)
}

// vectorShift is VPSRLQ by an immediate.
func (m *machine) vectorShift(in *minst, a []operand, mask uint64, maskT bool) {
	x, t := m.vec(in, a[1])
	m.setVec(a[2], lanewise(x, x, func(p, _ uint64) uint64 { return p >> a[0].imm }), mask, t)
}

// madd52 is VPMADD52LUQ and VPMADD52HUQ: add the low or high 52 bits of the 104-bit lane products.
func (m *machine) madd52(in *minst, a []operand, mask uint64, maskT bool) {
	s2, t2 := m.vec(in, a[0])
	s1, t1 := m.vec(in, a[1])
	d, td := m.vec(in, a[2])
	hiHalf := in.op == "VPMADD52HUQ"
	r := d
	for l := range 8 {
		hi, lo := bits.Mul64(s1[l]&mask52, s2[l]&mask52)
		if hiHalf {
			r[l] += hi<<12 | lo>>52
		} else {
			r[l] += lo & mask52
		}
	}
	m.setVec(a[2], r, mask, td || t1 || t2 || maskT)
}

// broadcast is VPBROADCASTQ from a general register or memory.
func (m *machine) broadcast(in *minst, a []operand, mask uint64, maskT bool) {
	s, t := m.q(in, a[0])
	m.setVec(a[1], [8]uint64{s, s, s, s, s, s, s, s}, mask, t)
}

// align is VALIGNQ: lanes of the concatenation of two registers, shifted.
func (m *machine) align(in *minst, a []operand, mask uint64, maskT bool) {
	lo, tl := m.vec(in, a[1])
	hi, th := m.vec(in, a[2])
	var r [8]uint64
	cat := append(lo[:], hi[:]...)
	for l := range r {
		if l+int(a[0].imm) < 16 {
			r[l] = cat[l+int(a[0].imm)]
		}
	}
	m.setVec(a[3], r, mask, tl || th || maskT)
}

// compare is VPCMPUQ (predicates 0 and 6) and VPCMPEQQ into a mask register.
func (m *machine) compare(in *minst, a []operand, mask uint64, maskT bool) {
	pred, i := uint64(0), 0
	if in.op == "VPCMPUQ" {
		pred, i = a[0].imm, 1
	}
	y, yt := m.vec(in, a[i])
	x, xt := m.vec(in, a[i+1])
	var k uint64
	for l := range 8 {
		var c bool
		switch pred {
		case 0:
			c = x[l] == y[l]
		case 6:
			c = x[l] > y[l]
		default:
			m.fail(in, "predicate %d not modelled", pred)
		}
		if c {
			k |= 1 << l
		}
	}
	m.k[a[i+2].reg], m.ktaint[a[i+2].reg] = k, xt || yt
}

// maskMove is KMOVB between a mask and a general register.
func (m *machine) maskMove(in *minst, a []operand, mask uint64, maskT bool) {
	if a[1].kind == kindK {
		s, t := m.q(in, a[0])
		m.k[a[1].reg], m.ktaint[a[1].reg] = s&0xff, t
	} else {
		m.gpr[a[1].reg], m.gtaint[a[1].reg] = m.k[a[0].reg]&0xff, m.ktaint[a[0].reg]
	}
}

// maskToVector is VPMOVM2Q: all-ones lanes where the mask has a bit.
func (m *machine) maskToVector(in *minst, a []operand, mask uint64, maskT bool) {
	var r [8]uint64
	for l := range r {
		r[l] = -(m.k[a[0].reg] >> l & 1)
	}
	m.setVec(a[1], r, 0xff, m.ktaint[a[0].reg])
}

// extractLane is VMOVQ and VPEXTRQ: one lane into a general register.
func (m *machine) extractLane(in *minst, a []operand, mask uint64, maskT bool) {
	l, i := 0, 0
	if in.op == "VPEXTRQ" {
		l, i = int(a[0].imm), 1
	}
	x, t := m.vec(in, a[i])
	m.gpr[a[i+1].reg], m.gtaint[a[i+1].reg] = x[l], t
}

// extract128 is VEXTRACTI32X4: 128 bits into an X register.
func (m *machine) extract128(in *minst, a []operand, mask uint64, maskT bool) {
	x, t := m.vec(in, a[1])
	j := 2 * int(a[0].imm)
	m.setVec(a[2], [8]uint64{x[j], x[j+1]}, 0xff, t)
}

// permute is VPERMQ: lanes picked by index.
func (m *machine) permute(in *minst, a []operand, mask uint64, maskT bool) {
	tbl, tt := m.vec(in, a[0])
	idx, it := m.vec(in, a[1])
	var r [8]uint64
	for l := range r {
		r[l] = tbl[idx[l]&7]
	}
	m.setVec(a[2], r, mask, tt || it || maskT)
}

// ternaryLogic is VPTERNLOGQ: the bitwise function given by its truth table.
func (m *machine) ternaryLogic(in *minst, a []operand, mask uint64, maskT bool) {
	c, ct := m.vec(in, a[1])
	b, bt := m.vec(in, a[2])
	d, dt := m.vec(in, a[3])
	var r [8]uint64
	for l := range r {
		for i := range 8 {
			if a[0].imm>>i&1 == 0 {
				continue
			}
			sel := ^uint64(0)
			for bit, v := range []uint64{c[l], b[l], d[l]} {
				if i>>bit&1 == 1 {
					sel &= v
				} else {
					sel &= ^v
				}
			}
			r[l] |= sel
		}
	}
	m.setVec(a[3], r, mask, ct || bt || dt || maskT)
}

// zeroUpper is VZEROUPPER.
func (m *machine) zeroUpper(in *minst, a []operand, mask uint64, maskT bool) {
	for r := range 16 {
		for l := 2; l < 8; l++ {
			m.z[r][l] = 0
		}
	}
}

var (
	asmOnce  sync.Once
	asmFuncs map[string]*mfunc
	asmErr   error
)

func modelFunc(t testing.TB, name string) *mfunc {
	t.Helper()
	asmOnce.Do(func() {
		asmFuncs = map[string]*mfunc{}
		for _, n := range []string{"mulIFMA", "sqrIFMA", "lookupIFMA"} {
			f, err := loadAsm(n)
			if err != nil {
				asmErr = err
				return
			}
			asmFuncs[n] = f
		}
	})
	require.NoError(t, asmErr)
	return asmFuncs[name]
}

// newMachine lays out model memory: ·consts52 at the same offset from a
// 64-byte boundary as the real array (so the rounding in the code finds the
// constants where the Go side put them), the stack frame, and one secret
// region per operand buffer.
func newMachine(f *mfunc, bufs ...[]uint64) (*machine, []uint64) {
	m := &machine{}
	c := &region{base: 0x100000 + uint64(uintptr(unsafe.Pointer(&consts52))%64), w: consts52[:]}
	m.sb = c
	m.sp = 0x200000
	m.mem = []*region{c, {base: m.sp, w: make([]uint64, f.frame/8), secret: true}}
	var addrs []uint64
	for i, b := range bufs {
		r := &region{base: 0x400000 + 0x10000*uint64(i) + 8, w: b, secret: true}
		m.mem = append(m.mem, r)
		addrs = append(addrs, r.base)
	}
	return m, addrs
}

func (m *machine) call(t testing.TB, f *mfunc, args []uint64, secret []bool) {
	t.Helper()
	m.args = args
	m.argSec = secret
	require.NoError(t, m.run(f, 0))
}

// modelMul runs mulIFMA (or sqrIFMA if y is nil) on copies of x and y.
func modelMul(t testing.TB, x, y *fe52) (z fe52) {
	t.Helper()
	if y == nil {
		f := modelFunc(t, "sqrIFMA")
		xx := *x
		m, a := newMachine(f, z[:], xx[:])
		m.call(t, f, a, []bool{false, false})
		return z
	}
	f := modelFunc(t, "mulIFMA")
	xx, yy := *x, *y
	m, a := newMachine(f, z[:], xx[:], yy[:])
	m.call(t, f, a, []bool{false, false, false})
	return z
}

func modelLookup(t testing.TB, table []fe52, idx uint64) (z fe52) {
	t.Helper()
	f := modelFunc(t, "lookupIFMA")
	flat := make([]uint64, 0, 64*len(table))
	for i := range table {
		flat = append(flat, table[i][:]...)
	}
	m, a := newMachine(f, z[:], flat)
	m.call(t, f, []uint64{a[0], a[1], uint64(len(table)), idx}, []bool{false, false, false, true})
	return z
}

var (
	bigR52    = new(big.Int).Lsh(big.NewInt(1), 52*limbs52)
	bigR52Inv = new(big.Int).ModInverse(bigR52, N())
	bigTwoN   = new(big.Int).Lsh(N(), 1)
)

func bigTo52(x *big.Int) (z fe52) {
	for i, w := range x.Bits() {
		for b := 0; b < 64; b++ {
			pos := 64*i + b
			z[pos/52] |= uint64(w>>uint(b)&1) << uint(pos%52)
		}
	}
	return z
}

func fe52ToBig(x *fe52) *big.Int {
	v := new(big.Int)
	for i := len(x) - 1; i >= 0; i-- {
		v.Lsh(v, 52).Add(v, new(big.Int).SetUint64(x[i]))
	}
	return v
}

// checkAMM reports what is wrong with z as the almost-Montgomery product of
// x and y (each < 4N): it must be normalised (limbs < 2^52, words 60..63
// zero), < 2N, and z ≡ x·y/2^3120 (mod N).
func checkAMM(x, y, z *fe52) error {
	for i, w := range z {
		if w > mask52 || i >= limbs52 && w != 0 {
			return fmt.Errorf("limb %d = %#x not normalised", i, w)
		}
	}
	zb := fe52ToBig(z)
	if zb.Cmp(bigTwoN) >= 0 {
		return fmt.Errorf("result >= 2N")
	}
	want := new(big.Int).Mul(fe52ToBig(x), fe52ToBig(y))
	want.Mul(want, bigR52Inv).Mod(want, bigN)
	if new(big.Int).Mod(zb, bigN).Cmp(want) != 0 {
		return fmt.Errorf("wrong value")
	}
	return nil
}

// crafted52 are inputs < 4N that stress carries: limbs of 2^52-1, N-1,
// values just below 2N and 4N (a doubled value), and the constants the code
// multiplies by.
func crafted52() []fe52 {
	var out []fe52
	add := func(v *big.Int) { out = append(out, bigTo52(v)) }
	twoN := bigTwoN
	fourN := new(big.Int).Lsh(twoN, 1)
	for _, d := range []int64{1, 2, 3, 1 << 52, 1<<52 + 1} {
		add(new(big.Int).Sub(twoN, big.NewInt(d))) // just below 2N
		add(new(big.Int).Sub(fourN, big.NewInt(d)))
		add(new(big.Int).Sub(bigN, big.NewInt(d)))
		add(new(big.Int).Add(bigN, big.NewInt(d)))
	}
	for _, v := range []int64{0, 1, 2, mask52} {
		add(big.NewInt(v))
	}
	add(bigN)
	add(new(big.Int).Sub(new(big.Int).Lsh(bigOne, 3072), bigOne)) // 59 limbs of 2^52-1
	for _, k := range []uint{52, 104, 1560, 3016, 3068} {
		add(new(big.Int).Sub(new(big.Int).Lsh(bigOne, k), bigOne))
	}
	// 2N-1 with a run of all-ones limbs cut into it
	v := new(big.Int).Sub(twoN, bigOne)
	for i := 10; i < 40; i++ {
		v.SetBit(v, i*52, 1)
	}
	add(v)
	return append(out, n52, one52, in52, out52)
}

// random52 is uniform below 2N (what products give) or, a quarter of the
// time, below 4N (a doubled value).
func random52(r *rand.Rand) fe52 {
	b := make([]byte, Size+1)
	randBytes(r, b)
	bound := bigTwoN
	if r.IntN(4) == 0 {
		bound = new(big.Int).Lsh(bigTwoN, 1)
	}
	return bigTo52(new(big.Int).Mod(new(big.Int).SetBytes(b), bound))
}

// randBelowN returns a uniform value below N (up to a bias of 2^-64).
func randBelowN(r *rand.Rand) *big.Int {
	b := make([]byte, Size+8)
	randBytes(r, b)
	return new(big.Int).Mod(new(big.Int).SetBytes(b), bigN)
}

func TestModelMulSqr(t *testing.T) {
	r := testenv.Rand(t)
	inputs := crafted52()
	for range sampleSize(30, 150, 1000) {
		inputs = append(inputs, random52(r))
	}
	for i := range inputs {
		x := &inputs[i]
		z := modelMul(t, x, nil)
		require.NoError(t, checkAMM(x, x, &z), "sqr of input %d (%x)", i, fe52ToBig(x))
		for _, j := range []int{i, (i + 1) % len(inputs), r.IntN(len(inputs))} {
			y := &inputs[j]
			z := modelMul(t, x, y)
			require.NoError(t, checkAMM(x, y, &z), "mul of inputs %d, %d", i, j)
		}
	}
}

// TestModelCarryNormalisation starts both kernels at their carry
// normalisation with crafted accumulators: runs of lanes equal to 2^52-1
// that a carry from below must ripple through, lanes of exactly 2^52,
// and large lanes, compared with the value the lanes stand for.
func TestModelCarryNormalisation(t *testing.T) {
	r := testenv.Rand(t)
	lanePick := func() uint64 {
		switch r.IntN(8) {
		case 0, 1, 2:
			return mask52
		case 3:
			return mask52 + 1
		case 4:
			return 0
		case 5:
			return r.Uint64() >> 2 // large: carries of up to 2^10
		case 6:
			return mask52 + uint64(r.IntN(1<<12))
		default:
			return r.Uint64() & mask52
		}
	}
	var cases [][64]uint64
	var allM, carryIn [64]uint64
	for i := range allM {
		allM[i], carryIn[i] = mask52, mask52
	}
	carryIn[0] = mask52 + 1
	cases = append(cases, allM, carryIn)
	for range sampleSize(300, 1000, 10000) {
		var c [64]uint64
		for i := range c {
			c[i] = lanePick()
		}
		if r.IntN(2) == 0 { // a long run of 2^52-1 above a carry
			lo := r.IntN(60)
			for i := lo + 1; i < min(64, lo+1+r.IntN(50)); i++ {
				c[i] = mask52
			}
		}
		cases = append(cases, c)
	}
	mod := new(big.Int).Lsh(bigOne, 52*64)
	for _, name := range []string{"mulIFMA", "sqrIFMA"} {
		f := modelFunc(t, name)
		start, ok := f.labels["// carry normalisation"]
		require.True(t, ok)
		// the normalised registers: mulIFMA's accumulator Z0..Z7,
		// sqrIFMA's result Z16..Z23
		first := map[string]int{"mulIFMA": 0, "sqrIFMA": 16}[name]
		for n, c := range cases {
			var z fe52
			m, a := newMachine(f, z[:])
			m.gpr[5] = a[0] // DI
			want := new(big.Int)
			for i := 63; i >= 0; i-- {
				m.z[first+i/8][i%8] = c[i]
				want.Lsh(want, 52).Add(want, new(big.Int).SetUint64(c[i]))
			}
			want.Mod(want, mod)
			require.NoError(t, m.run(f, start))
			got := new(big.Int)
			for i := 63; i >= 0; i-- {
				require.LessOrEqual(t, z[i], uint64(mask52), "%s case %d lane %d", name, n, i)
				got.Lsh(got, 52).Add(got, new(big.Int).SetUint64(z[i]))
			}
			require.Zero(t, want.Cmp(got), "%s case %d: %x", name, n, c)
		}
	}
}

func TestModelLookup(t *testing.T) {
	r := testenv.Rand(t)
	table := make([]fe52, 1<<window)
	for i := range table {
		table[i] = random52(r)
	}
	for idx := range uint64(len(table) + 2) {
		want := fe52{}
		if idx < uint64(len(table)) {
			want = table[idx]
		}
		require.Equal(t, want, modelLookup(t, table, idx), "idx %d", idx)
	}
}

// model52 converts a reduced value into the 52-bit Montgomery domain through
// the model, as to52 does with the real kernel.
func modelTo52(t testing.TB, x *big.Int) fe52 {
	var l limbs
	fromBig(&l, new(big.Int).Mod(new(big.Int).Lsh(x, 64*limbCount), bigN))
	var t52 fe52
	repack64to52(&t52, &l)
	return modelMul(t, &t52, &in52)
}

func modelFrom52(t testing.TB, x *fe52) *big.Int {
	z := modelMul(t, x, &out52)
	reduce52(&z)
	var l limbs
	repack52to64(&l, &z)
	v := new(big.Int)
	for i := limbCount - 1; i >= 0; i-- {
		v.Lsh(v, 64).Add(v, new(big.Int).SetUint64(l[i]))
	}
	return v.Mul(v, new(big.Int).ModInverse(new(big.Int).Lsh(bigOne, 64*limbCount), bigN)).Mod(v, bigN)
}

// TestModelExpChain runs exp52's algorithm (fixed 5-bit windows, a 32-entry
// table, a scan and a multiply per window) on the model: a 1025-bit
// exponent is a chain of about 1270 products, each feeding the next, with
// every intermediate < 2N and never fully reduced (with SRP_LONG_TESTS=1;
// by default a 48-bit exponent, about 80 products).
func TestModelExpChain(t *testing.T) {
	r := testenv.Rand(t)
	type chain struct {
		base *big.Int
		elen int
	}
	// By default one short chain; the long ones with SRP_LONG_TESTS=1.
	chains := []chain{{new(big.Int).Sub(bigN, bigOne), 6}}
	if testenv.Long() {
		chains = []chain{
			{new(big.Int).Sub(bigN, bigOne), 129},
			{randBelowN(r), 129},
			{big.NewInt(2), 32},
		}
	}
	for _, c := range chains {
		e := make([]byte, c.elen)
		randBytes(r, e)
		e[0] &= 1
		table := make([]fe52, 1<<window)
		table[0] = one52
		table[1] = modelTo52(t, c.base)
		steps := 0
		for i := 2; i < len(table); i++ {
			if i%2 == 0 {
				table[i] = modelMul(t, &table[i/2], nil)
			} else {
				table[i] = modelMul(t, &table[i-1], &table[1])
			}
			steps++
		}
		nw := (8*len(e) + window - 1) / window
		acc := modelLookup(t, table, bitsAt(e, 8*len(e), (nw-1)*window, window))
		for k := nw - 2; k >= 0; k-- {
			for range window {
				acc = modelMul(t, &acc, nil)
			}
			w := modelLookup(t, table, bitsAt(e, 8*len(e), k*window, window))
			acc = modelMul(t, &acc, &w)
			steps += window + 1
		}
		want := new(big.Int).Exp(c.base, new(big.Int).SetBytes(e), bigN)
		require.Zero(t, want.Cmp(modelFrom52(t, &acc)), "base %x", c.base)
		t.Logf("%d-byte exponent: %d products in the chain", c.elen, steps)
	}
}

// TestModelStraightLine: the kernels have no branch at all, and the table
// scan only its counter loop (the model also fails any branch or address
// that depends on a secret, in every test that runs it).
func TestModelStraightLine(t *testing.T) {
	for name, jumps := range map[string]int{"mulIFMA": 0, "sqrIFMA": 0, "lookupIFMA": 1} {
		n := 0
		for _, in := range modelFunc(t, name).code {
			if strings.HasPrefix(in.op, "J") {
				n++
			}
		}
		assert.Equal(t, jumps, n, name)
	}
}

func TestConstants52(t *testing.T) {
	pow := func(e uint) fe52 { return bigTo52(new(big.Int).Mod(new(big.Int).Lsh(bigOne, e), bigN)) }
	assert.Equal(t, bigTo52(bigN), n52)
	assert.Equal(t, pow(3120), one52)
	assert.Equal(t, pow(2*3120-3072), in52)
	assert.Equal(t, pow(3072), out52)
	c := nsh52()
	for s := range 9 {
		for va := range 9 {
			for l := range 8 {
				want := uint64(0)
				if j := 8*va + l - s; j >= 0 && j < limbs52 {
					want = n52[j]
				}
				require.Equal(t, want, c[(9*s+va)*8+l], "N shifted %d, vector %d lane %d", s, va, l)
			}
		}
	}
	assert.Zero(t, uintptr(unsafe.Pointer(&c[0]))%64, "consts52 not 64-byte aligned")
}

// TestDouble52If: the ladder's masked doubling of values below 2N gives 2z
// (unreduced, < 4N) in normalised limbs, or z unchanged.
func TestDouble52If(t *testing.T) {
	r := testenv.Rand(t)
	inputs := crafted52()
	for range 500 {
		inputs = append(inputs, random52(r))
	}
	for i, x := range inputs {
		xb := fe52ToBig(&x)
		if xb.Cmp(bigTwoN) >= 0 {
			continue
		}
		for bit := range uint64(2) {
			z := x
			double52If(&z, bit)
			for j, w := range z {
				require.True(t, w <= mask52 && (j < limbs52 || w == 0), "input %d limb %d", i, j)
			}
			want := new(big.Int).Lsh(xb, uint(bit))
			require.Zero(t, want.Cmp(fe52ToBig(&z)), "input %d bit %d", i, bit)
		}
	}
}
