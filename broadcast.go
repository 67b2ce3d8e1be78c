package lanes

import (
	"fmt"

	"github.com/lanesimd/lanes/kernels"
)

// The broadcasts of NumPy's m op v[:, None] (…Col: v has one element per row) and
// m op v[None, :] (…Row: v has one element per column). dst may be m; it must not share
// memory with v, which is read again for every row.

// AddCol sets dst[i][j] = m[i][j] + v[i]; len(v) == m.Rows.
func AddCol[T Float](dst, m Matrix[T], v []T) { byCol("AddCol", dst, m, v, add) }

// SubCol sets dst[i][j] = m[i][j] − v[i]; len(v) == m.Rows.
func SubCol[T Float](dst, m Matrix[T], v []T) { byCol("SubCol", dst, m, v, sub) }

// MulCol sets dst[i][j] = m[i][j] · v[i]; len(v) == m.Rows.
func MulCol[T Float](dst, m Matrix[T], v []T) { byCol("MulCol", dst, m, v, mul) }

// DivCol sets dst[i][j] = m[i][j] / v[i]; len(v) == m.Rows.
func DivCol[T Float](dst, m Matrix[T], v []T) { byCol("DivCol", dst, m, v, div) }

// AddRow sets dst[i][j] = m[i][j] + v[j]; len(v) == m.Cols.
func AddRow[T Float](dst, m Matrix[T], v []T) { byRow("AddRow", dst, m, v, add) }

// SubRow sets dst[i][j] = m[i][j] − v[j]; len(v) == m.Cols.
func SubRow[T Float](dst, m Matrix[T], v []T) { byRow("SubRow", dst, m, v, sub) }

// MulRow sets dst[i][j] = m[i][j] · v[j]; len(v) == m.Cols.
func MulRow[T Float](dst, m Matrix[T], v []T) { byRow("MulRow", dst, m, v, mul) }

// DivRow sets dst[i][j] = m[i][j] / v[j]; len(v) == m.Cols.
func DivRow[T Float](dst, m Matrix[T], v []T) { byRow("DivRow", dst, m, v, div) }

type arith int

const (
	add arith = iota
	sub
	mul
	div
)

func checkBroadcast[T Float](op string, dst, m Matrix[T], v []T, want int, dim string) {
	checkSameShape(op, dst, m, "m")
	if len(v) != want {
		panic(fmt.Sprintf("lanes: %s: m is %d×%d, len(v)=%d != %s=%d", op, m.Rows, m.Cols, len(v), dim, want))
	}
	checkApart(op, "dst", span(dst), v, "v")
}

func byCol[T Float](op string, dst, m Matrix[T], v []T, o arith) {
	checkBroadcast(op, dst, m, v, m.Rows, "Rows")
	for i, c := range v {
		if is32[T]() {
			withConst(&f32, v32(dst.Row(i)), v32(m.Row(i)), float32(c), o)
		} else {
			withConst(&f64, v64(dst.Row(i)), v64(m.Row(i)), float64(c), o)
		}
	}
}

func byRow[T Float](op string, dst, m Matrix[T], v []T, o arith) {
	checkBroadcast(op, dst, m, v, m.Cols, "Cols")
	for i := range m.Rows {
		if is32[T]() {
			withVector(&f32, v32(dst.Row(i)), v32(m.Row(i)), v32(v), o)
		} else {
			withVector(&f64, v64(dst.Row(i)), v64(m.Row(i)), v64(v), o)
		}
	}
}

// withConst sets dst = x o c. x − c is computed as x + (−c), which IEEE 754 defines to be
// the same operation.
func withConst[T float32 | float64](k *kernels.Table[T], dst, x []T, c T, o arith) {
	switch o {
	case add:
		k.AddConst(dst, x, c)
	case sub:
		k.AddConst(dst, x, -c)
	case mul:
		k.Scale(dst, x, c)
	case div:
		k.DivConst(dst, x, c)
	}
}

// withVector sets dst = x o v elementwise.
func withVector[T float32 | float64](k *kernels.Table[T], dst, x, v []T, o arith) {
	switch o {
	case add:
		k.Add(dst, x, v)
	case sub:
		k.Sub(dst, x, v)
	case mul:
		k.Mul(dst, x, v)
	case div:
		k.Div(dst, x, v)
	}
}
