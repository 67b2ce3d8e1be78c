package lanes_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/lanesimd/lanes"
	"github.com/lanesimd/lanes/kernels"
)

// TestMatVecThreads checks that a MatVec split across 2, 3 and 4 goroutines gives, on
// every backend, the bits of the call on one: narrow rows (MatVecNarrow, whose steps are a
// vector's lanes of rows), rows longer than a summation block (a blocked dot product a
// row), and row counts that leave a short last unit; strided, with NaN in the padding.
func TestMatVecThreads(t *testing.T) {
	log := splitting(t)
	r := rand.New(rand.NewPCG(5, 5))
	shapes := [][2]int{{1000, 3}, {300, 16}, {40, 5000}, {515, 300}, {117, 40}, {33, 1}, {64, 17}, {31, 9}}
	saved, _ := kernels.Lookup(lanes.Backend())
	defer lanes.Use(saved)
	for _, b := range kernels.Backends() {
		lanes.Use(b)
		for _, s := range shapes {
			for _, pad := range []int{0, 3} {
				matVecSplits[float32](t, r, b.Name, s[0], s[1], pad)
				matVecSplits[float64](t, r, b.Name, s[0], s[1], pad)
			}
		}
	}
	// While the hook is set, every goroutine a call is handed runs one of its units (see
	// lanes' testHookRan): each split call ran on min(threads, units) of them.
	most := 0
	for _, c := range log.calls {
		if want := min(c[0], c[1]); c[2] != want {
			t.Errorf("a MatVec of %d units on up to %d goroutines ran on %d", c[1], c[0], c[2])
		}
		most = max(most, c[2])
	}
	if most < 2 {
		t.Errorf("the largest number of goroutines in a MatVec was %d, want ≥ 2", most)
	}
}

func matVecSplits[T lanes.Float](t *testing.T, r *rand.Rand, backend string, rows, cols, pad int) {
	t.Helper()
	w := lanes.Matrix[T]{Rows: rows, Cols: cols, Stride: cols + pad, Data: make([]T, rows*(cols+pad))}
	for i := range w.Data {
		w.Data[i] = T(math.NaN())
	}
	for i := range rows {
		for j := range cols {
			w.Data[i*w.Stride+j] = T(r.Float64()*2 - 1)
		}
	}
	x := make([]T, cols)
	for i := range x {
		x[i] = T(r.Float64()*2 - 1)
	}
	one, dst := make([]T, rows), make([]T, rows)
	defer lanes.SetMaxThreads(lanes.SetMaxThreads(1))
	lanes.MatVec(one, w, x)
	for i, v := range one {
		if math.IsNaN(float64(v)) {
			t.Fatalf("%s, %d×%d (stride %d): row %d is NaN on one goroutine", backend, rows, cols, w.Stride, i)
		}
	}
	for _, th := range []int{2, 3, 4} {
		lanes.SetMaxThreads(th)
		lanes.MatVec(dst, w, x)
		for i := range dst {
			if math.Float64bits(float64(dst[i])) != math.Float64bits(float64(one[i])) {
				t.Fatalf("%s, %d×%d (stride %d), %d goroutines: row %d is %v, on one %v", backend, rows, cols, w.Stride, th, i, dst[i], one[i])
			}
		}
	}
}

// TestMatVecNoAllocation checks that a MatVec split across goroutines allocates nothing
// once warm (see threadedAllocs).
func TestMatVecNoAllocation(t *testing.T) {
	w, x, dst := lanes.NewMatrix[float32](600, 500), make([]float32, 500), make([]float32, 600)
	for i := range w.Data {
		w.Data[i] = float32(i % 7)
	}
	threadedAllocs(t, func() { lanes.MatVec(dst, w, x) })
}
