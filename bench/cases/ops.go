package cases

import (
	"math"

	"github.com/lanesimd/lanes"
	"github.com/lanesimd/lanes/kernels"
)

// desc describes how to benchmark one op.
type desc[T float32 | float64] struct {
	matrix  bool
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
		var k *kernels.Table[T]
		switch t := any(b.F32).(type) {
		case *kernels.Table[T]:
			k = t
		default:
			k = any(b.F64).(*kernels.Table[T])
		}
		is = append(is, impl[T]{b.Name, func(in *inputs[T]) { d.table(k, in) }})
	}
	return append(is, impl[T]{"lanes", d.lanes}, impl[T]{"loop", d.loop})
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
	}
}

func reduce1[T float32 | float64](l func(x []T) T, k func(*kernels.Table[T]) func([]T) T, loop func(x []T) T) desc[T] {
	return desc[T]{
		traffic: func(n, _ int) int { return n },
		prep:    vec1[T](-2, 2),
		lanes:   func(in *inputs[T]) { in.sink += l(in.a) },
		table:   func(t *kernels.Table[T], in *inputs[T]) { in.sink += k(t)(in.a) },
		loop:    func(in *inputs[T]) { in.sink += loop(in.a) },
	}
}

func reduce2[T float32 | float64](l func(a, b []T) T, k func(*kernels.Table[T]) func(a, b []T) T, loop func(a, b []T) T) desc[T] {
	return desc[T]{
		traffic: func(n, _ int) int { return 2 * n },
		prep:    vec2[T],
		lanes:   func(in *inputs[T]) { in.sink += l(in.a, in.b) },
		table:   func(t *kernels.Table[T], in *inputs[T]) { in.sink += k(t)(in.a, in.b) },
		loop:    func(in *inputs[T]) { in.sink += loop(in.a, in.b) },
	}
}

// binary benchmarks an elementwise op of two slices; loop is the user's whole loop, written
// out per op so that the operation inlines.
func binary[T float32 | float64](l func(dst, a, b []T), k func(*kernels.Table[T]) func(dst, a, b []T), loop func(dst, a, b []T)) desc[T] {
	return desc[T]{
		traffic: func(n, _ int) int { return 3 * n },
		prep:    vec2[T],
		lanes:   func(in *inputs[T]) { l(in.dst, in.a, in.b) },
		table:   func(t *kernels.Table[T], in *inputs[T]) { k(t)(in.dst, in.a, in.b) },
		loop:    func(in *inputs[T]) { loop(in.dst, in.a, in.b) },
	}
}

// unary benchmarks an elementwise op of one slice, with inputs in [lo, hi); loop is the
// user's whole loop.
func unary[T float32 | float64](lo, hi float64, l func(dst, x []T), k func(*kernels.Table[T]) func(dst, x []T), loop func(dst, x []T)) desc[T] {
	return desc[T]{
		traffic: func(n, _ int) int { return 2 * n },
		prep:    vec1[T](lo, hi),
		lanes:   func(in *inputs[T]) { l(in.dst, in.a) },
		table:   func(t *kernels.Table[T], in *inputs[T]) { k(t)(in.dst, in.a) },
		loop:    func(in *inputs[T]) { loop(in.dst, in.a) },
	}
}

// withConst benchmarks an elementwise op of a slice and a constant (in.c). The kernel is
// a field of the table, called directly: a closure made per call would allocate.
func withConst[T float32 | float64](l func(dst []T, c T, x []T), k func(*kernels.Table[T]) func(dst, x []T, c T), loop func(dst []T, c T, x []T)) desc[T] {
	return desc[T]{
		traffic: func(n, _ int) int { return 2 * n },
		prep:    vec1[T](-2, 2),
		lanes:   func(in *inputs[T]) { l(in.dst, in.c, in.a) },
		table:   func(t *kernels.Table[T], in *inputs[T]) { k(t)(in.dst, in.a, in.c) },
		loop:    func(in *inputs[T]) { loop(in.dst, in.c, in.a) },
	}
}

// rowwise benchmarks an op that runs a kernel over each row of in.m into in.out.
func rowwise[T float32 | float64](l func(dst, x lanes.Matrix[T]), row func(k *kernels.Table[T], dst, x []T), loop func(dst, x []T)) desc[T] {
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

func ops[T float32 | float64]() map[string]desc[T] {
	return map[string]desc[T]{
		"Copy": {
			traffic: func(n, _ int) int { return 2 * n },
			prep:    vec1[T](-2, 2),
			loop:    func(in *inputs[T]) { copy(in.dst, in.a) },
			only:    "copy",
		},
		"Dot": reduce2(lanes.Dot[T], func(k *kernels.Table[T]) func(a, b []T) T { return k.Dot }, func(a, b []T) T {
			var s T
			for i := range a {
				s += a[i] * b[i]
			}
			return s
		}),
		"Sum": reduce1(lanes.Sum[T], func(k *kernels.Table[T]) func([]T) T { return k.Sum }, func(x []T) T {
			var s T
			for _, v := range x {
				s += v
			}
			return s
		}),
		"Max": reduce1(lanes.Max[T], func(k *kernels.Table[T]) func([]T) T { return k.Max }, func(x []T) T {
			m := x[0]
			for _, v := range x {
				m = max(m, v)
			}
			return m
		}),
		"Norm": reduce1(lanes.Norm[T], func(k *kernels.Table[T]) func([]T) T { return k.Norm }, func(x []T) T {
			var s T
			for _, v := range x {
				s += v * v
			}
			return T(math.Sqrt(float64(s)))
		}),
		"L1": reduce2(lanes.L1[T], func(k *kernels.Table[T]) func(a, b []T) T { return k.L1 }, func(a, b []T) T {
			var s T
			for i := range a {
				s += T(math.Abs(float64(a[i] - b[i])))
			}
			return s
		}),
		"L2": reduce2(lanes.L2[T], func(k *kernels.Table[T]) func(a, b []T) T { return k.L2 }, func(a, b []T) T {
			var s T
			for i := range a {
				d := a[i] - b[i]
				s += d * d
			}
			return s
		}),
		"Add": binary(lanes.Add[T], func(k *kernels.Table[T]) func(d, a, b []T) { return k.Add }, func(dst, a, b []T) {
			for i := range dst {
				dst[i] = a[i] + b[i]
			}
		}),
		"Sub": binary(lanes.Sub[T], func(k *kernels.Table[T]) func(d, a, b []T) { return k.Sub }, func(dst, a, b []T) {
			for i := range dst {
				dst[i] = a[i] - b[i]
			}
		}),
		"Mul": binary(lanes.Mul[T], func(k *kernels.Table[T]) func(d, a, b []T) { return k.Mul }, func(dst, a, b []T) {
			for i := range dst {
				dst[i] = a[i] * b[i]
			}
		}),
		"Div": binary(lanes.Div[T], func(k *kernels.Table[T]) func(d, a, b []T) { return k.Div }, func(dst, a, b []T) {
			for i := range dst {
				dst[i] = a[i] / b[i]
			}
		}),
		"Maximum": binary(lanes.Maximum[T], func(k *kernels.Table[T]) func(d, a, b []T) { return k.Maximum },
			func(dst, a, b []T) {
				for i := range dst {
					dst[i] = max(a[i], b[i])
				}
			}),
		"ReLU": unary(-2, 2, lanes.ReLU[T], func(k *kernels.Table[T]) func(d, x []T) { return k.ReLU },
			func(dst, x []T) {
				for i, v := range x {
					dst[i] = max(v, 0)
				}
			}),
		"Scale": withConst(lanes.Scale[T], func(k *kernels.Table[T]) func(d, x []T, c T) { return k.Scale },
			func(dst []T, c T, x []T) {
				for i, v := range x {
					dst[i] = c * v
				}
			}),
		"AddConst": withConst(lanes.AddConst[T], func(k *kernels.Table[T]) func(d, x []T, c T) { return k.AddConst },
			func(dst []T, c T, x []T) {
				for i, v := range x {
					dst[i] = v + c
				}
			}),
		"Exp": unary(-10, 10, lanes.Exp[T], func(k *kernels.Table[T]) func(d, x []T) { return k.Exp },
			func(dst, x []T) {
				for i, v := range x {
					dst[i] = T(math.Exp(float64(v)))
				}
			}),
		"Log": unary(0.01, 100, lanes.Log[T], func(k *kernels.Table[T]) func(d, x []T) { return k.Log },
			func(dst, x []T) {
				for i, v := range x {
					dst[i] = T(math.Log(float64(v)))
				}
			}),
		"Sigmoid": unary(-10, 10, lanes.Sigmoid[T], func(k *kernels.Table[T]) func(d, x []T) { return k.Sigmoid },
			func(dst, x []T) {
				for i, v := range x {
					dst[i] = 1 / (1 + T(math.Exp(-float64(v))))
				}
			}),
		"SigmoidDerivative": unary(-10, 10, lanes.SigmoidDerivative[T],
			func(k *kernels.Table[T]) func(d, x []T) { return k.SigmoidDerivative },
			func(dst, x []T) {
				for i, v := range x {
					s := 1 / (1 + T(math.Exp(-float64(v))))
					dst[i] = s * (1 - s)
				}
			}),
		"Tanh": unary(-3, 3, lanes.Tanh[T], func(k *kernels.Table[T]) func(d, x []T) { return k.Tanh },
			func(dst, x []T) {
				for i, v := range x {
					dst[i] = T(math.Tanh(float64(v)))
				}
			}),
		"MatVec": {
			matrix:  true,
			traffic: func(r, c int) int { return r*c + c + r },
			prep:    mat[T],
			lanes:   func(in *inputs[T]) { lanes.MatVec(in.dst[:in.m.Rows], in.m, in.b[:in.m.Cols]) },
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
		},
		"Outer": {
			matrix:  true,
			traffic: func(r, c int) int { return r*c + r + c },
			prep:    mat[T],
			lanes:   func(in *inputs[T]) { lanes.Outer(in.out, in.a[:in.out.Rows], in.b[:in.out.Cols]) },
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
		},
		"RowSums": {
			matrix:  true,
			traffic: func(r, c int) int { return r*c + r },
			prep:    mat[T],
			lanes:   func(in *inputs[T]) { lanes.RowSums(in.dst[:in.m.Rows], in.m) },
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
		},
		"Softmax": rowwise(lanes.Softmax[T], func(k *kernels.Table[T], d, x []T) { k.SoftmaxRow(d, x) }, func(d, x []T) {
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
		"NormalizeRows": rowwise(lanes.NormalizeRows[T], func(k *kernels.Table[T], d, x []T) {
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
		"AddRow": byRow(lanes.AddRow[T], func(k *kernels.Table[T]) func(d, a, b []T) { return k.Add }, func(x, v T) T { return x + v }),
		"SubRow": byRow(lanes.SubRow[T], func(k *kernels.Table[T]) func(d, a, b []T) { return k.Sub }, func(x, v T) T { return x - v }),
		"MulRow": byRow(lanes.MulRow[T], func(k *kernels.Table[T]) func(d, a, b []T) { return k.Mul }, func(x, v T) T { return x * v }),
		"DivRow": byRow(lanes.DivRow[T], func(k *kernels.Table[T]) func(d, a, b []T) { return k.Div }, func(x, v T) T { return x / v }),
		"AddCol": byCol(lanes.AddCol[T], func(k *kernels.Table[T], d, x []T, c T) { k.AddConst(d, x, c) }, func(x, c T) T { return x + c }),
		"SubCol": byCol(lanes.SubCol[T], func(k *kernels.Table[T], d, x []T, c T) { k.AddConst(d, x, -c) }, func(x, c T) T { return x - c }),
		"MulCol": byCol(lanes.MulCol[T], func(k *kernels.Table[T], d, x []T, c T) { k.Scale(d, x, c) }, func(x, c T) T { return x * c }),
		"DivCol": byCol(lanes.DivCol[T], func(k *kernels.Table[T], d, x []T, c T) { k.DivConst(d, x, c) }, func(x, c T) T { return x / c }),
	}
}

// byRow benchmarks a broadcast of a row vector over a matrix: the table's kernel per row,
// against the loop a user would write.
func byRow[T float32 | float64](l func(dst, m lanes.Matrix[T], v []T), k func(*kernels.Table[T]) func(d, a, b []T), op func(x, v T) T) desc[T] {
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

// byCol benchmarks a broadcast of a column vector: one constant per row.
func byCol[T float32 | float64](l func(dst, m lanes.Matrix[T], v []T), k func(t *kernels.Table[T], d, x []T, c T), op func(x, c T) T) desc[T] {
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
