package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/lanesimd/lanes/internal/ref"
)

// TestSoftmaxCrossEntropyReference holds SoftmaxCrossEntropy's loss and gradient, on every
// backend in both precisions, to ref.SoftmaxCrossEntropy (double-double, exact
// differences, itself checked against math/big) on rows of ±1000, ±1e-30, ±0 and mixed
// magnitudes, one row at a time for every label of the short rows, and as one strided
// matrix. The bounds, u = 2⁻²⁴ or 2⁻⁵³ and p the true softmax:
//   - loss: the documented (rows·(cols + 4) + 3·L)·u, plus the reference's own rounding
//     to float64, 2⁻⁵²·L + 2⁻¹⁰⁰. A row's sum of exponentials is within (cols + 4)·u
//     relative (x − max rounded: |d|·u·e^d ≤ u/e of the sum an element; exp 2u; the sum's
//     roundings), so its logarithm is within that absolutely.
//   - gradient element j: ((cols/2 + 10 + ln cols)·pⱼ + 1)·u + 2·tiny, u more at the label
//     (1 taken from a value below 1), plus 2⁻⁵²·|gⱼ| for the reference: exp and the sum's
//     relative errors as in checkSoftmax, the rounding of xⱼ − max, |dⱼ|·u·pⱼ ≤ u/e, and
//     its share through the sum, Σ pₖ|dₖ|·u ≤ ln(cols)·u (the entropy's bound).
func TestSoftmaxCrossEntropyReference(t *testing.T) {
	for _, b := range emulatedBackends() {
		t.Run(b.Name+"/float32", func(t *testing.T) { crossEntropyReference(t, b.F32) })
		t.Run(b.Name+"/float64", func(t *testing.T) { crossEntropyReference(t, b.F64) })
	}
}

func crossEntropyReference[T Float](t *testing.T, tab *Table[T]) {
	k := tab.SoftmaxCrossEntropy
	u := eps[T]()
	rows := [][]float64{
		{1000, -1000, 0}, {-1000, 1000, 1000}, {-1000, -1000, -1000}, {1000},
		{1e-30, -1e-30, 0, 1e-30}, {-1e-30}, {1e-30, -1e-30, math.Copysign(0, -1), 0, 1e-30, -1e-30, 1e-30, -1e-30, 1e-30},
		{1000, 999.5, -1000, 1e-30, -1e-30, 3, 0, -999.25},
		{1e-30, 1000, 0.1, -0.1, 1e-20, 37.5, -87, 80, -1000, 1e-30, 999.9999, 2, -3},
	}
	r := rand.New(rand.NewPCG(21, 22))
	special := func() float64 {
		return []float64{1000, -1000, 1e-30, -1e-30, 0, 30 * r.NormFloat64(), 1000 - r.Float64(), math.Ldexp(r.Float64(), -r.IntN(100))}[r.IntN(8)]
	}
	for _, n := range []int{2, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 65, 100, 1023, 1025, 2100} {
		row := make([]float64, n)
		for j := range row {
			row[j] = special()
		}
		rows = append(rows, row)
	}
	check := func(x []T, label int, loss float64, grad []T) (float64, float64) {
		xf := make([]float64, len(x))
		for j, v := range x {
			xf[j] = float64(v)
		}
		want, wg := ref.SoftmaxCrossEntropy(xf, label)
		cols := float64(len(x))
		if grad != nil {
			for j, g := range wg {
				p := math.Abs(g)
				if j == label {
					p = g + 1
				}
				bound := ((cols/2+10+math.Log(cols))*p+1)*u + 2*tiny[T]() + 0x1p-52*math.Abs(g)
				if j == label {
					bound += u
				}
				if d := math.Abs(float64(grad[j]) - g); !(d <= bound) {
					t.Errorf("row %v, label %d: grad[%d] = %v, want %v: error %g > %g", short(xf), label, j, grad[j], g, d, bound)
				}
			}
		}
		return want, (cols+4)*u + 0x1p-100
	}
	for _, xs := range rows {
		x := make([]T, len(xs))
		for j, v := range xs {
			x[j] = T(v)
		}
		n := len(x)
		labels := []int{0, n / 2, n - 1, r.IntN(n)}
		if n <= 16 {
			labels = labels[:0]
			for l := range n {
				labels = append(labels, l)
			}
		}
		grad := make([]T, n)
		for _, l := range labels {
			loss := k(grad, n, x, n, n, []int{l})
			want, b := check(x, l, loss, grad)
			b += (3*u + 0x1p-52) * want
			if d := math.Abs(loss - want); !(d <= b) {
				t.Errorf("row %v, label %d: loss %v, want %v: error %g > %g", short(xs), l, loss, want, d, b)
			}
			if alone := k(nil, 0, x, n, n, []int{l}); !sameBits(alone, loss) {
				t.Errorf("row %v, label %d: the loss alone is %v, with the gradient %v", short(xs), l, alone, loss)
			}
		}
	}
	// One strided matrix of such rows: the rows' losses summed, each row's gradient.
	const rowsN, cols, stride = 37, 13, 15
	m, g := make([]T, rowsN*stride), make([]T, rowsN*stride)
	for i := range m {
		m[i] = T(special())
	}
	labels := make([]int, rowsN)
	for i := range labels {
		labels[i] = r.IntN(cols)
	}
	loss := k(g, stride, m, stride, cols, labels)
	var want, bound float64
	for i, l := range labels {
		w, b := check(m[i*stride:i*stride+cols], l, 0, g[i*stride:i*stride+cols])
		want += w
		bound += b
	}
	bound += (3*u + 0x1p-52) * want
	if d := math.Abs(loss - want); !(d <= bound) {
		t.Errorf("%d×%d matrix: loss %v, want %v: error %g > %g", rowsN, cols, loss, want, d, bound)
	}
}

// short abbreviates a long row for a message.
func short(x []float64) []float64 { return x[:min(len(x), 12)] }
