package main

import (
	"fmt"
	"math"
	"math/big"
)

// prec is the working precision of the fits: far beyond float64's, so that the
// coefficients and the errors it reports are the polynomials', not the arithmetic's.
const prec = 160

func bf(x float64) *big.Float { return new(big.Float).SetPrec(prec).SetFloat64(x) }

// problem is a weighted minimax approximation: p of degree Degree with
// max |W(x)·(F(x) − p(x))| smallest over [Lo, Hi]. W must not vanish there.
type problem struct {
	Name   string
	F, W   func(x *big.Float) *big.Float
	Lo, Hi float64
	Degree int
}

// fw holds F and W at the points a fit evaluates them, by problem name and point: the
// exchange revisits them many times.
var fw = map[fwKey][2]*big.Float{}

type fwKey struct {
	name string
	x    float64
}

func (p problem) at(x float64) (f, w *big.Float) {
	k := fwKey{p.Name, x}
	if v, ok := fw[k]; ok {
		return v[0], v[1]
	}
	xb := bf(x)
	f, w = p.F(xb), p.W(xb)
	fw[k] = [2]*big.Float{f, w}
	return f, w
}

// remez returns the coefficients c[0..Degree] (c[j] of xʲ) of the minimax polynomial and
// its weighted error, by the Remez exchange: solve for the polynomial that equioscillates
// on n+2 points, move the points to the error's extrema, repeat until the extrema are as
// large as the level the solve asked for.
func remez(p problem) ([]*big.Float, float64, error) {
	n := p.Degree
	pts := make([]float64, n+2)
	for i := range pts { // Chebyshev extrema, a good start
		pts[i] = (p.Lo+p.Hi)/2 - (p.Hi-p.Lo)/2*math.Cos(math.Pi*float64(i)/float64(n+1))
	}
	var c []*big.Float
	for iter := 0; iter < 60; iter++ {
		var level float64
		var err error
		c, level, err = solve(p, pts)
		if err != nil {
			return nil, 0, err
		}
		ext, worst := extrema(p, c, n+2)
		if ext == nil {
			return nil, 0, fmt.Errorf("degree %d: no alternation after %d steps", n, iter)
		}
		pts = ext
		if worst <= math.Abs(level)*(1+1e-9) {
			return c, worst, nil
		}
	}
	return nil, 0, fmt.Errorf("degree %d: the exchange did not converge", n)
}

// solve returns the polynomial with W(xᵢ)(F(xᵢ) − p(xᵢ)) = (−1)ⁱ·E at the points, and E.
func solve(p problem, pts []float64) ([]*big.Float, float64, error) {
	m := len(pts) // unknowns: c₀..c_n and E
	a := make([][]*big.Float, m)
	for i, x := range pts {
		xb := bf(x)
		a[i] = make([]*big.Float, m+1)
		pw := bf(1)
		for j := 0; j < m-1; j++ {
			a[i][j] = new(big.Float).SetPrec(prec).Set(pw)
			pw = new(big.Float).SetPrec(prec).Mul(pw, xb)
		}
		s := bf(1)
		if i%2 == 1 {
			s = bf(-1)
		}
		f, w := p.at(x)
		a[i][m-1] = new(big.Float).SetPrec(prec).Quo(s, w)
		a[i][m] = f
	}
	// Gaussian elimination with partial pivoting.
	for col := 0; col < m; col++ {
		piv := col
		for r := col + 1; r < m; r++ {
			if new(big.Float).Abs(a[r][col]).Cmp(new(big.Float).Abs(a[piv][col])) > 0 {
				piv = r
			}
		}
		a[col], a[piv] = a[piv], a[col]
		if a[col][col].Sign() == 0 {
			return nil, 0, fmt.Errorf("singular system")
		}
		for r := 0; r < m; r++ {
			if r == col {
				continue
			}
			f := new(big.Float).SetPrec(prec).Quo(a[r][col], a[col][col])
			for k := col; k <= m; k++ {
				a[r][k] = new(big.Float).SetPrec(prec).Sub(a[r][k], new(big.Float).SetPrec(prec).Mul(f, a[col][k]))
			}
		}
	}
	c := make([]*big.Float, m-1)
	for j := range c {
		c[j] = new(big.Float).SetPrec(prec).Quo(a[j][m], a[j][j])
	}
	e, _ := new(big.Float).Quo(a[m-1][m], a[m-1][m-1]).Float64()
	return c, e, nil
}

// weightedError is W(x)·(F(x) − p(x)) for coefficients c.
func weightedError(p problem, c []*big.Float, x float64) float64 {
	xb := bf(x)
	v := new(big.Float).SetPrec(prec).Set(c[len(c)-1])
	for j := len(c) - 2; j >= 0; j-- {
		v.Mul(v, xb)
		v.Add(v, c[j])
	}
	f, w := p.at(x)
	d := new(big.Float).SetPrec(prec).Sub(f, v)
	d.Mul(d, w)
	e, _ := d.Float64()
	return e
}

// grid is the number of points the error is scanned at for its extrema.
const grid = 1000

// extrema returns k points where the error alternates in sign with the largest magnitudes
// (one per run of equal sign, each refined by golden-section search), and the largest.
func extrema(p problem, c []*big.Float, k int) ([]float64, float64) {
	xs := make([]float64, grid+1)
	es := make([]float64, grid+1)
	for i := range xs {
		// Chebyshev-spaced, denser at the ends where the extrema crowd.
		xs[i] = (p.Lo+p.Hi)/2 - (p.Hi-p.Lo)/2*math.Cos(math.Pi*float64(i)/grid)
		es[i] = weightedError(p, c, xs[i])
	}
	// Runs of one sign; in each the point of largest |error|, refined.
	type peak struct{ x, e float64 }
	var peaks []peak
	start := 0
	for i := 1; i <= len(xs); i++ {
		if i < len(xs) && (es[i] >= 0) == (es[start] >= 0) {
			continue
		}
		best := start
		for j := start; j < i; j++ {
			if math.Abs(es[j]) > math.Abs(es[best]) {
				best = j
			}
		}
		lo, hi := xs[max(best-1, 0)], xs[min(best+1, len(xs)-1)]
		x := golden(func(x float64) float64 { return math.Abs(weightedError(p, c, x)) }, lo, hi)
		peaks = append(peaks, peak{x, weightedError(p, c, x)})
		start = i
	}
	// Too many runs: drop the smallest peak at either end, or merge adjacent ones, until k.
	for len(peaks) > k {
		if math.Abs(peaks[0].e) < math.Abs(peaks[len(peaks)-1].e) {
			peaks = peaks[1:]
		} else {
			peaks = peaks[:len(peaks)-1]
		}
	}
	if len(peaks) < k {
		return nil, 0
	}
	out, worst := make([]float64, k), 0.0
	for i, pk := range peaks {
		out[i] = pk.x
		worst = max(worst, math.Abs(pk.e))
	}
	return out, worst
}

// golden returns the maximum of f on [lo, hi], f unimodal there.
func golden(f func(float64) float64, lo, hi float64) float64 {
	const g = 0.6180339887498949
	a, b := lo, hi
	x1, x2 := b-g*(b-a), a+g*(b-a)
	f1, f2 := f(x1), f(x2)
	for range 40 {
		if f1 > f2 {
			b, x2, f2 = x2, x1, f1
			x1 = b - g*(b-a)
			f1 = f(x1)
		} else {
			a, x1, f1 = x1, x2, f2
			x2 = a + g*(b-a)
			f2 = f(x2)
		}
	}
	if f1 > f2 {
		return x1
	}
	return x2
}
