package peers

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/floats"
)

// gonum: package floats for float64 (it has no float32 API), blas/gonum's pure-Go BLAS
// for the float32 ops BLAS has (sdot, snrm2, sgemv, sger). L2 is left out: gonum's
// Distance(a, b, 2) is the square root of lanes' L2.
func init() {
	var bl gonum.Implementation
	vec := func(op string, f32 func(*operands[float32]), f64 func(*operands[float64])) {
		register(impl{op: op, name: "gonum", f32: f32, f64: f64})
	}
	vec("Dot", func(o *operands[float32]) { o.sink = bl.Sdot(len(o.a), o.a, 1, o.b, 1) },
		func(o *operands[float64]) { o.sink = floats.Dot(o.a, o.b) })
	vec("Norm", func(o *operands[float32]) { o.sink = bl.Snrm2(len(o.a), o.a, 1) },
		func(o *operands[float64]) { o.sink = floats.Norm(o.a, 2) })
	vec("Sum", nil, func(o *operands[float64]) { o.sink = floats.Sum(o.a) })
	vec("Max", nil, func(o *operands[float64]) { o.sink = floats.Max(o.a) })
	vec("L1", nil, func(o *operands[float64]) { o.sink = floats.Distance(o.a, o.b, 1) })
	vec("Add", nil, func(o *operands[float64]) { floats.AddTo(o.dst, o.a, o.b) })
	vec("Sub", nil, func(o *operands[float64]) { floats.SubTo(o.dst, o.a, o.b) })
	vec("Mul", nil, func(o *operands[float64]) { floats.MulTo(o.dst, o.a, o.b) })
	vec("Div", nil, func(o *operands[float64]) { floats.DivTo(o.dst, o.a, o.b) })
	vec("Scale", nil, func(o *operands[float64]) { floats.ScaleTo(o.dst, o.c, o.a) })
	register(impl{op: "AddConst", name: "gonum", inPlace: true,
		f64: func(o *operands[float64]) { floats.AddConst(o.c, o.dst) }})

	register(impl{op: "MatVec", name: "gonum", matrix: true,
		f32: func(o *operands[float32]) {
			bl.Sgemv(blas.NoTrans, o.rows, o.cols, 1, o.m, o.cols, o.b, 1, 0, o.dst, 1)
		},
		f64: func(o *operands[float64]) {
			bl.Dgemv(blas.NoTrans, o.rows, o.cols, 1, o.m, o.cols, o.b, 1, 0, o.dst, 1)
		}})
	// ger adds a·bᵀ into its output rather than writing it: one more read of the matrix.
	register(impl{op: "Outer", name: "gonum", matrix: true, inPlace: true,
		f32: func(o *operands[float32]) { bl.Sger(o.rows, o.cols, 1, o.a, 1, o.b, 1, o.out, o.cols) },
		f64: func(o *operands[float64]) { bl.Dger(o.rows, o.cols, 1, o.a, 1, o.b, 1, o.out, o.cols) }})
}
