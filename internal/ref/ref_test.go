package ref

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// The reference is checked against big.Float series at 300 bits: a reference that is
// itself wrong would make every accuracy test meaningless.

const prec = 300

func bf(x float64) *big.Float { return new(big.Float).SetPrec(prec).SetFloat64(x) }

// bigLn2 is 2·atanh(1/3).
func bigLn2() *big.Float {
	third := new(big.Float).SetPrec(prec).Quo(bf(1), bf(3))
	return bigAtanh2(third)
}

// bigAtanh2 returns 2·atanh(s) = Σ 2s²ⁱ⁺¹/(2i+1) for small |s|.
func bigAtanh2(s *big.Float) *big.Float {
	z := new(big.Float).SetPrec(prec).Mul(s, s)
	sum := new(big.Float).SetPrec(prec)
	pow := new(big.Float).SetPrec(prec).Set(s)
	eps := new(big.Float).SetPrec(prec).SetMantExp(bf(1), -prec)
	for i := 0; i < 2000; i++ {
		t := new(big.Float).SetPrec(prec).Quo(pow, bf(float64(2*i+1)))
		sum.Add(sum, t)
		if new(big.Float).Abs(t).Cmp(eps) < 0 {
			break
		}
		pow.Mul(pow, z)
	}
	return sum.Mul(sum, bf(2))
}

// bigExp returns eˣ: x = k·ln2 + r, then the Taylor series of eʳ.
func bigExp(x float64) *big.Float {
	ln2 := bigLn2()
	k := math.Round(x / math.Ln2)
	r := new(big.Float).SetPrec(prec).Sub(bf(x), new(big.Float).SetPrec(prec).Mul(bf(k), ln2))
	sum, term := bf(1), bf(1)
	eps := new(big.Float).SetPrec(prec).SetMantExp(bf(1), -prec)
	for i := 1; i < 200; i++ {
		term.Mul(term, r)
		term.Quo(term, bf(float64(i)))
		sum.Add(sum, term)
		if new(big.Float).Abs(term).Cmp(eps) < 0 {
			break
		}
	}
	return sum.SetMantExp(sum, int(k))
}

// bigLog returns ln x = k·ln2 + 2·atanh((m−1)/(m+1)).
func bigLog(x float64) *big.Float {
	m, k := math.Frexp(x)
	num := new(big.Float).SetPrec(prec).Sub(bf(m), bf(1))
	den := new(big.Float).SetPrec(prec).Add(bf(m), bf(1))
	s := num.Quo(num, den)
	l := bigAtanh2(s)
	return l.Add(l, new(big.Float).SetPrec(prec).Mul(bf(float64(k)), bigLn2()))
}

// bigLogOf returns ln v for v > 0, as bigLog.
func bigLogOf(v *big.Float) *big.Float {
	m := new(big.Float).SetPrec(prec)
	k := v.MantExp(m) // v = m·2ᵏ, 0.5 ≤ m < 1
	num := new(big.Float).SetPrec(prec).Sub(m, bf(1))
	den := new(big.Float).SetPrec(prec).Add(m, bf(1))
	l := bigAtanh2(num.Quo(num, den))
	return l.Add(l, new(big.Float).SetPrec(prec).Mul(bf(float64(k)), bigLn2()))
}

// bigLog1p returns ln(1 + v): 2·atanh(v/(2+v)) for small v, whose 1 + v would need more
// than prec bits.
func bigLog1p(v *big.Float) *big.Float {
	if f, _ := v.Float64(); math.Abs(f) > 0.25 {
		return bigLogOf(new(big.Float).SetPrec(prec).Add(v, bf(1)))
	}
	den := new(big.Float).SetPrec(prec).Add(v, bf(2))
	return bigAtanh2(den.Quo(v, den))
}

// relErr returns |v − want| / |want| as a float64.
func relErr(v Value, want *big.Float) float64 {
	got := bf(v.M.hi)
	got.Add(got, bf(v.M.lo))
	got.SetMantExp(got, v.E)
	d := new(big.Float).SetPrec(prec).Sub(got, want)
	if want.Sign() == 0 {
		f, _ := d.Float64()
		return math.Abs(f)
	}
	d.Quo(d, want)
	f, _ := d.Float64()
	return math.Abs(f)
}

func samples(r *rand.Rand, lo, hi float64, n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = lo + (hi-lo)*r.Float64()
	}
	return xs
}

func TestExpAgainstBigFloat(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	xs := append(samples(r, -745, 709.8, 300), samples(r, -1, 1, 100)...)
	xs = append(xs, 0, 1e-300, -1e-300, 1e-10, 0.34657359, -0.34657359, 709.782712893384, -745.1332191019411)
	for _, x := range xs {
		if e := relErr(Exp(x), bigExp(x)); e > 0x1p-98 {
			t.Errorf("Exp(%v): relative error %g > 2⁻⁹⁸", x, e)
		}
	}
}

func TestLogAgainstBigFloat(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	xs := samples(r, 0.5, 2, 200)
	for range 200 {
		xs = append(xs, math.Ldexp(0.5+r.Float64(), r.IntN(2098)-1074))
	}
	xs = append(xs, 1, math.Nextafter(1, 2), math.Nextafter(1, 0), 5e-324, math.MaxFloat64, math.Sqrt2/2, 0x1p-1022)
	for _, x := range xs {
		if e := relErr(Log(x), bigLog(x)); e > 0x1p-98 {
			t.Errorf("Log(%v): relative error %g > 2⁻⁹⁸", x, e)
		}
	}
}

func TestSigmoidAgainstBigFloat(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, x := range append(samples(r, -740, 740, 200), 0, 1, -1, 40, -40) {
		e := bigExp(-x)
		want := new(big.Float).SetPrec(prec).Quo(bf(1), e.Add(e, bf(1)))
		if err := relErr(Sigmoid(x), want); err > 0x1p-98 {
			t.Errorf("Sigmoid(%v): relative error %g", x, err)
		}
		e = bigExp(-math.Abs(x))
		t1 := new(big.Float).SetPrec(prec).Add(e, bf(1))
		want = new(big.Float).SetPrec(prec).Quo(e, t1.Mul(t1, t1))
		if err := relErr(SigmoidDerivative(x), want); err > 0x1p-98 {
			t.Errorf("SigmoidDerivative(%v): relative error %g", x, err)
		}
	}
}

func TestLn2Digits(t *testing.T) {
	got := bf(ln2a)
	got.Add(got, bf(ln2b)).Add(got, bf(ln2c))
	if e := new(big.Float).Sub(got, bigLn2()); e.Sign() != 0 && e.MantExp(nil) > -155 {
		t.Errorf("ln2 parts are off by %v", e)
	}
}

func TestTanhAgainstBigFloat(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	xs := append(samples(r, -21, 21, 200), samples(r, -0.2, 0.2, 100)...)
	for range 100 {
		xs = append(xs, math.Ldexp(r.Float64()-0.5, -r.IntN(1000)))
	}
	xs = append(xs, 0.125, 0.12499999999999999, 1e-300, 0.5, -3)
	for _, x := range xs {
		if x == 0 || math.Abs(x) > 20 {
			continue
		}
		// tanh(x) = (e^2x − 1)/(e^2x + 1), with e^2x − 1 by its series for small x.
		var em *big.Float
		if math.Abs(x) < 0.5 {
			y := new(big.Float).SetPrec(prec).Mul(bf(2), bf(x))
			em = new(big.Float).SetPrec(prec)
			term := new(big.Float).SetPrec(prec).Set(y)
			for i := 2; i < 200; i++ {
				em.Add(em, term)
				term.Mul(term, y)
				term.Quo(term, bf(float64(i)))
			}
		} else {
			em = bigExp(2 * x)
			em.Sub(em, bf(1))
		}
		den := new(big.Float).SetPrec(prec).Add(em, bf(2))
		want := new(big.Float).SetPrec(prec).Quo(em, den)
		if e := relErr(Tanh(x), want); e > 0x1p-98 {
			t.Errorf("Tanh(%v): relative error %g", x, e)
		}
	}
}

func TestULPs(t *testing.T) {
	v := Value{dd{1, 0}, 0}
	for _, c := range []struct {
		y    float64
		want float64
	}{
		{1, 0},
		{math.Nextafter(1, 2), 1},
		{math.Nextafter(1, 0), 0.5}, // below 1 the ulp halves; measured in v's ulp
		{1 + 0x1p-50, 4},
	} {
		if got := ULPs64(c.y, v); got != c.want {
			t.Errorf("ULPs64(%v, 1) = %v, want %v", c.y, got, c.want)
		}
	}
	// Subnormal truth: ulps are 2⁻¹⁰⁷⁴ whatever the exponent.
	tiny := Value{dd{1.5, 0}, -1074}
	if got := ULPs64(0x1p-1074, tiny); got != 0.5 {
		t.Errorf("subnormal: got %v, want 0.5", got)
	}
	if got := ULPs64(2*0x1p-1074, tiny); got != 0.5 {
		t.Errorf("subnormal: got %v, want 0.5", got)
	}
	// Past the largest float: +Inf is 2¹⁰²⁴.
	big := Value{dd{1, 0}, 1024}
	if got := ULPs64(math.Inf(1), big); got != 0 {
		t.Errorf("Inf vs 2¹⁰²⁴: got %v", got)
	}
	if got := ULPs64(math.MaxFloat64, big); !math.IsInf(got, 1) {
		t.Errorf("MaxFloat64 vs 2¹⁰²⁴ (which rounds to +Inf): got %v", got)
	}
	// Just below 2¹⁰²⁴ both neighbours are within 1 ULP.
	below := Value{dd{1, -0x1p-60}, 1024}
	if got := ULPs64(math.MaxFloat64, below); !(got > 0.99 && got < 1) {
		t.Errorf("MaxFloat64 vs 2¹⁰²⁴(1−2⁻⁶⁰): got %v", got)
	}
	if got := ULPs64(math.Inf(1), below); !(got > 0 && got < 0.01) {
		t.Errorf("+Inf vs 2¹⁰²⁴(1−2⁻⁶⁰): got %v", got)
	}
	if got := ULPs32(float32(math.Inf(1)), Value{dd{1, 0}, 128}); got != 0 {
		t.Errorf("float32 Inf vs 2¹²⁸: got %v", got)
	}
	if got := ULPs32(1.5, Value{dd{1.5, 0}, 0}); got != 0 {
		t.Errorf("float32 exact: got %v", got)
	}
	if got := ULPs32(math.Nextafter32(1.5, 2), Value{dd{1.5, 0}, 0}); got != 1 {
		t.Errorf("float32 one ulp: got %v", got)
	}
	if got := ULPs64(math.NaN(), v); !math.IsInf(got, 1) {
		t.Errorf("NaN: got %v", got)
	}
}

func TestLog1pAgainstBigFloat(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	xs := append(samples(r, -1, 3, 200), samples(r, -0.3, 0.5, 200)...)
	for range 200 {
		xs = append(xs, math.Ldexp(0.5+r.Float64(), r.IntN(1100)-1074)*float64(1-2*r.IntN(2)))
	}
	xs = append(xs, 1e-300, -1e-300, 0x1p-53, -0x1p-54, math.Sqrt2-1, math.Nextafter(-1, 0), 1, math.MaxFloat64)
	for _, x := range xs {
		if x <= -1 {
			continue
		}
		if e := relErr(Log1p(x), bigLog1p(bf(x))); e > 0x1p-98 {
			t.Errorf("Log1p(%v): relative error %g > 2⁻⁹⁸", x, e)
		}
	}
}

func TestLogLossLogitsAgainstBigFloat(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var zs []float64
	zs = append(zs, samples(r, -40, 40, 200)...)
	zs = append(zs, 1000, -1000, 700, -700, 1e-30, -1e-30, 0, 37, -37, 0x1p-60)
	for _, z := range zs {
		for _, y := range []float64{0, 1, 0.5, r.Float64(), 1 - 0x1p-24, 0x1p-40} {
			// max(z, 0) − z·y + ln(1 + e^−|z|), at 300 bits.
			want := new(big.Float).SetPrec(prec).Mul(bf(z), bf(y))
			want.Sub(bf(max(z, 0)), want)
			want.Add(want, bigLog1p(bigExp(-math.Abs(z))))
			got := LogLossLogits(z, y)
			if err := relErr(got, want); err > 0x1p-98 {
				t.Errorf("LogLossLogits(%v, %v): relative error %g > 2⁻⁹⁸", z, y, err)
			}
		}
	}
}

// The softmax cross-entropy reference against big.Float: the loss and each gradient element
// within 2⁻⁵² of their magnitudes (one rounding to float64) and 2⁻¹⁰⁰ absolute, on rows of ±1000, ±1e-30 and mixed magnitudes, where the
// differences from the max are not exact in float64.
func TestSoftmaxCrossEntropyAgainstBigFloat(t *testing.T) {
	rows := [][]float64{
		{1000, -1000, 0}, {-1000, 1000, 1000}, {1e-30, -1e-30, 0, 1e-30}, {-1e-30},
		{1000, 999.5, -1000, 1e-30, -1e-30, 3, 0, -999.25}, {-1000, -1000, -1000},
		{1e-30, 1000, 0.1, -0.1, 1e-300, 37.5, -745, 700},
	}
	r := rand.New(rand.NewPCG(9, 10))
	for range 20 {
		row := make([]float64, 1+r.IntN(40))
		for j := range row {
			row[j] = []float64{1000, -1000, 1e-30, -1e-30, 0, 40 * r.NormFloat64(), math.Ldexp(r.Float64(), -r.IntN(100))}[r.IntN(7)]
		}
		rows = append(rows, row)
	}
	for _, x := range rows {
		for label := range x {
			loss, grad := SoftmaxCrossEntropy(x, label)
			s := new(big.Float).SetPrec(prec)
			es := make([]*big.Float, len(x))
			for j, v := range x {
				es[j] = bigExp(v)
				s.Add(s, es[j])
			}
			want := bigLogOf(s)
			want.Sub(want, bf(x[label]))
			w, _ := want.Float64()
			if d, _ := new(big.Float).SetPrec(prec).Sub(bf(loss), want).Float64(); math.Abs(d) > 0x1p-52*math.Abs(w)+0x1p-100 {
				t.Errorf("SoftmaxCrossEntropy(%v, %d) = %v, want %v", x, label, loss, w)
			}
			for j, e := range es {
				g := new(big.Float).SetPrec(prec).Quo(e, s)
				if j == label {
					g.Sub(g, bf(1))
				}
				w, _ := g.Float64()
				d := new(big.Float).SetPrec(prec).Sub(bf(grad[j]), g)
				if f, _ := d.Float64(); math.Abs(f) > 0x1p-52*math.Abs(w)+0x1p-100 {
					t.Errorf("SoftmaxCrossEntropy(%v, %d): grad[%d] = %v, want %v", x, label, j, grad[j], w)
				}
			}
		}
	}
}
