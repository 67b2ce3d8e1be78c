package lanes_test

import (
	"math"
	"testing"

	"github.com/lanesimd/lanes"
	"github.com/lanesimd/lanes/internal/ref"
)

// The training ops' documented edge cases, on every backend: the select of ReLUBackward,
// the one rounding of AddScaled in place, the gradients' precision near saturation.

func TestTrainingEdges(t *testing.T) {
	eachBackend(t, func(t *testing.T) { both(t, trainingEdges[float32], trainingEdges[float64]) })
}

func trainingEdges[T lanes.Float](t *testing.T) {
	nan, inf, negz := T(math.NaN()), T(math.Inf(1)), T(math.Copysign(0, -1))
	// ReLUBackward selects: NaN or ±Inf in grad where x ≤ 0 (or x is NaN) gives +0, never
	// NaN; −0 in grad where x > 0 stays −0; a tiny positive x passes grad through.
	grad := []T{nan, inf, -inf, nan, 5, negz, nan, 7, -3}
	x := []T{-1, 0, negz, nan, nan, 2, 1, T(math.SmallestNonzeroFloat32), -inf}
	want := []T{0, 0, 0, 0, 0, negz, nan, 7, 0}
	got := make([]T, len(x))
	lanes.ReLUBackward(got, grad, x)
	for i := range x {
		if !same(got[i], want[i]) {
			t.Errorf("ReLUBackward(grad=%v, x=%v) = %v, want %v", grad[i], x[i], got[i], want[i])
		}
	}

	// AddScaled in place is one FMA: a + c·x where c·x alone would round away the answer.
	e := T(0x1p-20)
	if !lanes.Is32[T]() {
		e = 0x1p-40
	}
	w := []T{-1, 1, 2}
	lanes.AddScaled(w, w, 1+e, []T{1 - e, 3, inf})
	if want := []T{-e * e, 4 + 3*e, inf}; !same(w[0], want[0]) || !same(w[1], want[1]) || !same(w[2], want[2]) {
		t.Errorf("AddScaled in place = %v, want %v (one rounding)", w, want)
	}

	// The gradients are 0 where the activation saturates, exactly, and keep their
	// precision just below it, where 1 − y² computed as such would lose it.
	one := T(1)
	below := T(math.Nextafter32(1, 0))
	if !lanes.Is32[T]() {
		below = T(math.Nextafter(1, 0))
	}
	g := make([]T, 4)
	lanes.TanhBackward(g, []T{3, 3, 3, nan}, []T{one, -one, below, 0})
	if g[0] != 0 || g[1] != 0 || g[3] == g[3] {
		t.Errorf("TanhBackward(3, ±1) = %v, %v, want 0; (NaN, 0) = %v, want NaN", g[0], g[1], g[3])
	}
	if u := ulpsT(g[2], ref.TanhBackward(3, float64(below))); u > 3 {
		t.Errorf("TanhBackward(3, %v) = %v: %.2f ULP from the truth", below, g[2], u)
	}
	lanes.SigmoidBackward(g, []T{2, 2, 2, 2}, []T{one, 0, below, 0.5})
	if g[0] != 0 || g[1] != 0 || g[3] != 0.5 {
		t.Errorf("SigmoidBackward(2, 1), (2, 0), (2, 0.5) = %v, %v, %v, want 0, 0, 0.5", g[0], g[1], g[3])
	}
	if u := ulpsT(g[2], ref.SigmoidBackward(2, float64(below))); u > 2.5 {
		t.Errorf("SigmoidBackward(2, %v) = %v: %.2f ULP from the truth", below, g[2], u)
	}
}
