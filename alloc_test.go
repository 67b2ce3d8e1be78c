package lanes_test

import (
	"testing"

	"github.com/lanesimd/lanes"
	"github.com/lanesimd/lanes/internal/publicops"
)

// No op allocates, in either precision, on any backend; NewMatrix allocates its Data and
// nothing else.
func TestNoAllocation(t *testing.T) {
	eachBackend(t, func(t *testing.T) { both(t, noAllocation[float32], noAllocation[float64]) })
}

func noAllocation[T lanes.Float](t *testing.T) {
	vec := func(n int) []T {
		x := make([]T, n)
		for i := range x {
			x[i] = T(i%7) + 0.5
		}
		return x
	}
	shaped := func(rows, cols int) lanes.Matrix[T] { return lanes.MatrixOf(rows, cols, vec(rows*cols)) }
	in := publicops.Operands[T]{Vec: vec, Matrix: func() lanes.Matrix[T] { return shaped(10, 10) }, Shaped: shaped}
	for _, op := range publicops.Ops[T]() {
		limit := 0.0
		if op.Allocates {
			limit = 1
		}
		if allocs := testing.AllocsPerRun(20, op.Bind(in, 100)); allocs > limit {
			t.Errorf("%s allocates %v times per call", op.Name, allocs)
		}
	}
}
