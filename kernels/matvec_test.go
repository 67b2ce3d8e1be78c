package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime/debug"
	"testing"

	"github.com/lanesimd/lanes/internal/catalog"
	"github.com/lanesimd/lanes/internal/guard"
)

// TestMatVecNarrow runs MatVec of every table on every shape with 1 to 17 columns (through
// MatVecNarrow up to two vectors a row, MatVec4 beyond) and 0 to 300 rows, with NaN in the
// padding of strided rows and every slice flush against a PROT_NONE page after its end:
// MatVecNarrow reads whole vectors of a row, and the rows near w's end whose vectors would
// reach past it must not be handed to it. Each row is held to Dot's bound. Emulators run
// every ninth row count and the ones around each multiple of the vector lengths, without
// the padding of 1.
func TestMatVecNarrow(t *testing.T) {
	if !guard.Supported {
		t.Skip("no guard pages on this platform")
	}
	eachTable(t, narrowShapes[float32], narrowShapes[float64])
}

func narrowShapes[T Float](t *testing.T, tab *Table[T]) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	bufs := guard.Buffers(t, 3, 301*20*8)
	get, reset := guard.Slicer[T](bufs, "after")
	r := rand.New(rand.NewPCG(7, 7))
	dot := catalog.EntryNamed("Dot").Test
	nan := T(math.NaN())
	for cols := 1; cols <= 17; cols++ {
		for _, pad := range []int{0, 1, 3} {
			stride := cols + pad
			for rows := 0; rows <= 300; rows++ {
				if smallProducts() && (pad == 1 || rows%9 != 0 && (rows+1)%8 > 2) {
					continue
				}
				reset()
				w, x, dst := get(spanLen(rows, cols, stride)), get(cols), get(rows)
				fillMatrix(w, cols, stride, nan, func() T { return moderate[T](r) })
				for i := range x {
					x[i] = moderate[T](r)
				}
				for i := range dst {
					dst[i] = nan
				}
				shape := fmt.Sprintf("%d×%d (stride %d)", rows, cols, stride)
				func() {
					defer func() {
						if p := recover(); p != nil {
							t.Fatalf("%s: fault: %v", shape, p)
						}
					}()
					tab.MatVec(dst, w, stride, x)
				}()
				for i := range dst {
					if err := checkSumOf(dot, w[i*stride:i*stride+cols], x, dst[i]); err != nil {
						t.Fatalf("row %d of %s: %v", i, shape, err)
					}
				}
			}
		}
	}
}
