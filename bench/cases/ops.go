package cases

import (
	"fmt"
	"math"

	"github.com/lanesimd/lanes"
	"github.com/lanesimd/lanes/generic"
	"github.com/lanesimd/lanes/internal/catalog"
	"github.com/lanesimd/lanes/internal/publicops"
	"github.com/lanesimd/lanes/kernels"
)

// desc describes how to benchmark one op.
type desc[T float32 | float64] struct {
	matrix bool
	// narrow are shapes benchmarked for this matrix op beyond Shapes (MatVec: Narrow).
	narrow [][2]int
	// product makes a product's operands, m×k and k×n (the sizes are Products); Elems is
	// then the multiply-adds, m·n·k.
	product func(m, k, n int) *inputs[T]
	traffic func(r, c int) int // elements read plus elements written, for an r×c (or n×1) input
	prep    func(r, c int) *inputs[T]
	lanes   func(in *inputs[T])
	table   func(k *kernels.Table[T], in *inputs[T])
	loop    func(in *inputs[T])
	// only names the one implementation of a reference case (Copy: the builtin copy, the
	// bandwidth that streaming ops are held against); lanes and the backends do not run it.
	only string
}

func (d desc[T]) impls() []impl[T] {
	if d.only != "" {
		return []impl[T]{{d.only, d.loop}}
	}
	var is []impl[T]
	for _, b := range kernels.Backends() {
		if d.table == nil {
			break // no kernel of the tables: lanes and the loop only
		}
		var k *kernels.Table[T]
		switch t := any(b.F32).(type) {
		case *kernels.Table[T]:
			k = t
		default:
			k = any(b.F64).(*kernels.Table[T])
		}
		is = append(is, impl[T]{b.Name, func(in *inputs[T]) { d.table(k, in) }})
	}
	is = append(is, impl[T]{"lanes", d.lanes})
	if d.loop != nil {
		is = append(is, impl[T]{"loop", d.loop})
	}
	return is
}

// defaultBench benchmarks an elementwise op or a reduction that has no entry in benches:
// its kernel of the same name called from each table (tableEntry), inputs from its
// catalogue entry's working range, and no plain loop (nobody has written one yet).
func defaultBench[T float32 | float64](op publicops.Op[T]) (desc[T], bool) {
	var e *catalog.Entry
	for i := range catalog.Table {
		if catalog.Table[i].Name == op.Name {
			e = &catalog.Table[i]
		}
	}
	if e == nil {
		return desc[T]{}, false
	}
	lo, hi := -2.0, 2.0
	if w := e.Test.Domain.Work; w.Lo < w.Hi {
		lo, hi = w.Lo, w.Hi
	}
	name := op.Name
	switch {
	case op.Unary != nil:
		return unary(lo, hi, func(k *kernels.Table[T]) func(d, x []T) { return tableEntry(k, name).(func(d, x []T)) }, nil)(op), true
	case op.Binary != nil:
		return binary(func(k *kernels.Table[T]) func(d, a, b []T) { return tableEntry(k, name).(func(d, a, b []T)) }, nil)(op), true
	case op.WithConst != nil:
		return withConst(func(k *kernels.Table[T]) func(d, x []T, c T) { return tableEntry(k, name).(func(d, x []T, c T)) }, nil)(op), true
	case op.Scaled != nil:
		return scaled(func(k *kernels.Table[T]) func(d, a, x []T, c T) { return tableEntry(k, name).(func(d, a, x []T, c T)) }, nil)(op), true
	case op.Reduce1 != nil:
		return reduce1(func(k *kernels.Table[T]) func(x []T) T { return tableEntry(k, name).(func(x []T) T) }, nil)(op), true
	case op.Reduce2 != nil:
		return reduce2(func(k *kernels.Table[T]) func(a, b []T) T { return tableEntry(k, name).(func(a, b []T) T) }, nil)(op), true
	}
	return desc[T]{}, false
}

// copyDesc is the reference case: the builtin copy of the bytes a unary op streams.
func copyDesc[T float32 | float64]() desc[T] {
	return desc[T]{
		traffic: func(n, _ int) int { return 2 * n },
		prep:    vec1[T](-2, 2),
		loop:    func(in *inputs[T]) { copy(in.dst, in.a) },
		only:    "copy",
	}
}

// bench makes an op's desc from its publicops entry, which gives the public call and the
// shapes of its operands; the bench adds what only benchmarks need: the backends' kernels
// called directly, the plain Go loop a user would write and the inputs' domain. Each is
// written for one kind of op and panics on an entry of another kind.
type bench[T float32 | float64] func(op publicops.Op[T]) desc[T]

// mustBe panics unless op is of the kind a bench is written for.
func mustBe[T float32 | float64](op publicops.Op[T], ok bool, kind string) {
	if !ok {
		panic(fmt.Sprintf("cases: %s is benchmarked as a %s op, but publicops lists it as %q", op.Name, kind, op.Kind()))
	}
}

// Input preparations: vectors in a domain, matrices with a vector beside them.
func vec1[T float32 | float64](lo, hi float64) func(n, _ int) *inputs[T] {
	return func(n, _ int) *inputs[T] {
		return &inputs[T]{a: random[T](n, lo, hi), dst: make([]T, n), c: 1.5}
	}
}

func vec2[T float32 | float64](n, _ int) *inputs[T] {
	return &inputs[T]{a: random[T](n, -2, 2), b: randomSeed[T](n, 2, 0.5, 2), dst: make([]T, n), c: 1.5}
}

func mat[T float32 | float64](r, c int) *inputs[T] {
	return &inputs[T]{
		m:   lanes.MatrixOf(r, c, random[T](r*c, -3, 3)),
		out: lanes.NewMatrix[T](r, c),
		a:   random[T](max(r, c), 0.5, 2), b: randomSeed[T](c, 2, -2, 2), dst: make([]T, max(r, c)),
		idx: labels(r, c),
	}
}

// labels are r labels of c classes, each row's its index's class.
func labels(r, c int) []int {
	l := make([]int, r)
	for i := range l {
		l[i] = i % max(c, 1)
	}
	return l
}

func reduce1[T float32 | float64](k func(*kernels.Table[T]) func([]T) T, loop func(x []T) T) bench[T] {
	return func(op publicops.Op[T]) desc[T] {
		l := op.Reduce1
		mustBe(op, l != nil, "Reduce1")
		d := desc[T]{
			traffic: func(n, _ int) int { return n },
			prep:    vec1[T](-2, 2),
			lanes:   func(in *inputs[T]) { in.sink += l(in.a) },
			table:   func(t *kernels.Table[T], in *inputs[T]) { in.sink += k(t)(in.a) },
			loop:    func(in *inputs[T]) { in.sink += loop(in.a) },
		}
		if loop == nil { // no plain loop written for this op
			d.loop = nil
		}
		return d
	}
}

func reduce2[T float32 | float64](k func(*kernels.Table[T]) func(a, b []T) T, loop func(a, b []T) T) bench[T] {
	return func(op publicops.Op[T]) desc[T] {
		l := op.Reduce2
		mustBe(op, l != nil, "Reduce2")
		d := desc[T]{
			traffic: func(n, _ int) int { return 2 * n },
			prep:    vec2[T],
			lanes:   func(in *inputs[T]) { in.sink += l(in.a, in.b) },
			table:   func(t *kernels.Table[T], in *inputs[T]) { in.sink += k(t)(in.a, in.b) },
			loop:    func(in *inputs[T]) { in.sink += loop(in.a, in.b) },
		}
		if loop == nil { // no plain loop written for this op
			d.loop = nil
		}
		return d
	}
}

// probabilities benchmarks a two-slice reduction of probabilities and labels in (0, 1).
func probabilities[T float32 | float64](b bench[T]) bench[T] {
	return func(op publicops.Op[T]) desc[T] {
		d := b(op)
		d.prep = func(n, _ int) *inputs[T] {
			return &inputs[T]{a: random[T](n, 0.001, 0.999), b: randomSeed[T](n, 2, 0, 1), dst: make([]T, n)}
		}
		return d
	}
}

// logitsAndLabels benchmarks a two-slice reduction of logits in (−8, 8) and labels in (0, 1).
func logitsAndLabels[T float32 | float64](b bench[T]) bench[T] {
	return func(op publicops.Op[T]) desc[T] {
		d := b(op)
		d.prep = func(n, _ int) *inputs[T] {
			return &inputs[T]{a: random[T](n, -8, 8), b: randomSeed[T](n, 2, 0, 1), dst: make([]T, n)}
		}
		return d
	}
}

// binary benchmarks an elementwise op of two slices; loop is the user's whole loop, written
// out per op so that the operation inlines.
func binary[T float32 | float64](k func(*kernels.Table[T]) func(dst, a, b []T), loop func(dst, a, b []T)) bench[T] {
	return func(op publicops.Op[T]) desc[T] {
		l := op.Binary
		mustBe(op, l != nil, "Binary")
		d := desc[T]{
			traffic: func(n, _ int) int { return 3 * n },
			prep:    vec2[T],
			lanes:   func(in *inputs[T]) { l(in.dst, in.a, in.b) },
			table:   func(t *kernels.Table[T], in *inputs[T]) { k(t)(in.dst, in.a, in.b) },
			loop:    func(in *inputs[T]) { loop(in.dst, in.a, in.b) },
		}
		if loop == nil { // no plain loop written for this op
			d.loop = nil
		}
		return d
	}
}

// unary benchmarks an elementwise op of one slice, with inputs in [lo, hi); loop is the
// user's whole loop.
func unary[T float32 | float64](lo, hi float64, k func(*kernels.Table[T]) func(dst, x []T), loop func(dst, x []T)) bench[T] {
	return func(op publicops.Op[T]) desc[T] {
		l := op.Unary
		mustBe(op, l != nil, "Unary")
		d := desc[T]{
			traffic: func(n, _ int) int { return 2 * n },
			prep:    vec1[T](lo, hi),
			lanes:   func(in *inputs[T]) { l(in.dst, in.a) },
			table:   func(t *kernels.Table[T], in *inputs[T]) { k(t)(in.dst, in.a) },
			loop:    func(in *inputs[T]) { loop(in.dst, in.a) },
		}
		if loop == nil { // no plain loop written for this op
			d.loop = nil
		}
		return d
	}
}

// withConst benchmarks an elementwise op of a slice and a constant (in.c). The kernel is
// a field of the table, called directly: a closure made per call would allocate.
func withConst[T float32 | float64](k func(*kernels.Table[T]) func(dst, x []T, c T), loop func(dst []T, c T, x []T)) bench[T] {
	return func(op publicops.Op[T]) desc[T] {
		l := op.WithConst
		mustBe(op, l != nil, "WithConst")
		d := desc[T]{
			traffic: func(n, _ int) int { return 2 * n },
			prep:    vec1[T](-2, 2),
			lanes:   func(in *inputs[T]) { l(in.dst, in.c, in.a) },
			table:   func(t *kernels.Table[T], in *inputs[T]) { k(t)(in.dst, in.a, in.c) },
			loop:    func(in *inputs[T]) { loop(in.dst, in.c, in.a) },
		}
		if loop == nil { // no plain loop written for this op
			d.loop = nil
		}
		return d
	}
}

// scaled benchmarks an elementwise op of two slices and a constant (AddScaled).
func scaled[T float32 | float64](k func(*kernels.Table[T]) func(dst, a, x []T, c T), loop func(dst, a []T, c T, x []T)) bench[T] {
	return func(op publicops.Op[T]) desc[T] {
		l := op.Scaled
		mustBe(op, l != nil, "Scaled")
		d := desc[T]{
			traffic: func(n, _ int) int { return 3 * n },
			prep:    vec2[T],
			lanes:   func(in *inputs[T]) { l(in.dst, in.a, in.c, in.b) },
			table:   func(t *kernels.Table[T], in *inputs[T]) { k(t)(in.dst, in.a, in.b, in.c) },
			loop:    func(in *inputs[T]) { loop(in.dst, in.a, in.c, in.b) },
		}
		if loop == nil { // no plain loop written for this op
			d.loop = nil
		}
		return d
	}
}

// matMul benchmarks a product: the public op on in.threads goroutines, each backend's
// table serially, and the plain triple loop a user would write (i, p, j order, so that the
// inner loop streams a row of b).
func matMul[T float32 | float64](transA, transB bool) bench[T] {
	return func(op publicops.Op[T]) desc[T] {
		l := op.Product
		switch {
		case transA:
			l = op.ProductTransA
		case transB:
			l = op.ProductTransB
		}
		mustBe(op, l != nil, "Product")
		return desc[T]{
			product: func(m, k, n int) *inputs[T] {
				ar, ac, br, bc := m, k, k, n
				if transA {
					ar, ac = k, m
				}
				if transB {
					br, bc = n, k
				}
				return &inputs[T]{pa: lanes.MatrixOf(ar, ac, random[T](ar*ac, -1, 1)), pb: lanes.MatrixOf(br, bc, randomSeed[T](br*bc, 2, -1, 1)),
					pc: lanes.NewMatrix[T](m, n)}
			},
			lanes: func(in *inputs[T]) {
				prev := lanes.SetMaxThreads(in.threads)
				l(in.pc, in.pa, in.pb)
				lanes.SetMaxThreads(prev)
			},
			table: func(t *kernels.Table[T], in *inputs[T]) {
				m, n := in.pc.Rows, in.pc.Cols
				k := in.pa.Cols
				if transA {
					k = in.pa.Rows
				}
				t.MatMul(in.pc.Data, in.pc.Stride, in.pa.Data, in.pa.Stride, transA, in.pb.Data, in.pb.Stride, transB, m, n, k, generic.Serial)
			},
			loop: func(in *inputs[T]) {
				a, b, c := in.pa, in.pb, in.pc
				k := a.Cols
				if transA {
					k = a.Rows
				}
				clear(c.Data)
				for i := range c.Rows {
					row := c.Data[i*c.Stride : i*c.Stride+c.Cols]
					for p := range k {
						var ap T
						if transA {
							ap = a.Data[p*a.Stride+i]
						} else {
							ap = a.Data[i*a.Stride+p]
						}
						if transB {
							for j := range row {
								row[j] += ap * b.Data[j*b.Stride+p]
							}
							continue
						}
						brow := b.Data[p*b.Stride : p*b.Stride+c.Cols]
						for j := range row {
							row[j] += ap * brow[j]
						}
					}
				}
			},
		}
	}
}

// transpose benchmarks Transpose: the public op, each backend's table, and the plain loop.
func transpose[T float32 | float64]() bench[T] {
	return func(op publicops.Op[T]) desc[T] {
		l := op.Transposed
		mustBe(op, l != nil, "Transposed")
		return desc[T]{
			matrix:  true,
			traffic: func(r, c int) int { return 2 * r * c },
			prep: func(r, c int) *inputs[T] {
				return &inputs[T]{m: lanes.MatrixOf(r, c, random[T](r*c, -1, 1)), out: lanes.NewMatrix[T](c, r)}
			},
			lanes: func(in *inputs[T]) { l(in.out, in.m) },
			table: func(k *kernels.Table[T], in *inputs[T]) {
				k.Transpose(in.out.Data, in.out.Stride, in.m.Data, in.m.Stride, in.m.Rows, in.m.Cols)
			},
			loop: func(in *inputs[T]) {
				m, d := in.m, in.out
				for i := range m.Rows {
					for j := range m.Cols {
						d.Data[j*d.Stride+i] = m.Data[i*m.Stride+j]
					}
				}
			},
		}
	}
}

// rowwise benchmarks an op that runs a kernel over each row of in.m into in.out.
func rowwise[T float32 | float64](row func(k *kernels.Table[T], dst, x []T), loop func(dst, x []T)) bench[T] {
	return func(op publicops.Op[T]) desc[T] {
		l := op.Rowwise
		mustBe(op, l != nil, "Rowwise")
		return desc[T]{
			matrix:  true,
			traffic: func(r, c int) int { return 2 * r * c },
			prep:    mat[T],
			lanes:   func(in *inputs[T]) { l(in.out, in.m) },
			table: func(k *kernels.Table[T], in *inputs[T]) {
				for i := range in.m.Rows {
					row(k, in.out.Row(i), in.m.Row(i))
				}
			},
			loop: func(in *inputs[T]) {
				for i := range in.m.Rows {
					loop(in.out.Row(i), in.m.Row(i))
				}
			},
		}
	}
}

// benches holds the bench of every public op that computes, keyed by its name in
// publicops (TestEveryOpIsBenchmarked checks that the two agree).
func benches[T float32 | float64]() map[string]bench[T] {
	return map[string]bench[T]{
		"Dot": reduce2(func(k *kernels.Table[T]) func(a, b []T) T { return k.Dot }, func(a, b []T) T {
			var s T
			for i := range a {
				s += a[i] * b[i]
			}
			return s
		}),
		"Sum": reduce1(func(k *kernels.Table[T]) func([]T) T { return k.Sum }, func(x []T) T {
			var s T
			for _, v := range x {
				s += v
			}
			return s
		}),
		"Max": reduce1(func(k *kernels.Table[T]) func([]T) T { return k.Max }, func(x []T) T {
			m := x[0]
			for _, v := range x {
				m = max(m, v)
			}
			return m
		}),
		"Norm": reduce1(func(k *kernels.Table[T]) func([]T) T { return k.Norm }, func(x []T) T {
			var s T
			for _, v := range x {
				s += v * v
			}
			return T(math.Sqrt(float64(s)))
		}),
		"L1": reduce2(func(k *kernels.Table[T]) func(a, b []T) T { return k.L1 }, func(a, b []T) T {
			var s T
			for i := range a {
				s += T(math.Abs(float64(a[i] - b[i])))
			}
			return s
		}),
		"L2": reduce2(func(k *kernels.Table[T]) func(a, b []T) T { return k.L2 }, func(a, b []T) T {
			var s T
			for i := range a {
				d := a[i] - b[i]
				s += d * d
			}
			return s
		}),
		"LogLoss": probabilities(reduce2(func(k *kernels.Table[T]) func(a, b []T) T { return k.LogLoss }, func(yhat, y []T) T {
			var s T
			for i, p := range yhat {
				s -= y[i]*T(math.Log(float64(p))) + (1-y[i])*T(math.Log(float64(1-p)))
			}
			return s
		})),
		"LogLossLogits": logitsAndLabels(reduce2(func(k *kernels.Table[T]) func(a, b []T) T { return k.LogLossLogits }, func(z, y []T) T {
			var s T
			for i, v := range z {
				s += max(v, 0) - v*y[i] + T(math.Log1p(math.Exp(-math.Abs(float64(v)))))
			}
			return s
		})),
		"Add": binary(func(k *kernels.Table[T]) func(d, a, b []T) { return k.Add }, func(dst, a, b []T) {
			for i := range dst {
				dst[i] = a[i] + b[i]
			}
		}),
		"Sub": binary(func(k *kernels.Table[T]) func(d, a, b []T) { return k.Sub }, func(dst, a, b []T) {
			for i := range dst {
				dst[i] = a[i] - b[i]
			}
		}),
		"Mul": binary(func(k *kernels.Table[T]) func(d, a, b []T) { return k.Mul }, func(dst, a, b []T) {
			for i := range dst {
				dst[i] = a[i] * b[i]
			}
		}),
		"Div": binary(func(k *kernels.Table[T]) func(d, a, b []T) { return k.Div }, func(dst, a, b []T) {
			for i := range dst {
				dst[i] = a[i] / b[i]
			}
		}),
		"Maximum": binary(func(k *kernels.Table[T]) func(d, a, b []T) { return k.Maximum }, func(dst, a, b []T) {
			for i := range dst {
				dst[i] = max(a[i], b[i])
			}
		}),
		"ReLU": unary(-2, 2, func(k *kernels.Table[T]) func(d, x []T) { return k.ReLU }, func(dst, x []T) {
			for i, v := range x {
				dst[i] = max(v, 0)
			}
		}),
		"Scale": withConst(func(k *kernels.Table[T]) func(d, x []T, c T) { return k.Scale }, func(dst []T, c T, x []T) {
			for i, v := range x {
				dst[i] = c * v
			}
		}),
		"AddConst": withConst(func(k *kernels.Table[T]) func(d, x []T, c T) { return k.AddConst }, func(dst []T, c T, x []T) {
			for i, v := range x {
				dst[i] = v + c
			}
		}),
		"AddScaled": scaled(func(k *kernels.Table[T]) func(d, a, x []T, c T) { return k.AddScaled }, func(dst, a []T, c T, x []T) {
			for i := range dst {
				dst[i] = a[i] + c*x[i]
			}
		}),
		// The backward passes as the course writes them: dA * (Z > 0), dA * (1 - A**2),
		// dA * A * (1 - A).
		"ReLUBackward": binary(func(k *kernels.Table[T]) func(d, a, b []T) { return k.ReLUBackward }, func(dst, grad, x []T) {
			for i := range dst {
				if x[i] > 0 {
					dst[i] = grad[i]
				} else {
					dst[i] = 0
				}
			}
		}),
		"TanhBackward": binary(func(k *kernels.Table[T]) func(d, a, b []T) { return k.TanhBackward }, func(dst, grad, y []T) {
			for i := range dst {
				dst[i] = grad[i] * (1 - y[i]*y[i])
			}
		}),
		"SigmoidBackward": binary(func(k *kernels.Table[T]) func(d, a, b []T) { return k.SigmoidBackward }, func(dst, grad, y []T) {
			for i := range dst {
				dst[i] = grad[i] * y[i] * (1 - y[i])
			}
		}),
		"Exp": unary(-10, 10, func(k *kernels.Table[T]) func(d, x []T) { return k.Exp }, func(dst, x []T) {
			for i, v := range x {
				dst[i] = T(math.Exp(float64(v)))
			}
		}),
		"Log": unary(0.01, 100, func(k *kernels.Table[T]) func(d, x []T) { return k.Log }, func(dst, x []T) {
			for i, v := range x {
				dst[i] = T(math.Log(float64(v)))
			}
		}),
		"Log1p": unary(-0.5, 100, func(k *kernels.Table[T]) func(d, x []T) { return k.Log1p }, func(dst, x []T) {
			for i, v := range x {
				dst[i] = T(math.Log1p(float64(v)))
			}
		}),
		"Sigmoid": unary(-10, 10, func(k *kernels.Table[T]) func(d, x []T) { return k.Sigmoid }, func(dst, x []T) {
			for i, v := range x {
				dst[i] = 1 / (1 + T(math.Exp(-float64(v))))
			}
		}),
		"SigmoidDerivative": unary(-10, 10, func(k *kernels.Table[T]) func(d, x []T) { return k.SigmoidDerivative },
			func(dst, x []T) {
				for i, v := range x {
					s := 1 / (1 + T(math.Exp(-float64(v))))
					dst[i] = s * (1 - s)
				}
			}),
		"Tanh": unary(-3, 3, func(k *kernels.Table[T]) func(d, x []T) { return k.Tanh }, func(dst, x []T) {
			for i, v := range x {
				dst[i] = T(math.Tanh(float64(v)))
			}
		}),
		"MatVec": func(op publicops.Op[T]) desc[T] {
			l := op.MatVec
			mustBe(op, l != nil, "MatVec")
			return desc[T]{
				matrix:  true,
				narrow:  Narrow,
				traffic: func(r, c int) int { return r*c + c + r },
				prep:    mat[T],
				// On one goroutine, like its peers: from 2¹⁸ elements MatVec splits.
				lanes: func(in *inputs[T]) {
					prev := lanes.SetMaxThreads(1)
					l(in.dst[:in.m.Rows], in.m, in.b[:in.m.Cols])
					lanes.SetMaxThreads(prev)
				},
				table: func(k *kernels.Table[T], in *inputs[T]) {
					k.MatVec(in.dst[:in.m.Rows], in.m.Data, in.m.Stride, in.b[:in.m.Cols])
				},
				loop: func(in *inputs[T]) {
					x := in.b[:in.m.Cols]
					for i := range in.m.Rows {
						var s T
						for j, w := range in.m.Row(i) {
							s += w * x[j]
						}
						in.dst[i] = s
					}
				},
			}
		},
		"Outer": func(op publicops.Op[T]) desc[T] {
			l := op.Outer
			mustBe(op, l != nil, "Outer")
			return desc[T]{
				matrix:  true,
				traffic: func(r, c int) int { return r*c + r + c },
				prep:    mat[T],
				lanes:   func(in *inputs[T]) { l(in.out, in.a[:in.out.Rows], in.b[:in.out.Cols]) },
				table: func(k *kernels.Table[T], in *inputs[T]) {
					k.Outer(in.out.Data, in.out.Stride, in.a[:in.out.Rows], in.b[:in.out.Cols])
				},
				loop: func(in *inputs[T]) {
					b := in.b[:in.out.Cols]
					for i := range in.out.Rows {
						row, ai := in.out.Row(i), in.a[i]
						for j, v := range b {
							row[j] = ai * v
						}
					}
				},
			}
		},
		"RowSums": func(op publicops.Op[T]) desc[T] {
			l := op.RowSums
			mustBe(op, l != nil, "RowSums")
			return desc[T]{
				matrix:  true,
				traffic: func(r, c int) int { return r*c + r },
				prep:    mat[T],
				lanes:   func(in *inputs[T]) { l(in.dst[:in.m.Rows], in.m) },
				table: func(k *kernels.Table[T], in *inputs[T]) {
					k.RowSums(in.dst[:in.m.Rows], in.m.Data, in.m.Stride, in.m.Cols)
				},
				loop: func(in *inputs[T]) {
					for i := range in.m.Rows {
						var s T
						for _, v := range in.m.Row(i) {
							s += v
						}
						in.dst[i] = s
					}
				},
			}
		},
		"ColSums": func(op publicops.Op[T]) desc[T] {
			l := op.ColSums
			mustBe(op, l != nil, "ColSums")
			return desc[T]{
				matrix:  true,
				traffic: func(r, c int) int { return r*c + c },
				prep:    mat[T],
				lanes:   func(in *inputs[T]) { l(in.dst[:in.m.Cols], in.m) },
				table: func(k *kernels.Table[T], in *inputs[T]) {
					k.ColSums(in.dst[:in.m.Cols], in.m.Rows, in.m.Data, in.m.Stride)
				},
				loop: func(in *inputs[T]) {
					d := in.dst[:in.m.Cols]
					clear(d)
					for i := range in.m.Rows {
						for j, v := range in.m.Row(i) {
							d[j] += v
						}
					}
				},
			}
		},
		// No kernel: the public op is Go, and the loop the one a user would write.
		"ArgMaxRows": func(op publicops.Op[T]) desc[T] {
			l := op.ArgMax
			mustBe(op, l != nil, "ArgMax")
			return desc[T]{
				matrix:  true,
				traffic: func(r, c int) int { return r*c + r },
				prep:    mat[T],
				lanes:   func(in *inputs[T]) { l(in.idx, in.m) },
				loop: func(in *inputs[T]) {
					for i := range in.m.Rows {
						row, at := in.m.Row(i), 0
						for j, v := range row {
							if v > row[at] {
								at = j
							}
						}
						in.idx[i] = at
					}
				},
			}
		},
		// The loss and its gradient, against the loop a user would write: softmax, then the
		// log of the label's probability.
		"SoftmaxCrossEntropy": func(op publicops.Op[T]) desc[T] {
			l := op.CrossEntropy
			mustBe(op, l != nil, "CrossEntropy")
			return desc[T]{
				matrix:  true,
				traffic: func(r, c int) int { return 2 * r * c },
				prep:    mat[T],
				lanes:   func(in *inputs[T]) { in.sink += l(in.out, in.m, in.idx) },
				table: func(k *kernels.Table[T], in *inputs[T]) {
					in.sink += T(k.SoftmaxCrossEntropy(in.out.Data, in.out.Stride, in.m.Data, in.m.Stride, in.m.Cols, in.idx))
				},
				loop: func(in *inputs[T]) {
					var loss float64
					for i := range in.m.Rows {
						x, g := in.m.Row(i), in.out.Row(i)
						m := x[0]
						for _, v := range x {
							m = max(m, v)
						}
						var s T
						for j, v := range x {
							g[j] = T(math.Exp(float64(v - m)))
							s += g[j]
						}
						for j := range g {
							g[j] /= s
						}
						loss -= math.Log(float64(g[in.idx[i]]))
						g[in.idx[i]]--
					}
					in.sink += T(loss)
				},
			}
		},
		"MatMul":       matMul[T](false, false),
		"MatMulTransA": matMul[T](true, false),
		"MatMulTransB": matMul[T](false, true),
		"Transpose":    transpose[T](),
		"Softmax": rowwise(func(k *kernels.Table[T], d, x []T) { k.SoftmaxRow(d, x) }, func(d, x []T) {
			m := x[0]
			for _, v := range x {
				m = max(m, v)
			}
			var s T
			for i, v := range x {
				d[i] = T(math.Exp(float64(v - m)))
				s += d[i]
			}
			for i := range d {
				d[i] /= s
			}
		}),
		"NormalizeRows": rowwise(func(k *kernels.Table[T], d, x []T) {
			if n := k.Norm(x); n != 0 {
				k.DivConst(d, x, n)
			}
		}, func(d, x []T) {
			var s T
			for _, v := range x {
				s += v * v
			}
			n := T(math.Sqrt(float64(s)))
			for i, v := range x {
				d[i] = v / n
			}
		}),
		"AddRow": byRow(func(k *kernels.Table[T]) func(d, a, b []T) { return k.Add }, func(x, v T) T { return x + v }),
		"SubRow": byRow(func(k *kernels.Table[T]) func(d, a, b []T) { return k.Sub }, func(x, v T) T { return x - v }),
		"MulRow": byRow(func(k *kernels.Table[T]) func(d, a, b []T) { return k.Mul }, func(x, v T) T { return x * v }),
		"DivRow": byRow(func(k *kernels.Table[T]) func(d, a, b []T) { return k.Div }, func(x, v T) T { return x / v }),
		"AddCol": byCol(func(k *kernels.Table[T], d, x []T, c T) { k.AddConst(d, x, c) }, func(x, c T) T { return x + c }),
		"SubCol": byCol(func(k *kernels.Table[T], d, x []T, c T) { k.AddConst(d, x, -c) }, func(x, c T) T { return x - c }),
		"MulCol": byCol(func(k *kernels.Table[T], d, x []T, c T) { k.Scale(d, x, c) }, func(x, c T) T { return x * c }),
		"DivCol": byCol(func(k *kernels.Table[T], d, x []T, c T) { k.DivConst(d, x, c) }, func(x, c T) T { return x / c }),
	}
}

// byRow benchmarks a broadcast of a row vector over a matrix: the table's kernel per row,
// against the loop a user would write.
func byRow[T float32 | float64](k func(*kernels.Table[T]) func(d, a, b []T), op func(x, v T) T) bench[T] {
	return func(o publicops.Op[T]) desc[T] {
		l := o.ByRow
		mustBe(o, l != nil, "ByRow")
		return desc[T]{
			matrix:  true,
			traffic: func(r, c int) int { return 2*r*c + c },
			prep:    mat[T],
			lanes:   func(in *inputs[T]) { l(in.out, in.m, in.b[:in.m.Cols]) },
			table: func(t *kernels.Table[T], in *inputs[T]) {
				f := k(t)
				for i := range in.m.Rows {
					f(in.out.Row(i), in.m.Row(i), in.b[:in.m.Cols])
				}
			},
			loop: func(in *inputs[T]) {
				v := in.b[:in.m.Cols]
				for i := range in.m.Rows {
					d := in.out.Row(i)
					for j, x := range in.m.Row(i) {
						d[j] = op(x, v[j])
					}
				}
			},
		}
	}
}

// byCol benchmarks a broadcast of a column vector: one constant per row.
func byCol[T float32 | float64](k func(t *kernels.Table[T], d, x []T, c T), op func(x, c T) T) bench[T] {
	return func(o publicops.Op[T]) desc[T] {
		l := o.ByCol
		mustBe(o, l != nil, "ByCol")
		return desc[T]{
			matrix:  true,
			traffic: func(r, c int) int { return 2*r*c + r },
			prep:    mat[T],
			lanes:   func(in *inputs[T]) { l(in.out, in.m, in.a[:in.m.Rows]) },
			table: func(t *kernels.Table[T], in *inputs[T]) {
				for i := range in.m.Rows {
					k(t, in.out.Row(i), in.m.Row(i), in.a[i])
				}
			},
			loop: func(in *inputs[T]) {
				for i := range in.m.Rows {
					d, c := in.out.Row(i), in.a[i]
					for j, x := range in.m.Row(i) {
						d[j] = op(x, c)
					}
				}
			},
		}
	}
}
