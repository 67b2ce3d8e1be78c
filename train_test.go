package lanes_test

import (
	"math"
	"testing"

	"github.com/lanesimd/lanes"
	"github.com/lanesimd/lanes/internal/ref"
)

// The training ops' documented edge cases, on every backend: the select of ReLUBackward,
// the one rounding of AddScaled in place, the gradients' precision near saturation.

func TestTrainingEdges(t *testing.T) {
	eachBackend(t, func(t *testing.T) { both(t, trainingEdges[float32], trainingEdges[float64]) })
}

func trainingEdges[T lanes.Float](t *testing.T) {
	nan, inf, negz := T(math.NaN()), T(math.Inf(1)), T(math.Copysign(0, -1))
	// ReLUBackward selects: NaN or ±Inf in grad where x ≤ 0 (or x is NaN) gives +0, never
	// NaN; −0 in grad where x > 0 stays −0; a tiny positive x passes grad through.
	grad := []T{nan, inf, -inf, nan, 5, negz, nan, 7, -3}
	x := []T{-1, 0, negz, nan, nan, 2, 1, T(math.SmallestNonzeroFloat32), -inf}
	want := []T{0, 0, 0, 0, 0, negz, nan, 7, 0}
	got := make([]T, len(x))
	lanes.ReLUBackward(got, grad, x)
	for i := range x {
		if !same(got[i], want[i]) {
			t.Errorf("ReLUBackward(grad=%v, x=%v) = %v, want %v", grad[i], x[i], got[i], want[i])
		}
	}

	// AddScaled in place is one FMA: a + c·x where c·x alone would round away the answer.
	e := T(0x1p-20)
	if !lanes.Is32[T]() {
		e = 0x1p-40
	}
	w := []T{-1, 1, 2}
	lanes.AddScaled(w, w, 1+e, []T{1 - e, 3, inf})
	if want := []T{-e * e, 4 + 3*e, inf}; !same(w[0], want[0]) || !same(w[1], want[1]) || !same(w[2], want[2]) {
		t.Errorf("AddScaled in place = %v, want %v (one rounding)", w, want)
	}

	// The gradients are 0 where the activation saturates, exactly, and keep their
	// precision just below it, where 1 − y² computed as such would lose it.
	one := T(1)
	below := T(math.Nextafter32(1, 0))
	if !lanes.Is32[T]() {
		below = T(math.Nextafter(1, 0))
	}
	g := make([]T, 4)
	lanes.TanhBackward(g, []T{3, 3, 3, nan}, []T{one, -one, below, 0})
	if g[0] != 0 || g[1] != 0 || g[3] == g[3] {
		t.Errorf("TanhBackward(3, ±1) = %v, %v, want 0; (NaN, 0) = %v, want NaN", g[0], g[1], g[3])
	}
	if u := ulpsT(g[2], ref.TanhBackward(3, float64(below))); u > 3 {
		t.Errorf("TanhBackward(3, %v) = %v: %.2f ULP from the truth", below, g[2], u)
	}
	lanes.SigmoidBackward(g, []T{2, 2, 2, 2}, []T{one, 0, below, 0.5})
	if g[0] != 0 || g[1] != 0 || g[3] != 0.5 {
		t.Errorf("SigmoidBackward(2, 1), (2, 0), (2, 0.5) = %v, %v, %v, want 0, 0, 0.5", g[0], g[1], g[3])
	}
	if u := ulpsT(g[2], ref.SigmoidBackward(2, float64(below))); u > 2.5 {
		t.Errorf("SigmoidBackward(2, %v) = %v: %.2f ULP from the truth", below, g[2], u)
	}
}

// SoftmaxCrossEntropy's documented cases, on every backend: logits of ±1000, the loss
// alone and in place with the same bits, no rows, and a row of NaN.
func TestSoftmaxCrossEntropyEdges(t *testing.T) {
	eachBackend(t, func(t *testing.T) { both(t, crossEntropyEdges[float32], crossEntropyEdges[float64]) })
}

func crossEntropyEdges[T lanes.Float](t *testing.T) {
	e := 0x1p-24
	if !lanes.Is32[T]() {
		e = 0x1p-53
	}
	// Row 0: softmax is one-hot on the label, loss 0. Row 1: the label 2000 below the
	// max, loss 2000 + ln 1. Row 2: two equal maxima, loss ln 2, gradient −½ at the label.
	logits := lanes.MatrixOf(3, 3, []T{1000, -1000, 0, 1000, 0, -1000, -1000, 1000, 1000})
	labels := []int{0, 2, 1}
	want := []float64{0, 2000, math.Ln2}
	wantGrad := []float64{0, 0, 0, 1, 0, -1, 0, -0.5, 0.5}
	grad := lanes.NewMatrix[T](3, 3)
	loss := lanes.SoftmaxCrossEntropy(grad, logits, labels)
	if total := want[0] + want[1] + want[2]; math.Abs(float64(loss)-total) > 4*e*total {
		t.Errorf("loss of ±1000 logits = %v, want %v", loss, total)
	}
	for i, w := range wantGrad {
		if g := float64(grad.Data[i]); math.Abs(g-w) > 2*e {
			t.Errorf("grad[%d] = %v, want %v", i, g, w)
		}
	}
	if alone := lanes.SoftmaxCrossEntropy(lanes.Matrix[T]{}, logits, labels); alone != loss {
		t.Errorf("the loss alone = %v, with the gradient %v", alone, loss)
	}
	in := lanes.MatrixOf(3, 3, append([]T(nil), logits.Data...))
	if own := lanes.SoftmaxCrossEntropy(in, in, labels); own != loss || !slicesEqual(in.Data, grad.Data) {
		t.Errorf("in place: loss %v, gradient %v; out of place %v, %v", own, in.Data, loss, grad.Data)
	}
	if l := lanes.SoftmaxCrossEntropy(lanes.Matrix[T]{}, lanes.Matrix[T]{Cols: 4, Stride: 4}, nil); l != 0 {
		t.Errorf("no rows: %v, want 0", l)
	}
	// Every label is checked before anything is written: a bad last label leaves grad.
	grad.Data[0] = 7
	func() {
		defer func() { _ = recover() }()
		lanes.SoftmaxCrossEntropy(grad, logits, []int{0, 1, 3})
	}()
	if grad.Data[0] != 7 {
		t.Errorf("a bad label: grad was written before the panic: %v", grad.Data)
	}
	nan := T(math.NaN())
	if l := lanes.SoftmaxCrossEntropy(lanes.Matrix[T]{}, lanes.MatrixOf(2, 2, []T{1, 2, nan, 0}), []int{0, 1}); l == l {
		t.Errorf("a row with NaN: loss %v, want NaN", l)
	}
}

func slicesEqual[T lanes.Float](a, b []T) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}
