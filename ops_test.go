package lanes

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/lanesimd/lanes/internal/ref"
)

// Every public op, on every backend, in both precisions, against a plain float64 (or
// double-double) computation of what NumPy would give: vectors of many lengths, matrices
// with padding between rows (Stride > Cols) that must be neither read nor written.

func epsT[T Float]() float64 {
	if is32[T]() {
		return 0x1p-24
	}
	return 0x1p-53
}

var vectorLengths = []int{0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 255, 256, 1000, 4097, 9000}

func randVec[T Float](r *rand.Rand, n int, lo, hi float64) []T {
	x := make([]T, n)
	for i := range x {
		x[i] = T(lo + (hi-lo)*r.Float64())
	}
	return x
}

// closeSum reports whether a reduction of n terms is within the summation error bound.
func closeSum(got, want, abs float64, n int, eps float64) bool {
	return math.Abs(got-want) <= (float64(n)/2+8)*eps*abs
}

func TestVectorOps(t *testing.T) {
	eachBackend(t, func(t *testing.T) { both(t, vectorOps[float32], vectorOps[float64]) })
}

func vectorOps[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, n := range vectorLengths {
		a, b := randVec[T](r, n, -3, 3), randVec[T](r, n, -3, 3)
		var dot, sum, l1, l2, sq ref.Acc
		for i := range a {
			x, y := float64(a[i]), float64(b[i])
			dot.AddProd(x, y)
			sum.Add(x)
			d := float64(a[i] - b[i])
			l1.Add(math.Abs(d))
			l2.AddProd(d, d)
			sq.AddProd(x, x)
		}
		e := epsT[T]()
		for _, c := range []struct {
			op   string
			got  T
			want *ref.Acc
		}{{"Dot", Dot(a, b), &dot}, {"Sum", Sum(a), &sum}, {"L1", L1(a, b), &l1}, {"L2", L2(a, b), &l2}} {
			if !closeSum(float64(c.got), c.want.Sum(), c.want.Abs(), n, e) {
				t.Errorf("%s, n=%d: got %v, want %v", c.op, n, c.got, c.want.Sum())
			}
		}
		if got, want := float64(Norm(a)), math.Sqrt(sq.Sum()); !closeSum(got, want, want, n, e) {
			t.Errorf("Norm, n=%d: got %v, want %v", n, got, want)
		}
		if n > 0 {
			want := a[0]
			for _, v := range a {
				want = max(want, v)
			}
			if got := Max(a); got != want {
				t.Errorf("Max, n=%d: got %v, want %v", n, got, want)
			}
		}

		dst := make([]T, n)
		c := T(r.Float64()*4 - 2)
		for _, op := range []struct {
			name string
			run  func()
			want func(i int) T
		}{
			{"Add", func() { Add(dst, a, b) }, func(i int) T { return T(float64(a[i]) + float64(b[i])) }},
			{"Sub", func() { Sub(dst, a, b) }, func(i int) T { return T(float64(a[i]) - float64(b[i])) }},
			{"Mul", func() { Mul(dst, a, b) }, func(i int) T { return T(float64(a[i]) * float64(b[i])) }},
			{"Div", func() { Div(dst, a, b) }, func(i int) T { return T(float64(a[i]) / float64(b[i])) }},
			{"Maximum", func() { Maximum(dst, a, b) }, func(i int) T { return max(a[i], b[i]) }},
			{"Scale", func() { Scale(dst, c, a) }, func(i int) T { return T(float64(c) * float64(a[i])) }},
			{"AddConst", func() { AddConst(dst, c, a) }, func(i int) T { return T(float64(a[i]) + float64(c)) }},
			{"ReLU", func() { ReLU(dst, a) }, func(i int) T {
				if a[i] > 0 {
					return a[i]
				}
				return 0
			}},
		} {
			op.run()
			for i := range dst {
				if w := op.want(i); !same(dst[i], w) {
					t.Fatalf("%s, n=%d, element %d: got %v, want %v", op.name, n, i, dst[i], w)
				}
			}
		}

		x := randVec[T](r, n, -30, 30)
		for _, op := range []struct {
			name  string
			f     func(dst, x []T)
			truth func(float64) ref.Value
			bound float64
		}{
			{"Exp", Exp[T], ref.Exp, 1},
			{"Sigmoid", Sigmoid[T], ref.Sigmoid, 2},
			{"SigmoidDerivative", SigmoidDerivative[T], ref.SigmoidDerivative, 4},
			{"Tanh", Tanh[T], ref.Tanh, 2},
			{"Log", func(d, x []T) {
				for i := range x {
					x[i] = T(math.Abs(float64(x[i])) + 1e-3)
				}
				Log(d, x)
			}, ref.Log, 1},
		} {
			op.f(dst, x)
			for i := range dst {
				if u := ulpsT(dst[i], op.truth(float64(x[i]))); u > op.bound {
					t.Fatalf("%s(%v) = %v: %.2f ULP > %v", op.name, x[i], dst[i], u, op.bound)
				}
			}
		}
	}
}

// shapes are matrices with and without padding between rows.
var shapes = []struct{ rows, cols, stride int }{
	{0, 0, 0}, {0, 3, 3}, {3, 0, 0}, {3, 0, 2}, {1, 1, 1}, {1, 7, 9}, {3, 5, 5}, {3, 5, 8}, {4, 16, 17},
	{7, 33, 40}, {16, 100, 100}, {5, 257, 260}, {64, 31, 33},
}

const pad = 7.25

// padded returns a rows×cols matrix with the stride given, random rows in [lo, hi) and
// fill in the padding.
func padded[T Float](r *rand.Rand, rows, cols, stride int, lo, hi float64, fill T) Matrix[T] {
	n := 0
	if rows > 0 {
		n = (rows-1)*stride + cols
	}
	m := Matrix[T]{Rows: rows, Cols: cols, Stride: stride, Data: make([]T, n)}
	for i := range m.Data {
		if i%max(stride, 1) < cols {
			m.Data[i] = T(lo + (hi-lo)*r.Float64())
		} else {
			m.Data[i] = fill
		}
	}
	return m
}

// padIntact reports an error if a padding element of m is no longer pad.
func padIntact[T Float](m Matrix[T]) error {
	for i, v := range m.Data {
		if i%max(m.Stride, 1) >= m.Cols && v != pad {
			return fmt.Errorf("padding element %d written: %v", i, v)
		}
	}
	return nil
}

func TestMatrixOps(t *testing.T) {
	eachBackend(t, func(t *testing.T) { both(t, matrixOps[float32], matrixOps[float64]) })
}

func matrixOps[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	nan := T(math.NaN())
	e := epsT[T]()
	for _, s := range shapes {
		name := fmt.Sprintf("%d×%d/stride=%d", s.rows, s.cols, s.stride)
		m := padded(r, s.rows, s.cols, s.stride, -3, 3, nan) // NaN padding: reading it shows
		dst := padded(r, s.rows, s.cols, s.stride+1, 0, 0, T(pad))
		x, col := randVec[T](r, s.cols, -2, 2), randVec[T](r, s.rows, 0.5, 2)

		// W·x, row sums, outer product.
		out := make([]T, s.rows)
		MatVec(out, m, x)
		sums := make([]T, s.rows)
		RowSums(sums, m)
		for i := range s.rows {
			var dot, sum ref.Acc
			for j := range s.cols {
				dot.AddProd(float64(m.At(i, j)), float64(x[j]))
				sum.Add(float64(m.At(i, j)))
			}
			if !closeSum(float64(out[i]), dot.Sum(), dot.Abs(), s.cols, e) {
				t.Errorf("%s MatVec row %d: got %v, want %v", name, i, out[i], dot.Sum())
			}
			if !closeSum(float64(sums[i]), sum.Sum(), sum.Abs(), s.cols, e) {
				t.Errorf("%s RowSums row %d: got %v, want %v", name, i, sums[i], sum.Sum())
			}
		}
		Outer(dst, col, x)
		for i := range s.rows {
			for j := range s.cols {
				if got, want := dst.At(i, j), T(float64(col[i])*float64(x[j])); got != want {
					t.Errorf("%s Outer (%d,%d): got %v, want %v", name, i, j, got, want)
				}
			}
		}
		if err := padIntact(dst); err != nil {
			t.Errorf("%s Outer: %v", name, err)
		}

		// Broadcasts, out of place and in place.
		for _, b := range []struct {
			op   string
			f    func(dst, m Matrix[T], v []T)
			v    []T
			want func(i, j int) float64
		}{
			{"AddCol", AddCol[T], col, func(i, j int) float64 { return float64(m.At(i, j)) + float64(col[i]) }},
			{"SubCol", SubCol[T], col, func(i, j int) float64 { return float64(m.At(i, j)) - float64(col[i]) }},
			{"MulCol", MulCol[T], col, func(i, j int) float64 { return float64(m.At(i, j)) * float64(col[i]) }},
			{"DivCol", DivCol[T], col, func(i, j int) float64 { return float64(m.At(i, j)) / float64(col[i]) }},
			{"AddRow", AddRow[T], x, func(i, j int) float64 { return float64(m.At(i, j)) + float64(x[j]) }},
			{"SubRow", SubRow[T], x, func(i, j int) float64 { return float64(m.At(i, j)) - float64(x[j]) }},
			{"MulRow", MulRow[T], x, func(i, j int) float64 { return float64(m.At(i, j)) * float64(x[j]) }},
			{"DivRow", DivRow[T], x, func(i, j int) float64 { return float64(m.At(i, j)) / float64(x[j]) }},
		} {
			b.f(dst, m, b.v)
			inPlace := Matrix[T]{s.rows, s.cols, s.stride, append([]T(nil), m.Data...)}
			b.f(inPlace, inPlace, b.v)
			for i := range s.rows {
				for j := range s.cols {
					w := T(b.want(i, j))
					if !same(dst.At(i, j), w) || !same(inPlace.At(i, j), w) {
						t.Fatalf("%s %s (%d,%d): got %v (in place %v), want %v", name, b.op, i, j, dst.At(i, j), inPlace.At(i, j), w)
					}
				}
			}
			if err := padIntact(dst); err != nil {
				t.Errorf("%s %s: %v", name, b.op, err)
			}
		}

		// Softmax and NormalizeRows, out of place and in place.
		Softmax(dst, m)
		for i := range s.rows {
			mx := math.Inf(-1)
			for j := range s.cols {
				mx = max(mx, float64(m.At(i, j)))
			}
			var sum ref.Acc
			for j := range s.cols {
				sum.Add(math.Exp(float64(m.At(i, j)) - mx))
			}
			for j := range s.cols {
				w := math.Exp(float64(m.At(i, j))-mx) / sum.Sum()
				if g := float64(dst.At(i, j)); math.Abs(g-w) > (float64(s.cols)/2+8)*e*w {
					t.Fatalf("%s Softmax (%d,%d): got %v, want %v", name, i, j, g, w)
				}
			}
		}
		normalized := NewMatrix[T](s.rows, s.cols)
		NormalizeRows(normalized, m)
		for i := range s.rows {
			var sq ref.Acc
			for j := range s.cols {
				sq.AddProd(float64(m.At(i, j)), float64(m.At(i, j)))
			}
			norm := math.Sqrt(sq.Sum())
			for j := range s.cols {
				w := float64(m.At(i, j)) / norm
				if g := float64(normalized.At(i, j)); math.Abs(g-w) > (float64(s.cols)/4+8)*e {
					t.Fatalf("%s NormalizeRows (%d,%d): got %v, want %v", name, i, j, g, w)
				}
			}
		}
		if err := padIntact(dst); err != nil {
			t.Errorf("%s Softmax: %v", name, err)
		}
		for _, op := range []struct {
			name string
			f    func(dst, x Matrix[T])
		}{{"Softmax", Softmax[T]}, {"NormalizeRows", NormalizeRows[T]}} {
			out := NewMatrix[T](s.rows, s.cols)
			op.f(out, m)
			inPlace := Matrix[T]{s.rows, s.cols, s.stride, append([]T(nil), m.Data...)}
			op.f(inPlace, inPlace)
			for i := range s.rows {
				for j := range s.cols {
					if !same(out.At(i, j), inPlace.At(i, j)) {
						t.Fatalf("%s %s (%d,%d): in place %v, out of place %v", name, op.name, i, j, inPlace.At(i, j), out.At(i, j))
					}
				}
			}
		}
	}
}
