package ref

import "math"

// SoftmaxCrossEntropy returns −ln softmax(x)[label] = ln Σⱼ e^(xⱼ − m) − (x[label] − m) and
// the gradient softmax(x) − onehot(label), for finite x, m = max x. Every difference
// xⱼ − m is exact (two float64s, in double-double), unlike the kernels', which round it to
// the precision; the terms below e^−700 of the largest (which is 1) are dropped, 2⁻¹⁰⁰⁰
// of the sum. The loss and each gradient element are rounded once to float64 at the end.
func SoftmaxCrossEntropy(x []float64, label int) (loss float64, grad []float64) {
	m := math.Inf(-1)
	for _, v := range x {
		m = max(m, v)
	}
	es := make([]dd, len(x))
	var s dd
	for j, v := range x {
		d := twoSum(v, -m)
		if d.hi < -700 {
			continue
		}
		e := expDD(d)
		es[j] = e.M.scale(e.E)
		s = s.add(es[j])
	}
	grad = make([]float64, len(x))
	for j, e := range es {
		g := e.div(s)
		if j == label {
			g = g.add(dd{-1, 0})
		}
		grad[j] = g.hi + g.lo
	}
	l := logDD(s).add(twoSum(x[label], -m).neg())
	return l.hi + l.lo, grad
}
