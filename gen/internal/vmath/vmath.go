// Package vmath writes the vector transcendental functions of lanes' kernels for any
// instruction set: exp, log, the sigmoid and its derivative, and tanh, operation for
// operation as package generic computes them (its doc comments give the algorithms), with
// its constants, so that float64 results match generic bit for bit on every backend.
//
// A generator implements Machine for its instruction set; each method emits one vector
// operation (or a short fixed sequence) and returns its result.
package vmath

import (
	"math"

	"github.com/lanesimd/lanes/generic"
)

// Machine is one instruction set at one precision. V is a vector operand (a register or,
// where the instruction set allows, a constant in memory); M is a lane mask.
type Machine[V, M any] interface {
	F64() bool
	Comment(text string)

	C(v float64) V   // v, rounded to the precision, in every lane
	Bits(b uint64) V // b in every lane, as the lanes' bits
	Reg(v V) V       // v in a register, for the operands that must be one
	Zero() V

	Add(a, b V) V
	Sub(a, b V) V
	Mul(a, b V) V
	Div(a, b V) V
	And(a, b V) V
	Or(a, b V) V
	// Max and Min return a > b ? a : b and a < b ? a : b, with NaN in b passed through
	// (amd64 returns b for any NaN, arm64 a NaN): callers rely on nothing else for NaNs or
	// equal zeros.
	Max(a, b V) V
	Min(a, b V) V
	// MaxGo is Go's max builtin: NaN in either operand gives NaN, +0 is above −0.
	MaxGo(a, b V) V
	Fma(a, b, c V) V       // a·b + c, rounded once
	Fnma(a, b, c V) V      // c − a·b, rounded once
	Horner(p, r, c V) V    // p·r + c, rounded once; may overwrite p
	FnmaAcc(acc, a, b V) V // acc − a·b, rounded once; may overwrite acc
	RoundEven(a V) V
	Trunc(a V) V
	// Scale returns p·2ⁿ rounded once, for 0.5 < p < 2 and integral n over exp's range.
	Scale(p, n V) V

	// Integer arithmetic on the lanes' bits (32-bit lanes for float32, 64-bit for float64).
	AddInt(a, b V) V
	SubInt(a, b V) V // a − b
	Shl(a V, n uint64) V
	Shr(a V, n uint64) V

	// Comparisons: false for NaN operands except NotLess, which is true for them.
	Less(a, b V) M
	Equal(a, b V) M
	GreaterEq(a, b V) M
	NotLess(a, b V) M
	Blend(m M, t, f V) V // t where m is set, f elsewhere
	Keep(m M, a V) V     // a where m is set, +0 elsewhere

	// Accumulation in place, for values carried around a loop: acc is a register.
	AddTo(acc, b V)    // acc += b
	FmaTo(acc, a, b V) // acc += a·b, rounded once
}

// Pow2 returns 2ⁿ for integral n whose 2ⁿ is a normal number: n plus the shifter
// 1.5·2ᵐ + bias (m the mantissa bits) is exact and holds n + bias in its low bits;
// shifting them into the exponent field leaves 2ⁿ (the shifter's own bits shift out).
func Pow2[V, M any](m Machine[V, M], n V) V {
	shifter, mant := 0x1.8p23+127, uint64(23)
	if m.F64() {
		shifter, mant = 0x1.8p52+1023, 52
	}
	return m.Shl(m.Add(n, m.C(shifter)), mant)
}

// Pow2Neg returns 2⁻ⁿ from p = Pow2(n): its exponent field is 2·bias minus p's.
func Pow2Neg[V, M any](m Machine[V, M], p V) V {
	if m.F64() {
		return m.SubInt(m.Reg(m.Bits(2046<<52)), p)
	}
	return m.SubInt(m.Reg(m.Bits(254<<23)), p)
}

// ScaleTwoSteps is Scale for instruction sets without a scaling instruction: it multiplies
// by 2ⁿ⁻ʰ (exact) and then 2ʰ, h = trunc(n/2), both normal numbers, so that a subnormal
// or overflowing result is rounded by the last product only, as generic's scale does.
func ScaleTwoSteps[V, M any](m Machine[V, M], p, n V) V {
	h := m.Trunc(m.Mul(n, m.C(0.5)))
	return m.Mul(m.Mul(p, Pow2(m, m.Sub(n, h))), Pow2(m, h))
}

// ExpClamp holds exp's input bounds in registers (amd64's NaN-keeping operand order of
// VMAXPS/VMINPS puts x in the memory slot, so the bounds cannot be memory operands).
type ExpClamp[V any] struct{ lo, hi V }

// ExpSetup loads exp's bounds; a kernel calls it once, before its loop.
func ExpSetup[V, M any](m Machine[V, M]) ExpClamp[V] {
	lo, hi := generic.ExpLo32, generic.ExpHi32
	if m.F64() {
		lo, hi = generic.ExpLo64, generic.ExpHi64
	}
	return ExpClamp[V]{m.Reg(m.C(lo)), m.Reg(m.C(hi))}
}

func ln2[V, M any](m Machine[V, M]) (hi, lo float64) {
	if m.F64() {
		return generic.Ln2Hi, generic.Ln2Lo
	}
	return generic.Ln2Hi32, generic.Ln2Lo32
}

func expPoly[V, M any](m Machine[V, M]) []float64 {
	if m.F64() {
		return generic.ExpPoly64()
	}
	return widen(generic.ExpPoly32())
}

func logPoly[V, M any](m Machine[V, M]) []float64 {
	if m.F64() {
		return generic.LogPoly64()
	}
	return widen(generic.LogPoly32())
}

// widen converts float32 coefficients to float64 exactly; Machine.C rounds them back.
func widen(c []float32) []float64 {
	out := make([]float64, len(c))
	for i, v := range c {
		out[i] = float64(v)
	}
	return out
}

// SignBit and AbsMask are the bit masks of the sign and of everything else.
func SignBit[V, M any](m Machine[V, M]) V {
	if m.F64() {
		return m.Bits(1 << 63)
	}
	return m.Bits(1 << 31)
}

func AbsMask[V, M any](m Machine[V, M]) V {
	if m.F64() {
		return m.Bits(1<<63 - 1)
	}
	return m.Bits(1<<31 - 1)
}

// expReduce returns n = roundEven(x·log₂e) and r = x − n·ln2 for x clamped to exp's range
// (a NaN x stays NaN, so n and r are NaN).
func expReduce[V, M any](m Machine[V, M], c *ExpClamp[V], x V) (n, r V) {
	if c != nil {
		x = m.Max(c.lo, x) // lo > x ? lo : x, and NaN when x is NaN
		x = m.Min(c.hi, x)
	}
	hi, lo := ln2(m)
	n = m.RoundEven(m.Mul(x, m.C(math.Log2E)))
	r = m.Fnma(n, m.C(hi), x) // exact: n·Ln2Hi has few bits and r is near x − n·ln2
	r = m.FnmaAcc(r, n, m.C(lo))
	return n, r
}

// polynomial evaluates c[0]·rᵏ + … + c[k] by Horner's rule with FMA, highest term first.
func polynomial[V, M any](m Machine[V, M], r V, c []float64) V {
	p := m.Reg(m.C(c[0]))
	for _, k := range c[1:] {
		p = m.Horner(p, r, m.C(k))
	}
	return p
}

// Exp returns eˣ (generic.Exp).
func Exp[V, M any](m Machine[V, M], c *ExpClamp[V], x V) V {
	n, r := expReduce(m, c, x)
	return m.Scale(polynomial(m, r, expPoly(m)), n)
}

// negAbs returns −|x|, NaN for NaN.
func negAbs[V, M any](m Machine[V, M], x V) V { return m.Or(x, SignBit(m)) }

// Log returns log(x) (generic.Log).
func Log[V, M any](m Machine[V, M], x V) V {
	minNormal, subScale, subShift := 0x1p-126, 0x1p25, -25.0
	if m.F64() {
		minNormal, subScale, subShift = 0x1p-1022, 0x1p54, -54.0
	}

	m.Comment("log: subnormals scaled up by 2^shift, counted in kadj")
	sub := m.Less(x, m.C(minNormal))
	xn := m.Blend(sub, m.Mul(x, m.C(subScale)), x)
	kadj := m.Keep(sub, m.C(subShift))

	res := logOf(m, xn, &kadj, nil)

	m.Comment("log: log(±0) = −Inf, log(x < 0) = NaN, log(+Inf) = +Inf, log(NaN) = NaN, quiet: x + x")
	zero := m.Zero()
	res = m.Blend(m.Equal(x, zero), m.C(math.Inf(-1)), res)
	res = m.Blend(m.Less(x, zero), m.C(math.NaN()), res)
	return m.Blend(m.NotLess(x, m.C(math.Inf(1))), m.Add(x, x), res)
}

// logOf is log's algorithm on a normal x (generic's logOf): kadj, if not nil, is added to
// x's exponent, and c, if not nil, to the small terms (log1p's correction).
func logOf[V, M any](m Machine[V, M], x V, kadj, c *V) V {
	mant, bias, sqrtHalf := uint64(23), uint64(127), uint64(generic.LogSqrtHalfBits32)
	one := 0x1p23 // or'ed with a small integer i, its bits are those of 2²³ + i
	size := 4
	if m.F64() {
		mant, bias, sqrtHalf = 52, 1023, generic.LogSqrtHalfBits64
		one = 0x1p52
		size = 8
	}
	wrap := uint64(1)<<(8*size) - 1 // integer arithmetic on lanes wraps at their width
	ln2Hi, ln2Lo := ln2(m)

	m.Comment("log: u = bits − bits(√2/2) + bias·2^mant ≥ 0; e = u >> mant is k + bias, and m = x/2^k")
	m.Comment("log: has the low bits of u added to bits(√2/2)")
	u := m.AddInt(x, m.Bits((bias<<mant-sqrtHalf)&wrap))
	e := m.Shr(u, mant)
	mm := m.AddInt(m.And(u, m.Bits(1<<mant-1)), m.Bits(sqrtHalf))
	kf := m.Sub(m.Or(e, m.C(one)), m.C(one+float64(bias)))
	if kadj != nil {
		kf = m.Add(kf, *kadj)
	}

	m.Comment("log: log(m) = f − f²/2 + s·(f²/2 + R(s²)), f = m − 1, s = f/(2+f)")
	f := m.Sub(mm, m.C(1))
	sv := m.Div(f, m.Add(f, m.C(2)))
	z := m.Mul(sv, sv)
	r := m.Mul(z, polynomial(m, z, logPoly(m)))
	hfsq := m.Mul(m.Mul(f, m.C(0.5)), f)
	lo := m.Mul(kf, m.C(ln2Lo))
	if c != nil {
		lo = m.Add(lo, *c)
	}
	t := m.Fma(sv, m.Add(hfsq, r), lo)
	t = m.Sub(m.Sub(hfsq, t), f)
	return m.Sub(m.Mul(kf, m.C(ln2Hi)), t)
}

// Log1p returns log(1 + x) (generic.Log1p): log's algorithm on u = fl(1 + x), whose
// rounding error c, exact by Fast2Sum of max(x, 1) and min(x, 1), adds c/u.
func Log1p[V, M any](m Machine[V, M], x V) V {
	one := m.Reg(m.C(1))
	u := m.Add(x, one)
	c := m.Sub(m.Min(x, one), m.Sub(u, m.Max(x, one)))
	c = m.Div(c, u)
	res := logOf(m, u, nil, &c)

	m.Comment("log1p: log1p(−1) = −Inf, log1p(x < −1) = NaN, log1p(±0) = ±0, log1p(+Inf) = +Inf, log1p(NaN) = NaN, quiet: x + x")
	res = m.Blend(m.Equal(x, m.C(-1)), m.C(math.Inf(-1)), res)
	res = m.Blend(m.Less(x, m.C(-1)), m.C(math.NaN()), res)
	res = m.Blend(m.Equal(x, m.Zero()), x, res)
	return m.Blend(m.NotLess(x, m.C(math.Inf(1))), m.Add(x, x), res)
}

// Sigmoid returns σ(x) (generic.Sigmoid): with e = exp(−|x|) and t = 1 + e rounded, the
// quotient num/(1+e) (num = 1 for x ≥ 0, e otherwise) corrected by one Newton step whose
// residual includes t's rounding error.
func Sigmoid[V, M any](m Machine[V, M], c *ExpClamp[V], x V) V {
	e := Exp(m, c, negAbs(m, x))
	one := m.Reg(m.C(1))
	t := m.Add(e, one)
	tl := m.Sub(e, m.Sub(t, one))
	inv := m.Div(one, t)
	num := m.Blend(m.GreaterEq(x, m.Zero()), one, e)
	q := m.Mul(num, inv)
	r := m.Fnma(q, t, num)
	r = m.FnmaAcc(r, q, tl)
	return m.Fma(r, inv, q)
}

// SigmoidDerivative returns σ(x)·σ(−x) = e/(1+e)², e = exp(−|x|), the square rounded once.
func SigmoidDerivative[V, M any](m Machine[V, M], c *ExpClamp[V], x V) V {
	e := Exp(m, c, negAbs(m, x))
	one := m.Reg(m.C(1))
	t := m.Add(e, one)
	tl := m.Sub(e, m.Sub(t, one))
	return m.Div(e, m.Fma(t, t, m.Mul(m.Mul(t, m.C(2)), tl)))
}

// TanhSetup loads tanh's input bound, 2|x| beyond which tanh rounds to ±1; a kernel calls
// it once, before its loop.
func TanhSetup[V, M any](m Machine[V, M]) V {
	if m.F64() {
		return m.Reg(m.C(generic.TanhHi64))
	}
	return m.Reg(m.C(generic.TanhHi32))
}

// Tanh returns tanh(x) (generic.Tanh): sign(x)·m/(m+2), m = expm1(2|x|) from exp's
// reduction with r + (1 − 2⁻ⁿ) held exactly, and a Newton-corrected quotient.
func Tanh[V, M any](m Machine[V, M], hi V, x V) V {
	one := m.Reg(m.C(1))
	two := m.Reg(m.C(2))
	a := m.Min(hi, m.Mul(m.And(x, AbsMask(m)), two)) // NaN stays NaN
	n, r := expReduce(m, nil, a)
	c := expPoly(m)
	q := polynomial(m, r, c[:len(c)-2])
	p := Pow2(m, n)
	c1 := m.Sub(one, Pow2Neg(m, p)) // 1 − 2⁻ⁿ: 1/p exactly, without a division
	h := m.Add(r, c1)
	l := m.Add(m.Sub(c1, h), r)
	em := m.Mul(p, m.Add(h, m.Fma(m.Mul(r, r), q, l)))

	d := m.Add(em, two)
	dl := m.Add(m.Sub(m.Max(em, two), d), m.Min(em, two))
	inv := m.Div(one, d)
	q0 := m.Mul(em, inv)
	res := m.Fnma(q0, d, em)
	res = m.FnmaAcc(res, q0, dl)
	t := m.Fma(res, inv, q0)
	return m.Or(m.And(t, AbsMask(m)), m.And(x, SignBit(m)))
}
