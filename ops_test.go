package lanes_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/lanesimd/lanes"
	"github.com/lanesimd/lanes/internal/catalog"
	"github.com/lanesimd/lanes/internal/publicops"
	"github.com/lanesimd/lanes/internal/ref"
)

// Every public op, on every backend, in both precisions, against a plain float64 (or
// double-double) computation of what NumPy would give: vectors of many lengths, matrices
// with padding between rows (Stride > Cols) that must be neither read nor written.
//
// The ops come from publicops, and each has its reference below, keyed by its name: an op
// added to the list without one fails TestEveryOpHasAReference. The helpers (NewMatrix,
// Reshape, Matrix.At...) compute nothing and are checked in matrix_test.go, Backend in
// dispatch_test.go.

func epsT[T lanes.Float]() float64 {
	if lanes.Is32[T]() {
		return 0x1p-24
	}
	return 0x1p-53
}

var vectorLengths = []int{0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 255, 256, 1000, 4097, 9000}

func randVec[T lanes.Float](r *rand.Rand, n int, lo, hi float64) []T {
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

// reduction is a reduction's reference: the true result of the op on a (and b, for a
// two-operand reduction) and whether got is close enough to it.
type reduction[T lanes.Float] func(got T, a, b []T) (want float64, ok bool)

// within returns the reference of a reduction whose result is the sum of term over the
// elements, within the summation error bound.
func within[T lanes.Float](term func(acc *ref.Acc, x, y T)) reduction[T] {
	return func(got T, a, b []T) (float64, bool) {
		var acc ref.Acc
		for i := range a {
			var y T
			if b != nil {
				y = b[i]
			}
			term(&acc, a[i], y)
		}
		return acc.Sum(), closeSum(float64(got), acc.Sum(), acc.Abs(), len(a), epsT[T]())
	}
}

func reductions[T lanes.Float]() map[string]reduction[T] {
	m := map[string]reduction[T]{
		"Dot": within(func(acc *ref.Acc, x, y T) { acc.AddProd(float64(x), float64(y)) }),
		"Sum": within(func(acc *ref.Acc, x, _ T) { acc.Add(float64(x)) }),
		"L1":  within(func(acc *ref.Acc, x, y T) { acc.Add(math.Abs(float64(x - y))) }),
		"L2": within(func(acc *ref.Acc, x, y T) {
			d := float64(x - y)
			acc.AddProd(d, d)
		}),
		// LogLoss's two parts count apart in the bound: for y outside [0, 1] they cancel.
		"LogLoss": within(func(acc *ref.Acc, p, y T) {
			eps := 0x1p-52
			if epsT[T]() > 0x1p-30 {
				eps = 0x1p-23
			}
			c := min(max(float64(p), eps), 1-eps)
			acc.Add(-float64(y) * math.Log(c))
			acc.Add(-float64(T(1-y)) * math.Log(float64(T(1-c))))
		}),
		"Norm": func(got T, a, _ []T) (float64, bool) {
			var sq ref.Acc
			for _, x := range a {
				sq.AddProd(float64(x), float64(x))
			}
			want := math.Sqrt(sq.Sum())
			return want, closeSum(float64(got), want, want, len(a), epsT[T]())
		},
		"Max": func(got T, a, _ []T) (float64, bool) {
			want := a[0]
			for _, v := range a {
				want = max(want, v)
			}
			return float64(want), got == want
		},
	}
	for _, e := range catalogued(catalog.SumOf, func(o publicops.Op[float64]) bool { return o.Reduce1 != nil || o.Reduce2 != nil }) {
		if _, ok := m[e.Name]; !ok {
			m[e.Name] = within(func(acc *ref.Acc, x, y T) {
				round := func(v float64) float64 { return float64(T(v)) }
				if e.Test.Parts != nil { // the parts count apart in the bound
					p, q := e.Test.Parts(float64(x), float64(y), round)
					acc.Add(p)
					acc.Add(q)
					return
				}
				acc.AddProd(e.Test.Term(float64(x), float64(y), round))
			})
		}
	}
	return m
}

// catalogued returns the catalogue's entries of family f named as a public op that of
// accepts: an op that is its kernel's entry needs no reference of its own here, its
// entry's spec is one.
func catalogued(f catalog.Family, of func(publicops.Op[float64]) bool) []catalog.Entry {
	var es []catalog.Entry
	for _, o := range publicops.Ops[float64]() {
		for _, e := range catalog.Table {
			if e.Name == o.Name && e.Test.Family == f && of(o) {
				es = append(es, e)
			}
		}
	}
	return es
}

// exact are the elementwise ops whose every element must be exactly this function of
// a[i], b[i] (Binary, Scaled) and the constant c (WithConst, Scaled): the operation in
// float64, rounded once, or the catalogue entry's sequence of rounded operations or FMA.
func exact[T lanes.Float]() map[string]func(a, b, c T) T {
	m := map[string]func(a, b, c T) T{
		"Add":      func(a, b, _ T) T { return T(float64(a) + float64(b)) },
		"Sub":      func(a, b, _ T) T { return T(float64(a) - float64(b)) },
		"Mul":      func(a, b, _ T) T { return T(float64(a) * float64(b)) },
		"Div":      func(a, b, _ T) T { return T(float64(a) / float64(b)) },
		"Maximum":  func(a, b, _ T) T { return max(a, b) },
		"Scale":    func(a, _, c T) T { return T(float64(c) * float64(a)) },
		"AddConst": func(a, _, c T) T { return T(float64(a) + float64(c)) },
		"ReLU": func(a, _, _ T) T {
			if a > 0 {
				return a
			}
			return 0
		},
	}
	for _, o := range publicops.Ops[float64]() {
		for _, e := range catalogued(catalog.Exact, func(p publicops.Op[float64]) bool { return p.Name == o.Name }) {
			if _, ok := m[e.Name]; ok {
				continue
			}
			// The catalogue's Exact takes an element and the other input, or the constant;
			// a Fused entry's inputs and constant make one FMA.
			round := func(v float64) float64 { return float64(T(v)) }
			switch {
			case o.Binary != nil:
				m[e.Name] = func(a, b, _ T) T { return T(e.Test.ExactOf(float64(a), float64(b), round)) }
			case o.WithConst != nil:
				m[e.Name] = func(a, _, c T) T { return T(e.Test.ExactOf(float64(a), float64(c), round)) }
			case o.Unary != nil:
				m[e.Name] = func(a, _, _ T) T { return T(e.Test.ExactOf(float64(a), 0, round)) }
			case o.Scaled != nil:
				m[e.Name] = func(a, b, c T) T {
					x, y, z := e.Test.Fused(float64(a), float64(b), float64(c))
					return ref.FMA(T(x), T(y), T(z))
				}
			}
		}
	}
	return m
}

// accurate are the elementwise ops within a bound in ULPs of the truth, with the inputs
// (drawn from [−30, 30)) mapped into the op's domain where it has one; an op whose
// catalogue entry is Within has its entry's truth and bound, on its working range.
func accurate() map[string]accuracy {
	m := map[string]accuracy{
		"Exp":               {ref.Exp, 1, nil},
		"Sigmoid":           {ref.Sigmoid, 2, nil},
		"SigmoidDerivative": {ref.SigmoidDerivative, 4, nil},
		"Tanh":              {ref.Tanh, 2, nil},
		"Log":               {ref.Log, 1, func(x float64) float64 { return math.Abs(x) + 1e-3 }},
	}
	for _, e := range catalogued(catalog.Within, func(o publicops.Op[float64]) bool { return o.Unary != nil }) {
		if _, ok := m[e.Name]; !ok {
			w := e.Test.Domain.Work
			m[e.Name] = accuracy{e.Test.Ref, e.Test.ULP, func(x float64) float64 { return w.Lo + (x+30)/60*(w.Hi-w.Lo) }}
		}
	}
	return m
}

type accuracy struct {
	truth  func(float64) ref.Value
	bound  float64
	domain func(float64) float64
}

func TestVectorOps(t *testing.T) {
	eachBackend(t, func(t *testing.T) { both(t, vectorOps[float32], vectorOps[float64]) })
}

func vectorOps[T lanes.Float](t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	reduce, elementwise, accurates := reductions[T](), exact[T](), accurate()
	for _, n := range vectorLengths {
		a, b := randVec[T](r, n, -3, 3), randVec[T](r, n, -3, 3)
		c := T(r.Float64()*4 - 2)
		x := randVec[T](r, n, -30, 30)
		dst := make([]T, n)
		for _, op := range publicops.Ops[T]() {
			if n == 0 && op.NonEmpty {
				continue
			}
			switch {
			case op.Reduce1 != nil || op.Reduce2 != nil:
				check := reduce[op.Name]
				if check == nil {
					continue
				}
				var got T
				var second []T
				if op.Reduce1 != nil {
					got = op.Reduce1(a)
				} else {
					got, second = op.Reduce2(a, b), b
				}
				if want, ok := check(got, a, second); !ok {
					t.Errorf("%s, n=%d: got %v, want %v", op.Name, n, got, want)
				}
			case op.Unary != nil && accurates[op.Name].truth != nil:
				acc := accurates[op.Name]
				in := x
				if acc.domain != nil {
					in = make([]T, n)
					for i := range x {
						in[i] = T(acc.domain(float64(x[i])))
					}
				}
				op.Unary(dst, in)
				for i := range dst {
					if u := ulpsT(dst[i], acc.truth(float64(in[i]))); u > acc.bound {
						t.Fatalf("%s(%v) = %v: %.2f ULP > %v", op.Name, in[i], dst[i], u, acc.bound)
					}
				}
			case op.Unary != nil || op.Binary != nil || op.WithConst != nil || op.Scaled != nil:
				want := elementwise[op.Name]
				if want == nil {
					continue
				}
				switch {
				case op.Unary != nil:
					op.Unary(dst, a)
				case op.Binary != nil:
					op.Binary(dst, a, b)
				case op.Scaled != nil:
					op.Scaled(dst, a, c, b)
				default:
					op.WithConst(dst, c, a)
				}
				for i := range dst {
					if w := want(a[i], b[i], c); !same(dst[i], w) {
						t.Fatalf("%s, n=%d, element %d: got %v, want %v", op.Name, n, i, dst[i], w)
					}
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
func padded[T lanes.Float](r *rand.Rand, rows, cols, stride int, lo, hi float64, fill T) lanes.Matrix[T] {
	n := 0
	if rows > 0 {
		n = (rows-1)*stride + cols
	}
	m := lanes.Matrix[T]{Rows: rows, Cols: cols, Stride: stride, Data: make([]T, n)}
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
func padIntact[T lanes.Float](m lanes.Matrix[T]) error {
	for i, v := range m.Data {
		if i%max(m.Stride, 1) >= m.Cols && v != pad {
			return fmt.Errorf("padding element %d written: %v", i, v)
		}
	}
	return nil
}

// rowReductions are the references of the ops that reduce each row of a matrix (with a
// vector x of Cols elements beside it) to one element: each adds the term of element j
// of the row to an accumulator, and the op must be within the summation error bound.
var rowReductions = map[string]func(acc *ref.Acc, w, x float64){
	"MatVec":  func(acc *ref.Acc, w, x float64) { acc.AddProd(w, x) },
	"RowSums": func(acc *ref.Acc, w, _ float64) { acc.Add(w) },
}

// colReductions are the references of the ops that reduce each column of a matrix to one
// element, with their bound in units of ε·Σ|terms| for the matrix's rows.
var colReductions = map[string]func(rows int) float64{
	"ColSums": func(rows int) float64 { return float64(min(rows, 4096) + rows/4096) },
}

// argMaxes are the references of the ops that give an index per row: NumPy's argmax, the
// first maximum, or the first NaN.
var argMaxes = map[string]func(row []float64) int{
	"ArgMaxRows": func(row []float64) int {
		at := 0
		for j, v := range row {
			if math.IsNaN(v) {
				return j
			}
			if v > row[at] {
				at = j
			}
		}
		return at
	},
}

// crossEntropies are the references of the losses of a matrix's rows against labels: a
// row's true loss, its error bound in units of ε, and its true gradient, one function of
// the row (exact differences, exponentials and sum in double-double).
var crossEntropies = map[string]func(row []float64, label int) (loss, bound float64, grad []float64){
	"SoftmaxCrossEntropy": func(row []float64, label int) (float64, float64, []float64) {
		m := slices.Max(row)
		es := make([]float64, len(row))
		var acc ref.Acc
		for j, v := range row {
			es[j] = ref.Exp(v - m).Float64()
			acc.Add(es[j])
		}
		s := acc.Sum()
		for j := range es {
			es[j] /= s
		}
		es[label]--
		return ref.Log(s).Float64() - (row[label] - m), float64(len(row)) + 4, es
	},
}

// products are the references of the ops that make a matrix from vectors: element (i, j)
// from a[i] and b[j], exactly.
var products = map[string]func(a, b float64) float64{
	"Outer": func(a, b float64) float64 { return a * b },
}

// broadcasts are the references of the row and column broadcasts: element (i, j) from
// m's and the vector's, exactly.
var broadcasts = map[string]func(x, v float64) float64{
	"AddCol": func(x, v float64) float64 { return x + v }, "AddRow": func(x, v float64) float64 { return x + v },
	"SubCol": func(x, v float64) float64 { return x - v }, "SubRow": func(x, v float64) float64 { return x - v },
	"MulCol": func(x, v float64) float64 { return x * v }, "MulRow": func(x, v float64) float64 { return x * v },
	"DivCol": func(x, v float64) float64 { return x / v }, "DivRow": func(x, v float64) float64 { return x / v },
}

// rowwise are the references of the ops that map each row to a row: the row in float64,
// and how far from each element w of it a result may be, for a row of cols elements.
var rowwise = map[string]struct {
	row func(x []float64) []float64
	tol func(w float64, cols int, eps float64) float64
}{
	"Softmax": {
		func(x []float64) []float64 {
			mx := math.Inf(-1)
			for _, v := range x {
				mx = max(mx, v)
			}
			var sum ref.Acc
			for _, v := range x {
				sum.Add(math.Exp(v - mx))
			}
			y := make([]float64, len(x))
			for j, v := range x {
				y[j] = math.Exp(v-mx) / sum.Sum()
			}
			return y
		},
		func(w float64, cols int, eps float64) float64 { return (float64(cols)/2 + 8) * eps * w },
	},
	"NormalizeRows": {
		func(x []float64) []float64 {
			var sq ref.Acc
			for _, v := range x {
				sq.AddProd(v, v)
			}
			norm := math.Sqrt(sq.Sum())
			y := make([]float64, len(x))
			for j, v := range x {
				y[j] = v / norm
			}
			return y
		},
		func(_ float64, cols int, eps float64) float64 { return (float64(cols)/4 + 8) * eps },
	},
}

func TestMatrixOps(t *testing.T) {
	eachBackend(t, func(t *testing.T) { both(t, matrixOps[float32], matrixOps[float64]) })
}

func matrixOps[T lanes.Float](t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	nan := T(math.NaN())
	e := epsT[T]()
	for _, s := range shapes {
		name := fmt.Sprintf("%d×%d/stride=%d", s.rows, s.cols, s.stride)
		m := padded(r, s.rows, s.cols, s.stride, -3, 3, nan) // NaN padding: reading it shows
		dst := padded(r, s.rows, s.cols, s.stride+1, 0, 0, T(pad))
		x, col := randVec[T](r, s.cols, -2, 2), randVec[T](r, s.rows, 0.5, 2)
		row := func(i int) []float64 {
			y := make([]float64, s.cols)
			for j := range y {
				y[j] = float64(m.At(i, j))
			}
			return y
		}

		for _, op := range publicops.Ops[T]() {
			switch {
			case op.MatVec != nil || op.RowSums != nil:
				term := rowReductions[op.Name]
				if term == nil {
					continue
				}
				out := make([]T, s.rows)
				if op.MatVec != nil {
					op.MatVec(out, m, x)
				} else {
					op.RowSums(out, m)
				}
				for i := range s.rows {
					var acc ref.Acc
					for j := range s.cols {
						term(&acc, float64(m.At(i, j)), float64(x[j]))
					}
					if !closeSum(float64(out[i]), acc.Sum(), acc.Abs(), s.cols, e) {
						t.Errorf("%s %s row %d: got %v, want %v", name, op.Name, i, out[i], acc.Sum())
					}
				}

			case op.ArgMax != nil:
				f := argMaxes[op.Name]
				if f == nil || s.rows > 0 && s.cols == 0 { // the argmax of nothing panics
					continue
				}
				// NaNs, ties and −Infs in some rows, on a copy of m.
				mm := lanes.Matrix[T]{Rows: s.rows, Cols: s.cols, Stride: s.stride, Data: slices.Clone(m.Data)}
				for i := range s.rows {
					row := mm.Row(i)
					switch i % 4 {
					case 1:
						row[r.IntN(s.cols)] = nan
					case 2:
						row[r.IntN(s.cols)] = 5
						row[r.IntN(s.cols)] = 5
					case 3:
						for j := range row {
							row[j] = T(math.Inf(-1))
						}
					}
				}
				out := make([]int, s.rows)
				op.ArgMax(out, mm)
				for i := range s.rows {
					row := make([]float64, s.cols)
					for j := range row {
						row[j] = float64(mm.At(i, j))
					}
					if want := f(row); out[i] != want {
						t.Errorf("%s %s row %d: got %d, want %d (%v)", name, op.Name, i, out[i], want, row)
					}
				}

			case op.ColSums != nil:
				bound := colReductions[op.Name]
				if bound == nil {
					continue
				}
				out := randVec[T](r, s.cols, -1, 1) // written over, never read
				op.ColSums(out, m)
				for j := range s.cols {
					var acc ref.Acc
					abs := 0.0
					for i := range s.rows {
						acc.Add(float64(m.At(i, j)))
						abs += math.Abs(float64(m.At(i, j)))
					}
					if d := math.Abs(float64(out[j]) - acc.Sum()); d > bound(s.rows)*e*abs {
						t.Errorf("%s %s column %d: got %v, want %v", name, op.Name, j, out[j], acc.Sum())
					}
				}

			case op.CrossEntropy != nil:
				f := crossEntropies[op.Name]
				if f == nil || s.rows > 0 && s.cols == 0 { // the softmax of nothing panics
					continue
				}
				labels := make([]int, s.rows)
				for i := range labels {
					labels[i] = r.IntN(s.cols)
				}
				grad := padded(r, s.rows, s.cols, s.stride+1, 0, 0, T(pad))
				got := op.CrossEntropy(grad, m, labels)
				var want, bound float64
				for i := range s.rows {
					loss, b, g := f(row(i), labels[i])
					want, bound = want+loss, bound+b*e
					for j, gj := range g {
						// Softmax's relative bound on p, ε more at the label (p − 1).
						p, slack := gj, 0.0
						if j == labels[i] {
							p, slack = p+1, e
						}
						if d := math.Abs(float64(grad.At(i, j)) - gj); d > (float64(s.cols)/2+10)*e*p+slack {
							t.Errorf("%s %s grad (%d,%d): got %v, want %v", name, op.Name, i, j, grad.At(i, j), gj)
						}
					}
				}
				if d := math.Abs(float64(got) - want); d > bound+3*e*want {
					t.Errorf("%s %s: got %v, want %v: error %g > %g", name, op.Name, got, want, d, bound+3*e*want)
				}
				if err := padIntact(grad); err != nil {
					t.Errorf("%s %s: %v", name, op.Name, err)
				}

			case op.Outer != nil:
				f := products[op.Name]
				if f == nil {
					continue
				}
				op.Outer(dst, col, x)
				for i := range s.rows {
					for j := range s.cols {
						if got, want := dst.At(i, j), T(f(float64(col[i]), float64(x[j]))); got != want {
							t.Errorf("%s %s (%d,%d): got %v, want %v", name, op.Name, i, j, got, want)
						}
					}
				}
				if err := padIntact(dst); err != nil {
					t.Errorf("%s %s: %v", name, op.Name, err)
				}

			// Out of place and in place.
			case op.ByRow != nil || op.ByCol != nil:
				g := broadcasts[op.Name]
				if g == nil {
					continue
				}
				f, v, byCol := op.ByRow, x, false
				if op.ByCol != nil {
					f, v, byCol = op.ByCol, col, true
				}
				f(dst, m, v)
				inPlace := lanes.Matrix[T]{Rows: s.rows, Cols: s.cols, Stride: s.stride, Data: slices.Clone(m.Data)}
				f(inPlace, inPlace, v)
				for i := range s.rows {
					for j := range s.cols {
						k := j
						if byCol {
							k = i
						}
						w := T(g(float64(m.At(i, j)), float64(v[k])))
						if !same(dst.At(i, j), w) || !same(inPlace.At(i, j), w) {
							t.Fatalf("%s %s (%d,%d): got %v (in place %v), want %v", name, op.Name, i, j, dst.At(i, j), inPlace.At(i, j), w)
						}
					}
				}
				if err := padIntact(dst); err != nil {
					t.Errorf("%s %s: %v", name, op.Name, err)
				}

			// Into a padded and into a contiguous matrix, each against the reference, and
			// in place, bit for bit the same as out of place.
			case op.Rowwise != nil:
				rw, ok := rowwise[op.Name]
				if !ok {
					continue
				}
				out := lanes.NewMatrix[T](s.rows, s.cols)
				op.Rowwise(dst, m)
				op.Rowwise(out, m)
				for i := range s.rows {
					want := rw.row(row(i))
					for j, w := range want {
						for _, got := range []lanes.Matrix[T]{dst, out} {
							if g := float64(got.At(i, j)); math.Abs(g-w) > rw.tol(w, s.cols, e) {
								t.Fatalf("%s %s (%d,%d): got %v, want %v", name, op.Name, i, j, g, w)
							}
						}
					}
				}
				if err := padIntact(dst); err != nil {
					t.Errorf("%s %s: %v", name, op.Name, err)
				}
				inPlace := lanes.Matrix[T]{Rows: s.rows, Cols: s.cols, Stride: s.stride, Data: slices.Clone(m.Data)}
				op.Rowwise(inPlace, inPlace)
				for i := range s.rows {
					for j := range s.cols {
						if !same(out.At(i, j), inPlace.At(i, j)) {
							t.Fatalf("%s %s (%d,%d): in place %v, out of place %v", name, op.Name, i, j, inPlace.At(i, j), out.At(i, j))
						}
					}
				}
			}
		}
	}
}

// TestEveryOpHasAReference checks that each op of the list that computes has one
// reference above, under its name and for its kind (the tests above skip an op without
// one), and that no reference is left for an op that is gone or has changed kind.
func TestEveryOpHasAReference(t *testing.T) {
	type op = publicops.Op[float64]
	refs := []struct {
		names []string
		of    func(op) bool // whether the references are for op's kind
	}{
		{mapKeys(reductions[float64]()), func(o op) bool { return o.Reduce1 != nil || o.Reduce2 != nil }},
		{mapKeys(exact[float64]()), func(o op) bool {
			return o.Unary != nil || o.Binary != nil || o.WithConst != nil || o.Scaled != nil
		}},
		{mapKeys(accurate()), func(o op) bool { return o.Unary != nil }},
		{mapKeys(rowReductions), func(o op) bool { return o.MatVec != nil || o.RowSums != nil }},
		{mapKeys(products), func(o op) bool { return o.Outer != nil }},
		{mapKeys(argMaxes), func(o op) bool { return o.ArgMax != nil }},
		{mapKeys(colReductions), func(o op) bool { return o.ColSums != nil }},
		{mapKeys(crossEntropies), func(o op) bool { return o.CrossEntropy != nil }},
		{mapKeys(broadcasts), func(o op) bool { return o.ByRow != nil || o.ByCol != nil }},
		{mapKeys(rowwise), func(o op) bool { return o.Rowwise != nil }},
		{mapKeys(productRefs), func(o op) bool { return o.Product != nil || o.ProductTransA != nil || o.ProductTransB != nil }},
		{mapKeys(transposeRefs), func(o op) bool { return o.Transposed != nil }},
	}
	ops := map[string]op{}
	for _, o := range publicops.Ops[float64]() {
		ops[o.Name] = o
		if o.Helper != nil {
			continue
		}
		checked, n := false, 0
		for _, r := range refs {
			if r.of(o) {
				checked = true
				if slices.Contains(r.names, o.Name) {
					n++
				}
			}
		}
		if !checked {
			t.Errorf("%s: ops_test.go checks no op of its kind, %q", o.Name, o.Kind())
		} else if n != 1 {
			t.Errorf("%s: %d references for it in ops_test.go, want 1", o.Name, n)
		}
	}
	for _, r := range refs {
		for _, name := range r.names {
			if o, ok := ops[name]; !ok || !r.of(o) {
				t.Errorf("ops_test.go has a reference for %s, which is no public op of that kind", name)
			}
		}
	}
}

func mapKeys[V any](m map[string]V) []string {
	var k []string
	for name := range m {
		k = append(k, name)
	}
	return k
}
