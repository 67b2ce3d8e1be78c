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
