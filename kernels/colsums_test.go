package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/lanesimd/lanes/generic"
	"github.com/lanesimd/lanes/internal/ref"
)

// TestColSumsWide runs ColSums of every table on matrices wider than generic.ColPiece
// (1024), so that the columns are summed in pieces, with rows across the 4096-row blocks,
// padding of NaN between the rows, and NaN, +Inf and −Inf planted in some columns, in
// pieces after the first and on both sides of a block boundary: a special value reaches
// its column's sum only (NaN, ±Inf, NaN for +Inf and −Inf together). Every other column
// is held to runColSums' bound, (min(rows, Block) + rows/Block)·u·Σ|terms|, and every
// column to generic's bits.
func TestColSumsWide(t *testing.T) {
	for _, b := range emulatedBackends() {
		t.Run(b.Name+"/float32", func(t *testing.T) { colSumsWide(t, b.F32) })
		t.Run(b.Name+"/float64", func(t *testing.T) { colSumsWide(t, b.F64) })
	}
}

func colSumsWide[T Float](t *testing.T, tab *Table[T]) {
	shapes := [][2]int{{1, 3000}, {3, 1025}, {17, 2049}, {5, 2048}, {generic.Block + 1, 1100}, {generic.Block + 5, 2070}}
	if testing.Short() || emulated() {
		shapes = [][2]int{{1, 3000}, {3, 1025}, {17, 2049}, {generic.Block + 1, 1030}}
	}
	r := rand.New(rand.NewPCG(31, 32))
	nan, inf := T(math.NaN()), T(math.Inf(1))
	for _, s := range shapes {
		rows, cols := s[0], s[1]
		stride := cols + rows%3 + 1
		m := make([]T, spanLen(rows, cols, stride))
		fillMatrix(m, cols, stride, nan, func() T { return moderate[T](r) })
		// Column → the values planted in it, at the first row, the last, and the rows on
		// both sides of the first block boundary.
		plant := map[int][]T{0: {nan}, 1023: {inf}, 1024: {nan}, 1025: {-inf}, cols - 1: {inf, -inf}, cols - 2: {inf, inf}, 1500: {nan, inf}}
		at := []int{0, rows - 1, min(generic.Block-1, rows-1), min(generic.Block, rows-1)}
		for j, vs := range plant {
			if j >= cols {
				continue
			}
			for i, v := range vs {
				m[at[(i+j)%len(at)]*stride+j] = v
			}
		}
		dst, want := make([]T, cols), make([]T, cols)
		for j := range dst {
			dst[j] = 7 // overwritten, never added to
		}
		tab.ColSums(dst, rows, m, stride)
		generic.ColSums(want, rows, m, stride)
		bound := float64(min(rows, generic.Block)+rows/generic.Block) * eps[T]()
		bad := 0
		for j := range cols {
			var acc ref.Acc
			naive := 0.0
			for i := range rows {
				acc.Add(float64(m[i*stride+j]))
				naive += float64(m[i*stride+j])
			}
			ok := sameBits(dst[j], want[j])
			if math.IsNaN(naive) || math.IsInf(naive, 0) {
				ok = ok && sameBits(dst[j], T(naive))
			} else {
				ok = ok && math.Abs(float64(dst[j])-acc.Sum()) <= bound*acc.Abs()
			}
			if !ok && bad < 5 {
				bad++
				t.Errorf("%d×%d (stride %d): column %d is %v, want %v (generic %v)", rows, cols, stride, j, dst[j], naive, want[j])
			}
		}
	}
}
