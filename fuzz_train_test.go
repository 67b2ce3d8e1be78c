package lanes_test

import (
	"math"
	"testing"

	"github.com/lanesimd/lanes"
)

// ArgMaxRows is a Go loop, the same on every backend: its tests and fuzz target check it
// against argMaxRef, NumPy's rule written the other way round (find a NaN first, then the
// first strict maximum).

// argMaxRef is np.argmax of a row: the first NaN if there is one, else the first of the
// largest values (−0 and +0 equal).
func argMaxRef[T lanes.Float](x []T) int {
	for j, v := range x {
		if v != v {
			return j
		}
	}
	best := 0
	for j, v := range x {
		if v > x[best] {
			best = j
		}
	}
	return best
}

// argMaxValues are the values rows are made of: few, so that ties are common, with every
// special value the rule has to order.
var argMaxValues = []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 1, -1, 2, 2,
	math.MaxFloat32, -math.MaxFloat32, 0x1p-149, -0x1p-149, 1e-30, 3, 3}

// checkArgMaxRows runs ArgMaxRows on m and compares every row with argMaxRef.
func checkArgMaxRows[T lanes.Float](t *testing.T, m lanes.Matrix[T], what string) {
	t.Helper()
	dst := make([]int, m.Rows)
	for i := range dst {
		dst[i] = -7
	}
	lanes.ArgMaxRows(dst, m)
	for i := range m.Rows {
		if want := argMaxRef(m.Row(i)); dst[i] != want {
			t.Fatalf("%s: row %d of %d×%d (stride %d) %v: ArgMaxRows gives %d, want %d", what, i, m.Rows, m.Cols, m.Stride, m.Row(i), dst[i], want)
		}
	}
}

// TestArgMaxRowsShapes runs every column count 0..300 at four offsets into the data, with
// padding between the rows (NaN, which a read past a row's end would take as its
// maximum), rows without NaN, with one, and with several, and ties everywhere.
func TestArgMaxRowsShapes(t *testing.T) {
	both(t, argMaxRowsShapes[float32], argMaxRowsShapes[float64])
}

func argMaxRowsShapes[T lanes.Float](t *testing.T) {
	seed := uint64(1)
	next := func() uint64 { // a small LCG: a few million values, cheaper than math/rand
		seed = seed*6364136223846793005 + 1442695040888963407
		return seed >> 33
	}
	for cols := range 301 {
		for off := range 4 {
			rows, pad := 1+(cols+off)%5, off%3
			if cols == 0 {
				rows = 0
			}
			stride := cols + pad
			data := make([]T, off+rows*stride)
			for k := range data {
				data[k] = T(math.NaN())
			}
			m := lanes.Matrix[T]{Rows: rows, Cols: cols, Stride: stride, Data: data[off:]}
			for i := range rows {
				row := m.Row(i)
				for j := range row {
					v := argMaxValues[1+next()%uint64(len(argMaxValues)-1)]
					// One row in three gets NaNs, at one position in 1 + i·7 on average.
					if i%3 == 1 && next()%uint64(1+i*7) == 0 {
						v = math.NaN()
					}
					row[j] = T(v)
				}
			}
			checkArgMaxRows(t, m, "shapes")
		}
	}
}

// FuzzArgMaxRows fuzzes ArgMaxRows over shapes, strides, offsets and values: each byte
// of values is one element, an index into argMaxValues or, above it, a small integer, so
// that ties and special values are the rule.
func FuzzArgMaxRows(f *testing.F) {
	f.Add(uint8(2), uint8(3), uint8(1), uint8(0), false, []byte{5, 7, 7, 0, 1, 2, 0xff})
	f.Add(uint8(1), uint8(17), uint8(0), uint8(3), true, []byte("0123456789abcdefgh"))
	f.Add(uint8(3), uint8(9), uint8(2), uint8(1), false, []byte{2, 2, 2, 4, 3, 4, 0, 1, 0, 200, 200, 1})
	f.Fuzz(func(t *testing.T, rows, cols, pad, off uint8, f64 bool, values []byte) {
		r, c := int(rows%16), int(cols)
		if c == 0 {
			r = 0 // a row of no columns panics, as documented
		}
		if f64 {
			fuzzArgMax[float64](t, r, c, int(pad%4), int(off%8), values)
		} else {
			fuzzArgMax[float32](t, r, c, int(pad%4), int(off%8), values)
		}
	})
}

func fuzzArgMax[T lanes.Float](t *testing.T, rows, cols, pad, off int, values []byte) {
	stride := cols + pad
	data := make([]T, off+rows*stride)
	for k := range data {
		v := math.NaN() // padding, and every element when the fuzzer gives no bytes
		if len(values) > 0 {
			b := values[k%len(values)]
			if int(b) < len(argMaxValues) {
				v = argMaxValues[b]
			} else {
				v = float64(int(b)%24 - 12)
			}
		}
		if k < off || (k-off)%stride >= cols {
			v = math.NaN()
		}
		data[k] = T(v)
	}
	checkArgMaxRows(t, lanes.Matrix[T]{Rows: rows, Cols: cols, Stride: stride, Data: data[off:]}, "fuzz")
}
