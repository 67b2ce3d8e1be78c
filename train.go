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
