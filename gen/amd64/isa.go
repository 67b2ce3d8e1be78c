package main

import (
	"fmt"
	"math"
	"strings"

	. "github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/gotypes"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/lanesimd/lanes/gen/internal/elem"
	"github.com/lanesimd/lanes/internal/catalog"
)

// isa is one instruction set at one precision. Its methods emit one vector operation each
// and return the result in a fresh virtual register, so a kernel reads like the generic Go
// code it mirrors and Avo's allocator maps the values onto the 16 YMM (AVX2) or 32 ZMM
// (AVX-512) registers. Each method picks the PS or PD form, and the VEX or EVEX way of
// masking, so that every kernel is written once for the four combinations.
type isa struct {
	avx512 bool
	f64    bool
	// said are the vector bodies' comments already written in the current kernel: a
	// kernel runs its body in its loop, its leftover vectors and its tail, and says what
	// the body does once.
	said map[string]bool
}

// V is a vector value: a whole-width register, or the XMM/YMM part of one while a
// horizontal reduction narrows it.
type V = reg.Register

// mask selects lanes: a K register on AVX-512, a vector of all-ones/all-zeros lanes on AVX2.
// A tail mask on AVX2 holds n, its count of leading lanes, instead: the copies through the
// stack need only that.
type mask struct {
	k reg.Register
	v reg.Register
	n reg.Register
}

func (s *isa) width() int { // bytes per vector
	if s.avx512 {
		return 64
	}
	return 32
}

func (s *isa) size() int { return elem.Size(s.f64) } // bytes per element

func (s *isa) lanes() int { return s.width() / s.size() }

// shift is log₂ of the element size: a count of elements shifted left by it is bytes.
func (s *isa) shift() uint64 { return uint64(elem.Shift(s.f64)) }

// backend is the ISA's backend name, as the catalogue has it.
func (s *isa) backend() string {
	if s.avx512 {
		return "avx512"
	}
	return "avx2"
}

// fn names a kernel: op, precision, ISA.
func (s *isa) fn(op string) string { return catalog.Symbol(op, s.backend(), s.f64) }

func (s *isa) vec() V {
	if s.avx512 {
		return ZMM()
	}
	return YMM()
}

// like returns a new register as wide as a.
func like(a V) V {
	switch a.Size() {
	case 16:
		return XMM()
	case 32:
		return YMM()
	}
	return ZMM()
}

type form = func(...Op)

// pick returns the instruction for this precision.
func (s *isa) pick(ps, pd form) form {
	if s.f64 {
		return pd
	}
	return ps
}

// inst is an instruction in its four forms: PS and PD, each with a whole vector as its
// memory source and with one element broadcast to every lane (AVX-512's {1toN}, the way
// AVX-512 kernels read their constants).
type inst struct{ ps, pd, psB, pdB form }

var (
	vadd    = inst{VADDPS, VADDPD, VADDPS_BCST, VADDPD_BCST}
	vsub    = inst{VSUBPS, VSUBPD, VSUBPS_BCST, VSUBPD_BCST}
	vmul    = inst{VMULPS, VMULPD, VMULPS_BCST, VMULPD_BCST}
	vdiv    = inst{VDIVPS, VDIVPD, VDIVPS_BCST, VDIVPD_BCST}
	vand    = inst{VANDPS, VANDPD, VANDPS_BCST, VANDPD_BCST}
	vor     = inst{VORPS, VORPD, VORPS_BCST, VORPD_BCST}
	vmax    = inst{VMAXPS, VMAXPD, VMAXPS_BCST, VMAXPD_BCST}
	vmin    = inst{VMINPS, VMINPD, VMINPS_BCST, VMINPD_BCST}
	vpadd   = inst{VPADDD, VPADDQ, VPADDD_BCST, VPADDQ_BCST}
	vpsub   = inst{VPSUBD, VPSUBQ, VPSUBD_BCST, VPSUBQ_BCST}
	vfma231 = inst{VFMADD231PS, VFMADD231PD, VFMADD231PS_BCST, VFMADD231PD_BCST}
	vfnma   = inst{VFNMADD231PS, VFNMADD231PD, VFNMADD231PS_BCST, VFNMADD231PD_BCST}
	vfma213 = inst{VFMADD213PS, VFMADD213PD, VFMADD213PS_BCST, VFMADD213PD_BCST}
	vcmp    = inst{VCMPPS, VCMPPD, VCMPPS_BCST, VCMPPD_BCST}
	vblendm = inst{VBLENDMPS, VBLENDMPD, VBLENDMPS_BCST, VBLENDMPD_BCST}
	// A load: a whole vector, or one element broadcast.
	vload  = inst{VMOVUPS, VMOVUPD, VBROADCASTSS, VBROADCASTSD}
	vloadZ = inst{VMOVUPS_Zf, VMOVUPD_Zf, VBROADCASTSS_Zf, VBROADCASTSD_Zf}
)

// with returns the form of i for this precision and for src, the memory source: the
// broadcast form where src is one of AVX-512's scalar constants.
func (s *isa) with(i inst, src Op) form {
	if isScalarConst(src) {
		return s.pick(i.psB, i.pdB)
	}
	return s.pick(i.ps, i.pd)
}

// op2 emits d = a ∘ b for an instruction whose Go operand order is (b, a, d); b may be a
// memory operand.
func (s *isa) op2(i inst, a V, b Op) V {
	d := like(a)
	s.with(i, b)(b, a, d)
	return d
}

func (s *isa) add(a V, b Op) V { return s.op2(vadd, a, b) }
func (s *isa) sub(a V, b Op) V { return s.op2(vsub, a, b) }
func (s *isa) mul(a V, b Op) V { return s.op2(vmul, a, b) }
func (s *isa) div(a V, b Op) V { return s.op2(vdiv, a, b) }
func (s *isa) and(a V, b Op) V { return s.op2(vand, a, b) }
func (s *isa) or(a V, b Op) V  { return s.op2(vor, a, b) }

// maxIntel and minIntel are the instructions' own max/min: a > b ? a : b, and b when the
// two are equal zeros or either is NaN. Kernels use them only where neither case can occur,
// where b is the value that must win, or where a NaN makes the whole result NaN anyway.
func (s *isa) maxIntel(a V, b Op) V { return s.op2(vmax, a, b) }
func (s *isa) minIntel(a V, b Op) V { return s.op2(vmin, a, b) }

// Integer lane arithmetic on the bits of a vector, 32-bit lanes for float32 and 64-bit
// lanes for float64.
func (s *isa) addInt(a V, b Op) V { return s.op2(vpadd, a, b) }
func (s *isa) subInt(a V, b Op) V { return s.op2(vpsub, a, b) }
func (s *isa) shl(a V, n uint64) V {
	d := like(a)
	s.pick(VPSLLD, VPSLLQ)(U8(n), a, d)
	return d
}
func (s *isa) shr(a V, n uint64) V {
	d := like(a)
	s.pick(VPSRLD, VPSRLQ)(U8(n), a, d)
	return d
}

func (s *isa) copy(a V) V {
	d := like(a)
	s.pick(VMOVAPS, VMOVAPD)(a, d)
	return d
}

func (s *isa) zero() V {
	d := s.vec()
	VXORPS(d, d, d)
	return d
}

// load reads one whole vector (an AVX-512 constant: its one element, broadcast); store
// writes one.
func (s *isa) load(m Op) V {
	d := s.vec()
	s.with(vload, m)(m, d)
	return d
}

// reg returns a in a register, loading it if it is a memory operand.
func (s *isa) reg(a Op) V {
	if m, ok := a.(Mem); ok {
		return s.load(m)
	}
	return a.(V)
}

func (s *isa) store(v V, m Op) { s.pick(VMOVUPS, VMOVUPD)(v, m) }

// fmaAcc sets acc += a·b, rounded once.
func (s *isa) fmaAcc(acc, a V, b Op) { s.with(vfma231, b)(b, a, acc) }

// fnmaAcc sets acc −= a·b, rounded once.
func (s *isa) fnmaAcc(acc, a V, b Op) { s.with(vfnma, b)(b, a, acc) }

// horner sets p = p·r + c, rounded once: one step of Horner's rule.
func (s *isa) horner(p, r V, c Op) { s.with(vfma213, c)(c, r, p) }

// fma returns a·b + c; fnma returns c − a·b.
func (s *isa) fma(a V, b Op, c V) V {
	d := s.copy(c)
	s.fmaAcc(d, a, b)
	return d
}

func (s *isa) fnma(a V, b Op, c V) V {
	d := s.copy(c)
	s.fnmaAcc(d, a, b)
	return d
}

// Comparison predicates (the imm8 of VCMPPS).
const (
	cmpEQ    = 0x00 // ordered, equal
	cmpLT    = 0x01 // ordered, less
	cmpUnord = 0x03 // either is NaN
	cmpNLT   = 0x05 // not less: greater, equal or unordered
	cmpGE    = 0x0d // ordered, greater or equal
)

// cmp returns the lanes where a pred b.
func (s *isa) cmp(pred uint8, a V, b Op) mask {
	if s.avx512 {
		k := K()
		s.with(vcmp, b)(U8(pred), b, a, k)
		return mask{k: k}
	}
	d := like(a)
	s.pick(VCMPPS, VCMPPD)(U8(pred), b, a, d)
	return mask{v: d}
}

// blend returns t where m is set and f elsewhere; t may be a memory operand.
func (s *isa) blend(m mask, t Op, f V) V {
	d := like(f)
	if m.k != nil {
		s.with(vblendm, t)(t, f, m.k, d)
	} else {
		p := func(a, b, c, d Op) { VBLENDVPS(a, b, c, d) }
		if s.f64 {
			p = func(a, b, c, d Op) { VBLENDVPD(a, b, c, d) }
		}
		p(m.v, t, f, d)
	}
	return d
}

// keep returns a where m is set and +0 elsewhere; a may be a memory operand.
func (s *isa) keep(m mask, a Op) V {
	d := s.vec()
	switch {
	case m.k != nil:
		s.with(vloadZ, a)(a, m.k, d)
	case m.v == nil:
		s.pick(VANDPS, VANDPD)(a, s.firstLanes(m.n), d)
	default:
		s.pick(VANDPS, VANDPD)(a, m.v, d)
	}
	return d
}

// The zeroing moves and broadcasts in the variadic shape of the other instructions.
func VMOVUPS_Zf(ops ...Op)      { VMOVUPS_Z(ops[0], ops[1], ops[2]) }
func VMOVUPD_Zf(ops ...Op)      { VMOVUPD_Z(ops[0], ops[1], ops[2]) }
func VBROADCASTSS_Zf(ops ...Op) { VBROADCASTSS_Z(ops[0], ops[1], ops[2]) }
func VBROADCASTSD_Zf(ops ...Op) { VBROADCASTSD_Z(ops[0], ops[1], ops[2]) }

// maxGo returns max(a, b) as Go's builtin has it: NaN if either is NaN, +0 over −0: the
// ordered maximum, then a+b (a NaN) in the lanes where either is NaN.
func (s *isa) maxGo(a V, b V) V {
	return s.blend(s.cmp(cmpUnord, a, b), s.add(a, b), s.maxOrdered(a, b))
}

// maxOrdered returns max(a, b) as Go's builtin has it where neither lane is NaN, and an
// unspecified lane where one is. AVX-512's VRANGEPS with imm8 0b0101 (the larger value,
// its sign from the comparison) orders −0 below +0 but, as IEEE maxNum, returns the other
// operand for a quiet NaN; AVX2's VMAXPS returns b for equal zeros, so equal lanes take
// a&b (+0 unless both are −0).
func (s *isa) maxOrdered(a V, b V) V {
	if s.avx512 {
		m := like(a)
		s.pick(VRANGEPS, VRANGEPD)(U8(0b0101), b, a, m)
		return m
	}
	m := s.maxIntel(a, b)
	return s.blend(s.cmp(cmpEQ, a, b), s.and(a, b), m)
}

// maxTo sets acc = maxOrdered(acc, b): on AVX-512 in place, one instruction on the chain
// through acc.
func (s *isa) maxTo(acc, b V) {
	if s.avx512 {
		s.pick(VRANGEPS, VRANGEPD)(U8(0b0101), b, acc, acc)
		return
	}
	s.set(acc, s.maxOrdered(acc, b))
}

// nanFlag returns a record of NaN lanes, clear: a K register on AVX-512, a vector on AVX2.
func (s *isa) nanFlag() Op {
	if s.avx512 {
		k := K()
		KXORW(k, k, k)
		return k
	}
	return s.zero()
}

// markNaN sets the flag's lanes where v is NaN.
func (s *isa) markNaN(flag Op, v V) {
	m := s.cmp(cmpUnord, v, v)
	if s.avx512 {
		KORW(m.k, flag, flag)
		return
	}
	s.pick(VORPS, VORPD)(m.v, flag, flag)
}

// quietNaN is the bits of the default quiet NaN.
func (s *isa) quietNaN() uint64 {
	if s.f64 {
		return 0x7ff8000000000000
	}
	return 0x7fc00000
}

// jumpIfNoNaN jumps to label unless the flag holds a NaN lane.
func (s *isa) jumpIfNoNaN(flag Op, label string) {
	if s.avx512 {
		KORTESTW(flag, flag)
	} else {
		VPTEST(flag, flag)
	}
	JZ(LabelRef(label))
}

// round rounds each lane to an integer: mode 0 to the nearest, ties to even; mode 3 toward
// zero.
func (s *isa) round(a V, mode uint8) V {
	d := like(a)
	if s.avx512 {
		s.pick(VRNDSCALEPS, VRNDSCALEPD)(U8(mode), a, d)
	} else {
		p := func(i, a, d Op) { VROUNDPS(i, a, d) }
		if s.f64 {
			p = func(i, a, d Op) { VROUNDPD(i, a, d) }
		}
		p(U8(mode), a, d)
	}
	return d
}

func (s *isa) roundEven(a V) V { return s.round(a, 0) }
func (s *isa) trunc(a V) V     { return s.round(a, 3) }

// broadcast returns a vector with every lane equal to the scalar parameter name.
func (s *isa) broadcast(name string) V {
	d := s.vec()
	if s.f64 {
		VBROADCASTSD(addr(Param(name)), d)
	} else {
		VBROADCASTSS(addr(Param(name)), d)
	}
	return d
}

// ret stores the lowest lane of r as the function's result. VMOVSS rather than Avo's
// Store (MOVSS), whose SSE encoding cannot reach X16–X31.
func (s *isa) ret(r V) { s.pick(VMOVSS, VMOVSD)(r, addr(ReturnIndex(0))) }

// addr is the stack address of an argument or result.
func addr(c gotypes.Component) Mem {
	b, err := c.Resolve()
	if err != nil {
		panic(err)
	}
	return b.Addr
}

// hreduce narrows v to one lane by halving it with combine, and returns the XMM register
// whose lowest lane holds the result. The order is a tree, like the accumulators'.
func (s *isa) hreduce(v V, combine func(a, b V) V) V {
	if v.Size() == 64 {
		hi := YMM()
		VEXTRACTF64X4(U8(1), v, hi)
		v = combine(v.(reg.VecVirtual).AsY(), hi)
	}
	if v.Size() == 32 {
		hi := XMM()
		if s.avx512 {
			VEXTRACTF32X4(U8(1), v, hi) // the EVEX form reaches X16–X31
		} else {
			VEXTRACTF128(U8(1), v, hi)
		}
		v = combine(v.(reg.VecVirtual).AsX(), hi)
	}
	hi := XMM()
	if s.f64 {
		VPERMILPD(U8(1), v, hi)
		return combine(v, hi)
	}
	VMOVHLPS(v, v, hi)
	v = combine(v, hi)
	hi = XMM()
	VMOVSHDUP(v, hi)
	return combine(v, hi)
}

// Constants live in read-only memory, where instructions take them as memory operands
// (the second source) without holding a register. AVX2 stores each as a whole vector of
// 32 bytes; AVX-512 stores one element and broadcasts it ({1toN}) as the instruction
// loads it: the linker aligns data to 32 bytes at most, and a 64-byte constant at 32 mod 64
// splits every load of it across two cache lines (which doubled Exp's time when a change
// elsewhere moved the constants there). The pool deduplicates by value within the file.
var constPool = map[string]Mem{}

// scalarConsts names AVX-512's one-element constants, which only a broadcast may read.
var scalarConsts = map[string]bool{}

func isScalarConst(op Op) bool {
	m, ok := op.(Mem)
	return ok && scalarConsts[m.Symbol.Name]
}

// constBits returns the constant with every lane holding the given bits.
func (s *isa) constBits(bits uint64) Mem {
	isa, prec := strings.ToUpper(s.backend()), elem.GoType(s.f64)
	prec = "F" + prec[len(prec)-2:]
	key := fmt.Sprintf("%s_%s_%x", isa, prec, bits)
	if m, ok := constPool[key]; ok {
		return m
	}
	// The name leaves out the ISA: a <> symbol is the file's own, and each ISA has a
	// file, so the shorter name saves the module a few bytes at each of its uses.
	name := fmt.Sprintf("c%s_%x", prec, bits)
	m := GLOBL(name, RODATA|NOPTR)
	size := s.width()
	if s.avx512 {
		size = s.size()
		scalarConsts[m.Symbol.Name] = true
	}
	if size == 4 {
		DATA(0, U32(uint32(bits)))
	}
	// A float32 vector's lanes go in pairs, 8 bytes a DATA line: half the lines (6 KB).
	pair := bits
	if !s.f64 {
		pair = bits&0xffffffff | bits<<32
	}
	for off := 0; off+8 <= size; off += 8 {
		DATA(off, U64(pair))
	}
	constPool[key] = m
	return m
}

// c returns the vector constant v, rounded to the precision.
func (s *isa) c(v float64) Mem {
	if s.f64 {
		return s.constBits(math.Float64bits(v))
	}
	return s.constBits(uint64(math.Float32bits(float32(v))))
}
