package lanes

import (
	"fmt"
	"runtime/debug"
	"testing"

	"github.com/lanesimd/lanes/internal/guard"
)

// TestGuardPages runs every public op on every backend, in both precisions, for every
// length 0..260, with each slice (and each matrix's rows) flush against a PROT_NONE page,
// after its end and then before its start: one element read or written outside the
// caller's memory faults.
func TestGuardPages(t *testing.T) {
	if !guard.Supported {
		t.Skip("no guard pages on this platform")
	}
	eachBackend(t, func(t *testing.T) { both(t, guardPages[float32], guardPages[float64]) })
}

func guardPages[T Float](t *testing.T) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	bufs := guard.Buffers(t, 4, 8*4*300)
	for _, side := range guard.Sides {
		next, reset := guard.Slicer[T](bufs, side)
		for n := range 261 {
			get := func(n int) []T {
				s := next(n)
				for i := range s {
					s[i] = T(i%7) + 0.5
				}
				return s
			}
			rows, cols, stride := 1+n%4, n, n+n%3
			matrix := func() Matrix[T] {
				if cols == 0 {
					return Matrix[T]{Rows: rows, Stride: stride, Data: get(0)}
				}
				return Matrix[T]{rows, cols, stride, get((rows-1)*stride + cols)}
			}
			for _, op := range guardOps[T]() {
				reset()
				err := func() (err error) {
					defer func() {
						if p := recover(); p != nil {
							err = fmt.Errorf("%v", p)
						}
					}()
					op.run(n, get, matrix)
					return nil
				}()
				if err != nil {
					t.Fatalf("%s, n=%d, guard page %s: %v", op.name, n, side, err)
				}
			}
		}
	}
}

type guardOp[T Float] struct {
	name string
	run  func(n int, get func(int) []T, matrix func() Matrix[T])
}

func guardOps[T Float]() []guardOp[T] {
	var sink T
	vec := func(name string, f func(dst, a, b []T)) guardOp[T] {
		return guardOp[T]{name, func(n int, get func(int) []T, _ func() Matrix[T]) { f(get(n), get(n), get(n)) }}
	}
	un := func(name string, f func(dst, x []T)) guardOp[T] {
		return guardOp[T]{name, func(n int, get func(int) []T, _ func() Matrix[T]) { f(get(n), get(n)) }}
	}
	mat := func(name string, f func(dst, m Matrix[T], v []T), byRow bool) guardOp[T] {
		return guardOp[T]{name, func(n int, get func(int) []T, matrix func() Matrix[T]) {
			m, dst := matrix(), matrix()
			v := get(m.Rows)
			if byRow {
				v = get(m.Cols)
			}
			f(dst, m, v)
			f(m, m, v)
		}}
	}
	return []guardOp[T]{
		{"Dot", func(n int, get func(int) []T, _ func() Matrix[T]) { sink += Dot(get(n), get(n)) }},
		{"Sum", func(n int, get func(int) []T, _ func() Matrix[T]) { sink += Sum(get(n)) }},
		{"Norm", func(n int, get func(int) []T, _ func() Matrix[T]) { sink += Norm(get(n)) }},
		{"Max", func(n int, get func(int) []T, _ func() Matrix[T]) {
			if n > 0 {
				sink += Max(get(n))
			}
		}},
		{"L1", func(n int, get func(int) []T, _ func() Matrix[T]) { sink += L1(get(n), get(n)) }},
		{"L2", func(n int, get func(int) []T, _ func() Matrix[T]) { sink += L2(get(n), get(n)) }},
		vec("Add", Add[T]), vec("Sub", Sub[T]), vec("Mul", Mul[T]), vec("Div", Div[T]), vec("Maximum", Maximum[T]),
		un("ReLU", ReLU[T]), un("Exp", Exp[T]), un("Tanh", Tanh[T]), un("Log", Log[T]), un("Sigmoid", Sigmoid[T]), un("SigmoidDerivative", SigmoidDerivative[T]),
		un("Scale", func(dst, x []T) { Scale(dst, 3, x) }), un("AddConst", func(dst, x []T) { AddConst(dst, 3, x) }),
		{"Outer", func(n int, get func(int) []T, matrix func() Matrix[T]) {
			m := matrix()
			Outer(m, get(m.Rows), get(m.Cols))
		}},
		{"MatVec", func(n int, get func(int) []T, matrix func() Matrix[T]) {
			m := matrix()
			MatVec(get(m.Rows), m, get(m.Cols))
		}},
		{"RowSums", func(n int, get func(int) []T, matrix func() Matrix[T]) {
			m := matrix()
			RowSums(get(m.Rows), m)
		}},
		{"Softmax", func(n int, get func(int) []T, matrix func() Matrix[T]) {
			m := matrix()
			Softmax(matrix(), m)
			Softmax(m, m)
		}},
		{"NormalizeRows", func(n int, get func(int) []T, matrix func() Matrix[T]) {
			m := matrix()
			NormalizeRows(matrix(), m)
			NormalizeRows(m, m)
		}},
		mat("AddCol", AddCol[T], false), mat("SubCol", SubCol[T], false),
		mat("MulCol", MulCol[T], false), mat("DivCol", DivCol[T], false),
		mat("AddRow", AddRow[T], true), mat("SubRow", SubRow[T], true),
		mat("MulRow", MulRow[T], true), mat("DivRow", DivRow[T], true),
	}
}
