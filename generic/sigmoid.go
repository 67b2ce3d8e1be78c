package generic

// Sigmoid, its derivative and the softmax row are fused: one pass computes the exponential
// and finishes the element, with no temporary.

// Sigmoid sets dst[i] = σ(x[i]) = 1/(1+e⁻ˣ); len(x) == len(dst). With e = exp(−|x|) ≤ 1
// it computes 1/(1+e) for x ≥ 0 and e/(1+e) for x < 0, so nothing overflows: σ(1000) is
// exactly 1, σ(−1000) exactly 0, and σ(−740) the subnormal it should be.
//
// The quotient num/(1+e) is q = num·fl(1/t), t = fl(1+e), corrected by one Newton step
// whose residual num − q·(t + t') includes t's rounding error t' = e − (t−1) (exact):
// without it, t's rounding alone costs up to 1 ULP of σ near 1, and the product another
// half. What remains is exp's error, scaled down by 1/(1+e), and the last rounding.
func Sigmoid[T Float](dst, x []T) {
	f := formatOf[T]()
	x = x[:len(dst)]
	for i, v := range x {
		e := f.exp(-abs(v))
		t := 1 + e
		tl := e - (t - 1)
		inv := 1 / t
		num := T(1)
		if !(v >= 0) { // NaN takes this side too; e is NaN then
			num = e
		}
		q := T(num * inv)
		r := fma(-q, t, num)
		r = fma(-q, tl, r)
		dst[i] = fma(r, inv, q)
	}
}

// SigmoidDerivative sets dst[i] = σ(x)·σ(−x) = e/(1+e)², e = exp(−|x|): the same value
// as σ(x)(1−σ(x)) without its cancellation (1−σ(x) loses every bit for large x). The square
// (1+e)² = t² + 2t·t', with t = fl(1+e) and its rounding error t' = e − (t−1) (exact), is
// rounded once, by an FMA.
func SigmoidDerivative[T Float](dst, x []T) {
	f := formatOf[T]()
	x = x[:len(dst)]
	for i, v := range x {
		e := f.exp(-abs(v))
		t := 1 + e
		tl := e - (t - 1)
		dst[i] = e / fma(t, t, 2*t*tl)
	}
}

// SoftmaxRow sets dst to the softmax of x: exp(x[i]−max)/Σexp(x[j]−max), with the
// exponentials stored and summed in one pass and then scaled by the reciprocal of the sum.
// len(x) == len(dst) > 0; dst may be x.
func SoftmaxRow[T Float](dst, x []T) {
	exp := formatOf[T]().exp
	x = x[:len(dst)]
	m := Max(x)
	var s0, s1 T
	i := 0
	for ; i+2 <= len(x); i += 2 {
		e0, e1 := exp(x[i]-m), exp(x[i+1]-m)
		dst[i], dst[i+1] = e0, e1
		s0 += e0
		s1 += e1
	}
	if i < len(x) {
		e := exp(x[i] - m)
		dst[i] = e
		s0 += e
	}
	Scale(dst, 1/(s0+s1), dst)
}
