// Command minimax fits the polynomials of lanes' exp and log by the Remez exchange and
// writes them, rounded to float64 and float32, with their errors, to generic/poly.go:
//
//	go run ./minimax -out ../generic/poly.go
//
// Each fit minimizes the error the polynomial adds to the function's result, relative to
// it, over the whole reduced range; a Taylor series is exact at 0 and worst at the ends,
// and needs a degree or two more for the same worst error. The test checks that the
// committed file is what the tool writes.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"math"
	"math/big"
	"os"
)

// fit is one polynomial of generic: what it approximates and how it is written.
type fit struct {
	name, doc string // the Go name of the coefficients and their comment
	problem
	f64 bool
	// fixed are the coefficients after the fitted ones in Horner order, exact (exp's 1, 1).
	fixed []float64
	// rel converts the fit's weighted error to the error relative to the function's result.
	rel float64
}

// expRange is exp's reduced range: |r| ≤ ln2/2 and a little (n = round(x·log₂e) is
// computed in floating point).
var expRange = math.Ln2 / 2 * 1.0001

// logRange is the range of z = s² in log, s = f/(2+f) with 1+f in [√2/2, √2).
var logRange = math.Pow((math.Sqrt2-1)/(math.Sqrt2+1), 2) * 1.0001

// expQ is (eʳ − 1 − r)/r² = Σₖ₌₂ rᵏ⁻²/k!, where eʳ = 1 + r + r²·Q(r); its weight r²/eʳ
// makes the error relative to eʳ. 1 + r stays exact, as exp and tanh rely on.
var expQ = problem{
	Name: "exp",
	F: func(r *big.Float) *big.Float {
		return series(r, func(k int) *big.Float { return inverseFactorial(k + 2) })
	},
	W: func(r *big.Float) *big.Float {
		w := new(big.Float).SetPrec(prec).Mul(r, r)
		return w.Quo(w, series(r, inverseFactorial))
	},
	Lo: -expRange, Hi: expRange,
}

// logP is R(z)/z = Σₖ₌₁ 2zᵏ⁻¹/(2k+1), where log(m) = 2s + s·R(z) = 2s·(1 + z·P(z)/2): an
// error δ in P is one of at most z·δ/2 relative to log(m), which the report gives.
var logP = problem{
	Name: "log",
	F: func(z *big.Float) *big.Float {
		return series(z, func(k int) *big.Float { return new(big.Float).SetPrec(prec).Quo(bf(2), bf(float64(2*k+3))) })
	},
	W:  func(z *big.Float) *big.Float { return bf(1) },
	Lo: 0, Hi: logRange,
}

func with(p problem, degree int) problem { p.Degree = degree; return p }

// fits are generic's polynomials. The degrees are the smallest whose error, rounded
// coefficients included, is below 2⁻⁵⁹ (float64) or 2⁻²⁸ (float32) of the result: far
// enough below half an ULP that exp and log stay within 1 ULP with their other roundings.
var fits = []fit{
	{name: "expPoly64", doc: "eʳ = 1 + r + r²·Q(r) on |r| ≤ ln2/2: Q's coefficients, then 1, 1", problem: with(expQ, 10), f64: true, fixed: []float64{1, 1}, rel: 1},
	{name: "expPoly32", doc: "eʳ = 1 + r + r²·Q(r) on |r| ≤ ln2/2: Q's coefficients, then 1, 1", problem: with(expQ, 4), fixed: []float64{1, 1}, rel: 1},
	{name: "logPoly64", doc: "P(z) = R(z)/z, log(m) = 2s + s·R(z), z = s² ≤ 0.0295", problem: with(logP, 7), f64: true, rel: logRange / 2},
	{name: "logPoly32", doc: "P(z) = R(z)/z, log(m) = 2s + s·R(z), z = s² ≤ 0.0295", problem: with(logP, 2), rel: logRange / 2},
}

// series returns Σₖ c(k)·xᵏ, to where the terms fall below the working precision (|x| < 0.5
// and |c(k)| ≤ 1).
func series(x *big.Float, c func(k int) *big.Float) *big.Float {
	s, pw := bf(0), bf(1)
	for k := 0; pw.Sign() != 0 && pw.MantExp(nil) > -prec-8; k++ {
		s.Add(s, new(big.Float).SetPrec(prec).Mul(c(k), pw))
		pw = new(big.Float).SetPrec(prec).Mul(pw, x)
	}
	return s
}

func inverseFactorial(k int) *big.Float {
	f := bf(1)
	for i := 2; i <= k; i++ {
		f.Mul(f, bf(float64(i)))
	}
	return new(big.Float).SetPrec(prec).Quo(bf(1), f)
}

// result is a fit done: its coefficients rounded, highest degree first (Horner order, the
// fixed ones last), and the errors of the exact and the rounded polynomial.
type result struct {
	fit
	coeffs        []float64
	exact, posted float64
}

func run(f fit) (result, error) {
	c, e, err := remez(f.problem)
	if err != nil {
		return result{}, fmt.Errorf("%s: %v", f.name, err)
	}
	rounded := make([]*big.Float, len(c))
	var coeffs []float64
	for j := len(c) - 1; j >= 0; j-- {
		v, _ := c[j].Float64()
		if !f.f64 {
			v = float64(float32(v))
		}
		coeffs = append(coeffs, v)
		rounded[j] = bf(v)
	}
	_, posted := extrema(f.problem, rounded, 1)
	for range 2 { // the largest of the rounded polynomial's error, which no longer equioscillates
		posted = max(posted, scan(f.problem, rounded))
	}
	return result{f, append(coeffs, f.fixed...), e * f.rel, posted * f.rel}, nil
}

// scan is the largest weighted error on a fine grid.
func scan(p problem, c []*big.Float) float64 {
	worst := 0.0
	for i := 0; i <= 4*grid; i++ {
		x := p.Lo + (p.Hi-p.Lo)*float64(i)/(4*grid)
		worst = max(worst, math.Abs(weightedError(p, c, x)))
	}
	return worst
}

func main() {
	out := flag.String("out", "", "the Go file to write (generic/poly.go)")
	flag.Parse()
	src, report, err := generate()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(report)
	if *out != "" {
		if err := os.WriteFile(*out, src, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

// generate returns generic/poly.go and the error report it holds.
func generate() ([]byte, string, error) {
	var b, rep bytes.Buffer
	b.WriteString("// Code generated by command: go run ./minimax -out ../generic/poly.go. DO NOT EDIT.\n\npackage generic\n")
	fmt.Fprintf(&rep, "%-10s %6s  %-18s  %s\n", "poly", "degree", "minimax error", "with rounded coefficients")
	for _, f := range fits {
		r, err := run(f)
		if err != nil {
			return nil, "", err
		}
		typ := "float32"
		if f.f64 {
			typ = "float64"
		}
		deg := len(r.coeffs) - 1
		line := fmt.Sprintf("%-10s %6d  %.3g (2^%.1f)  %.3g (2^%.1f)", f.name, deg, r.exact, math.Log2(r.exact), r.posted, math.Log2(r.posted))
		rep.WriteString(line + "\n")
		fmt.Fprintf(&b, "\n// %s: %s, minimax by the Remez exchange (gen/minimax), highest degree first.\n", f.name, f.doc)
		fmt.Fprintf(&b, "// Error relative to the result: %.3g (2^%.1f) as fitted, %.3g (2^%.1f) with the coefficients rounded.\n",
			r.exact, math.Log2(r.exact), r.posted, math.Log2(r.posted))
		fmt.Fprintf(&b, "var %s = [%d]%s{", f.name, deg+1, typ)
		for i, c := range r.coeffs {
			if i > 0 {
				b.WriteString(", ")
			}
			if f.f64 {
				fmt.Fprintf(&b, "%#x", c)
			} else {
				fmt.Fprintf(&b, "%#x", float32(c))
			}
		}
		b.WriteString("}\n")
	}
	src, err := format.Source(b.Bytes())
	return src, rep.String(), err
}
