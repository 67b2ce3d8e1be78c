// Package ref computes the truth that lanes' tests measure against: exp, log, sigmoid and
// its derivative in double-double arithmetic (about 100 correct bits), independent of the
// kernels' algorithms and constants and of the math package, and the error of a float32 or
// float64 result in ULPs of the true value. Only tests import it.
package ref

import (
	"math"
	"math/big"
)

// dd is an unevaluated sum hi + lo with |lo| ≤ ulp(hi)/2: about 106 bits.
type dd struct{ hi, lo float64 }

func twoSum(a, b float64) dd {
	s := a + b
	bb := s - a
	return dd{s, (a - (s - bb)) + (b - bb)}
}

func fastTwoSum(a, b float64) dd {
	s := a + b
	return dd{s, b - (s - a)}
}

// twoProd returns a·b exactly. Every product in this file is rounded by an explicit
// conversion: where Go fuses x*y+z into an FMA (arm64, GOAMD64=v3), a double-double
// algorithm that relies on a rounded product silently loses half its bits.
func twoProd(a, b float64) dd {
	p := float64(a * b)
	return dd{p, math.FMA(a, b, -p)}
}

func (a dd) add(b dd) dd {
	s := twoSum(a.hi, b.hi)
	t := twoSum(a.lo, b.lo)
	s = fastTwoSum(s.hi, s.lo+t.hi)
	return fastTwoSum(s.hi, s.lo+t.lo)
}

func (a dd) neg() dd { return dd{-a.hi, -a.lo} }

func (a dd) mul(b dd) dd {
	p := twoProd(a.hi, b.hi)
	p.lo += float64(a.hi*b.lo) + float64(a.lo*b.hi)
	return fastTwoSum(p.hi, p.lo)
}

func (a dd) mulF(b float64) dd {
	p := twoProd(a.hi, b)
	p.lo += float64(a.lo * b)
	return fastTwoSum(p.hi, p.lo)
}

func (a dd) div(b dd) dd {
	q1 := a.hi / b.hi
	r := a.add(b.mulF(q1).neg())
	q2 := r.hi / b.hi
	r = r.add(b.mulF(q2).neg())
	q3 := r.hi / b.hi
	return fastTwoSum(q1, q2).add(dd{q3, 0})
}

// scale returns a·2ᵉ, exact while both parts stay normal.
func (a dd) scale(e int) dd { return dd{math.Ldexp(a.hi, e), math.Ldexp(a.lo, e)} }

func one() dd { return dd{1, 0} }

// ln 2 in three parts, split from 100 digits at init (Go's math.Ln2 has 36; a typed
// constant would round every difference to 0).
var ln2a, ln2b, ln2c float64

const ln2Digits = "0.6931471805599453094172321214581765680755001343602552541206800094933936219696947156058633269964186875"

func splitLn2() {
	l, _, err := big.ParseFloat(ln2Digits, 10, 400, big.ToNearestEven)
	if err != nil {
		panic(err)
	}
	parts := [3]*float64{&ln2a, &ln2b, &ln2c}
	for _, p := range parts {
		*p, _ = l.Float64()
		l.Sub(l, new(big.Float).SetFloat64(*p))
	}
}

// invFact[i] = 1/i! and invOdd[i] = 1/(2i+1), in double-double.
var invFact, invOdd [40]dd

func init() {
	splitLn2()
	invFact[0] = one()
	for i := 1; i < len(invFact); i++ {
		invFact[i] = invFact[i-1].div(dd{float64(i), 0})
	}
	for i := range invOdd {
		invOdd[i] = one().div(dd{float64(2*i + 1), 0})
	}
}
