package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/lanesimd/lanes/internal/ref"
)

// TestLogLossLogitsTerms holds each term of LogLossLogits, max(z, 0) − z·y + log1p(e^−|z|),
// to 2 ULP of the double-double reference (itself checked against math/big), on every
// backend: the sum of one term is the term. The logits reach ±1000, where e^−|z| is 0, and
// ±1e-30, where the term is ln 2 − z/2 + z·(1 − y)…; the labels are 0, 1 and between.
func TestLogLossLogitsTerms(t *testing.T) {
	for _, b := range emulatedBackends() {
		t.Run(b.Name+"/float32", func(t *testing.T) { logLossLogitsTerms(t, b.F32.LogLossLogits) })
		t.Run(b.Name+"/float64", func(t *testing.T) { logLossLogitsTerms(t, b.F64.LogLossLogits) })
	}
}

func logLossLogitsTerms[T Float](t *testing.T, loss func(z, y []T) T) {
	r := rand.New(rand.NewPCG(11, 12))
	zs := []float64{1000, -1000, 1e-30, -1e-30, 0, 1, -1, 16, -16, 40, -40, 88, -88, 100, -104, 700, -745, 0x1p-149, 0x1p-1074}
	count := 20000
	if emulated() {
		count = 2000 // under qemu, every call costs a hundred times; natively the full count runs
	}
	for range count {
		z := -40 + 80*r.Float64()
		if r.IntN(4) == 0 {
			z = math.Ldexp(0.5+r.Float64(), r.IntN(80)-70) * float64(1-2*r.IntN(2))
		}
		zs = append(zs, z)
	}
	worst, at := 0.0, [2]T{}
	for i, z := range zs {
		for _, y := range []float64{0, 1, 0.5, r.Float64(), 1 - eps[T](), float64(i%7) / 7} {
			zt, yt := T(z), T(y)
			got := loss([]T{zt}, []T{yt})
			want := ref.LogLossLogits(float64(zt), float64(yt))
			if u := ulps(got, want); !(u <= worst) {
				worst, at = u, [2]T{zt, yt}
			}
		}
	}
	t.Logf("worst %.3f ULP at z=%v, y=%v", worst, at[0], at[1])
	if !(worst <= 2) {
		t.Errorf("LogLossLogits([%v], [%v]) is %.3f ULP off, bound 2", at[0], at[1], worst)
	}
}
