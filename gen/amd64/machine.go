package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"

	"github.com/lanesimd/lanes/gen/internal/vmath"
)

// isa is a vmath.Machine: the transcendental functions are written once, in package
// vmath, for amd64 and arm64. Constants are memory operands (the second source of most
// instructions takes one), so a function holds only its own values in registers. AVX-512
// scales by 2ⁿ with VSCALEF; AVX2 in two exact steps.
var _ vmath.Machine[Op, mask] = (*isa)(nil)

func (s *isa) F64() bool { return s.f64 }
func (s *isa) Comment(text string) {
	if !s.said[text] {
		s.said[text] = true
		Comment(text)
	}
}
func (s *isa) C(v float64) Op   { return s.c(v) }
func (s *isa) Bits(b uint64) Op { return s.constBits(b) }
func (s *isa) Reg(v Op) Op      { return s.reg(v) }
func (s *isa) Zero() Op         { return s.zero() }

func (s *isa) Add(a, b Op) Op           { return s.add(s.reg(a), b) }
func (s *isa) Sub(a, b Op) Op           { return s.sub(s.reg(a), b) }
func (s *isa) Mul(a, b Op) Op           { return s.mul(s.reg(a), b) }
func (s *isa) Div(a, b Op) Op           { return s.div(s.reg(a), b) }
func (s *isa) And(a, b Op) Op           { return s.and(s.reg(a), b) }
func (s *isa) Or(a, b Op) Op            { return s.or(s.reg(a), b) }
func (s *isa) Max(a, b Op) Op           { return s.maxIntel(s.reg(a), b) }
func (s *isa) Min(a, b Op) Op           { return s.minIntel(s.reg(a), b) }
func (s *isa) Fma(a, b, c Op) Op        { return s.fma(s.reg(a), b, s.reg(c)) }
func (s *isa) Fnma(a, b, c Op) Op       { return s.fnma(s.reg(a), b, s.reg(c)) }
func (s *isa) RoundEven(a Op) Op        { return s.roundEven(s.reg(a)) }
func (s *isa) Trunc(a Op) Op            { return s.trunc(s.reg(a)) }
func (s *isa) AddInt(a, b Op) Op        { return s.addInt(s.reg(a), b) }
func (s *isa) SubInt(a, b Op) Op        { return s.subInt(s.reg(a), b) }
func (s *isa) Shl(a Op, n uint64) Op    { return s.shl(s.reg(a), n) }
func (s *isa) Shr(a Op, n uint64) Op    { return s.shr(s.reg(a), n) }
func (s *isa) Less(a, b Op) mask        { return s.cmp(cmpLT, s.reg(a), b) }
func (s *isa) Equal(a, b Op) mask       { return s.cmp(cmpEQ, s.reg(a), b) }
func (s *isa) GreaterEq(a, b Op) mask   { return s.cmp(cmpGE, s.reg(a), b) }
func (s *isa) NotLess(a, b Op) mask     { return s.cmp(cmpNLT, s.reg(a), b) }
func (s *isa) Blend(m mask, t, f Op) Op { return s.blend(m, t, s.reg(f)) }
func (s *isa) Keep(m mask, a Op) Op     { return s.keep(m, a) }
func (s *isa) MaxGo(a, b Op) Op         { return s.maxGo(s.reg(a), s.reg(b)) }
func (s *isa) AddTo(acc, b Op)          { s.addTo(acc.(V), b) }
func (s *isa) FmaTo(acc, a, b Op)       { s.fmaAcc(acc.(V), s.reg(a), b) }

func (s *isa) Horner(p, r, c Op) Op {
	s.horner(p.(V), s.reg(r), c)
	return p
}

func (s *isa) FnmaAcc(acc, a, b Op) Op {
	s.fnmaAcc(acc.(V), s.reg(a), b)
	return acc
}

func (s *isa) Scale(p, n Op) Op {
	if !s.avx512 {
		return vmath.ScaleTwoSteps(s, p, n)
	}
	d := like(p.(V))
	s.pick(VSCALEFPS, VSCALEFPD)(n, p, d)
	return d
}
