//go:build lanes_checkchunks

package kernels

import (
	"math/rand/v2"
	"testing"

	"github.com/lanesimd/lanes/generic"
)

// TestNoCallExceedsChunk runs every entry of every table this CPU runs on operands of
// several chunks and checks, by the record noteCall keeps in this build, that no
// assembly call was handed more than a chunk: elementwise and reduction slices, MatVec's
// groups of rows and its long rows, Outer's and RowSums' long rows, SoftmaxRow's long
// row, MatMul's units, Transpose's blocks and FMAPeak's steps. Run it with -tags lanes_checkchunks.
func TestNoCallExceedsChunk(t *testing.T) {
	for _, b := range Backends() {
		t.Run(b.Name+"/float32", func(t *testing.T) { noCallExceedsChunk(t, b.Name, b.F32) })
		t.Run(b.Name+"/float64", func(t *testing.T) { noCallExceedsChunk(t, b.Name, b.F64) })
	}
}

func noCallExceedsChunk[T Float](t *testing.T, backend string, tab *Table[T]) {
	r := rand.New(rand.NewPCG(3, 4))
	long := 3*chunk + generic.Block + 17
	fill := func(n int) []T {
		x := make([]T, n)
		for i := range x {
			x[i] = moderate[T](r)
		}
		return x
	}
	x, y, dst := fill(long), fill(long), make([]T, long)
	for _, e := range entriesOf(tab) {
		// calls runs the entry on long operands, in every shape that splits differently.
		var calls []func()
		switch f := e.fn.(type) {
		case func(x []T) T:
			calls = append(calls, func() { f(x) })
		case func(a, b []T) T:
			calls = append(calls, func() { f(x, y) })
		case func(dst, x []T):
			calls = append(calls, func() { f(dst, x) })
		case func(dst, a, b []T):
			calls = append(calls, func() { f(dst, x, y) })
		case func(dst, x []T, c T):
			calls = append(calls, func() { f(dst, x, 0.5) })
		case func(dst, a, b []T, c T):
			calls = append(calls, func() { f(dst, x, y, 0.5) })
		case func(dst, w []T, stride int, x []T): // MatVec: many short rows, many narrow ones, a few long ones
			calls = append(calls, func() { f(dst[:long/100], x, 100, y[:100]) }, func() { f(dst[:long/3], x, 3, y[:3]) },
				func() { f(dst[:3], x, long/3, y[:long/3]) })
		case func(dst []T, stride int, a, b []T): // Outer
			calls = append(calls, func() { f(dst, long/2, x[:2], y[:long/2]) })
		case func(dst, m []T, stride, cols int): // RowSums
			calls = append(calls, func() { f(dst[:2], x, long/2, long/2) }, func() { f(dst[:long/9], x, 9, 9) })
		case func(grad []T, gstride int, x []T, stride, cols int, labels []int) float64: // SoftmaxCrossEntropy: long rows
			labels := []int{1, long/2 - 1}
			calls = append(calls, func() { f(dst, long/2, x, long/2, long/2, labels) }, func() { f(nil, 0, x, long/2, long/2, labels) })
		case func(dst []T, rows int, m []T, stride int): // ColSums: wide rows, many narrow ones
			calls = append(calls, func() { f(dst[:long/2], 2, x, long/2) }, func() { f(dst[:3], long/3, x, 3) })
		case func(dst []T, ldd int, m []T, ldm, rows, cols int): // Transpose: square, wide, tall
			side := 1
			for (side+1)*(side+1) <= long {
				side++
			}
			calls = append(calls, func() { f(dst, side, x, side, side, side) }, func() { f(dst, 8, x, long/8, 8, long/8) },
				func() { f(dst, long/8, x, 8, long/8, 8) })
		case func(n int) T: // FMAPeak
			calls = append(calls, func() { f(5*4096 + 3) })
		case func(dst []T, ldd int, a []T, lda int, transA bool, b []T, ldb int, transB bool, m, n, k int, par generic.Par):
			seq := generic.Serial
			calls = append(calls,
				func() { f(dst, 300, x, 300, false, y, 300, false, 300, 300, 300, seq) },              // packed
				func() { f(dst, long/4, x, 3, false, y, long/4, false, 2, long/4, 3, seq) },           // direct, wide
				func() { f(dst, 400, x, 5, true, y, 400, true, 5, 400, 400, seq) },                    // transposed
				func() { f(dst, long/2, x, 1, false, y, long/2, false, 1, long/2, 1, seq) },           // one row, k=1
				func() { f(dst, long/600, x, 600, false, y, long/600, false, 1, long/600, 600, seq) }, // one row streamed
				func() { f(dst, long/600, x, 600, false, y, 600, true, 1, long/600, 600, seq) })       // one row against bᵀ
		default:
			t.Fatalf("%s: no long call for %T", e.Name, f)
		}
		for i, call := range calls {
			resetCalls()
			call()
			got := longestCall.Load()
			if got > chunk {
				t.Errorf("%s, call %d: an assembly call handled %d elements, more than a chunk (%d)", e.Name, i, got, chunk)
			}
			if backend != "generic" && got == 0 {
				t.Errorf("%s, call %d: no assembly call was recorded", e.Name, i)
			}
			if backend == "generic" && got != 0 {
				t.Errorf("%s, call %d: generic recorded an assembly call of %d", e.Name, i, got)
			}
		}
	}
}
