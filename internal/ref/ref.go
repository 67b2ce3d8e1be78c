package ref

import "math"

// Value is a real number M·2ᴱ held to about 100 bits: wide enough in range for results
// that overflow or underflow float64.
type Value struct {
	M dd
	E int
}

// Float64 rounds v to the nearest float64 (for messages; not exact at the subnormals).
func (v Value) Float64() float64 { return math.Ldexp(v.M.hi+v.M.lo, v.E) }

// Exp returns eˣ. x must be finite.
func Exp(x float64) Value { return expDD(dd{x, 0}) }

// expDD returns eˣ for a double-double x with |x| < 1400, where k has at most 11 bits.
func expDD(x dd) Value {
	k := math.Round(x.hi / math.Ln2)
	// r = x − k·ln2, each product exact (k has at most 11 bits) and the sums in dd.
	r := x.add(twoProd(k, ln2a).neg()).add(twoProd(k, ln2b).neg()).add(dd{float64(-k * ln2c), 0})
	return Value{expSeries(r), int(k)}
}

// expSeries returns eʳ for |r| ≤ 0.35 by its Taylor series to degree 30, whose first
// omitted term is below 2⁻¹³⁰.
func expSeries(r dd) dd {
	p := invFact[30]
	for i := 29; i >= 0; i-- {
		p = p.mul(r).add(invFact[i])
	}
	return p
}

// Log returns ln x for finite x > 0.
func Log(x float64) Value { return Value{logDD(dd{x, 0}), 0} }

// Log1p returns ln(1 + x) for finite x > −1.
func Log1p(x float64) Value { return Value{log1pDD(dd{x, 0}), 0} }

// LogLossLogits returns max(z, 0) − z·y + ln(1 + e^−|z|), the binary cross-entropy of a
// label y from a logit z; z and y finite. The first part is exact in double-double; the
// second is e^−|z| itself where that is below 2⁻⁹⁰⁰, far under the first part or the
// only part.
func LogLossLogits(z, y float64) Value {
	a := dd{max(z, 0), 0}.add(twoProd(z, y).neg())
	e := Exp(-math.Abs(z))
	if e.E < -900 {
		if a.hi == 0 {
			return e
		}
		return Value{a, 0}
	}
	return Value{a.add(log1pDD(e.M.scale(e.E))), 0}
}

// log1pDD returns ln(1 + x) for x > −1: for small x as 2·atanh(x/(2+x)), which keeps
// every bit of x (1 + x in double-double would drop x's low part).
func log1pDD(x dd) dd {
	switch a := math.Abs(x.hi); {
	case a > 0.25:
		return logDD(one().add(x))
	case a < 0x1p-500: // ln(1+x) = x(1 − x/2 + …): x to 500 bits, and a subnormal x
		return x //      would lose bits in the quotient
	}
	return atanh2(x.div(x.add(dd{2, 0})))
}

// logDD returns ln x for x > 0 in double-double, x's parts normal.
func logDD(x dd) dd {
	m, k := math.Frexp(x.hi) // x = m·2ᵏ, 0.5 ≤ m < 1
	if m < math.Sqrt2/2 {
		k--
	}
	mm := x.scale(-k)
	// ln m = 2·atanh(s), s = (m−1)/(m+1), |s| < 0.172.
	l := atanh2(mm.add(dd{-1, 0}).div(mm.add(one())))
	kf := float64(k)
	return l.add(twoProd(kf, ln2a)).add(twoProd(kf, ln2b)).add(dd{float64(kf * ln2c), 0})
}

// atanh2 returns 2·atanh(s) for |s| < 0.172: Σ 2s²ⁱ⁺¹/(2i+1) to i = 30, whose first
// omitted term is below 2⁻¹⁵⁰ of the sum.
func atanh2(s dd) dd {
	z := s.mul(s)
	p := invOdd[30]
	for i := 29; i >= 0; i-- {
		p = p.mul(z).add(invOdd[i])
	}
	return s.mul(p).mulF(2)
}

// Sigmoid returns σ(x) = 1/(1+e⁻ˣ). x must be finite.
func Sigmoid(x float64) Value {
	e := Exp(-x)
	if e.E > 900 { // 1 + e = e to far more than 100 bits
		return Value{one().div(e.M), -e.E}
	}
	if e.E < -900 {
		return Value{one(), 0}
	}
	return Value{one().div(one().add(e.M.scale(e.E))), 0}
}

// SigmoidDerivative returns σ(x)·σ(−x) = e/(1+e)², e = e^−|x|. x must be finite.
func SigmoidDerivative(x float64) Value {
	e := Exp(-math.Abs(x))
	if e.E < -900 {
		return e
	}
	em := e.M.scale(e.E)
	t := one().add(em)
	return Value{em.div(t.mul(t)), 0}
}

// ULPs returns |y − v| in units of the last place of v in a float format with mant bits
// after the point and minExp the exponent of its smallest normal (float64: 52, −1022;
// float32: 23, −126). ±Inf for y counts as 2^(maxExp+1): a true value just below that which
// y rounds to +Inf scores at most 1; a true value of 2^(maxExp+1) or more is right only as
// ±Inf.
func ULPs(y float64, v Value, mant, minExp int) float64 {
	maxExp := -minExp + 1
	if math.IsNaN(y) {
		return math.Inf(1)
	}
	sign := 1.0
	if v.M.hi < 0 {
		sign = -1
	}
	ys := math.Ldexp(y, -v.E) // exact: y is no finer than 2^(minExp−mant)
	if math.IsInf(y, 0) {
		if math.Signbit(y) != (sign < 0) {
			return math.Inf(1)
		}
		ys = sign * math.Ldexp(1, maxExp+1-v.E)
	}
	// The exponent of v: that of M.hi, one less if M.hi is a power of two and M.lo pulls
	// v below it.
	_, e := math.Frexp(v.M.hi)
	e--
	if frac, _ := math.Frexp(math.Abs(v.M.hi)); frac == 0.5 && v.M.lo*sign < 0 {
		e--
	}
	e += v.E
	if e > maxExp {
		// v rounds to ±Inf: only ±Inf is right.
		if math.IsInf(y, 0) {
			return 0
		}
		return math.Inf(1)
	}
	ulp := max(e, minExp) - mant
	// (y·2⁻ᴱ − M) / 2^(ulp−E), in dd.
	d := dd{ys, 0}.add(v.M.neg())
	return math.Abs(math.Ldexp(d.hi+d.lo, v.E-ulp))
}

// ULPs64 is ULPs for a float64 result.
func ULPs64(y float64, v Value) float64 { return ULPs(y, v, 52, -1022) }

// ULPs32 is ULPs for a float32 result.
func ULPs32(y float32, v Value) float64 { return ULPs(float64(y), v, 23, -126) }

// Of returns x as a Value: for a reference computed in a wider precision.
func Of(x float64) Value { return Value{dd{x, 0}, 0} }

// Tanh returns tanh(x) = sign(x)·m/(m+2), m = e^(2|x|) − 1, for finite x.
func Tanh(x float64) Value {
	a := math.Abs(x)
	if a > 20 { // 1 − tanh(20) < 2⁻¹¹⁵
		return Value{dd{math.Copysign(1, x), 0}, 0}
	}
	y := 2 * a // exact
	var m dd
	if y < 0.25 {
		// e^y − 1 = y·Σ yᵏ/(k+1)!, first omitted term below 2⁻¹⁴⁰ of the sum.
		p := invFact[30]
		for i := 29; i >= 1; i-- {
			p = p.mul(dd{y, 0}).add(invFact[i])
		}
		m = p.mulF(y)
	} else {
		e := Exp(y)
		m = e.M.scale(e.E).add(dd{-1, 0})
	}
	t := m.div(m.add(dd{2, 0}))
	if x < 0 {
		t = t.neg()
	}
	return Value{t, 0}
}

// TanhBackward returns g·(1 − y²), the gradient through tanh for its output y, and
// SigmoidBackward g·y·(1 − y), through σ: exact but for the product's last bits (1 ± y is
// exact in dd), g's and y's exponents carried in E so that no product under- or overflows.
func TanhBackward(g, y float64) Value {
	return scaledBy(g, twoSum(1, -y).mul(twoSum(1, y)))
}

func SigmoidBackward(g, y float64) Value {
	m, e := math.Frexp(y) // a subnormal y would lose the product's low part
	v := scaledBy(g, twoSum(1, -y).mulF(m))
	if v.M.hi != 0 {
		v.E += e
	}
	return v
}

func scaledBy(g float64, d dd) Value {
	f, e := math.Frexp(g)
	if p := d.mulF(f); p.hi != 0 {
		return Value{p, e}
	}
	return Value{} // E = 0: ULPs reads a zero's exponent as E's
}
