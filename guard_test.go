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
