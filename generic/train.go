package generic

// The kernels of a training step's backward pass. Each result is a fixed sequence of
// IEEE operations in the precision (AddScaled one FMA, rounded once in float32 too), so
// every backend must match these bit for bit.

// AddScaled sets dst[i] = a[i] + c·x[i], rounded once: the FMA of the SIMD kernels, in
// float32 through FMA32, so that an optimiser's step has the same bits on every backend.
func AddScaled[T Float](dst, a, x []T, c T) {
	a, x = a[:len(dst)], x[:len(dst)]
	for i := range dst {
		dst[i] = fmaOnce(c, x[i], a[i])
	}
}

// ReLUBackward sets dst[i] = grad[i] where x[i] > 0 and +0 elsewhere: a select, so a NaN
// or infinite gradient where x ≤ 0 (or x is NaN) gives 0, not NaN as a multiply would.
func ReLUBackward[T Float](dst, grad, x []T) {
	grad, x = grad[:len(dst)], x[:len(dst)]
	for i := range dst {
		if x[i] > 0 {
			dst[i] = grad[i]
		} else {
			dst[i] = 0
		}
	}
}

// TanhBackward sets dst[i] = grad[i]·((1 − y[i])·(1 + y[i])), 1 − y² written as a product
// so that it keeps its precision where y² is near 1 (one of the factors is then exact).
func TanhBackward[T Float](dst, grad, y []T) {
	grad, y = grad[:len(dst)], y[:len(dst)]
	for i := range dst {
		dst[i] = grad[i] * ((1 - y[i]) * (y[i] + 1))
	}
}

// SigmoidBackward sets dst[i] = grad[i]·(y[i]·(1 − y[i])).
func SigmoidBackward[T Float](dst, grad, y []T) {
	grad, y = grad[:len(dst)], y[:len(dst)]
	for i := range dst {
		dst[i] = grad[i] * (y[i] * (1 - y[i]))
	}
}

// Eps32 and Eps64 are the machine epsilons, NumPy's finfo.eps: LogLoss clamps ŷ to
// [ε, 1 − ε], as scikit-learn's log_loss does, so that ln ŷ and ln(1 − ŷ) stay finite.
const (
	Eps32 = 0x1p-23
	Eps64 = 0x1p-52
)

// LogLoss returns −Σ [y[i]·ln ŷ + (1 − y[i])·ln(1 − ŷ)], ŷ = yhat[i] clamped to [ε, 1 − ε],
// blocked as the other sums; len(y) ≥ len(yhat).
func LogLoss[T Float](yhat, y []T) T { return blocked2(yhat, y, logLoss[T]) }

func logLoss[T Float](yhat, y []T) T {
	f := formatOf[T]()
	eps := T(Eps64)
	if !isF64[T]() {
		eps = Eps32
	}
	term := func(p, t T) T {
		c := min(max(p, eps), 1-eps) // NaN stays NaN
		return -(t*f.log(c) + (1-t)*f.log(1-c))
	}
	return sum4(yhat, y, term)
}

// sum4 returns Σ term(a[i], b[i]) in four lanes, as sum: the blocked sums' bound counts
// a quarter of a block's terms on a lane's path.
func sum4[T Float](a, b []T, term func(x, y T) T) T {
	b = b[:len(a)]
	var s0, s1, s2, s3 T
	i := 0
	for ; i <= len(a)-4; i += 4 {
		x, y := a[i:i+4:i+4], b[i:i+4:i+4]
		s0 += term(x[0], y[0])
		s1 += term(x[1], y[1])
		s2 += term(x[2], y[2])
		s3 += term(x[3], y[3])
	}
	for ; i < len(a); i++ {
		s0 += term(a[i], b[i])
	}
	return (s0 + s1) + (s2 + s3)
}

// LogLossLogits returns Σ [max(z[i], 0) − z[i]·y[i] + log1p(e^−|z[i]|)]: the binary
// cross-entropy of σ(z) against y, from the logits z, blocked as the other sums;
// len(y) ≥ len(z). Each term is the FMA max(z, 0) − z·y, both of whose cases, z·(1 − y)
// and −z·y, are ≥ 0 for y in [0, 1], plus log1p(exp(−|z|)) in (0, ln 2]: a sum of two
// non-negative parts, which cannot cancel, at any z.
func LogLossLogits[T Float](z, y []T) T { return blocked2(z, y, logLossLogits[T]) }

func logLossLogits[T Float](z, y []T) T {
	return sum4(z, y, formatOf[T]().logLossLogits)
}

// logLossLogits is one term of LogLossLogits. At an infinite z the FMA would be ∞ − ∞, NaN,
// where the term has a limit: z·(1 − y) at +Inf and −z·y at −Inf (log1p(e^−∞) is 0), which
// is 0 when the label agrees with the certain logit, ±Inf with the sign of the factor
// otherwise, NaN for a NaN y.
func (f *format[T]) logLossLogits(z, y T) T {
	if z-z != 0 && z == z { // ±Inf
		if z > 0 {
			y = 1 - y
		}
		if y == 0 {
			return 0
		}
		return abs(z) * y
	}
	return fma(-z, y, max(z, 0)) + f.log1p(f.exp(-abs(z)))
}
