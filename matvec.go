package lanes

import (
	"fmt"

	"github.com/lanesimd/lanes/kernels"
)

// MatVec sets dst = W·x (np.dot(W, x)): len(x) == w.Cols, len(dst) == w.Rows, and dst
// must not share memory with w or x.
//
// A large W (more than 2¹⁸ elements) is split by rows across goroutines, as a matrix
// product is (see SetMaxThreads): the pass over W is bound by memory bandwidth, which two
// cores double. Each row is summed the same way whatever the split, so the result's bits
// do not depend on the number of goroutines.
func MatVec[T Float](dst []T, w Matrix[T], x []T) {
	checkMatrix("MatVec", "w", w)
	if len(x) != w.Cols || len(dst) != w.Rows {
		panic(fmt.Sprintf("lanes: MatVec: w is %d×%d, len(x)=%d, len(dst)=%d", w.Rows, w.Cols, len(x), len(dst)))
	}
	ws := span(w)
	checkApart("MatVec", "dst", dst, ws, "w")
	checkApart("MatVec", "dst", dst, x, "x")
	if w.Cols == 0 {
		clear(dst)
		return
	}
	if is32[T]() {
		matVecOn(matVecs32, f32.MatVec, v32(dst), v32(ws), w.Stride, v32(x))
		return
	}
	matVecOn(matVecs64, f64.MatVec, v64(dst), v64(ws), w.Stride, v64(x))
}

// matVecGroup divides the rows of every unit of a split MatVec but the last: it is a
// multiple of every number of rows the kernels sum together (MatVec4's 4, MatVecNarrow's
// step of a vector's lanes, at most 16), and each unit's w runs to the end of the
// matrix, so that each row goes through the same kernel as in one call over all rows.
const matVecGroup = 16

// matVecUnits is a split MatVec: unit u computes rows u·rows.. of dst.
type matVecUnits[T kernels.Float] struct {
	mv        func(dst, w []T, stride int, x []T)
	dst, w, x []T
	stride    int
	rows      int
}

func (m *matVecUnits[T]) Do(u int) {
	i := u * m.rows
	m.mv(m.dst[i:min(i+m.rows, len(m.dst))], m.w[i*m.stride:], m.stride, m.x)
}

// Split MatVecs kept for the next calls, so that a call allocates nothing once warm.
var (
	matVecs32 = make(chan *matVecUnits[float32], 16)
	matVecs64 = make(chan *matVecUnits[float64], 16)
)

func matVecOn[T kernels.Float](free chan *matVecUnits[T], mv func(dst, w []T, stride int, x []T), dst, w []T, stride int, x []T) {
	t := threadsFor(len(dst), len(x), 1)
	if t <= 1 || len(dst) < 2*matVecGroup {
		mv(dst, w, stride, x)
		return
	}
	// Four units a goroutine, handed out one at a time, even out goroutines that run at
	// different speeds.
	rows := (len(dst) + 4*t - 1) / (4 * t)
	rows = (rows + matVecGroup - 1) / matVecGroup * matVecGroup
	var m *matVecUnits[T]
	select {
	case m = <-free:
	default:
		m = new(matVecUnits[T])
	}
	*m = matVecUnits[T]{mv: mv, dst: dst, w: w, x: x, stride: stride, rows: rows}
	threads[t].Run((len(dst)+rows-1)/rows, m)
	*m = matVecUnits[T]{}
	select {
	case free <- m:
	default:
	}
}
