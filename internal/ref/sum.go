package ref

import "math"

// Acc sums float64 terms in double-double, keeping Σ|terms| beside the sum for error
// bounds. Products of two float64s are added exactly (FMA gives the low part).
type Acc struct {
	s   dd
	abs float64
}

// Add adds x.
func (a *Acc) Add(x float64) {
	a.s = a.s.add(dd{x, 0})
	a.abs += math.Abs(x)
}

// AddProd adds x·y, exactly.
func (a *Acc) AddProd(x, y float64) {
	p := twoProd(x, y)
	a.s = a.s.add(p)
	a.abs += math.Abs(p.hi)
}

// Sum returns the sum, rounded to float64.
func (a *Acc) Sum() float64 { return a.s.hi + a.s.lo }

// Abs returns Σ|terms|.
func (a *Acc) Abs() float64 { return a.abs }
