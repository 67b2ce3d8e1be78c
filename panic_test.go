package lanes

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// Every misuse panics at once with a message that starts "lanes:", names the op and
// gives the sizes.
func TestMisusePanics(t *testing.T) {
	a3, a4 := make([]float64, 3), make([]float64, 4)
	m23 := NewMatrix[float64](2, 3)
	m32 := NewMatrix[float64](3, 2)
	shared := make([]float64, 12)
	for _, c := range []struct {
		want string // every fragment must be in the message
		f    func()
	}{
		{"Dot: len(a)=3 != len(b)=4", func() { Dot(a3, a4) }},
		{"L1: len(yhat)=3 != len(y)=4", func() { L1(a3, a4) }},
		{"L2: len(yhat)=4 != len(y)=3", func() { L2(a4, a3) }},
		{"Max: len(x)=0", func() { Max([]float32{}) }},
		{"Add: len(dst)=3 != len(a)=4", func() { Add(a3, a4, a4) }},
		{"Sub: len(dst)=3 != len(b)=4", func() { Sub(a3, a3, a4) }},
		{"Mul: len(dst)=4 != len(a)=3", func() { Mul(a4, a3, a4) }},
		{"Div: len(dst)", func() { Div(a3, a4, a3) }},
		{"Maximum: len(dst)", func() { Maximum(a4, a3, a3) }},
		{"Scale: len(dst)=3 != len(x)=4", func() { Scale(a3, 2, a4) }},
		{"AddConst: len(dst)=3 != len(x)=4", func() { AddConst(a3, 2, a4) }},
		{"Exp: len(dst)=4 != len(x)=3", func() { Exp(a4, a3) }},
		{"Log: len(dst)", func() { Log(a4, a3) }},
		{"Tanh: len(dst)=4 != len(x)=3", func() { Tanh(a4, a3) }},
		{"ReLU: len(dst)=3 != len(x)=4", func() { ReLU(a3, a4) }},
		{"Sigmoid: len(dst)", func() { Sigmoid(a4, a3) }},
		{"SigmoidDerivative: len(dst)", func() { SigmoidDerivative(a4, a3) }},
		{"AddScaled: len(dst)=3 != len(a)=4", func() { AddScaled(a3, a4, 2, a3) }},
		{"AddScaled: len(dst)=3 != len(x)=4", func() { AddScaled(a3, a3, 2, a4) }},
		{"AddScaled: dst partially overlaps x", func() { AddScaled(shared[0:4], a4, 2, shared[1:5]) }},
		{"ReLUBackward: len(dst)=3 != len(grad)=4", func() { ReLUBackward(a3, a4, a3) }},
		{"ReLUBackward: len(dst)=3 != len(x)=4", func() { ReLUBackward(a3, a3, a4) }},
		{"TanhBackward: len(dst)=4 != len(y)=3", func() { TanhBackward(a4, a4, a3) }},
		{"SigmoidBackward: dst partially overlaps grad", func() { SigmoidBackward(shared[2:6], shared[0:4], a4) }},
		{"Add: dst partially overlaps a", func() { Add(shared[1:5], shared[0:4], a4) }},
		{"Exp: dst partially overlaps x", func() { Exp(shared[0:4], shared[2:6]) }},
		{"Outer: dst is 2×3, want len(a)×len(b) = 3×3", func() { Outer(m23, a3, a3) }},
		{"Outer: dst overlaps a", func() { Outer(MatrixOf(2, 2, shared[:4]), shared[3:5], shared[8:10]) }},
		{"Outer: dst overlaps b", func() { Outer(MatrixOf(2, 2, shared[:4]), shared[6:8], shared[:2]) }},
		{"MatVec: w is 2×3, len(x)=4, len(dst)=2", func() { MatVec(make([]float64, 2), m23, a4) }},
		{"MatVec: w is 2×3, len(x)=3, len(dst)=3", func() { MatVec(a3, m23, a3) }},
		{"MatVec: dst overlaps x", func() { MatVec(shared[0:2], m23, shared[1:4]) }},
		{"MatVec: dst overlaps w", func() { MatVec(shared[5:7], MatrixOf(2, 3, shared[:6]), a3) }},
		{"RowSums: m is 2×3, len(dst)=3", func() { RowSums(a3, m23) }},
		{"ArgMaxRows: m is 2×3, len(dst)=3", func() { ArgMaxRows(make([]int, 3), m23) }},
		{"ArgMaxRows: m is 2×0: the argmax of an empty row is undefined", func() { ArgMaxRows(make([]int, 2), Matrix[float64]{Rows: 2}) }},
		{"ArgMaxRows: m is not a valid matrix: Rows=-1", func() { ArgMaxRows(nil, Matrix[float32]{Rows: -1}) }},
		{"SoftmaxCrossEntropy: labels[17]=12 not in [0,10)", func() {
			labels := make([]int, 20)
			labels[17], labels[19] = 12, -1
			SoftmaxCrossEntropy(NewMatrix[float32](20, 10), NewMatrix[float32](20, 10), labels)
		}},
		{"SoftmaxCrossEntropy: labels[1]=-1 not in [0,3)", func() { SoftmaxCrossEntropy(Matrix[float64]{}, m23, []int{0, -1}) }},
		{"SoftmaxCrossEntropy: logits is 2×3, len(labels)=3", func() { SoftmaxCrossEntropy(Matrix[float64]{}, m23, []int{0, 1, 2}) }},
		{"SoftmaxCrossEntropy: logits is 2×0: the softmax of an empty row is undefined", func() { SoftmaxCrossEntropy(Matrix[float64]{}, Matrix[float64]{Rows: 2}, []int{0, 0}) }},
		{"SoftmaxCrossEntropy: grad is 3×2, logits is 2×3", func() { SoftmaxCrossEntropy(m32, m23, []int{0, 1}) }},
		{"SoftmaxCrossEntropy: grad partially overlaps logits", func() {
			SoftmaxCrossEntropy(MatrixOf(2, 3, shared[1:7]), MatrixOf(2, 3, shared[:6]), []int{0, 1})
		}},
		{"LogLoss: len(yhat)=3 != len(y)=4", func() { LogLoss(a3, a4) }},
		{"LogLoss: len(yhat)=4 != len(y)=3", func() { LogLoss([]float32{1, 2, 3, 4}, []float32{1, 2, 3}) }},
		{"LogLossLogits: len(z)=4 != len(y)=3", func() { LogLossLogits(a4, a3) }},
		{"LogLossLogits: len(z)=0 != len(y)=3", func() { LogLossLogits([]float32{}, []float32{1, 2, 3}) }},
		{"ColSums: m is 2×3, len(dst)=2", func() { ColSums(make([]float64, 2), m23) }},
		{"ColSums: dst overlaps m", func() { ColSums(shared[4:7], MatrixOf(2, 3, shared[:6])) }},
		{"RowSums: dst overlaps m", func() { RowSums(shared[4:6], MatrixOf(2, 3, shared[:6])) }},
		{"Softmax: dst is 2×3, x is 3×2", func() { Softmax(m23, m32) }},
		{"NormalizeRows: dst is 3×2, x is 2×3", func() { NormalizeRows(m32, m23) }},
		{"Softmax: dst partially overlaps x", func() { Softmax(MatrixOf(2, 3, shared[:6]), MatrixOf(2, 3, shared[1:7])) }},
		{"NormalizeRows: dst partially overlaps x", func() {
			NormalizeRows(Matrix[float64]{2, 3, 3, shared[:6]}, Matrix[float64]{2, 3, 4, shared[:7]})
		}},
		{"AddCol: m is 2×3, len(v)=3 != Rows=2", func() { AddCol(m23, m23, a3) }},
		{"SubCol: m is 2×3", func() { SubCol(m23, m23, a4) }},
		{"MulCol", func() { MulCol(m23, m23, a4) }},
		{"DivCol", func() { DivCol(m23, m23, a4) }},
		{"AddRow: m is 2×3, len(v)=4 != Cols=3", func() { AddRow(m23, m23, a4) }},
		{"SubRow", func() { SubRow(m23, m23, a4) }},
		{"MulRow", func() { MulRow(m23, m23, a4) }},
		{"DivRow: m is 2×3, len(v)=2 != Cols=3", func() { DivRow(m23, m23, a3[:2]) }},
		{"AddRow: dst overlaps v", func() { m := MatrixOf(2, 3, shared[:6]); AddRow(m, m, shared[3:6]) }},
		{"MulCol: dst is 3×2, m is 2×3", func() { MulCol(m32, m23, a3[:2]) }},
		{"Softmax: x is not a valid matrix: Rows=2 Cols=3 Stride=3 len(Data)=5", func() {
			Softmax(m23, Matrix[float64]{2, 3, 3, make([]float64, 5)})
		}},
		{"MatVec: w is not a valid matrix: Rows=2 Cols=3 Stride=2", func() {
			MatVec(make([]float64, 2), Matrix[float64]{2, 3, 2, make([]float64, 6)}, a3)
		}},
		{"RowSums: m is not a valid matrix: Rows=-1", func() { RowSums(a3, Matrix[float64]{Rows: -1}) }},
		{"Outer: dst is not a valid matrix: Rows=1 Cols=3 Stride=3 len(Data)=2", func() {
			Outer(Matrix[float64]{1, 3, 3, make([]float64, 2)}, a3[:1], a3)
		}},
		{"NewMatrix: invalid dimensions -1×2", func() { NewMatrix[float32](-1, 2) }},
		{"NewMatrix: invalid dimensions", func() { NewMatrix[float32](math.MaxInt/2+1, 4) }},
		{"MatrixOf: len(data)=3 != rows*cols=2*2", func() { MatrixOf(2, 2, a3) }},
		{"Row: i=2 out of range for 2 rows", func() { m23.Row(2) }},
		{"Row: i=-1", func() { m23.Row(-1) }},
		{"At: (0, 3) out of range for 2×3", func() { m23.At(0, 3) }},
		{"Row: row 1 of a matrix with Cols=3 Stride=3 lies outside len(Data)=5", func() {
			Matrix[float64]{2, 3, 3, make([]float64, 5)}.Row(1)
		}},
		{"At: (1, 2) of a matrix with Stride=3 lies outside len(Data)=5", func() {
			Matrix[float64]{2, 3, 3, make([]float64, 5)}.At(1, 2)
		}},
		{"Reshape: m is not contiguous: Cols=3 Stride=4", func() {
			Reshape(Matrix[float64]{2, 3, 4, make([]float64, 7)}, 3, 2)
		}},
		{"Reshape: 2×3 to 4×2 changes the number of elements", func() { Reshape(m23, 4, 2) }},
		{"Reshape: invalid dimensions -2×-3", func() { Reshape(m23, -2, -3) }},
		{"Image2Vector: len(img)=3 != 1×2×2", func() { Image2Vector(a3, 1, 2, 2) }},
		{"Image2Vector: negative dimension", func() { Image2Vector(a3, -1, -1, 3) }},
	} {
		msg := panicMessage(c.f)
		if msg == "" {
			t.Errorf("no panic, want %q", c.want)
			continue
		}
		if !strings.HasPrefix(msg, "lanes: ") || !strings.Contains(msg, c.want) {
			t.Errorf("panic %q, want one starting \"lanes: \" containing %q", msg, c.want)
		}
	}
}

func panicMessage(f func()) (msg string) {
	defer func() {
		if p := recover(); p != nil {
			msg = fmt.Sprint(p) // a runtime error does not start with "lanes:"
		}
	}()
	f()
	return ""
}

// Using the same slice or matrix as output and input is allowed where documented.
func TestInPlaceAllowed(t *testing.T) {
	x := []float64{1, 2, 3}
	m := MatrixOf(1, 3, []float64{1, 2, 3})
	for _, f := range []func(){
		func() { Add(x, x, x) }, func() { Exp(x, x) }, func() { Scale(x, 2, x) },
		func() { Softmax(m, m) }, func() { NormalizeRows(m, m) }, func() { AddRow(m, m, []float64{1, 1, 1}) },
		func() { MulCol(m, m, []float64{2}) },
	} {
		if msg := panicMessage(f); msg != "" {
			t.Errorf("in-place use panicked: %s", msg)
		}
	}
}
