package catalog

import (
	"math"

	"github.com/lanesimd/lanes/generic"
	"github.com/lanesimd/lanes/internal/ref"
)

// Table are the fields of kernels.Table, in order.
var Table = []Entry{
	{Name: "Dot", Kernel: "Dot", Doc: "Σ a[i]·b[i]", Test: sumOf(1, func(a, b float64, _ func(float64) float64) (float64, float64) { return a, b })},
	{Name: "Sum", Kernel: "Sum", Doc: "Σ x[i]", Test: sumOf(0, func(a, _ float64, _ func(float64) float64) (float64, float64) { return a, 1 })},
	{Name: "SumSq", Kernel: "SumSq", Doc: "Σ x[i]²", Test: sumOf(1, func(a, _ float64, _ func(float64) float64) (float64, float64) { return a, a })},
	{Name: "Norm", Compose: "norm", Uses: []string{"SumSq"}, Raw: true, Func: "func(x []T) T",
		Doc: "√Σ x[i]², without overflow or underflow in the squares", Test: Spec{Family: NormOf}},
	{Name: "Max", Kernel: "Max", Doc: "max over x, as Go's max builtin; len(x) > 0",
		Test: Spec{Family: Largest, Domain: Moderate}},
	// L1 and L2 round the difference to the precision before they sum it.
	{Name: "L1", Kernel: "L1", Doc: "Σ |a[i]−b[i]|", Test: sumOf(1, func(a, b float64, round func(float64) float64) (float64, float64) {
		return math.Abs(round(a - b)), 1
	})},
	{Name: "L2", Kernel: "L2", Doc: "Σ (a[i]−b[i])²", Test: sumOf(3, func(a, b float64, round func(float64) float64) (float64, float64) {
		d := round(a - b)
		return d, d
	})},

	{Name: "Add", Kernel: "Add", Doc: "dst[i] = a[i] + b[i]", Test: exact(func(a, b float64) float64 { return a + b })},
	{Name: "Sub", Kernel: "Sub", Doc: "dst[i] = a[i] − b[i]", Test: exact(func(a, b float64) float64 { return a - b })},
	{Name: "Mul", Kernel: "Mul", Doc: "dst[i] = a[i]·b[i]", Test: exact(func(a, b float64) float64 { return a * b })},
	{Name: "Div", Kernel: "Div", Doc: "dst[i] = a[i] / b[i]", Test: exactOver(scaled, func(a, b float64) float64 { return a / b })},
	{Name: "Maximum", Kernel: "Maximum", Doc: "dst[i] = max(a[i], b[i]), as Go's max builtin", Test: exact(func(a, b float64) float64 { return max(a, b) })},
	{Name: "ReLU", Kernel: "ReLU", Doc: "dst[i] = max(x[i], 0)", Test: exact(func(a, _ float64) float64 { return max(a, 0) })},
	{Name: "Scale", Kernel: "Scale", Doc: "dst[i] = c·x[i]", Test: exact(func(x, c float64) float64 { return c * x })},
	{Name: "AddConst", Kernel: "AddConst", Doc: "dst[i] = x[i] + c", Test: exact(func(x, c float64) float64 { return x + c })},
	{Name: "DivConst", Kernel: "DivConst", Doc: "dst[i] = x[i] / c", Test: exactOver(scaled, func(x, c float64) float64 { return x / c })},

	{Name: "AddScaled", Kernel: "AddScaled", Doc: "dst[i] = a[i] + c·x[i], one FMA",
		Test: Spec{Family: Exact, Domain: Moderate, Fused: func(a, x, c float64) (float64, float64, float64) { return c, x, a }}},
	{Name: "ReLUBackward", Kernel: "ReLUBackward", Doc: "dst[i] = grad[i] if x[i] > 0, else +0", Test: exact(func(g, x float64) float64 {
		if x > 0 {
			return g
		}
		return 0
	})},
	// The gradients through tanh and σ from their outputs y, which the tests draw where the
	// forward pass puts them (and special values beside).
	{Name: "TanhBackward", Kernel: "TanhBackward", Doc: "dst[i] = grad[i]·((1 − y[i])·(1 + y[i])), within 3 ULP of grad·(1 − y²)",
		Test: Spec{Family: Exact, Domain: Moderate, Second: Domain{Work: Range{Lo: -1, Hi: 1}}, ULP: 3, Bound: ref.TanhBackward,
			Rounded: func(g, y float64, r func(float64) float64) float64 { return r(g * r(r(1-y)*r(y+1))) }}},
	{Name: "SigmoidBackward", Kernel: "SigmoidBackward", Doc: "dst[i] = grad[i]·(y[i]·(1 − y[i])), within 2.5 ULP",
		Test: Spec{Family: Exact, Domain: Moderate, Second: Domain{Work: Range{Lo: 0, Hi: 1}}, ULP: 2.5, Bound: ref.SigmoidBackward,
			Rounded: func(g, y float64, r func(float64) float64) float64 { return r(g * r(y*r(1-y))) }}},

	{Name: "Exp", Kernel: "Exp", Doc: "eˣ, within 1 ULP", Test: Spec{Family: Within, Ref: ref.Exp, ULP: 1, Domain: expDomain,
		Sweep:         Domain{Wide: [2]Range{{Lo: -103.9, Hi: 88.7}, {Lo: -745.2, Hi: 709.8}}}, // down through the subnormal results
		Float32Inputs: [][2]uint32{{0, 0x42b20000}, {0x80000000, 0xc2d00000}},                  // −104 (below: 0) to 89 (above: +Inf)
		Special: func(x float64) (float64, bool) {
			switch {
			case x > 1000:
				return math.Inf(1), true
			case x < -1100:
				return 0, true
			}
			return nanIn(x)
		}}},
	{Name: "Log", Kernel: "Log", Doc: "ln x, within 1 ULP", Test: Spec{Family: Within, Ref: ref.Log, ULP: 1,
		Domain: Domain{Work: Range{Lo: 0.25, Hi: 2.25}, Wide: [2]Range{{Lo: 0.5, Hi: 1.5, E0: -150, E1: 109}, {Lo: 0.5, Hi: 1.5, E0: -1076, E1: 1023}}},
		// Every exponent, subnormals included, up to 1.5·2^127 (float32) or 1.5·2^1023.
		Sweep:         Domain{Wide: [2]Range{{Lo: 0.5, Hi: 1.5, E0: -148, E1: 127}, {Lo: 0.5, Hi: 1.5, E0: -1073, E1: 1023}}},
		Float32Inputs: [][2]uint32{{1, 0x7f7fffff}}, // every positive finite float
		Special: func(x float64) (float64, bool) {
			switch {
			case x < 0:
				return math.NaN(), true
			case x == 0:
				return math.Inf(-1), true
			case math.IsInf(x, 1):
				return x, true
			case x == 1:
				return 0, true
			}
			return nanIn(x)
		}}},
	{Name: "Log1p", Kernel: "Log1p", Doc: "ln(1 + x), within 1 ULP", Test: Spec{Family: Within, Ref: ref.Log1p, ULP: 1,
		Domain: Domain{Work: Range{Lo: -1, Hi: 2}, Wide: [2]Range{{Lo: -0.5, Hi: 1.5, E0: -150, E1: 126}, {Lo: -0.5, Hi: 1.5, E0: -1076, E1: 1022}}},
		// (−1, 3) at every scale down to 2⁻⁶¹, and positive x of every exponent.
		Sweep: Domain{Work: Range{Lo: -0.5, Hi: 1.5, E0: -60, E1: 1}, Wide: [2]Range{{Lo: 0.5, Hi: 1.5, E0: -148, E1: 126}, {Lo: 0.5, Hi: 1.5, E0: -1073, E1: 1022}}},
		// 2⁻²⁶ ≤ |x| < 2²⁵ with x > −1: below, the result is x (c/u with u = 1); above, the
		// log of fl(1 + x) with a correction below an ULP. The sweeps cover both.
		Float32Inputs: [][2]uint32{{0x32800000, 0x4c000000}, {0xb2800000, 0xbf7fffff}},
		Special: func(x float64) (float64, bool) {
			switch {
			case x < -1:
				return math.NaN(), true
			case x == -1:
				return math.Inf(-1), true
			case x == 0 || math.IsInf(x, 1):
				return x, true
			}
			return nanIn(x)
		}}},
	{Name: "Sigmoid", Kernel: "Sigmoid", Doc: "σ(x) = 1/(1+e⁻ˣ), within 2 ULP", Test: Spec{Family: Within, Ref: ref.Sigmoid, ULP: 2, Domain: sigmoidDomain, Sweep: sigmoidSweep,
		Special: func(x float64) (float64, bool) {
			switch {
			case x > 1000:
				return 1, true
			case x < -1000:
				return 0, true
			}
			return nanIn(x)
		}}},
	{Name: "SigmoidDerivative", Kernel: "SigmoidDerivative", Doc: "σ(x)·σ(−x), within 4 ULP", Test: Spec{Family: Within, Ref: ref.SigmoidDerivative, ULP: 4, Domain: sigmoidDomain, Sweep: sigmoidSweep,
		Special: func(x float64) (float64, bool) {
			if math.Abs(x) > 1000 {
				return 0, true
			}
			return nanIn(x)
		}}},
	{Name: "Tanh", Kernel: "Tanh", Doc: "tanh x, within 2 ULP", Test: Spec{Family: Within, Ref: ref.Tanh, ULP: 2,
		Domain: Domain{Work: Range{Lo: -3, Hi: 3}, Wide: [2]Range{{Lo: -0.5, Hi: 0.5, E0: -133, E1: 6}, {Lo: -0.5, Hi: 0.5, E0: -133, E1: 6}}},
		Sweep:  Domain{Work: Range{Lo: -3, Hi: 3}, Wide: [2]Range{{Lo: -0.5, Hi: 0.5, E0: -54, E1: 5}, {Lo: -0.5, Hi: 0.5, E0: -54, E1: 5}}},
		// 0 < |x| ≤ 10, beyond which tanh rounds to ±1; ±0 are Special.
		Float32Inputs: [][2]uint32{{1, 0x41200000}, {0x80000001, 0xc1200000}},
		Special: func(x float64) (float64, bool) {
			if math.Abs(x) > 20 || x == 0 {
				return math.Copysign(min(math.Abs(x), 1), x), true
			}
			return nanIn(x)
		}}},
	// The row's max, then exp(x−max) and its sum in one pass, then one scaling.
	{Name: "SoftmaxRow", Compose: "softmaxRow", Uses: []string{"Max", "ExpSum", "Scale"}, Func: "func(dst, x []T)",
		Doc: "softmax of one row; len(x) > 0", Test: Spec{Family: SoftmaxOf, Domain: expDomain}},
	// Softmax cross-entropy, row by row: softmax's passes, each row's loss from their sum.
	{Name: "SoftmaxCrossEntropy", Compose: "softmaxCrossEntropy", Uses: []string{"Max", "ExpSum", "Scale"}, Func: "func(grad []T, gstride int, x []T, stride, cols int, labels []int) float64",
		Doc: "Σᵢ −ln softmax(row i of x)[labels[i]], and softmax − onehot into grad's rows unless grad is empty", Test: Spec{Family: CrossEntropyOf, Domain: expDomain}},

	{Name: "MatVec", Compose: "matVec", Uses: []string{"MatVec4", "MatVecNarrow", "Dot"}, Func: "func(dst, w []T, stride int, x []T)",
		Doc: "dst[i] = Σⱼ w[i·stride+j]·x[j] for i < len(dst), j < len(x)", Test: Spec{Family: MatVecOf}},
	{Name: "Outer", Compose: "outer", Uses: []string{"Scale"}, Func: "func(dst []T, stride int, a, b []T)",
		Doc: "dst[i·stride+j] = a[i]·b[j] for i < len(a), j < len(b)", Test: Spec{Family: OuterOf, Domain: Moderate}},
	// The product through par, which runs its units of work (generic.MatMulFunc). AVX-512
	// takes AVX2's tile for narrow products (256×128·128×10: 26 → 16 µs).
	{Name: "MatMul", Compose: "matMul", Uses: []string{"MatMulTile", "MatMulRows", "PackCopy", "PackRows", "TransposeTile", "MatMulRowTransB"}, Shape: "MatMulTile",
		Narrow: map[string]string{"avx512": "avx2"}, NarrowUses: []string{"MatMulTile", "PackRows"},
		Func: "func(dst []T, ldd int, a []T, lda int, transA bool, b []T, ldb int, transB bool, m, n, k int, par generic.Par)",
		Doc:  "dst = op(a)·op(b), m×n, each element one FMA chain per block of k", Test: Spec{Family: MatMulOf}},
	// Blocks of at most 32×32 a call, whole vectors each way; the edges in Go.
	{Name: "Transpose", Compose: "transpose", Uses: []string{"TransposeTile"}, Func: "func(dst []T, ldd int, m []T, ldm, rows, cols int)",
		Doc: "dst[j·ldd+i] = m[i·ldm+j] for i < rows, j < cols", Test: Spec{Family: TransposeOf}},
	{Name: "RowSums", Compose: "rowSums", Uses: []string{"Sum"}, Func: "func(dst, m []T, stride, cols int)",
		Doc: "dst[i] = Σⱼ m[i·stride+j] for i < len(dst), j < cols", Test: Spec{Family: RowSumsOf}},
	// The rows added in order into dst, a block of rows at a time, each block's sums
	// carried in float64: every kernel call streams along a row, none walks down a column.
	{Name: "ColSums", Compose: "colSums", Uses: []string{"Add"}, Func: "func(dst []T, rows int, m []T, stride int)",
		Doc: "dst[j] = Σᵢ m[i·stride+j] for i < rows, j < len(dst)", Test: Spec{Family: ColSumsOf}},
	// Binary cross-entropy from probabilities, a piece of generic.CrossEntropyPiece at a
	// time: ŷ clamped by two Maximums (the upper bound on −ŷ), the two logarithms, and two
	// dot products with y and 1 − y, their sums carried in float64.
	{Name: "LogLoss", Compose: "logLoss", Uses: []string{"Maximum", "Scale", "AddConst", "Log", "Dot"}, Func: "func(yhat, y []T) T",
		Doc:  "−Σ [y[i]·ln ŷ + (1−y[i])·ln(1−ŷ)], ŷ = yhat[i] clamped to [ε, 1−ε] (ε the precision's machine epsilon)",
		Test: Spec{Family: SumOf, Parts: logLossParts, Roundings: 8, Domain: Domain{Work: Range{Lo: 0, Hi: 1}}}},
	// Binary cross-entropy from logits, a piece of generic.CrossEntropyPiece at a time: the
	// terms into a buffer and their sum in one kernel call, carried in float64.
	{Name: "LogLossLogits", Compose: "logLossLogits", Uses: []string{"LogLossLogitsTerms"}, Raw: true, Func: "func(z, y []T) T",
		Doc:  "Σ [max(z[i], 0) − z[i]·y[i] + log1p(e^−|z[i]|)]: −Σ [y·ln σ(z) + (1−y)·ln(1−σ(z))], stably",
		Test: Spec{Family: SumOf, Parts: logLossLogitsParts, Roundings: 3, Domain: Domain{Work: Range{Lo: -20, Hi: 20}}, Second: Domain{Work: Range{Lo: 0, Hi: 1}}}},
	// Not an op: the bench holds MatMul's rate against it.
	{Name: "FMAPeak", Compose: "peak", Uses: []string{"FMAPeak"}, Func: "func(n int) T", Doc: "the FMA units' rate: n steps of FMAs, returning how many element FMAs ran", Test: Spec{Family: CountOf}},
}

// logLossParts are a LogLoss term's two parts, −y·ln ŷ and −(1−y)·ln(1−ŷ), with ŷ
// clamped in the precision and 1 − ŷ and 1 − y rounded to it, as the kernels compute them.
func logLossParts(a, b float64, round func(float64) float64) (x, y float64) {
	eps := generic.Eps64
	if round(1+0x1p-30) == 1 { // float32
		eps = generic.Eps32
	}
	c := min(max(a, eps), 1-eps) // NaN stays NaN
	return -b * math.Log(c), -round(1-b) * math.Log(round(1-c))
}

// logLossLogitsParts are a LogLossLogits term's two parts, max(z, 0) − z·y (exact in
// float64 for float32 inputs; the correctly rounded FMA for float64's) and
// log1p(exp(−|z|)).
func logLossLogitsParts(z, y float64, _ func(float64) float64) (a, b float64) {
	if math.IsInf(z, 0) { // the term's limit, as LogLossLogits documents it
		if z > 0 {
			y = 1 - y
		}
		if y == 0 {
			return 0, 0
		}
		return math.Inf(1) * y, 0
	}
	return math.FMA(-z, y, max(z, 0)), math.Log1p(math.Exp(-math.Abs(z)))
}

func sumOf(roundings float64, term func(a, b float64, round func(float64) float64) (float64, float64)) Spec {
	return Spec{Family: SumOf, Term: term, Roundings: roundings}
}

func exact(f func(a, b float64) float64) Spec { return exactOver(Moderate, f) }

func exactOver(d Domain, f func(a, b float64) float64) Spec {
	return Spec{Family: Exact, Exact: f, Domain: d}
}

// nanIn is every Special's last case: NaN in, NaN out.
func nanIn(x float64) (float64, bool) { return x, math.IsNaN(x) }

var (
	// expDomain reaches past both ends of exp's range, into the subnormal results.
	expDomain = Domain{Work: Range{Lo: -10, Hi: 10}, Wide: [2]Range{{Lo: -110, Hi: 90}, {Lo: -760, Hi: 720}}}
	// sigmoidDomain reaches where σ rounds to 1 and where σ(x)·σ(−x) underflows.
	sigmoidDomain = Domain{Work: Range{Lo: -8, Hi: 8}, Wide: [2]Range{{Lo: -120, Hi: 120}, {Lo: -760, Hi: 760}}}
	// sigmoidSweep is half moderate inputs, half anything up to where σ is 0 or 1.
	sigmoidSweep = Domain{Work: Range{Lo: -40, Hi: 40}, Wide: [2]Range{{Lo: -103.9, Hi: 103.9}, {Lo: -745.2, Hi: 745.2}}}
	// scaled adds quotients far from 1 in magnitude.
	scaled = Domain{Work: Range{Lo: -4, Hi: 4}, Wide: [2]Range{{Lo: -0.5, Hi: 0.5, E0: -40, E1: 39}, {Lo: -0.5, Hi: 0.5, E0: -40, E1: 39}}}
)
