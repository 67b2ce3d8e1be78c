package generic

import "math"

// Exp computes exp(x) = 2ⁿ·eʳ:
//
//   - x is clamped to [ExpLo, ExpHi]: far enough out that the computation itself rounds
//     to 0 and +Inf there, so no lane needs a special case but NaN;
//   - n = round-half-even(fl(x·log₂e)), r = x − n·ln2, with ln2 = Ln2Hi + Ln2Lo and two FMAs
//     (the first is exact), so |r| ≤ ln2/2 + a little;
//   - eʳ = 1 + r + r²·Q(r), Q minimax on |r| ≤ ln2/2 (gen/minimax, poly.go), evaluated by
//     Horner's rule with FMA, highest term first (ExpPoly64, ExpPoly32): degree 12 within
//     2⁻⁶⁰ of eʳ (float64), degree 6 within 2⁻²⁸ (float32), with the coefficients rounded —
//     a degree less than the Taylor polynomials of the same accuracy;
//   - 2ⁿ through the exponent bits, in two factors 2ⁿ⁻ʰ·2ʰ (h = n/2) where 2ⁿ alone is not
//     a normal number, so that a subnormal result is rounded once and a result just past
//     MaxFloat rounds to +Inf.
//
// The SIMD kernels do the same operations in the same order, so float64 results match this
// code bit for bit; float32 here emulates FMA in float64 (the product is exact, the sum is
// rounded twice), which can differ from a hardware FMA in the last bit in rare cases.

const (
	// Ln2Hi + Ln2Lo is ln 2 to about 2⁻⁹⁷. Ln2Hi has 42 significant bits, so k·Ln2Hi is exact
	// for every |k| < 2¹¹ (Log relies on that).
	Ln2Hi = 0x1.62e42fefa38p-1
	Ln2Lo = math.Ln2 - Ln2Hi
	// Ln2Hi32 + Ln2Lo32 is ln 2 for float32. Ln2Hi32 has 15 significant bits, so k·Ln2Hi32 is
	// exact in float32 for every |k| < 2⁹.
	Ln2Hi32 = 0x1.62e4p-1
	Ln2Lo32 = math.Ln2 - Ln2Hi32

	// ExpHi64 and ExpLo64 clamp float64 inputs: exp(710) rounds to +Inf, exp(−746) to 0.
	ExpHi64 = 710.0
	ExpLo64 = -746.0
	// ExpHi32 and ExpLo32 clamp float32 inputs: exp(89) rounds to +Inf, exp(−104) to 0.
	ExpHi32 = 89.0
	ExpLo32 = -104.0
)

// ExpPoly64 returns the float64 coefficients of eʳ, highest degree first.
func ExpPoly64() []float64 { return expPoly64[:] }

// ExpPoly32 returns the float32 coefficients of eʳ, highest degree first.
func ExpPoly32() []float32 { return expPoly32[:] }

// Exp sets dst[i] = exp(x[i]); len(x) == len(dst).
func Exp[T Float](dst, x []T) {
	f := formatOf[T]()
	x = x[:len(dst)]
	for len(x) >= 4 {
		dst[0], dst[1], dst[2], dst[3] = f.exp4(x[0], x[1], x[2], x[3])
		dst, x = dst[4:], x[4:]
	}
	for i, v := range x {
		dst[i] = f.exp(v)
	}
}

func (f *format[T]) exp(x T) T {
	n, r := f.reduce(x)
	p := f.expPoly[0]
	for _, k := range f.expPoly[1:] {
		p = fma(p, r, k)
	}
	return f.scale(p, n)
}

// exp4 is exp of four numbers, step by step: their Horner chains (13 dependent FMAs for
// float64) are independent, and interleaving them lets the CPU overlap them, which it
// does not manage across calls of exp.
func (f *format[T]) exp4(x0, x1, x2, x3 T) (T, T, T, T) {
	n0, r0 := f.reduce(x0)
	n1, r1 := f.reduce(x1)
	n2, r2 := f.reduce(x2)
	n3, r3 := f.reduce(x3)
	c := f.expPoly
	p0, p1, p2, p3 := c[0], c[0], c[0], c[0]
	for _, k := range c[1:] {
		p0 = fma(p0, r0, k)
		p1 = fma(p1, r1, k)
		p2 = fma(p2, r2, k)
		p3 = fma(p3, r3, k)
	}
	return f.scale(p0, n0), f.scale(p1, n1), f.scale(p2, n2), f.scale(p3, n3)
}

// reduce returns n and r with x = n·ln2 + r, |r| ≤ ln2/2 + a little, for x clamped to
// [expLo, expHi]. NaN gives n = 0 and r = NaN, so that exp(NaN) is NaN.
func (f *format[T]) reduce(x T) (int, T) {
	if x != x {
		return 0, x
	}
	x = min(max(x, f.expLo), f.expHi)
	// n = round-half-even(fl(x·log₂e)) by the 1.5·2⁵² shifter, exact for |x·log₂e| < 2⁵¹;
	// math.RoundToEven would spill every register around a feature test below GOAMD64=v2.
	n := T(float64(T(x*math.Log2E)) + 0x1.8p52 - 0x1.8p52)
	r := fma(-n, f.ln2Hi, x)
	r = fma(-n, f.ln2Lo, r)
	return int(n), r
}

// scale returns p·2ⁿ rounded once, for 0.5 < p < 2 and n from ExpLo·log₂e − 1 to
// ExpHi·log₂e + 1.
func (f *format[T]) scale(p T, n int) T {
	if n >= 1-f.bias && n <= f.bias {
		return p * f.pow2(n)
	}
	h := n / 2
	return p * f.pow2(n-h) * f.pow2(h)
}

// pow2 returns 2ⁿ for a normal 2ⁿ.
func (f *format[T]) pow2(n int) T { return fromBits[T](uint64(n+f.bias) << f.mant) }

// fma is a·b + c rounded once, for either precision. For float32 the product is exact in
// float64, so float64 arithmetic needs no FMA (which amd64 below v3 reaches through a
// feature test and a call that spills every register); only the sum is rounded, to float64
// and then to float32, and that double rounding can differ from a hardware float32 FMA in
// the last bit, rarely.
func fma[T Float](a, b, c T) T {
	if isF64[T]() {
		return T(math.FMA(float64(a), float64(b), float64(c)))
	}
	return T(float64(a)*float64(b) + float64(c))
}
