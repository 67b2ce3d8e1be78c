package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/lanesimd/lanes/internal/catalog"
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
		for i, e := range catalog.Table {
			if e.Test.Family != catalog.Within {
				continue
			}
			t.Run(b.Name+"/"+e.Name, func(t *testing.T) {
				sameAsGeneric(t, entriesOf(b.F64)[i], entriesOf(&Generic64)[i], 0)
				sameAsGeneric(t, entriesOf(b.F32)[i], entriesOf(&Generic32)[i], 1)
			})
		}
	}
}

func sameAsGeneric[T Float](t *testing.T, e, gen entry[T], maxULP uint64) {
	name := e.Name
	r := rand.New(rand.NewPCG(7, uint64(len(name))))
	const n = 1 << 16
	x, got, want := make([]T, n), make([]T, n), make([]T, n)
	fillDomain(r, x, e.Test.Domain)
	e.fn.(func(dst, x []T))(got, x)
	gen.fn.(func(dst, x []T))(want, x)
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
