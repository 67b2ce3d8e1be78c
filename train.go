package lanes

import "fmt"

// The backward pass of a training step: the optimiser's update and the gradients through
// the activations, each one pass over memory.

// AddScaled sets dst[i] = a[i] + c·x[i] (axpy), one fused multiply-add rounded once:
// `w -= lr·dw` is AddScaled(w, w, -lr, dw). Its bits are the same on every backend, in
// both precisions. dst may be a or x.
func AddScaled[T Float](dst, a []T, c T, x []T) {
	if !intoOK(dst, a) || !intoOK(dst, x) {
		checkInto("AddScaled", dst, a, "a")
		checkInto("AddScaled", dst, x, "x")
	}
	if is32[T]() {
		f32.AddScaled(v32(dst), v32(a), v32(x), float32(c))
		return
	}
	f64.AddScaled(v64(dst), v64(a), v64(x), float64(c))
}

// ReLUBackward sets dst[i] = grad[i] where x[i] > 0, else +0: the gradient through ReLU,
// from its input x, the pre-activation (ReLU(x) gives the same result). It selects, not
// multiplies, so a NaN or ±Inf in grad where x ≤ 0 gives 0, and a NaN x gives 0: exact,
// the same bits on every backend. dst may be grad or x.
func ReLUBackward[T Float](dst, grad, x []T) {
	binaryOf("ReLUBackward", dst, grad, "grad", x, "x", f32.ReLUBackward, f64.ReLUBackward)
}

// TanhBackward sets dst[i] = grad[i]·(1 − y[i]²), the gradient through tanh, from its
// output y = tanh(x) as the forward pass kept it. It computes grad·((1 − y)(1 + y)), which
// keeps its precision where y² is near 1: within 3 ULP of grad·(1 − y²) for |y| ≤ 1 (four
// roundings; 1.99 ULP seen in float32, 1.47 in float64), the same bits on every backend.
// dst may be grad or y.
func TanhBackward[T Float](dst, grad, y []T) {
	binaryOf("TanhBackward", dst, grad, "grad", y, "y", f32.TanhBackward, f64.TanhBackward)
}

// SigmoidBackward sets dst[i] = grad[i]·y[i]·(1 − y[i]), the gradient through σ, from its
// output y = σ(x) as the forward pass kept it (SigmoidDerivative takes x instead).
// Computed as grad·(y·(1 − y)): within 2.5 ULP of the exact value for 0 ≤ y ≤ 1 (three
// roundings; 1.93 ULP seen in float32, 1.48 in float64), the same bits on every backend.
// dst may be grad or y.
func SigmoidBackward[T Float](dst, grad, y []T) {
	binaryOf("SigmoidBackward", dst, grad, "grad", y, "y", f32.SigmoidBackward, f64.SigmoidBackward)
}

// ArgMaxRows sets dst[i] to the column of the largest element of row i of m
// (np.argmax(m, axis=1)): the first of equal maxima, and, as NumPy has it, the first NaN
// if the row holds one (a NaN counts as the maximum). A row of −Infs gives 0. len(dst)
// must be m.Rows, and a matrix with rows but no columns panics, as np.argmax does on an
// empty axis.
//
// It is a plain Go loop, not a kernel: a compare and a branch an element, as fast as the
// loop a user would write (0.5 elements/ns on 256×1000 float32s, a 2-vCPU EPYC, avx2),
// several times slower than RowSums' kernel over the same matrix. Its rows are a
// network's classes (10 wide for the MLP), where a vector loop would barely start, and
// the softmax or product before it costs far more.
func ArgMaxRows[T Float](dst []int, m Matrix[T]) {
	checkMatrix("ArgMaxRows", "m", m)
	if len(dst) != m.Rows {
		panic(fmt.Sprintf("lanes: ArgMaxRows: m is %d×%d, len(dst)=%d", m.Rows, m.Cols, len(dst)))
	}
	if m.Rows > 0 && m.Cols == 0 {
		panic(fmt.Sprintf("lanes: ArgMaxRows: m is %d×0: the argmax of an empty row is undefined", m.Rows))
	}
	for i := range dst {
		dst[i] = argMax(m.Row(i))
	}
}

// argMax is the index of the first maximum of x, or of its first NaN; len(x) > 0.
func argMax[T Float](x []T) int {
	best, at := x[0], 0
	if best != best {
		return 0
	}
	for j, v := range x {
		if v > best {
			best, at = v, j
		} else if v != v {
			return j
		}
	}
	return at
}

// SoftmaxCrossEntropy returns the softmax cross-entropy of the rows of logits against
// their labels, summed over the rows: Σᵢ −ln softmax(logitsᵢ)[labels[i]], computed stably
// as ln Σⱼ exp(logitsᵢⱼ − maxᵢ) − (logitsᵢ[labels[i]] − maxᵢ), so logits of ±1000 are
// fine. It takes logits (pre-activations), not probabilities. Into grad it writes the
// gradient of the sum, softmax(logitsᵢ) − onehot(labels[i]), unscaled (divide by the rows
// for a mean); grad may be logits, and a zero Matrix[T]{} as grad computes the loss alone,
// with the same bits. Each row is one sweep of the kernels Softmax runs: its max, the
// exponentials and their sum in one pass, one scaling.
//
// Bound: within (rows·(Cols + 4) + 3·L)·ε of the true loss L (ε = 2⁻²⁴ or 2⁻⁵³): each
// row's sum of exponentials within (Cols + 4)·ε relative, the rows' losses in float64,
// added with Neumaier's compensation, rounded once. The gradient is within Softmax's
// bound of softmax, ε more at the label. A row with a NaN or +Inf gives a NaN loss and
// gradient.
//
// It panics unless len(labels) == logits.Rows, unless grad is a zero Matrix or of
// logits' shape (the same matrix or none of its memory), if a row has no columns, or if a
// label is not a column: every label is checked before anything is written
// ("lanes: SoftmaxCrossEntropy: labels[17]=12 not in [0,10)"). No rows give 0.
func SoftmaxCrossEntropy[T Float](grad, logits Matrix[T], labels []int) T {
	const op = "SoftmaxCrossEntropy"
	noGrad := grad.Rows == 0 && grad.Cols == 0 && grad.Stride == 0 && grad.Data == nil
	if noGrad {
		checkMatrix(op, "logits", logits)
	} else {
		checkShapes(op, "grad", grad, logits, "logits")
	}
	if len(labels) != logits.Rows {
		panic(fmt.Sprintf("lanes: %s: logits is %d×%d, len(labels)=%d", op, logits.Rows, logits.Cols, len(labels)))
	}
	if logits.Rows == 0 {
		return 0
	}
	if logits.Cols == 0 {
		panic(fmt.Sprintf("lanes: %s: logits is %d×0: the softmax of an empty row is undefined", op, logits.Rows))
	}
	for i, l := range labels {
		if uint(l) >= uint(logits.Cols) {
			panic(fmt.Sprintf("lanes: %s: labels[%d]=%d not in [0,%d)", op, i, l, logits.Cols))
		}
	}
	x := span(logits)
	var g []T
	if !noGrad {
		g = span(grad)
	}
	if is32[T]() {
		return T(f32.SoftmaxCrossEntropy(v32(g), grad.Stride, v32(x), logits.Stride, logits.Cols, labels))
	}
	return T(f64.SoftmaxCrossEntropy(v64(g), grad.Stride, v64(x), logits.Stride, logits.Cols, labels))
}

// LogLossLogits returns the binary cross-entropy of σ(z) against the labels y from the
// logits z, the inputs of the sigmoid: Σ [max(z[i], 0) − z[i]·y[i] + ln(1 + e^−|z[i]|)],
// which is −Σ [y·ln σ(z) + (1 − y)·ln(1 − σ(z))] computed stably in one pass (TensorFlow's
// sigmoid_cross_entropy_with_logits, PyTorch's BCEWithLogitsLoss with reduction='sum').
// Prefer it to LogLoss: it needs no clamp, is finite for every finite z (±1000 included)
// and exact in its limits, where σ(z) rounded to 0 or 1 has lost what LogLoss needs. For
// y in [0, 1] each term is within 2 ULP (two non-negative parts, nothing cancels: the first
// one FMA, the second log1p(exp(−|z|)) in (0, ln 2]), the sum within Sum's bound of the
// terms. Divide by len(z) for the mean. It panics unless len(z) == len(y).
//
// A NaN in z or y gives NaN. An infinite logit costs the term's limit, not the ∞ − ∞ of
// its formula: z = +Inf costs 0 where y = 1 and +Inf where y < 1, z = −Inf costs 0 where
// y = 0 and +Inf where y > 0 (a certain prediction against a label it contradicts). A
// label outside [0, 1] gives the formula's value, which may be negative (−Inf at z = +Inf,
// y > 1); an infinite label gives ±Inf, or NaN at z = 0; infinite terms of both signs
// give NaN.
func LogLossLogits[T Float](z, y []T) T {
	checkLen("LogLossLogits", "z", z, "y", y)
	if is32[T]() {
		return T(f32.LogLossLogits(v32(z), v32(y)))
	}
	return T(f64.LogLossLogits(v64(z), v64(y)))
}

// LogLoss returns the binary cross-entropy −Σ [y[i]·ln ŷ + (1 − y[i])·ln(1 − ŷ)] of the
// probabilities yhat (a sigmoid's outputs) against the labels y, ŷ = yhat[i] clamped to
// [ε, 1 − ε] with ε the precision's machine epsilon (2⁻²³, 2⁻⁵²: NumPy's finfo.eps, the
// clamp of scikit-learn's log_loss), so that it is finite for every ŷ and y in [0, 1]: a σ
// that rounded to 1 costs ln(1/ε) where the course's formula gives NaN. A sum, like L1 and
// L2: divide by len(y) for the mean. Each term is within 6 ε of its two parts' magnitudes
// (lanes' logarithm is within 1 ULP), the sum within Sum's bound of the terms. It panics
// unless len(yhat) == len(y).
//
// A NaN in yhat or y gives NaN. Any other ŷ, ±Inf and values outside [0, 1] included, is
// clamped like the rest: it costs at most ln(1/ε) (15.9 in float32, 36.0 in float64) a
// unit of label. A label outside [0, 1] gives the formula's value, which may be negative;
// an infinite label gives NaN (its two parts are infinities of opposite signs, both
// logarithms being finite and negative).
func LogLoss[T Float](yhat, y []T) T {
	checkLen("LogLoss", "yhat", yhat, "y", y)
	if is32[T]() {
		return T(f32.LogLoss(v32(yhat), v32(y)))
	}
	return T(f64.LogLoss(v64(yhat), v64(y)))
}
