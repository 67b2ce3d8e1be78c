package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSameAsGeneric checks that the SIMD transcendental kernels compute what the generic
// ones compute. In float64 both do the same IEEE operations in the same order (the FMAs
// are real FMAs in both), so every result must have the same bits: a difference means
// the assembly strayed from the algorithm. In float32, generic emulates FMA in float64
// (double rounding), so rare last-bit differences are expected; the test bounds them at
// 1 ULP and logs how many there were. The accuracy tests bound the error of each.
// (SoftmaxRow is not here: its sum adds the same terms in another order.)
func TestSameAsGeneric(t *testing.T) {
	for _, b := range Backends() {
		if b.Name == "generic" {
			continue
		}
		for _, name := range transcendental {
			t.Run(b.Name+"/"+name, func(t *testing.T) {
				sameAsGeneric(t, name, b.F64, &Generic64, 0)
				sameAsGeneric(t, name, b.F32, &Generic32, 1)
			})
		}
	}
}

func sameAsGeneric[T Float](t *testing.T, name string, tab, gen *Table[T], maxULP uint64) {
	r := rand.New(rand.NewPCG(7, uint64(len(name))))
	const n = 1 << 16
	x, got, want := make([]T, n), make([]T, n), make([]T, n)
	fillDomain(r, x, name)
	kernel[func(dst, x []T)](tab, name)(got, x)
	kernel[func(dst, x []T)](gen, name)(want, x)
	differ := 0
	for i := range x {
		if sameBits(got[i], want[i]) {
			continue
		}
		differ++
		f32 := is32[T]()
		if d := bitDistance(bitsOf(got[i]), bitsOf(want[i]), f32); d > maxULP || got[i] != got[i] || want[i] != want[i] {
			t.Fatalf("%s(%v) = %v, generic gives %v (%d ULP apart, at most %d allowed)", name, x[i], got[i], want[i], d, maxULP)
		}
	}
	if differ > 0 {
		t.Logf("%T: %d of %d results differ from generic's by 1 ULP", x[0], differ, n)
	}
}

func bitsOf[T Float](v T) uint64 {
	if is32[T]() {
		return uint64(math.Float32bits(float32(v)))
	}
	return math.Float64bits(float64(v))
}
