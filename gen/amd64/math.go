package main

import (
	"math"

	. "github.com/mmcloughlin/avo/build"

	"github.com/lanesimd/lanes/generic"
)

// The transcendental functions, operation for operation as in package generic (whose doc
// comments give the algorithms), with its constants: float64 results match it bit for bit.

// expClamp holds exp's input bounds in registers: the NaN-keeping operand order of
// VMAXPS/VMINPS puts x in the memory slot, so the bounds cannot be memory operands.
type expClamp struct{ lo, hi V }

func (s *isa) expSetup() expClamp {
	lo, hi := generic.ExpLo32, generic.ExpHi32
	if s.f64 {
		lo, hi = generic.ExpLo64, generic.ExpHi64
	}
	return expClamp{s.load(s.c(lo)), s.load(s.c(hi))}
}

func (s *isa) ln2() (hi, lo float64) {
	if s.f64 {
		return generic.Ln2Hi, generic.Ln2Lo
	}
	return generic.Ln2Hi32, generic.Ln2Lo32
}

func (s *isa) expPoly() []float64 {
	if s.f64 {
		c := generic.ExpPoly64()
		return c[:]
	}
	c := generic.ExpPoly32()
	return widen(c[:])
}

func (s *isa) logPoly() []float64 {
	if s.f64 {
		c := generic.LogPoly64()
		return c[:]
	}
	c := generic.LogPoly32()
	return widen(c[:])
}

// widen converts float32 coefficients to float64 exactly; s.c rounds them back.
func widen(c []float32) []float64 {
	out := make([]float64, len(c))
	for i, v := range c {
		out[i] = float64(v)
	}
	return out
}

// expReduce returns n = roundEven(x·log₂e) and r = x − n·ln2 for x clamped to exp's range
// (a NaN x stays NaN, so n and r are NaN).
func (s *isa) expReduce(c *expClamp, x V) (n, r V) {
	if c != nil {
		x = s.maxIntel(c.lo, x) // lo > x ? lo : x, and x when x is NaN
		x = s.minIntel(c.hi, x)
	}
	hi, lo := s.ln2()
	n = s.roundEven(s.mul(x, s.c(math.Log2E)))
	r = s.fnma(n, s.c(hi), x) // exact: n·Ln2Hi has few bits and r is near x − n·ln2
	s.fnmaAcc(r, n, s.c(lo))
	return n, r
}

// polynomial evaluates c[0]·rᵏ + … + c[k] by Horner's rule with FMA, highest term first.
func (s *isa) polynomial(r V, c []float64) V {
	p := s.load(s.c(c[0]))
	for _, k := range c[1:] {
		s.horner(p, r, s.c(k))
	}
	return p
}

// pow2 returns 2ⁿ for integral n whose 2ⁿ is a normal number: n plus the shifter 1.5·2ᵐ
// (m the mantissa bits) holds n in its low bits; adding the exponent bias and shifting
// it into the exponent field leaves 2ⁿ (the shifter's own bits shift out).
func (s *isa) pow2(n V) V {
	shifter, bias, mant := 0x1.8p23, uint64(127), uint64(23)
	if s.f64 {
		shifter, bias, mant = 0x1.8p52, 1023, 52
	}
	return s.shl(s.addInt(s.add(n, s.c(shifter)), s.constBits(bias)), mant)
}

// scale returns p·2ⁿ rounded once, for 0.5 < p < 2 and n over exp's whole range. AVX-512
// has VSCALEF for it. AVX2 multiplies by 2ⁿ⁻ʰ (exact) and then 2ʰ, h = trunc(n/2), both
// normal numbers: a subnormal or overflowing result is rounded by the last product only,
// which is what generic's scale does.
func (s *isa) scale(p, n V) V {
	if s.avx512 {
		d := like(p)
		s.pick(VSCALEFPS, VSCALEFPD)(n, p, d)
		return d
	}
	h := s.trunc(s.mul(n, s.c(0.5)))
	return s.mul(s.mul(p, s.pow2(s.sub(n, h))), s.pow2(h))
}

// exp returns eˣ (generic.Exp).
func (s *isa) exp(c *expClamp, x V) V {
	n, r := s.expReduce(c, x)
	return s.scale(s.polynomial(r, s.expPoly()), n)
}

// negAbs returns −|x|, NaN for NaN.
func (s *isa) negAbs(x V) V { return s.or(x, s.signBit()) }

// log returns log(x) (generic.Log).
func (s *isa) log(x V) V {
	minNormal, subScale, subShift := 0x1p-126, 0x1p25, -25.0
	mant, bias, sqrtHalf := uint64(23), uint64(127), uint64(generic.LogSqrtHalfBits32)
	one := 0x1p23 // or'ed with a small integer i, its bits are those of 2²³ + i
	if s.f64 {
		minNormal, subScale, subShift = 0x1p-1022, 0x1p54, -54.0
		mant, bias, sqrtHalf = 52, 1023, generic.LogSqrtHalfBits64
		one = 0x1p52
	}
	wrap := uint64(1)<<(8*s.size()) - 1 // integer arithmetic on lanes wraps at their width
	ln2Hi, ln2Lo := s.ln2()

	Comment("log: subnormals scaled up by 2^shift, counted in kadj")
	sub := s.cmp(cmpLT, x, s.c(minNormal))
	xn := s.blend(sub, s.mul(x, s.c(subScale)), x)
	kadj := s.keep(sub, s.c(subShift))

	Comment("log: u = bits − bits(√2/2) + bias·2^mant ≥ 0; e = u >> mant is k + bias, and m = x/2^k")
	Comment("log: has the low bits of u added to bits(√2/2)")
	u := s.addInt(xn, s.constBits((bias<<mant-sqrtHalf)&wrap))
	e := s.shr(u, mant)
	m := s.addInt(s.and(u, s.constBits(1<<mant-1)), s.constBits(sqrtHalf))
	kf := s.add(s.sub(s.or(e, s.c(one)), s.c(one+float64(bias))), kadj)

	Comment("log: log(m) = f − f²/2 + s·(f²/2 + R(s²)), f = m − 1, s = f/(2+f)")
	f := s.sub(m, s.c(1))
	sv := s.div(f, s.add(f, s.c(2)))
	z := s.mul(sv, sv)
	r := s.mul(z, s.polynomial(z, s.logPoly()))
	hfsq := s.mul(s.mul(f, s.c(0.5)), f)
	t := s.fma(sv, s.add(hfsq, r), s.mul(kf, s.c(ln2Lo)))
	t = s.sub(s.sub(hfsq, t), f)
	res := s.sub(s.mul(kf, s.c(ln2Hi)), t)

	Comment("log: log(±0) = −Inf, log(x < 0) = NaN, log(+Inf) = +Inf, log(NaN) = NaN")
	zero := s.zero()
	res = s.blend(s.cmp(cmpEQ, x, zero), s.c(math.Inf(-1)), res)
	res = s.blend(s.cmp(cmpLT, x, zero), s.c(math.NaN()), res)
	return s.blend(s.cmp(cmpNLT, x, s.c(math.Inf(1))), x, res)
}

// sigmoid returns σ(x) (generic.Sigmoid): with e = exp(−|x|) and t = 1 + e rounded, the
// quotient num/(1+e) (num = 1 for x ≥ 0, e otherwise) corrected by one Newton step whose
// residual includes t's rounding error.
func (s *isa) sigmoid(c *expClamp, x V) V {
	e := s.exp(c, s.negAbs(x))
	one := s.load(s.c(1))
	t := s.add(e, one)
	tl := s.sub(e, s.sub(t, one))
	inv := s.div(one, t)
	num := s.blend(s.cmp(cmpGE, x, s.zero()), one, e)
	q := s.mul(num, inv)
	r := s.fnma(q, t, num)
	s.fnmaAcc(r, q, tl)
	return s.fma(r, inv, q)
}

// sigmoidDerivative returns σ(x)·σ(−x) = e/(1+e)², e = exp(−|x|), the square rounded once.
func (s *isa) sigmoidDerivative(c *expClamp, x V) V {
	e := s.exp(c, s.negAbs(x))
	one := s.load(s.c(1))
	t := s.add(e, one)
	tl := s.sub(e, s.sub(t, one))
	return s.div(e, s.fma(t, t, s.mul(s.mul(t, s.c(2)), tl)))
}

// tanh returns tanh(x) (generic.Tanh): sign(x)·m/(m+2), m = expm1(2|x|) from exp's
// reduction with r + (1 − 2⁻ⁿ) held exactly, and a Newton-corrected quotient.
func (s *isa) tanh(hi V, x V) V {
	one := s.load(s.c(1))
	two := s.load(s.c(2))
	a := s.minIntel(hi, s.mul(s.and(x, s.absMask()), two)) // NaN stays NaN
	n, r := s.expReduce(nil, a)
	c := s.expPoly()
	q := s.polynomial(r, c[:len(c)-2])
	p := s.pow2(n)
	c1 := s.sub(one, s.div(one, p))
	h := s.add(r, c1)
	l := s.add(s.sub(c1, h), r)
	m := s.mul(p, s.add(h, s.fma(s.mul(r, r), q, l)))

	d := s.add(m, two)
	dl := s.add(s.sub(s.maxIntel(m, two), d), s.minIntel(m, two))
	inv := s.div(one, d)
	q0 := s.mul(m, inv)
	res := s.fnma(q0, d, m)
	s.fnmaAcc(res, q0, dl)
	t := s.fma(res, inv, q0)
	return s.or(s.and(t, s.absMask()), s.and(x, s.signBit()))
}

func (s *isa) tanhHi() float64 {
	if s.f64 {
		return generic.TanhHi64
	}
	return generic.TanhHi32
}
