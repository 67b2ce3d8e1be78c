package lanes_test

import (
	"math"
	"testing"

	"github.com/lanesimd/lanes"
	"github.com/lanesimd/lanes/internal/ref"
)

// The edge cases the documentation promises, on every backend.

func TestSigmoidEdges(t *testing.T) {
	eachBackend(t, func(t *testing.T) { both(t, sigmoidEdges[float32], sigmoidEdges[float64]) })
}

func sigmoidEdges[T lanes.Float](t *testing.T) {
	x := []T{-1000, 1000, T(math.NaN()), T(math.Inf(-1)), T(math.Inf(1)), 0, T(math.Copysign(0, -1))}
	want := []T{0, 1, T(math.NaN()), 0, 1, 0.5, 0.5}
	got := make([]T, len(x))
	lanes.Sigmoid(got, x)
	for i := range x {
		if !same(got[i], want[i]) {
			t.Errorf("Sigmoid(%v) = %v, want %v", x[i], got[i], want[i])
		}
	}
	// σ(−x) for x well inside the subnormal range of the result is not flushed to 0.
	lo := T(-740)
	if lanes.Is32[T]() {
		lo = -100
	}
	lanes.Sigmoid(got[:1], []T{lo})
	if got[0] == 0 {
		t.Errorf("Sigmoid(%v) = 0, want the subnormal exp(%v)", lo, lo)
	}
	lanes.SigmoidDerivative(got, x)
	wantD := []T{0, 0, T(math.NaN()), 0, 0, 0.25, 0.25}
	for i := range x {
		if !same(got[i], wantD[i]) {
			t.Errorf("SigmoidDerivative(%v) = %v, want %v", x[i], got[i], wantD[i])
		}
	}
	// Where s(1−s) cancels to 0 or garbage, σ(x)·σ(−x) keeps its precision.
	for _, v := range []T{15, 30, 60, -60} {
		lanes.SigmoidDerivative(got[:1], []T{v})
		if u := ulpsT(got[0], ref.SigmoidDerivative(float64(v))); u > 4 {
			t.Errorf("SigmoidDerivative(%v) = %v: %.2f ULP from the truth", v, got[0], u)
		}
	}
}

func TestExpLogEdges(t *testing.T) {
	eachBackend(t, func(t *testing.T) { both(t, expLogEdges[float32], expLogEdges[float64]) })
}

func expLogEdges[T lanes.Float](t *testing.T) {
	inf, nan, negz := T(math.Inf(1)), T(math.NaN()), T(math.Copysign(0, -1))
	check := func(op string, f func(dst, x []T), x, want T) {
		t.Helper()
		got := []T{0}
		f(got, []T{x})
		if !same(got[0], want) {
			t.Errorf("%s(%v) = %v, want %v", op, x, got[0], want)
		}
	}
	check("Exp", lanes.Exp[T], 0, 1)
	check("Exp", lanes.Exp[T], negz, 1)
	check("Exp", lanes.Exp[T], inf, inf)
	check("Exp", lanes.Exp[T], -inf, 0)
	check("Exp", lanes.Exp[T], nan, nan)
	check("Tanh", lanes.Tanh[T], 0, 0)
	check("Tanh", lanes.Tanh[T], negz, negz)
	check("Tanh", lanes.Tanh[T], inf, 1)
	check("Tanh", lanes.Tanh[T], -inf, -1)
	check("Tanh", lanes.Tanh[T], nan, nan)
	check("Tanh", lanes.Tanh[T], 30, 1)
	check("Tanh", lanes.Tanh[T], T(tinyOf[T]()), T(tinyOf[T]()))
	check("Log", lanes.Log[T], 1, 0)
	check("Log", lanes.Log[T], 0, -inf)
	check("Log", lanes.Log[T], negz, -inf)
	check("Log", lanes.Log[T], -1, nan)
	check("Log", lanes.Log[T], -inf, nan)
	check("Log", lanes.Log[T], inf, inf)
	check("Log", lanes.Log[T], nan, nan)
	// Where amd64's math package is wrong, lanes is right: exp is finite up to
	// ln(MaxFloat) and log of a subnormal is the log of that number.
	xs := []float64{88.72, -103.9, 1e-40, 1e-45}
	if !lanes.Is32[T]() {
		xs = []float64{709.436, 709.78, 709.782712893384, -745.1, 1e-310, 5e-324, 2.2250738585072e-308}
	}
	for _, x := range xs {
		got := []T{0}
		lanes.Exp(got, []T{T(x)})
		if u := ulpsT(got[0], ref.Exp(float64(T(x)))); u > 1 {
			t.Errorf("Exp(%v) = %v: %.2f ULP", T(x), got[0], u)
		}
		if x > 0 {
			lanes.Log(got, []T{T(x)})
			if u := ulpsT(got[0], ref.Log(float64(T(x)))); u > 1 {
				t.Errorf("Log(%v) = %v: %.2f ULP", T(x), got[0], u)
			}
		}
	}
	if !lanes.Is32[T]() {
		got := []T{0, 0}
		lanes.Log(got, []T{1e-310, 709.78})
		if math.Abs(float64(got[0])+713.801) > 1e-3 {
			t.Errorf("Log(1e-310) = %v, want −713.801…", got[0])
		}
		lanes.Exp(got, []T{709.78, 709.79})
		if math.IsInf(float64(got[0]), 0) || !math.IsInf(float64(got[1]), 1) {
			t.Errorf("Exp(709.78), Exp(709.79) = %v, want finite, +Inf", got)
		}
	}
}

func TestMaxNaNAndZeros(t *testing.T) {
	eachBackend(t, func(t *testing.T) { both(t, maxEdges[float32], maxEdges[float64]) })
}

func maxEdges[T lanes.Float](t *testing.T) {
	nan, negz := T(math.NaN()), T(math.Copysign(0, -1))
	for _, c := range []struct{ x []T }{
		{[]T{1, nan, 3}}, {[]T{nan}}, {[]T{3, 2, 1, 0, -1, nan}}, {[]T{negz, 0}}, {[]T{0, negz}},
		{[]T{negz}}, {[]T{T(math.Inf(-1)), -5}}, {[]T{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, nan}},
	} {
		want := c.x[0]
		for _, v := range c.x {
			want = max(want, v)
		}
		if got := lanes.Max(c.x); !same(got, want) {
			t.Errorf("Max(%v) = %v, want %v", c.x, got, want)
		}
	}
	x := []T{nan, negz, 0, T(math.Inf(-1)), T(math.Inf(1)), -3, 3, T(-tinyOf[T]())}
	relu := make([]T, len(x))
	lanes.ReLU(relu, x)
	for i, want := range []T{nan, 0, 0, 0, T(math.Inf(1)), 0, 3, 0} {
		if !same(relu[i], want) {
			t.Errorf("ReLU(%v) = %v, want %v", x[i], relu[i], want)
		}
	}
	a := []T{nan, 1, negz, 0, 5, T(math.Inf(-1))}
	b := []T{1, nan, 0, negz, 4, -7}
	got := make([]T, len(a))
	lanes.Maximum(got, a, b)
	for i := range a {
		if want := max(a[i], b[i]); !same(got[i], want) {
			t.Errorf("Maximum(%v, %v) = %v, want %v", a[i], b[i], got[i], want)
		}
	}
}

func TestSoftmaxStable(t *testing.T) {
	eachBackend(t, func(t *testing.T) { both(t, softmaxStable[float32], softmaxStable[float64]) })
}

func softmaxStable[T lanes.Float](t *testing.T) {
	m := lanes.MatrixOf(3, 3, []T{1000, 1000, 1000, 1000, 0, -1000, -1000, -1000, -999})
	dst := lanes.NewMatrix[T](3, 3)
	lanes.Softmax(dst, m)
	want := []float64{1. / 3, 1. / 3, 1. / 3, 1, math.Exp(-1000), 0, 1 / (2 + math.E), 1 / (2 + math.E), math.E / (2 + math.E)}
	for i, w := range want {
		if g := float64(dst.Data[i]); math.Abs(g-w) > 4e-7*w || math.IsNaN(g) {
			t.Errorf("Softmax element %d = %v, want %v", i, g, w)
		}
	}
	one := lanes.MatrixOf(1, 1, []T{-12345})
	lanes.Softmax(one, one)
	if one.Data[0] != 1 {
		t.Errorf("softmax of one element = %v, want 1", one.Data[0])
	}
}

func TestNormalizeZeroRow(t *testing.T) {
	eachBackend(t, func(t *testing.T) { both(t, normalizeZeroRow[float32], normalizeZeroRow[float64]) })
}

func normalizeZeroRow[T lanes.Float](t *testing.T) {
	m := lanes.MatrixOf(3, 2, []T{0, 0, 3, 4, T(math.Copysign(0, -1)), 0})
	lanes.NormalizeRows(m, m)
	want := []T{0, 0, 0.6, 0.8, T(math.Copysign(0, -1)), 0}
	for i := range want {
		if !same(m.Data[i], want[i]) && math.Abs(float64(m.Data[i]-want[i])) > 1e-7 {
			t.Errorf("element %d = %v, want %v", i, m.Data[i], want[i])
		}
	}
	// Huge and tiny rows keep their direction: the norm neither overflows nor underflows.
	big, small := 1e30, 1e-30
	if !lanes.Is32[T]() {
		big, small = 1e300, 1e-300
	}
	h := lanes.MatrixOf(2, 2, []T{T(3 * big), T(4 * big), T(3 * small), T(4 * small)})
	lanes.NormalizeRows(h, h)
	for i, w := range []float64{0.6, 0.8, 0.6, 0.8} {
		if math.Abs(float64(h.Data[i])-w) > 1e-6 {
			t.Errorf("scaled row element %d = %v, want %v", i, h.Data[i], w)
		}
	}
}

func TestEmpty(t *testing.T) {
	eachBackend(t, func(t *testing.T) { both(t, empty[float32], empty[float64]) })
}

func empty[T lanes.Float](t *testing.T) {
	var e []T
	if lanes.Sum(e) != 0 || lanes.Dot(e, e) != 0 || lanes.L1(e, e) != 0 || lanes.L2(e, e) != 0 || lanes.Norm(e) != 0 {
		t.Error("a reduction of nothing is not 0")
	}
	lanes.Add(e, e, e)
	lanes.Mul(e, e, e)
	lanes.Exp(e, e)
	lanes.Sigmoid(e, e)
	lanes.Scale(e, 2, e)
	z := lanes.NewMatrix[T](0, 5)
	lanes.Softmax(z, z)
	lanes.NormalizeRows(z, z)
	lanes.RowSums(e, z)
	lanes.AddRow(z, z, make([]T, 5))
	w := lanes.NewMatrix[T](3, 0)
	dst := []T{7, 7, 7}
	lanes.MatVec(dst, w, e)
	if dst[0] != 0 || dst[2] != 0 {
		t.Errorf("W·x with no columns = %v, want zeros", dst)
	}
	lanes.RowSums(dst, w)
	if dst[1] != 0 {
		t.Errorf("row sums with no columns = %v, want zeros", dst)
	}
}

// same reports whether got and want are the same value: equal with the same sign, or
// both NaN.
func same[T lanes.Float](got, want T) bool {
	if got != got || want != want {
		return got != got && want != want
	}
	return got == want && math.Signbit(float64(got)) == math.Signbit(float64(want))
}

// tinyOf returns T's smallest subnormal.
func tinyOf[T lanes.Float]() float64 {
	if lanes.Is32[T]() {
		return 0x1p-149
	}
	return 0x1p-1074
}

func ulpsT[T lanes.Float](y T, v ref.Value) float64 {
	if lanes.Is32[T]() {
		return ref.ULPs32(float32(y), v)
	}
	return ref.ULPs64(float64(y), v)
}

// TestNormShortAndLong checks Norm's special cases on both sides of its short path (Go
// below 17 elements, the kernels from 17): Inf wins over NaN, NaN otherwise, and squares
// that would over- or underflow the precision do not change the result. Each slice holds
// the cases' values padded with zeros, which change no norm.
func TestNormShortAndLong(t *testing.T) {
	eachBackend(t, func(t *testing.T) { both(t, normShortAndLong[float32], normShortAndLong[float64]) })
}

func normShortAndLong[T lanes.Float](t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	big, small := 0x1p100, 0x1p-140 // squares past float32's range
	if epsT[T]() < 0x1p-30 {
		big, small = 0x1p600, 0x1p-600
	}
	cases := []struct {
		in   []float64
		want float64
	}{
		{[]float64{nan, inf}, inf},
		{[]float64{-inf, nan}, inf},
		{[]float64{nan, 1}, nan},
		{[]float64{3 * big, 4 * big}, 5 * big},
		{[]float64{3 * small, -4 * small}, 5 * small},
		{[]float64{3, 4}, 5},
	}
	for _, n := range []int{2, 5, 16, 17, 33} {
		for _, c := range cases {
			x := make([]T, n)
			for i, v := range c.in {
				x[n-1-i] = T(v)
			}
			got := float64(lanes.Norm(x))
			if got != c.want && !(math.IsNaN(got) && math.IsNaN(c.want)) {
				t.Errorf("n=%d, Norm(%v) = %v, want %v", n, c.in, got, c.want)
			}
		}
	}
}
