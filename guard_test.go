package lanes_test

import (
	"fmt"
	"runtime/debug"
	"testing"

	"github.com/lanesimd/lanes"
	"github.com/lanesimd/lanes/internal/guard"
	"github.com/lanesimd/lanes/internal/publicops"
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

func guardPages[T lanes.Float](t *testing.T) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	bufs := guard.Buffers(t, 4, 8*8*300) // a product's b: up to 262×5 and padding
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
			rows, cols := 1+n%4, n
			shaped := func(rows, cols int) lanes.Matrix[T] {
				stride := cols + n%3
				if rows == 0 || cols == 0 {
					return lanes.Matrix[T]{Rows: rows, Cols: cols, Stride: stride, Data: get(0)}
				}
				return lanes.Matrix[T]{Rows: rows, Cols: cols, Stride: stride, Data: get((rows-1)*stride + cols)}
			}
			matrix := func() lanes.Matrix[T] { return shaped(rows, cols) }
			for _, op := range publicops.Ops[T]() {
				if n == 0 && op.NonEmpty {
					continue
				}
				reset()
				err := func() (err error) {
					defer func() {
						if p := recover(); p != nil {
							err = fmt.Errorf("%v", p)
						}
					}()
					op.Bind(publicops.Operands[T]{Vec: get, Matrix: matrix, Shaped: shaped}, n)()
					return nil
				}()
				if err != nil {
					t.Fatalf("%s, n=%d, guard page %s: %v", op.Name, n, side, err)
				}
			}
		}
	}
}

// TestGuardPagesProducts puts each operand of the three products and Transpose flush
// against a guard page, after its end and then before its start, on the -short shapes:
// every (m, n, k) up to 17 and 10 random shapes up to 128, which reach the packed path
// with a's and b's slivers read in place, and 13×20·20×257 and 520×20·20×12, which pack
// a's (more than 256 columns) and b's (more than 512 rows).
// Products split from one multiply-add on, and the thread count goes round 1 to 4 from
// shape to shape, so the threaded direct, streamed and packed paths each meet the pages.
func TestGuardPagesProducts(t *testing.T) {
	if !guard.Supported {
		t.Skip("no guard pages on this platform")
	}
	shapes := append(append(cube(17), randomShapes(11, 10, 128)...), [3]int{13, 257, 20}, [3]int{520, 12, 20})
	eachBackend(t, func(t *testing.T) {
		both(t, func(t *testing.T) { guardProducts[float32](t, shapes) }, func(t *testing.T) { guardProducts[float64](t, shapes) })
	})
}

func guardProducts[T lanes.Float](t *testing.T, shapes [][3]int) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	log := splitting(t)
	defer lanes.SetMaxThreads(lanes.SetMaxThreads(0))
	bufs := guard.Buffers(t, 3, 8*130*130)
	for _, side := range guard.Sides {
		next, reset := guard.Slicer[T](bufs, side)
		for i, s := range shapes {
			m, n, k, pad, th := s[0], s[1], s[2], i%3, 1+i%4
			shaped := func(rows, cols int) lanes.Matrix[T] {
				stride := cols + pad
				if rows == 0 || cols == 0 {
					return lanes.Matrix[T]{Rows: rows, Cols: cols, Stride: stride, Data: next(0)}
				}
				d := next((rows-1)*stride + cols)
				for j := range d {
					d[j] = T(j%7) - 2.5
				}
				return lanes.Matrix[T]{Rows: rows, Cols: cols, Stride: stride, Data: d}
			}
			lanes.SetMaxThreads(th)
			calls := []struct {
				name string
				call func()
			}{
				{"MatMul", func() { lanes.MatMul(shaped(m, n), shaped(m, k), shaped(k, n)) }},
				{"MatMulTransA", func() { lanes.MatMulTransA(shaped(m, n), shaped(k, m), shaped(k, n)) }},
				{"MatMulTransB", func() { lanes.MatMulTransB(shaped(m, n), shaped(m, k), shaped(n, k)) }},
				{"Transpose", func() { lanes.Transpose(shaped(n, m), shaped(m, n)) }},
			}
			for _, c := range calls {
				reset()
				err := func() (err error) {
					defer func() {
						if p := recover(); p != nil {
							err = fmt.Errorf("%v", p)
						}
					}()
					c.call()
					return log.check(th)
				}()
				if err != nil {
					t.Fatalf("%s %d×%d·%d×%d, stride padding %d, %d threads, guard page %s: %v", c.name, m, k, k, n, pad, th, side, err)
				}
			}
		}
	}
}
