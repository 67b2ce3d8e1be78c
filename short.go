package lanes

import (
	"math"

	"github.com/lanesimd/lanes/generic"
)

// short is the longest slice Sum and Norm add up in Go: at 16 elements the call into the
// tables and the assembly's setup and final reduction cost more than the adds (Sum of 16
// float64s: 14.5 ns through the kernel, 10.4 ns for a plain loop, on a Zen 3 with avx2).
const short = 16

// sumShort adds x in four float64 accumulators: float32 elements convert exactly, and
// with at most 16 terms the error stays far inside the blocked sums' bound.
func sumShort[T Float](x []T) T {
	var s0, s1, s2, s3 float64
	for ; len(x) >= 4; x = x[4:] {
		s0 += float64(x[0])
		s1 += float64(x[1])
		s2 += float64(x[2])
		s3 += float64(x[3])
	}
	for _, v := range x {
		s0 += float64(v)
	}
	return T((s0 + s1) + (s2 + s3))
}

// normShort is Norm by squares summed in float64. A float32's square is exact there and
// neither overflows nor underflows, so only NaN and Inf take generic's careful path;
// float64 squares may, and generic.NormOf rescales when the sum says they did.
func normShort[T Float](x []T) T {
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+3 < len(x); i += 4 {
		a, b, c, d := float64(x[i]), float64(x[i+1]), float64(x[i+2]), float64(x[i+3])
		s0 += a * a
		s1 += b * b
		s2 += c * c
		s3 += d * d
	}
	for ; i < len(x); i++ {
		a := float64(x[i])
		s0 += a * a
	}
	s := (s0 + s1) + (s2 + s3)
	if is32[T]() {
		if s < math.Inf(1) {
			return T(math.Sqrt(s))
		}
		return T(generic.NormOf(v32(x), float32(s)))
	}
	if s >= 0x1p-1000 && s <= 0x1p1000 { // no square lost to underflow or overflow
		return T(math.Sqrt(s))
	}
	return T(generic.NormOf(v64(x), s))
}
