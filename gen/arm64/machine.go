package main

import (
	"fmt"
	"math"

	"github.com/lanesimd/lanes/gen/internal/elem"
	"github.com/lanesimd/lanes/gen/internal/vmath"
)

// neon writes the kernels of one precision. Its methods emit one vector operation each
// into the current function and return the result in a new virtual register; the
// operations without a Go mnemonic go through the encoders of encode.go.
type neon struct {
	f64 bool
	f   *fn
	// hoist puts constants in registers before the loops; without it each use loads its
	// constant from the pool (R9), for kernels that need more than 32 registers otherwise.
	hoist  bool
	consts map[uint64]*vreg // the hoisted constants of the current function
	pool   *pool
	// said are the vector bodies' comments already written in the current function
	// (amd64's isa.said says why).
	said map[string]bool
}

var _ vmath.Machine[*vreg, mask] = (*neon)(nil)

// mask is a vector of all-ones or all-zero lanes; not says the lanes that are set are
// those to ignore (NEON has FCMGT but no "not less" for NaNs to pass).
type mask struct {
	v   *vreg
	not bool
}

func (s *neon) size() int { return elem.Size(s.f64) } // bytes per element

func (s *neon) lanes() int { return 16 / s.size() }

func (s *neon) shift() int { return elem.Shift(s.f64) } // log₂ of the element size

func (s *neon) arr() arrangement {
	if s.f64 {
		return d2
	}
	return s4
}

// goArr is the arrangement in Go's assembler syntax.
func (s *neon) goArr() string {
	if s.f64 {
		return "D2"
	}
	return "S4"
}

// scalar is the suffix of Go's scalar floating-point mnemonics: FMOVS, FADDD.
func (s *neon) scalar() string {
	if s.f64 {
		return "D"
	}
	return "S"
}

// w emits one encoded instruction producing a new register.
func (s *neon) w(enc func(d int) word, uses ...*vreg) *vreg {
	d := s.f.v()
	s.f.op([]*vreg{d}, uses, func() string { return enc(d.phys).String() })
	return d
}

func (s *neon) three(o fp3, a, b *vreg) *vreg {
	return s.w(func(d int) word { return o.enc(s.arr(), d, a.phys, b.phys) }, a, b)
}

func (s *neon) two(o fp2, a *vreg) *vreg {
	return s.w(func(d int) word { return o.enc(s.arr(), d, a.phys) }, a)
}

// goOp emits an instruction Go knows, "MNEMONIC Vm, Vn, Vd" with Vd = Vn ∘ Vm.
func (s *neon) goOp(mnemonic, arr string, a, b *vreg) *vreg {
	d := s.f.v()
	s.f.op([]*vreg{d}, []*vreg{a, b}, func() string {
		return fmt.Sprintf("%s\tV%d.%s, V%d.%s, V%d.%s", mnemonic, b.phys, arr, a.phys, arr, d.phys, arr)
	})
	return d
}

// copyOf returns a new register holding a: the operations that accumulate into their
// destination start from one. When a is not needed afterwards the allocator gives both
// the same register and the move disappears.
func (s *neon) copyOf(a *vreg) *vreg {
	d := s.f.v()
	d.hint = a
	s.f.emit(&inst{move: true, defs: []*vreg{d}, uses: []*vreg{a}, text: func() string {
		return fmt.Sprintf("VORR\tV%d.B16, V%d.B16, V%d.B16", a.phys, a.phys, d.phys)
	}})
	return d
}

// accumulate emits VFMLA or VFMLS: acc ± a·b rounded once, into acc itself.
func (s *neon) accumulate(mnemonic string, acc, a, b *vreg) {
	arr := s.goArr()
	s.f.op([]*vreg{acc}, []*vreg{acc, a, b}, func() string {
		return fmt.Sprintf("%s\tV%d.%s, V%d.%s, V%d.%s", mnemonic, b.phys, arr, a.phys, arr, acc.phys, arr)
	})
}

func (s *neon) F64() bool { return s.f64 }
func (s *neon) Comment(text string) {
	if !s.said[text] {
		s.said[text] = true
		s.f.comment("%s", text)
	}
}
func (s *neon) Reg(v *vreg) *vreg { return v } // every operand is a register already

func (s *neon) C(v float64) *vreg {
	if s.f64 {
		return s.Bits(math.Float64bits(v))
	}
	return s.Bits(uint64(math.Float32bits(float32(v))))
}

// Bits returns a vector whose lanes hold b: a load from the constant pool, before the
// loops when hoisting (once per function and value), else where it is used.
func (s *neon) Bits(b uint64) *vreg {
	off := s.pool.offset(s.f64, b)
	s.f.usesPool = true
	load := func(d *vreg) *inst {
		return &inst{defs: []*vreg{d}, text: func() string {
			return fmt.Sprintf("FMOVQ\t%d(R9), F%d", off, d.phys)
		}}
	}
	if !s.hoist {
		d := s.f.v()
		s.f.emit(load(d))
		return d
	}
	if d, ok := s.consts[b]; ok {
		return d
	}
	d := s.f.v()
	s.f.hoist(load(d))
	s.consts[b] = d
	return d
}

func (s *neon) Zero() *vreg {
	d := s.f.v()
	s.f.op([]*vreg{d}, nil, func() string { return fmt.Sprintf("VEOR\tV%d.B16, V%d.B16, V%d.B16", d.phys, d.phys, d.phys) })
	return d
}

func (s *neon) Add(a, b *vreg) *vreg { return s.three(fadd, a, b) }
func (s *neon) Sub(a, b *vreg) *vreg { return s.three(fsub, a, b) }
func (s *neon) Mul(a, b *vreg) *vreg { return s.three(fmul, a, b) }
func (s *neon) Div(a, b *vreg) *vreg { return s.three(fdiv, a, b) }
func (s *neon) Max(a, b *vreg) *vreg { return s.three(fmax, a, b) }
func (s *neon) Min(a, b *vreg) *vreg { return s.three(fmin, a, b) }
func (s *neon) And(a, b *vreg) *vreg { return s.goOp("VAND", "B16", a, b) }
func (s *neon) Or(a, b *vreg) *vreg  { return s.goOp("VORR", "B16", a, b) }

func (s *neon) RoundEven(a *vreg) *vreg { return s.two(frintn, a) }
func (s *neon) Trunc(a *vreg) *vreg     { return s.two(frintz, a) }

// Fma returns a·b + c: FMLA accumulates into its destination, a copy of c.
func (s *neon) Fma(a, b, c *vreg) *vreg {
	d := s.copyOf(c)
	s.accumulate("VFMLA", d, a, b)
	return d
}

func (s *neon) Fnma(a, b, c *vreg) *vreg {
	d := s.copyOf(c)
	s.accumulate("VFMLS", d, a, b)
	return d
}

func (s *neon) Horner(p, r, c *vreg) *vreg    { return s.Fma(p, r, c) }
func (s *neon) FnmaAcc(acc, a, b *vreg) *vreg { return s.Fnma(a, b, acc) }

// Scale has no NEON instruction (SVE's FSCALE is not NEON): two exact steps.
func (s *neon) Scale(p, n *vreg) *vreg { return vmath.ScaleTwoSteps(s, p, n) }

func (s *neon) AddInt(a, b *vreg) *vreg { return s.goOp("VADD", s.goArr(), a, b) }
func (s *neon) SubInt(a, b *vreg) *vreg { return s.goOp("VSUB", s.goArr(), a, b) }

func (s *neon) shiftBy(mnemonic string, a *vreg, n uint64) *vreg {
	d := s.f.v()
	arr := s.goArr()
	s.f.op([]*vreg{d}, []*vreg{a}, func() string {
		return fmt.Sprintf("%s\t$%d, V%d.%s, V%d.%s", mnemonic, n, a.phys, arr, d.phys, arr)
	})
	return d
}

func (s *neon) Shl(a *vreg, n uint64) *vreg { return s.shiftBy("VSHL", a, n) }
func (s *neon) Shr(a *vreg, n uint64) *vreg { return s.shiftBy("VUSHR", a, n) }

func (s *neon) Less(a, b *vreg) mask      { return mask{v: s.three(fcmgt, b, a)} }
func (s *neon) Equal(a, b *vreg) mask     { return mask{v: s.three(fcmeq, a, b)} }
func (s *neon) GreaterEq(a, b *vreg) mask { return mask{v: s.three(fcmge, a, b)} }
func (s *neon) NotLess(a, b *vreg) mask   { return mask{v: s.three(fcmgt, b, a), not: true} }

// Blend selects with BSL, which overwrites its mask operand: it works on a copy.
func (s *neon) Blend(m mask, t, f *vreg) *vreg {
	if m.not {
		t, f = f, t
	}
	d := s.copyOf(m.v)
	s.f.op([]*vreg{d}, []*vreg{d, t, f}, func() string {
		return fmt.Sprintf("VBSL\tV%d.B16, V%d.B16, V%d.B16", f.phys, t.phys, d.phys)
	})
	return d
}

func (s *neon) Keep(m mask, a *vreg) *vreg {
	if m.not {
		panic("Keep of an inverted mask")
	}
	return s.And(a, m.v)
}

// Loop-level operations, beyond what vmath needs.

// MaxGo is Go's max builtin: FMAX returns NaN for a NaN in either operand and +0 for
// equal zeros of either sign, exactly as Go's max does.
func (s *neon) MaxGo(a, b *vreg) *vreg { return s.three(fmax, a, b) }

// AddTo sets acc += b in place, for values carried around a loop.
func (s *neon) AddTo(acc, b *vreg) {
	s.f.op([]*vreg{acc}, []*vreg{acc, b}, func() string { return fadd.enc(s.arr(), acc.phys, acc.phys, b.phys).String() })
}

// set moves v into acc, for a loop-carried value computed into a new register.
func (s *neon) set(acc, v *vreg) {
	s.f.emit(&inst{move: true, defs: []*vreg{acc}, uses: []*vreg{v}, text: func() string {
		return fmt.Sprintf("VORR\tV%d.B16, V%d.B16, V%d.B16", v.phys, v.phys, acc.phys)
	}})
	acc.hint = v
}

// FmaTo sets acc += a·b, rounded once, in place.
func (s *neon) FmaTo(acc, a, b *vreg) { s.accumulate("VFMLA", acc, a, b) }

// load reads one vector at off(base); store writes one.
func (s *neon) load(base string, off int) *vreg {
	d := s.f.v()
	s.f.op([]*vreg{d}, nil, func() string { return fmt.Sprintf("FMOVQ\t%d(%s), F%d", off, base, d.phys) })
	return d
}

func (s *neon) store(v *vreg, base string, off int) {
	s.f.op(nil, []*vreg{v}, func() string { return fmt.Sprintf("FMOVQ\tF%d, %d(%s)", v.phys, off, base) })
}

// loadPair reads two consecutive vectors in one instruction.
func (s *neon) loadPair(base string, off int) (*vreg, *vreg) {
	a, b := s.f.v(), s.f.v()
	s.f.op([]*vreg{a, b}, nil, func() string { return fmt.Sprintf("FLDPQ\t%d(%s), (F%d, F%d)", off, base, a.phys, b.phys) })
	return a, b
}

func (s *neon) storePair(a, b *vreg, base string, off int) {
	s.f.op(nil, []*vreg{a, b}, func() string { return fmt.Sprintf("FSTPQ\t(F%d, F%d), %d(%s)", a.phys, b.phys, off, base) })
}

// broadcast returns the scalar parameter at off(FP) in every lane.
func (s *neon) broadcast(name string, off int) *vreg {
	d := s.f.v()
	sc, lane := s.scalar(), "S"
	if s.f64 {
		lane = "D"
	}
	s.f.op([]*vreg{d}, nil, func() string {
		return fmt.Sprintf("FMOV%s\t%s+%d(FP), F%d\n\tVDUP\tV%d.%s[0], V%d.%s", sc, name, off, d.phys, d.phys, lane, d.phys, s.goArr())
	})
	return d
}

// fold is how a reduction combines: two vectors lane by lane, the lanes of one vector
// pairwise, and the last two lanes into a scalar.
type fold struct {
	combine, pairs fp3
	last           pairScalar
}

var (
	sums   = fold{fadd, faddp, faddpScalar}
	maxima = fold{fmax, fmaxp, fmaxpScalar}
)

// hreduce combines v's lanes pairwise into its lowest lane.
func (s *neon) hreduce(v *vreg, how fold) *vreg {
	if !s.f64 {
		v = s.three(how.pairs, v, v) // lanes (0∘1, 2∘3, 0∘1, 2∘3)
	}
	return s.w(func(d int) word { return how.last.enc(s.arr(), d, v.phys) }, v)
}

// ret stores v's lowest lane as the function's result at off(FP).
func (s *neon) ret(v *vreg, off int) {
	sc := s.scalar()
	s.f.op(nil, []*vreg{v}, func() string { return fmt.Sprintf("FMOV%s\tF%d, ret+%d(FP)", sc, v.phys, off) })
}
