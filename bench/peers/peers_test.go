package peers

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"unsafe"

	"github.com/lanesimd/lanes"
	"github.com/lanesimd/lanes/bench/cases"
)

// operands are one benchmark's inputs and outputs. Vector ops use a, b and dst (n = rows);
// matrix ops the rows×cols matrix m (row-major, no padding) with a (rows) and b (cols), and
// the rows×cols output out.
type operands[T float32 | float64] struct {
	rows, cols int
	a, b, dst  []T
	m, out     []T
	c          T
	sink       T
}

// newOperands fills the inputs with values in the op's domain, the same for every peer.
func newOperands[T float32 | float64](op string, rows, cols int) *operands[T] {
	lo, hi := -2.0, 2.0
	switch op {
	case "Exp", "Sigmoid":
		lo, hi = -10, 10
	case "Log":
		lo, hi = 0.01, 100
	}
	r := rand.New(rand.NewPCG(uint64(rows), uint64(cols)))
	fill := func(n int, lo, hi float64) []T {
		x := make([]T, n)
		for i := range x {
			x[i] = T(lo + (hi-lo)*r.Float64())
		}
		return x
	}
	o := &operands[T]{rows: rows, cols: cols, c: 1.5}
	if cols == 1 {
		o.a, o.b, o.dst = fill(rows, lo, hi), fill(rows, 0.5, 2), make([]T, rows)
		return o
	}
	o.m, o.out = fill(rows*cols, -3, 3), make([]T, rows*cols)
	o.a, o.b, o.dst = fill(rows, 0.5, 2), fill(cols, -2, 2), make([]T, rows)
	return o
}

// impl is one peer's implementation of an op; either precision may be missing.
type impl struct {
	op, name string
	matrix   bool
	f32      func(o *operands[float32])
	f64      func(o *operands[float64])
	// inPlace: the call updates dst (or out) from its own value rather than writing it from
	// the inputs (gonum's AddConst, blas ger): TestPeersAgree starts it from a (or zeros).
	inPlace bool
}

// impls is filled by each peer's file.
var impls []impl

func register(i impl) { impls = append(impls, i) }

// benchOp runs every peer's implementation of op under lanes' names:
// Op/type=f32/n=N/impl=peer, or rows=R/cols=C for matrices.
func benchOp(b *testing.B, op string) {
	for _, im := range impls {
		if im.op != op {
			continue
		}
		if im.f32 != nil {
			benchType(b, im, "f32", im.f32)
		}
		if im.f64 != nil {
			benchType(b, im, "f64", im.f64)
		}
	}
}

func benchType[T float32 | float64](b *testing.B, im impl, typ string, f func(*operands[T])) {
	size := int(unsafe.Sizeof(T(0)))
	run := func(name string, rows, cols int) {
		b.Run(fmt.Sprintf("type=%s/%s/impl=%s", typ, name, im.name), func(b *testing.B) {
			o := newOperands[T](im.op, rows, cols)
			f(o) // fault in the pages, warm the caches
			elems := rows * cols
			b.SetBytes(int64(traffic(im.op, rows, cols) * size))
			b.ResetTimer()
			for b.Loop() {
				f(o)
			}
			b.ReportMetric(float64(elems)*float64(b.N)/float64(b.Elapsed().Nanoseconds()), "elems/ns")
		})
	}
	if im.matrix {
		shapes := cases.Shapes
		if im.op == "MatVec" {
			shapes = append(slices.Clone(shapes), cases.Narrow...)
		}
		for _, s := range shapes {
			run(fmt.Sprintf("rows=%d/cols=%d", s[0], s[1]), s[0], s[1])
		}
		return
	}
	for _, n := range cases.Sizes {
		run(fmt.Sprintf("n=%d", n), n, 1)
	}
}

// traffic is the elements read plus written per call, as bench/cases counts them.
func traffic(op string, rows, cols int) int {
	switch op {
	case "Sum", "Max", "Norm":
		return rows
	case "Dot", "L1", "L2", "Exp", "Log", "Sigmoid", "Tanh", "Scale", "AddConst":
		return 2 * rows
	case "Add", "Sub", "Mul", "Div":
		return 3 * rows
	case "MatVec", "Outer":
		return rows*cols + rows + cols
	}
	return 2 * rows * cols
}

func BenchmarkDot(b *testing.B)      { benchOp(b, "Dot") }
func BenchmarkSum(b *testing.B)      { benchOp(b, "Sum") }
func BenchmarkMax(b *testing.B)      { benchOp(b, "Max") }
func BenchmarkNorm(b *testing.B)     { benchOp(b, "Norm") }
func BenchmarkL1(b *testing.B)       { benchOp(b, "L1") }
func BenchmarkAdd(b *testing.B)      { benchOp(b, "Add") }
func BenchmarkSub(b *testing.B)      { benchOp(b, "Sub") }
func BenchmarkMul(b *testing.B)      { benchOp(b, "Mul") }
func BenchmarkDiv(b *testing.B)      { benchOp(b, "Div") }
func BenchmarkScale(b *testing.B)    { benchOp(b, "Scale") }
func BenchmarkAddConst(b *testing.B) { benchOp(b, "AddConst") }
func BenchmarkMatVec(b *testing.B)   { benchOp(b, "MatVec") }
func BenchmarkOuter(b *testing.B)    { benchOp(b, "Outer") }

// TestPeersAgree checks that each peer computes what lanes' op of the same name does, on
// a few sizes: a comparison with a peer that computes something else would mean nothing.
func TestPeersAgree(t *testing.T) {
	if len(impls) == 0 {
		t.Fatal("no peers registered")
	}
	for _, im := range impls {
		t.Run(im.op+"/"+im.name, func(t *testing.T) {
			if im.f32 != nil {
				agree(t, im, im.f32, 1e-4)
			}
			if im.f64 != nil {
				agree(t, im, im.f64, 1e-12)
			}
		})
	}
}

func agree[T float32 | float64](t *testing.T, im impl, f func(*operands[T]), tol float64) {
	shapes := [][2]int{{1, 1}, {7, 1}, {33, 1}, {1000, 1}}
	if im.matrix {
		shapes = [][2]int{{1, 3}, {5, 7}, {64, 100}}
	}
	for _, s := range shapes {
		o := newOperands[T](im.op, s[0], s[1])
		if im.inPlace {
			copy(o.dst, o.a) // AddConst updates dst; ger adds into out, zero here
		}
		f(o)
		got, want := o.dst, make([]T, len(o.dst))
		switch im.op {
		case "Dot":
			got, want = []T{o.sink}, []T{lanes.Dot(o.a, o.b)}
		case "Sum":
			got, want = []T{o.sink}, []T{lanes.Sum(o.a)}
		case "Max":
			got, want = []T{o.sink}, []T{lanes.Max(o.a)}
		case "Norm":
			got, want = []T{o.sink}, []T{lanes.Norm(o.a)}
		case "L1":
			got, want = []T{o.sink}, []T{lanes.L1(o.a, o.b)}
		case "Add":
			lanes.Add(want, o.a, o.b)
		case "Sub":
			lanes.Sub(want, o.a, o.b)
		case "Mul":
			lanes.Mul(want, o.a, o.b)
		case "Div":
			lanes.Div(want, o.a, o.b)
		case "Scale":
			lanes.Scale(want, o.c, o.a)
		case "AddConst":
			lanes.AddConst(want, o.c, o.a)
		case "MatVec":
			lanes.MatVec(want, lanes.MatrixOf(s[0], s[1], o.m), o.b)
		case "Outer":
			got, want = o.out, make([]T, len(o.out))
			lanes.Outer(lanes.MatrixOf(s[0], s[1], want), o.a, o.b)
		default:
			t.Fatalf("no check for %s", im.op)
		}
		for i := range want {
			if d := math.Abs(float64(got[i] - want[i])); d > tol*math.Max(1, math.Abs(float64(want[i]))) {
				t.Fatalf("%s %d×%d: element %d is %v, lanes gives %v", im.name, s[0], s[1], i, got[i], want[i])
			}
		}
	}
}
