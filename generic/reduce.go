package generic

import "math"

// Block is the number of elements a reduction sums into its accumulators before it adds
// the partial result to a running total, which is a float64 in both precisions. Blocking
// bounds the rounding error of a sum of n elements by about Block/4·ε·Σ|terms| (the
// accumulators) plus n/Block·2⁻⁵³·Σ|terms| (the total) instead of n/4·ε·Σ|terms|, at no
// cost in speed: a float32 sum of 10⁷ elements is then as accurate as one of 4096. The
// SIMD kernels block the same way.
const Block = 4096

// blocked applies the four-accumulator reduction f to x in blocks of Block elements and
// adds the blocks' results in float64.
func blocked[T Float](x []T, f func([]T) T) T {
	var total float64
	for len(x) > Block {
		total += float64(f(x[:Block]))
		x = x[Block:]
	}
	return T(total + float64(f(x)))
}

// blocked2 is blocked for reductions over two slices of the same length.
func blocked2[T Float](a, b []T, f func(a, b []T) T) T {
	var total float64
	for len(a) > Block {
		total += float64(f(a[:Block], b[:Block]))
		a, b = a[Block:], b[Block:]
	}
	return T(total + float64(f(a, b)))
}

// Sum returns Σ x[i].
func Sum[T Float](x []T) T { return blocked(x, sum[T]) }

// The reductions take four elements a step through a subslice with constant bounds, which
// the compiler proves in range once per step: half the time of re-slicing x = x[4:].
func sum[T Float](x []T) T {
	var s0, s1, s2, s3 T
	i := 0
	for ; i <= len(x)-4; i += 4 {
		v := x[i : i+4 : i+4]
		s0 += v[0]
		s1 += v[1]
		s2 += v[2]
		s3 += v[3]
	}
	for _, v := range x[i:] {
		s0 += v
	}
	return (s0 + s1) + (s2 + s3)
}

// Dot returns Σ a[i]·b[i]; len(b) == len(a).
func Dot[T Float](a, b []T) T { return blocked2(a, b, dot[T]) }

func dot[T Float](a, b []T) T {
	b = b[:len(a)]
	var s0, s1, s2, s3 T
	i := 0
	for ; i <= len(a)-4; i += 4 {
		x, y := a[i:i+4:i+4], b[i:i+4:i+4]
		s0 += x[0] * y[0]
		s1 += x[1] * y[1]
		s2 += x[2] * y[2]
		s3 += x[3] * y[3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// SumSq returns Σ x[i]².
func SumSq[T Float](x []T) T { return blocked(x, sumSq[T]) }

func sumSq[T Float](x []T) T {
	var s0, s1, s2, s3 T
	i := 0
	for ; i <= len(x)-4; i += 4 {
		v := x[i : i+4 : i+4]
		s0 += v[0] * v[0]
		s1 += v[1] * v[1]
		s2 += v[2] * v[2]
		s3 += v[3] * v[3]
	}
	for _, v := range x[i:] {
		s0 += v * v
	}
	return (s0 + s1) + (s2 + s3)
}

// L1 returns Σ |a[i]−b[i]|; len(b) == len(a).
func L1[T Float](a, b []T) T { return blocked2(a, b, l1[T]) }

func l1[T Float](a, b []T) T {
	b = b[:len(a)]
	var s0, s1, s2, s3 T
	i := 0
	for ; i <= len(a)-4; i += 4 {
		x, y := a[i:i+4:i+4], b[i:i+4:i+4]
		s0 += abs(x[0] - y[0])
		s1 += abs(x[1] - y[1])
		s2 += abs(x[2] - y[2])
		s3 += abs(x[3] - y[3])
	}
	for ; i < len(a); i++ {
		s0 += abs(a[i] - b[i])
	}
	return (s0 + s1) + (s2 + s3)
}

// L2 returns Σ (a[i]−b[i])²; len(b) == len(a).
func L2[T Float](a, b []T) T { return blocked2(a, b, l2[T]) }

func l2[T Float](a, b []T) T {
	b = b[:len(a)]
	var s0, s1, s2, s3 T
	i := 0
	for ; i <= len(a)-4; i += 4 {
		x, y := a[i:i+4:i+4], b[i:i+4:i+4]
		d0, d1, d2, d3 := x[0]-y[0], x[1]-y[1], x[2]-y[2], x[3]-y[3]
		s0 += d0 * d0
		s1 += d1 * d1
		s2 += d2 * d2
		s3 += d3 * d3
	}
	for ; i < len(a); i++ {
		d := a[i] - b[i]
		s0 += d * d
	}
	return (s0 + s1) + (s2 + s3)
}

// Max returns the largest element of x, exactly as Go's max builtin would: NaN if any
// element is NaN, +0 over −0. len(x) > 0.
func Max[T Float](x []T) T {
	m0 := x[0]
	m1, m2, m3 := m0, m0, m0
	i := 0
	for ; i <= len(x)-4; i += 4 {
		v := x[i : i+4 : i+4]
		m0 = max(m0, v[0])
		m1 = max(m1, v[1])
		m2 = max(m2, v[2])
		m3 = max(m3, v[3])
	}
	for _, v := range x[i:] {
		m0 = max(m0, v)
	}
	return max(max(m0, m1), max(m2, m3))
}

// abs is math.Abs for either precision: clearing the sign bit, so abs(−0) is +0 and NaN
// stays NaN.
func abs[T Float](x T) T { return max(x, -x) }

// Norm returns the Euclidean norm √(Σ x[i]²), without the overflow or underflow of
// squaring: a vector of 1e30s (float32) or 1e-200s (float64) has its true norm. The fast
// path is √SumSq; when the sum of squares lies outside the range where it is exact enough,
// the vector is scaled by a power of two first.
func Norm[T Float](x []T) T { return NormOf(x, SumSq(x)) }

// NormOf is Norm given s = SumSq(x) as any backend computed it: √s when s lies where the
// squares neither overflowed nor lost precision to underflow, and the scaled sum otherwise.
func NormOf[T Float](x []T, s T) T {
	lo, hi := 0x1p-60, 0x1p60
	if isF64[T]() {
		lo, hi = 0x1p-500, 0x1p500
	}
	if f := float64(s); f >= lo && f <= hi {
		return T(math.Sqrt(float64(s)))
	}
	return scaledNorm(x, s)
}

// scaledNorm is Norm's careful path: NaN and Inf as math.Hypot has them (Inf wins over
// NaN), otherwise √(Σ (x[i]·2⁻ᵉ)²)·2ᵉ with 2ᵉ near max|x[i]|, which neither overflows
// nor loses the small elements to underflow. The scaling is exact.
func scaledNorm[T Float](x []T, s T) T {
	var m T
	nan := false
	for _, v := range x {
		a := abs(v)
		if a != a {
			nan = true
			continue
		}
		m = max(m, a)
	}
	switch {
	case math.IsInf(float64(m), 1):
		return m
	case nan:
		return T(math.NaN())
	case m == 0:
		return 0
	}
	// Scale by 2⁻ᵉ, e the exponent of m, with both 2ᵉ and 2⁻ᵉ normal numbers of T: a
	// subnormal m then lands near 2⁻²³ (2⁻⁵² for float64), whose square is still normal, and
	// the largest floats near 2.
	_, e := math.Frexp(float64(m))
	limit := 126
	if isF64[T]() {
		limit = 1022
	}
	e = min(max(e, -limit), limit)
	down, up := T(math.Ldexp(1, -e)), math.Ldexp(1, e)
	var t T
	for _, v := range x {
		v *= down
		t += v * v
	}
	return T(math.Sqrt(float64(t)) * up)
}
