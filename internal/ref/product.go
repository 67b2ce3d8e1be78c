package ref

import (
	"math"
	"unsafe"

	"github.com/lanesimd/lanes/generic"
)

// Product is element (i, j) of op(a)·op(b), at and bt reading op(a)(i, p) and op(b)(p, j),
// as lanes' products define it and every backend must compute it bit for bit: for each
// block of generic.MatMulKC steps of k, one chain of FMAs (rounded once, float32 too)
// from zero in k order; the blocks' results added in order.
func Product[T ~float32 | ~float64](at, bt func(i, j int) T, i, j, k int) T {
	var c T
	for p0 := 0; p0 < k; p0 += generic.MatMulKC {
		var s T
		for p := p0; p < min(k, p0+generic.MatMulKC); p++ {
			s = FMA(at(i, p), bt(p, j), s)
		}
		if p0 == 0 {
			c = s
		} else {
			c += s
		}
	}
	return c
}

// FMA is x·y + z rounded once in T.
func FMA[T ~float32 | ~float64](x, y, z T) T {
	if unsafe.Sizeof(x) == 4 {
		return T(generic.FMA32(float32(x), float32(y), float32(z)))
	}
	return T(math.FMA(float64(x), float64(y), float64(z)))
}
