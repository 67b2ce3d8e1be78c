package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/lanesimd/lanes/internal/ref"
)

// sumAccuracyLen is the length of TestFloat32SumAccuracy's slices: 10⁷ with
// LANES_LONG_TESTS=1, 10⁶ otherwise.
func sumAccuracyLen() int {
	if longTests() {
		return 10_000_000
	}
	return 1_000_000
}

// TestFloat32SumAccuracy holds Sum, Dot and Norm of n uniform [0, 1) float32s on every
// backend to a relative error of 1.5·10⁻⁷ at n = 10⁷ (the target; NumPy's pairwise
// np.sum reaches 3.3·10⁻⁷ there) and 7·10⁻⁸ at n = 10⁶, against exact references.
//
// Why these can hold: with the blocks' totals carried in float64 (sumTolerance), what is
// left is the rounding inside the 4096-element blocks and the one rounding to float32.
// The latter is at most 2⁻²⁴ ≈ 6·10⁻⁸ of the result. Inside a block each lane adds at most
// 1024 terms; with positive terms of mean ½ its rounding errors are as likely up as down,
// and over n/4096 blocks they average out, their sum a few times √(n)·2⁻²⁴·(terms' size),
// under 10⁻⁸ of the result at both lengths. With float32 totals the n/4096 block additions
// each rounded up to 2⁻²⁴ of a growing total: 1.27·10⁻⁶ at 10⁷, and above 7·10⁻⁸ at 10⁶.
func TestFloat32SumAccuracy(t *testing.T) {
	n := sumAccuracyLen()
	bound := 7e-8
	if n >= 10_000_000 {
		bound = 1.5e-7
	}
	r := rand.New(rand.NewPCG(1, 2))
	a, b := make([]float32, n), make([]float32, n)
	for i := range a {
		a[i], b[i] = r.Float32(), r.Float32()
	}
	var sum, dot, sq ref.Acc
	for i, v := range a {
		sum.Add(float64(v))
		dot.AddProd(float64(v), float64(b[i]))
		sq.AddProd(float64(v), float64(v))
	}
	want := map[string]float64{"Sum": sum.Sum(), "Dot": dot.Sum(), "Norm": math.Sqrt(sq.Sum())}
	for _, be := range Backends() {
		got := map[string]float32{"Sum": be.F32.Sum(a), "Dot": be.F32.Dot(a, b), "Norm": be.F32.Norm(a)}
		for _, op := range []string{"Sum", "Dot", "Norm"} {
			rel := math.Abs(float64(got[op])-want[op]) / want[op]
			t.Logf("%s %s of %d uniform float32s: relative error %.3g", be.Name, op, n, rel)
			if !(rel <= bound) {
				t.Errorf("%s %s of %d uniform float32s: relative error %.3g > %.3g", be.Name, op, n, rel, bound)
			}
		}
	}
}
