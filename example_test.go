package lanes_test

import (
	"fmt"
	"math"
	"strings"

	"github.com/lanesimd/lanes"
)

// The examples reproduce the results of the Python-basics-with-NumPy notebook that lanes
// started from, in float64, printed with %.6f (%.6e for tiny values) so that the output is
// the same on every backend and GOARCH.

// show prints values with format, space-separated.
func show[T lanes.Float](format string, v []T) {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprintf(format, x)
	}
	fmt.Println(strings.Join(s, " "))
}

// np.exp(x)
func ExampleExp() {
	x := []float64{1, 2, 3}
	y := make([]float64, len(x))
	lanes.Exp(y, x)
	show("%.6f", y)
	// Output: 2.718282 7.389056 20.085537
}

// np.log1p(x): where 1 + x rounds, ln(1 + x) loses x's low bits (math.Log(1 + 1e-10) is
// 1.00000008e-10); Log1p keeps them.
func ExampleLog1p() {
	x := []float64{1e-10, 0.5, -0.5}
	y := make([]float64, len(x))
	lanes.Log1p(y, x)
	show("%.12g", y)
	// Output: 9.9999999995e-11 0.405465108108 -0.69314718056
}

// sigmoid(x) = 1 / (1 + np.exp(-x))
func ExampleSigmoid() {
	x := []float64{1, 2, 3}
	s := make([]float64, len(x))
	lanes.Sigmoid(s, x)
	show("%.6f", s)
	// Output: 0.731059 0.880797 0.952574
}

// sigmoid_derivative(x) = s * (1 - s)
func ExampleSigmoidDerivative() {
	x := []float64{1, 2, 3}
	ds := make([]float64, len(x))
	lanes.SigmoidDerivative(ds, x)
	show("%.6f", ds)
	// Output: 0.196612 0.104994 0.045177
}

// x / np.linalg.norm(x, axis=1, keepdims=True)
func ExampleNormalizeRows() {
	x := lanes.MatrixOf(2, 3, []float64{
		0, 3, 4,
		1, 6, 4,
	})
	lanes.NormalizeRows(x, x)
	show("%.6f", x.Row(0))
	show("%.6f", x.Row(1))
	// Output:
	// 0.000000 0.600000 0.800000
	// 0.137361 0.824163 0.549442
}

// np.exp(x) / np.sum(np.exp(x), axis=1, keepdims=True), computed stably
func ExampleSoftmax() {
	x := lanes.MatrixOf(2, 5, []float64{
		9, 2, 5, 0, 0,
		7, 5, 0, 0, 0,
	})
	s := lanes.NewMatrix[float64](2, 5)
	lanes.Softmax(s, x)
	show("%.6e", s.Row(0))
	show("%.6e", s.Row(1))
	// Output:
	// 9.808977e-01 8.944629e-04 1.796577e-02 1.210524e-04 1.210524e-04
	// 8.786799e-01 1.189164e-01 8.012523e-04 8.012523e-04 8.012523e-04
}

var (
	x1 = []float64{9, 2, 5, 0, 0, 7, 5, 0, 0, 0, 9, 2, 5, 0}
	x2 = []float64{9, 2, 2, 9, 0, 9, 2, 5, 0, 0, 9, 2, 5, 0}
)

// np.dot(x1, x2)
func ExampleDot() {
	fmt.Printf("%.6f\n", lanes.Dot(x1, x2))
	// Output: 278.000000
}

// np.outer(x1, x2)
func ExampleOuter() {
	o := lanes.NewMatrix[float64](len(x1), len(x2))
	lanes.Outer(o, x1, x2)
	for i := range o.Rows {
		show("%.6f", o.Row(i))
	}
	// Output:
	// 81.000000 18.000000 18.000000 81.000000 0.000000 81.000000 18.000000 45.000000 0.000000 0.000000 81.000000 18.000000 45.000000 0.000000
	// 18.000000 4.000000 4.000000 18.000000 0.000000 18.000000 4.000000 10.000000 0.000000 0.000000 18.000000 4.000000 10.000000 0.000000
	// 45.000000 10.000000 10.000000 45.000000 0.000000 45.000000 10.000000 25.000000 0.000000 0.000000 45.000000 10.000000 25.000000 0.000000
	// 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000
	// 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000
	// 63.000000 14.000000 14.000000 63.000000 0.000000 63.000000 14.000000 35.000000 0.000000 0.000000 63.000000 14.000000 35.000000 0.000000
	// 45.000000 10.000000 10.000000 45.000000 0.000000 45.000000 10.000000 25.000000 0.000000 0.000000 45.000000 10.000000 25.000000 0.000000
	// 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000
	// 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000
	// 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000
	// 81.000000 18.000000 18.000000 81.000000 0.000000 81.000000 18.000000 45.000000 0.000000 0.000000 81.000000 18.000000 45.000000 0.000000
	// 18.000000 4.000000 4.000000 18.000000 0.000000 18.000000 4.000000 10.000000 0.000000 0.000000 18.000000 4.000000 10.000000 0.000000
	// 45.000000 10.000000 10.000000 45.000000 0.000000 45.000000 10.000000 25.000000 0.000000 0.000000 45.000000 10.000000 25.000000 0.000000
	// 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000 0.000000
}

// np.multiply(x1, x2)
func ExampleMul() {
	m := make([]float64, len(x1))
	lanes.Mul(m, x1, x2)
	show("%.6f", m)
	// Output: 81.000000 4.000000 10.000000 0.000000 0.000000 63.000000 10.000000 0.000000 0.000000 0.000000 81.000000 4.000000 25.000000 0.000000
}

// np.dot(W, x1) for a 3×14 W
func ExampleMatVec() {
	w := lanes.MatrixOf(3, 14, []float64{
		-1, 0, 1, 2, -1, 0, 1, 2, -1, 0, 1, 2, -1, 0,
		0, 1, 2, -1, 0, 1, 2, -1, 0, 1, 2, -1, 0, 1,
		1, 2, -1, 0, 1, 2, -1, 0, 1, 2, -1, 0, 1, 2,
	})
	y := make([]float64, 3)
	lanes.MatVec(y, w, x1)
	show("%.6f", y)
	// Output: 9.000000 45.000000 13.000000
}

// np.dot(W, X): a layer's forward pass over a batch, W 2×3 and X 3×2 (a column per example)
func ExampleMatMul() {
	w := lanes.MatrixOf(2, 3, []float64{1, 2, 3, 4, 5, 6})
	x := lanes.MatrixOf(3, 2, []float64{1, 0, 0, 1, 1, 1})
	z := lanes.NewMatrix[float64](2, 2)
	lanes.MatMul(z, w, x)
	for i := range z.Rows {
		show("%.0f", z.Row(i))
	}
	// Output:
	// 4 5
	// 10 11
}

// np.dot(dZ, X.T): the backward pass's dW, without copying Xᵀ
func ExampleMatMulTransB() {
	dz := lanes.MatrixOf(1, 2, []float32{0.5, -1})
	x := lanes.MatrixOf(3, 2, []float32{1, 0, 0, 1, 1, 1}) // 3 features × 2 examples
	dw := lanes.NewMatrix[float32](1, 3)
	lanes.MatMulTransB(dw, dz, x)
	show("%.1f", dw.Row(0))
	// Output: 0.5 -1.0 -0.5
}

// np.sum(np.abs(y - yhat))
func ExampleL1() {
	yhat := []float64{.9, .2, .1, .4, .9}
	y := []float64{1, 0, 0, 1, 1}
	fmt.Printf("%.6f\n", lanes.L1(yhat, y))
	// Output: 1.100000
}

// np.sum((y - yhat)**2)
func ExampleL2() {
	yhat := []float64{.9, .2, .1, .4, .9}
	y := []float64{1, 0, 0, 1, 1}
	fmt.Printf("%.6f\n", lanes.L2(yhat, y))
	// Output: 0.430000
}

// image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1)
func ExampleImage2Vector() {
	image := []float64{ // 3×3×2, stored contiguously as NumPy does
		0.67826139, 0.29380381, 0.90714982, 0.52835647, 0.4215251, 0.45017551,
		0.92814219, 0.96677647, 0.85304703, 0.52351845, 0.19981397, 0.27417313,
		0.60659855, 0.00533165, 0.10820313, 0.49978937, 0.34144279, 0.94630077,
	}
	v := lanes.Image2Vector(image, 3, 3, 2)
	fmt.Printf("%d×%d\n", v.Rows, v.Cols)
	for i := range v.Rows {
		fmt.Printf("%.8f\n", v.At(i, 0))
	}
	image[0] = 1 // a view, not a copy
	fmt.Printf("%.8f\n", v.At(0, 0))
	// Output:
	// 18×1
	// 0.67826139
	// 0.29380381
	// 0.90714982
	// 0.52835647
	// 0.42152510
	// 0.45017551
	// 0.92814219
	// 0.96677647
	// 0.85304703
	// 0.52351845
	// 0.19981397
	// 0.27417313
	// 0.60659855
	// 0.00533165
	// 0.10820313
	// 0.49978937
	// 0.34144279
	// 0.94630077
	// 1.00000000
}

// Float32 works the same way; Backend says which kernels run.
func Example() {
	x := []float32{1, 2, 3}
	s := make([]float32, 3)
	lanes.Sigmoid(s, x)
	fmt.Println(s)
	// Output: [0.7310586 0.8807971 0.95257413]
}

// w -= lr * dw, one pass: the gradient-descent step.
func ExampleAddScaled() {
	w := []float64{0.5, -0.2, 0.1}
	dw := []float64{0.1, 0.3, -0.2}
	lr := 0.1
	lanes.AddScaled(w, w, -lr, dw)
	show("%.6f", w)
	// Output: 0.490000 -0.230000 0.120000
}

// dZ = dA * (Z > 0), as a select: a NaN gradient where Z ≤ 0 does not leak through.
func ExampleReLUBackward() {
	z := []float64{-1.5, 0, 2, 0.5}
	dA := []float64{math.NaN(), 0.7, -0.4, 0.2}
	dZ := make([]float64, len(z))
	lanes.ReLUBackward(dZ, dA, z)
	show("%.6f", dZ)
	// Output: 0.000000 0.000000 -0.400000 0.200000
}

// dZ = dA * (1 - np.power(A, 2)), A = np.tanh(Z) kept by the forward pass.
func ExampleTanhBackward() {
	z := []float64{0.5, -1, 2}
	a := make([]float64, len(z))
	lanes.Tanh(a, z)
	dA := []float64{1, 1, 1}
	dZ := make([]float64, len(z))
	lanes.TanhBackward(dZ, dA, a)
	show("%.6f", dZ)
	// Output: 0.786448 0.419974 0.070651
}

// dZ = dA * A * (1 - A), A = sigmoid(Z) kept by the forward pass.
func ExampleSigmoidBackward() {
	z := []float64{1, 2, 3}
	a := make([]float64, len(z))
	lanes.Sigmoid(a, z)
	dA := []float64{2, 2, 2}
	dZ := make([]float64, len(z))
	lanes.SigmoidBackward(dZ, dA, a)
	show("%.6f", dZ)
	// Output: 0.393224 0.209987 0.090353
}

// np.argmax(probs, axis=1): the predicted class of each row, the first maximum.
func ExampleArgMaxRows() {
	probs := lanes.MatrixOf(3, 4, []float64{
		0.1, 0.6, 0.2, 0.1,
		0.3, 0.3, 0.2, 0.2,
		0.0, 0.1, 0.2, 0.7,
	})
	pred := make([]int, probs.Rows)
	lanes.ArgMaxRows(pred, probs)
	fmt.Println(pred)
	// Output: [1 0 3]
}

// The binary cross-entropy of a sigmoid's outputs: the third, which rounded to 1 for a
// label 0, costs ln(1/ε) (36.04 in float64), not the +Inf of −ln(1 − ŷ).
func ExampleLogLoss() {
	yhat := []float64{0.9, 0.2, 1, 0.5}
	y := []float64{1, 0, 0, 1}
	loss := lanes.LogLoss(yhat, y)
	fmt.Printf("%.6f, mean %.6f\n", loss, loss/float64(len(y)))
	// Output: 37.065305, mean 9.266326
}

// The binary cross-entropy from the logits, the sigmoid's inputs: a logit of 1000 for a
// label 1 costs 0 (σ rounds to 1, and rightly), one of 0 costs ln 2, one of −3 for a label
// 1 costs 3 + ln(1 + e⁻³); no clamp, no NaN.
func ExampleLogLossLogits() {
	z := []float64{1000, -1000, 0, 2, -3}
	y := []float64{1, 0, 1, 0, 1}
	loss := lanes.LogLossLogits(z, y)
	fmt.Printf("%.6f, mean %.6f\n", loss, loss/float64(len(y)))
	// Output: 5.868663, mean 1.173733
}

// The loss of a classifier's logits against the true classes, and its gradient, for a
// batch of two: the mean is the sum over the rows.
func ExampleSoftmaxCrossEntropy() {
	logits := lanes.MatrixOf(2, 3, []float64{
		2, 1, 0.1,
		0.5, 2.5, 0.3,
	})
	labels := []int{0, 2}
	grad := lanes.NewMatrix[float64](2, 3)
	loss := lanes.SoftmaxCrossEntropy(grad, logits, labels)
	fmt.Printf("mean loss %.6f\n", loss/2)
	show("%.6f", grad.Data)
	// Output:
	// mean loss 1.418540
	// -0.340999 0.242433 0.098566 0.108604 0.802479 -0.911083
}

// np.sum(dZ, axis=0): a layer's bias gradient, the sum of each column over the batch.
func ExampleColSums() {
	dZ := lanes.MatrixOf(3, 2, []float64{
		0.5, -1,
		0.25, 2,
		1, 0.5,
	})
	db := make([]float64, dZ.Cols)
	lanes.ColSums(db, dZ)
	fmt.Println(db)
	// Output: [1.75 1.5]
}
