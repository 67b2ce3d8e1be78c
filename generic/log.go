package generic

import "math"

// Log computes log(x) as k·ln2 + log(m), x = 2ᵏ·m with √2/2 ≤ m < √2:
//
//   - NaN (made quiet), +Inf, negative x (NaN), ±0 (−Inf) are settled first; subnormal x is scaled by
//     2⁵⁴ (float32: 2²⁵) so it is normal, and k corrected;
//   - k and m come from the bits: subtracting the bits of √2/2 (LogSqrtHalfBits64) carries into
//     the exponent field exactly when m's mantissa is past √2's;
//   - with f = m − 1 (exact), s = f/(2+f) and z = s², log(m) = 2·atanh(s) = f − f²/2 +
//     s·(f²/2 + R(z)), R(z) = Σ 2zᵏ/(2k+1) = z·P(z), P minimax on z ≤ 0.0295 (|s| < 0.1716;
//     gen/minimax, poly.go), Horner with FMA highest first (LogPoly64, LogPoly32): degree 7
//     within 2⁻⁶⁰ of the result (float64), degree 2 within 2⁻²⁸ (float32), where the series
//     needed 10 and 4 terms;
//   - the result is summed small terms first and k·Ln2Hi (exact) last:
//     k·Ln2Hi − ((f²/2 − (s·(f²/2 + R) + k·Ln2Lo)) − f).
//
// Products are rounded by explicit conversions: where Go would fuse x*y+z (arm64,
// GOAMD64=v3) the result would differ from the SIMD kernels', and be less accurate.
const (
	// LogSqrtHalfBits64 and LogSqrtHalfBits32 are the bits of √2/2 rounded down.
	LogSqrtHalfBits64 = 0x3fe6a09e667f3bcc
	LogSqrtHalfBits32 = 0x3f3504f3
)

// LogPoly64 returns the float64 coefficients of R(z)/z, highest degree first.
func LogPoly64() []float64 { return logPoly64[:] }

// LogPoly32 returns the float32 coefficients of R(z)/z, highest degree first.
func LogPoly32() []float32 { return logPoly32[:] }

// Log sets dst[i] = log(x[i]); len(x) == len(dst).
func Log[T Float](dst, x []T) {
	f := formatOf[T]()
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = f.log(v)
	}
}

func (f *format[T]) log(x T) T {
	switch {
	case x != x || math.IsInf(float64(x), 1):
		return x + x // a signaling NaN comes out quiet, as IEEE 754 and glibc have it
	case x < 0:
		return T(math.NaN())
	case x == 0:
		return T(math.Inf(-1))
	}
	k := 0
	if x < f.minNormal {
		x *= f.subnormalScale
		k = -f.subnormalShift
	}
	return f.logOf(x, k, 0, false)
}

// logOf is log's algorithm on a normal x with k added to its exponent, and with c added
// to the small terms if corrected (log1p's correction; log adds nothing, not even a zero,
// whose sign could change log(1)'s).
func (f *format[T]) logOf(x T, k int, c T, corrected bool) T {
	b := bits(x)
	e := int64(b-f.sqrtHalfBits) >> f.mant // the subtraction may wrap: e < 0 then
	k += int(e)
	m := fromBits[T](b - uint64(e)<<f.mant)
	fm := m - 1
	s := fm / (2 + fm)
	z := s * s
	p := f.logPoly[0]
	for _, c := range f.logPoly[1:] {
		p = fma(p, z, c)
	}
	r := T(z * p)
	hfsq := T(0.5 * fm * fm)
	kf := T(k)
	lo := T(kf * f.ln2Lo)
	if corrected {
		lo += c
	}
	return T(kf*f.ln2Hi) - ((hfsq - fma(s, hfsq+r, lo)) - fm)
}

// Log1p sets dst[i] = log(1 + x[i]); len(x) == len(dst).
//
// It is log's algorithm on u = fl(1 + x), corrected by c/u, where c = (1 + x) − u is the
// rounding error of u, exact by Fast2Sum of max(x, 1) and min(x, 1): log(u + c) = log(u) +
// c/u to far below an ULP, the correction added with k·Ln2Lo among the small terms. For
// |x| below half an ULP of 1, u = 1 and the result is c/1 = x, as it should be. −1 gives
// −Inf, x < −1 NaN, ±0 itself.
func Log1p[T Float](dst, x []T) {
	f := formatOf[T]()
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = f.log1p(v)
	}
}

func (f *format[T]) log1p(x T) T {
	switch {
	case x != x || math.IsInf(float64(x), 1):
		return x + x
	case x < -1:
		return T(math.NaN())
	case x == -1:
		return T(math.Inf(-1))
	case x == 0:
		return x
	}
	u := 1 + x
	c := min(x, 1) - (u - max(x, 1))
	return f.logOf(u, 0, c/u, true)
}
