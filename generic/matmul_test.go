package generic

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// fma32Exact rounds x·y + z, computed exactly with math/big, to float32.
func fma32Exact(x, y, z float32) float32 {
	if math.IsNaN(float64(x)) || math.IsNaN(float64(y)) || math.IsNaN(float64(z)) ||
		math.IsInf(float64(x), 0) || math.IsInf(float64(y), 0) || math.IsInf(float64(z), 0) {
		return float32(math.FMA(float64(x), float64(y), float64(z))) // exact in these cases
	}
	p := new(big.Float).SetPrec(400).Mul(big.NewFloat(float64(x)), big.NewFloat(float64(y)))
	s := new(big.Float).SetPrec(400).Add(p, big.NewFloat(float64(z)))
	f, _ := s.Float32()
	if f == 0 && s.Sign() != 0 {
		return f // big rounds to ±0 below the subnormals, as IEEE does
	}
	if s.Sign() == 0 {
		// An exact zero sum: +0 unless both addends are −0 (or their signs say −0).
		return float32(float64(x)*float64(y) + float64(z))
	}
	return f
}

// TestFMA32 checks the generic float32 FMA against math/big on random operands, on sums
// that land halfway between two float32s (where a float64 sum alone rounds twice), and at
// the overflow threshold.
func TestFMA32(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	check := func(x, y, z float32) {
		t.Helper()
		got, want := FMA32(x, y, z), fma32Exact(x, y, z)
		if math.Float32bits(got) != math.Float32bits(want) && !(got != got && want != want) {
			t.Fatalf("FMA32(%g, %g, %g) = %g (%#x), want %g (%#x)", x, y, z, got, math.Float32bits(got), want, math.Float32bits(want))
		}
	}
	for range 200000 {
		x := math.Float32frombits(r.Uint32())
		y := math.Float32frombits(r.Uint32())
		z := math.Float32frombits(r.Uint32())
		check(x, y, z)
		check(float32(r.NormFloat64()), float32(r.NormFloat64()), float32(r.NormFloat64()))
	}
	// Halfway cases: z = 1 + 2⁻²⁴ (between 1 and 1+2⁻²³) plus a tiny product of either sign
	// decides the rounding; a float64 sum rounds z exactly and loses the product.
	// (1+2⁻²³)·2⁻²⁴ · (1−2⁻²³) = 2⁻²⁴ − 2⁻⁷⁰: added to 1+2⁻²³ its float64 sum is the halfway
	// point 1+2⁻²³+2⁻²⁴, which rounds to even (up), while the true sum is below it; the
	// negated product puts the sum just above the halfway point 1+2⁻²⁴, which rounds to even
	// (down).
	x, y := float32((1+0x1p-23)*0x1p-24), float32(1-0x1p-23)
	check(x, y, 1+0x1p-23)
	check(-x, y, 1+0x1p-23)
	check(x, -y, -1-0x1p-23)
	check(x*0x1p-100, y, (1+0x1p-23)*0x1p-100)
	for range 100000 {
		// x·y has 48 significant bits; z cancels its top, leaving a tie plus a tail.
		x := float32(1 + float64(r.IntN(1<<23))*0x1p-23)
		y := float32(1 + float64(r.IntN(1<<23))*0x1p-23)
		p := float64(x) * float64(y)
		z := -float32(p)
		check(x, y, z)
		check(x, y, float32(math.Ldexp(float64(r.IntN(1<<24)), -24))*z)
	}
	// The overflow threshold 2¹²⁸−2¹⁰³, just below and just above.
	mx := float32(math.MaxFloat32)
	check(0x1p103, 0.5, mx)
	check(0x1p103, 0.5+0x1p-30, mx)
	check(0x1p103, 0.5-0x1p-30, mx)
	check(-0x1p103, 0.5, -mx)
	check(-0x1p103, 0.5-0x1p-30, -mx)
}
