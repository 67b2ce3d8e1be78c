package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/lanesimd/lanes/internal/catalog"
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

// TestLossSpecials holds LogLoss and LogLossLogits to what lanes.LogLoss and
// lanes.LogLossLogits document for NaN, ±Inf and out-of-range inputs, on every backend:
// each special pair alone gives the documented term exactly (or the clamp's value within
// the bound), and among moderate pairs, at the start, the middle and the end of slices
// that reach the kernels' vector loops and tails, the sum the reference gives (NaN and
// ±Inf exactly). The SIMD terms kernel's FMA gives ∞ − ∞ at an infinite logit: only the
// documented limit, taken where the kernels' sum is NaN, makes these pass.
func TestLossSpecials(t *testing.T) {
	for _, b := range emulatedBackends() {
		t.Run(b.Name+"/float32", func(t *testing.T) { lossSpecials(t, b.F32) })
		t.Run(b.Name+"/float64", func(t *testing.T) { lossSpecials(t, b.F64) })
	}
}

func lossSpecials[T Float](t *testing.T, tab *Table[T]) {
	inf, nan := math.Inf(1), math.NaN()
	clampLoss := -math.Log(2 * eps[T]()) // −ln ε: ŷ clamped to ε against y = 1
	for _, c := range []struct {
		name  string
		a, b  float64 // ŷ or z, y
		want  float64 // the term alone
		exact bool    // else within 4 ε relative, or ε absolute near 0
	}{
		{"LogLossLogits", inf, 1, 0, true},
		{"LogLossLogits", inf, 0, inf, true},
		{"LogLossLogits", inf, 0.5, inf, true},
		{"LogLossLogits", -inf, 0, 0, true},
		{"LogLossLogits", -inf, 1, inf, true},
		{"LogLossLogits", -inf, 0.25, inf, true},
		{"LogLossLogits", inf, 2, -inf, true}, // a label outside [0, 1]: the limit of z·(1 − y)
		{"LogLossLogits", -inf, -1, -inf, true},
		{"LogLossLogits", nan, 1, nan, true},
		{"LogLossLogits", nan, 0, nan, true},
		{"LogLossLogits", 1, nan, nan, true},
		{"LogLossLogits", inf, nan, nan, true},
		{"LogLossLogits", -inf, nan, nan, true},
		{"LogLossLogits", 0, inf, nan, true}, // 0·∞ in z·y
		{"LogLossLogits", 2, inf, -inf, true},
		{"LogLoss", nan, 1, nan, true},
		{"LogLoss", nan, 0, nan, true},
		{"LogLoss", 0.5, nan, nan, true},
		{"LogLoss", 0.5, inf, nan, true}, // y·ln ŷ and (1 − y)·ln(1 − ŷ) infinite, opposite signs
		{"LogLoss", 0.5, -inf, nan, true},
		{"LogLoss", inf, 0, clampLoss, false},  // ŷ clamped to 1 − ε
		{"LogLoss", -inf, 1, clampLoss, false}, // to ε
		{"LogLoss", 1.5, 0, clampLoss, false},
		{"LogLoss", -0.5, 1, clampLoss, false},
		{"LogLoss", inf, 1, 2 * eps[T](), false}, // −ln(1 − ε), ε = 2u
		{"LogLoss", -inf, 0, 2 * eps[T](), false},
	} {
		loss := named[func(a, b []T) T](tab, c.name)
		spec := catalog.EntryNamed(c.name).Test
		got := float64(loss([]T{T(c.a)}, []T{T(c.b)}))
		ok := sameBits(got, c.want)
		if !c.exact {
			ok = math.Abs(got-c.want) <= 4*eps[T]()*c.want
		}
		if !ok {
			t.Errorf("%s([%v], [%v]) = %v, want %v", c.name, c.a, c.b, got, c.want)
		}
		r := rand.New(rand.NewPCG(uint64(c.a*3), 5))
		for _, n := range []int{2, 5, 17, 40, 70, 300} {
			for _, p := range []int{0, n / 2, n - 1} {
				a, b := make([]T, n), make([]T, n)
				for i := range a {
					a[i], b[i] = T(spec.Domain.Draw(r, !is32[T]())), T(r.Float64())
				}
				a[p], b[p] = T(c.a), T(c.b)
				if err := checkSumOf(spec, a, b, loss(a, b)); err != nil {
					t.Errorf("%s with (%v, %v) at %d of %d: %v", c.name, c.a, c.b, p, n, err)
				}
			}
		}
	}
}
