package generic

import "math"

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
	for len(x) >= 4 {
		e0, e1, e2, e3 := f.exp4(-abs(x[0]), -abs(x[1]), -abs(x[2]), -abs(x[3]))
		dst[0], dst[1], dst[2], dst[3] = sigmoid(x[0], e0), sigmoid(x[1], e1), sigmoid(x[2], e2), sigmoid(x[3], e3)
		dst, x = dst[4:], x[4:]
	}
	for i, v := range x {
		dst[i] = sigmoid(v, f.exp(-abs(v)))
	}
}

// sigmoid returns σ(x) given e = exp(−|x|).
func sigmoid[T Float](x, e T) T {
	t := 1 + e
	tl := e - (t - 1)
	inv := 1 / t
	num := T(1)
	if !(x >= 0) { // NaN takes this side too; e is NaN then
		num = e
	}
	q := T(num * inv)
	r := fma(-q, t, num)
	r = fma(-q, tl, r)
	return fma(r, inv, q)
}

// SigmoidDerivative sets dst[i] = σ(x)·σ(−x) = e/(1+e)², e = exp(−|x|): the same value
// as σ(x)(1−σ(x)) without its cancellation (1−σ(x) loses every bit for large x). The square
// (1+e)² = t² + 2t·t', with t = fl(1+e) and its rounding error t' = e − (t−1) (exact), is
// rounded once, by an FMA.
func SigmoidDerivative[T Float](dst, x []T) {
	f := formatOf[T]()
	x = x[:len(dst)]
	for len(x) >= 4 {
		e0, e1, e2, e3 := f.exp4(-abs(x[0]), -abs(x[1]), -abs(x[2]), -abs(x[3]))
		dst[0], dst[1], dst[2], dst[3] = derivative(e0), derivative(e1), derivative(e2), derivative(e3)
		dst, x = dst[4:], x[4:]
	}
	for i, v := range x {
		dst[i] = derivative(f.exp(-abs(v)))
	}
}

// derivative returns σ(x)·σ(−x) given e = exp(−|x|).
func derivative[T Float](e T) T {
	t := 1 + e
	tl := e - (t - 1)
	return e / fma(t, t, 2*t*tl)
}

// SoftmaxRow sets dst to the softmax of x: exp(x[i]−max)/Σexp(x[j]−max), with the
// exponentials stored and summed in one pass, four accumulators over blocks of Block
// elements as the other sums, and then scaled by the reciprocal of the sum.
// len(x) == len(dst) > 0; dst may be x.
func SoftmaxRow[T Float](dst, x []T) {
	x = x[:len(dst)]
	m := Max(x)
	var total float64
	for i := 0; i < len(x); i += Block {
		end := min(i+Block, len(x))
		total += float64(expSum(dst[i:end], x[i:end], m))
	}
	Scale(dst, dst, 1/T(total))
}

// expSum sets dst[i] = exp(x[i]−m) and returns their sum.
func expSum[T Float](dst, x []T, m T) T {
	f := formatOf[T]()
	var s0, s1, s2, s3 T
	for len(x) >= 4 {
		e0, e1, e2, e3 := f.exp4(x[0]-m, x[1]-m, x[2]-m, x[3]-m)
		dst[0], dst[1], dst[2], dst[3] = e0, e1, e2, e3
		s0, s1, s2, s3 = s0+e0, s1+e1, s2+e2, s3+e3
		dst, x = dst[4:], x[4:]
	}
	for i, v := range x {
		e := f.exp(v - m)
		dst[i] = e
		s0 += e
	}
	return (s0 + s1) + (s2 + s3)
}

// CrossEntropyPiece is how many exponentials of a row SoftmaxCrossEntropy sums a call: a
// buffer of that many holds them when no gradient is wanted, and the gradient's rows are
// summed in the same pieces, so that the loss has the same bits with and without it.
const CrossEntropyPiece = 1024

// SoftmaxCrossEntropy returns Σᵢ −ln softmax(xᵢ)[labels[i]] over the rows xᵢ = x[i·stride:]
// [:cols], i < len(labels), and, unless grad is empty, sets grad's rows (gstride apart) to
// softmax(xᵢ) − onehot(labels[i]). Each row's loss is ln Σⱼ exp(xᵢⱼ−max) − (xᵢ[label]−max)
// in float64, its exponentials summed CrossEntropyPiece at a time by expSum (each piece's
// sum in the precision, the pieces' in float64), and the rows' losses added with
// Neumaier's compensation. cols > 0, 0 ≤ labels[i] < cols; grad may be x (same stride).
func SoftmaxCrossEntropy[T Float](grad []T, gstride int, x []T, stride, cols int, labels []int) float64 {
	var l Neumaier
	if len(grad) == 0 {
		var buf [CrossEntropyPiece]T
		for i, label := range labels {
			row := x[i*stride : i*stride+cols]
			m, xl := Max(row), row[label]
			var total float64
			for p := 0; p < cols; p += CrossEntropyPiece {
				end := min(p+CrossEntropyPiece, cols)
				total += float64(expSum(buf[:end-p], row[p:end], m))
			}
			l.Add(CrossEntropyLoss(total, xl, m))
		}
		return l.Sum()
	}
	for i, label := range labels {
		row, g := x[i*stride:i*stride+cols], grad[i*gstride:i*gstride+cols]
		m, xl := Max(row), row[label]
		var total float64
		for p := 0; p < cols; p += CrossEntropyPiece {
			end := min(p+CrossEntropyPiece, cols)
			total += float64(expSum(g[p:end], row[p:end], m))
		}
		Scale(g, g, 1/T(total))
		g[label]--
		l.Add(CrossEntropyLoss(total, xl, m))
	}
	return l.Sum()
}

// CrossEntropyLoss is −ln softmax(x)[label] from the sum of exp(x[j]−m), x[label] and m:
// ln sum − (x[label] − m), in float64 (x[label] − m is exact there for float32).
func CrossEntropyLoss[T Float](sum float64, xl, m T) float64 {
	return math.Log(sum) - (float64(xl) - float64(m))
}

// Neumaier is a float64 sum with Neumaier's compensation: within 2⁻⁵²·|sum| of the exact
// sum of what it was given, plus a term in n·2⁻¹⁰⁶·Σ|terms|.
type Neumaier struct{ s, c float64 }

// Add adds v.
func (n *Neumaier) Add(v float64) {
	t := n.s + v
	if math.Abs(n.s) >= math.Abs(v) {
		n.c += (n.s - t) + v
	} else {
		n.c += (v - t) + n.s
	}
	n.s = t
}

// Sum is the sum so far: ±Inf or NaN as the plain sum is, where the compensation is NaN.
func (n *Neumaier) Sum() float64 {
	if math.IsInf(n.s, 0) || n.s != n.s {
		return n.s
	}
	return n.s + n.c
}
