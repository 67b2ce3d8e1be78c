package lanes

import (
	"fmt"

	"github.com/lanesimd/lanes/kernels"
)

// Each op checks its arguments, then calls the kernel of the table dispatch chose. is32
// is a compile-time constant in each instantiation, so only one of the two calls remains.

// Dot returns Σ a[i]·b[i] (np.dot of two vectors). It panics unless len(a) == len(b).
func Dot[T Float](a, b []T) T {
	checkLen("Dot", "a", a, "b", b)
	if is32[T]() {
		return T(f32.Dot(v32(a), v32(b)))
	}
	return T(f64.Dot(v64(a), v64(b)))
}

// Sum returns Σ x[i] (np.sum); 0 for an empty x.
func Sum[T Float](x []T) T {
	if len(x) <= short {
		return sumShort(x)
	}
	if is32[T]() {
		return T(f32.Sum(v32(x)))
	}
	return T(f64.Sum(v64(x)))
}

// Norm returns the Euclidean norm √(Σ x[i]²) (np.linalg.norm) without overflow or
// underflow in the squares: the norm of [3e30, 4e30] is 5e30 in float32 too.
func Norm[T Float](x []T) T {
	if len(x) <= short {
		return normShort(x)
	}
	if is32[T]() {
		return T(f32.Norm(v32(x)))
	}
	return T(f64.Norm(v64(x)))
}

// Max returns the largest element of x (np.max) as Go's max builtin would: NaN if any
// element is NaN, +0 over −0. It panics if x is empty.
func Max[T Float](x []T) T {
	if len(x) == 0 {
		panic("lanes: Max: len(x)=0: the max of nothing is undefined")
	}
	if is32[T]() {
		return T(f32.Max(v32(x)))
	}
	return T(f64.Max(v64(x)))
}

// L1 returns the L1 loss Σ |ŷ[i] − y[i]|. It panics unless len(yhat) == len(y).
func L1[T Float](yhat, y []T) T {
	checkLen("L1", "yhat", yhat, "y", y)
	if is32[T]() {
		return T(f32.L1(v32(yhat), v32(y)))
	}
	return T(f64.L1(v64(yhat), v64(y)))
}

// L2 returns the L2 loss Σ (ŷ[i] − y[i])². It panics unless len(yhat) == len(y).
func L2[T Float](yhat, y []T) T {
	checkLen("L2", "yhat", yhat, "y", y)
	if is32[T]() {
		return T(f32.L2(v32(yhat), v32(y)))
	}
	return T(f64.L2(v64(yhat), v64(y)))
}

// Add sets dst[i] = a[i] + b[i].
func Add[T Float](dst, a, b []T) { binary("Add", dst, a, b, f32.Add, f64.Add) }

// Sub sets dst[i] = a[i] − b[i].
func Sub[T Float](dst, a, b []T) { binary("Sub", dst, a, b, f32.Sub, f64.Sub) }

// Mul sets dst[i] = a[i] · b[i] (np.multiply).
func Mul[T Float](dst, a, b []T) { binary("Mul", dst, a, b, f32.Mul, f64.Mul) }

// Div sets dst[i] = a[i] / b[i].
func Div[T Float](dst, a, b []T) { binary("Div", dst, a, b, f32.Div, f64.Div) }

// Maximum sets dst[i] = max(a[i], b[i]) (np.maximum) as Go's max builtin: NaN wins,
// +0 over −0.
func Maximum[T Float](dst, a, b []T) { binary("Maximum", dst, a, b, f32.Maximum, f64.Maximum) }

// binary checks and runs an elementwise op of two slices: every slice of the same length,
// dst either the very same slice as an input or apart from it.
func binary[T Float](op string, dst, a, b []T, k32 func(dst, a, b []float32), k64 func(dst, a, b []float64)) {
	binaryOf(op, dst, a, "a", b, "b", k32, k64)
}

// binaryOf is binary with the inputs' names, for the panics.
func binaryOf[T Float](op string, dst, a []T, an string, b []T, bn string, k32 func(dst, a, b []float32), k64 func(dst, a, b []float64)) {
	if !intoOK(dst, a) || !intoOK(dst, b) {
		checkInto(op, dst, a, an)
		checkInto(op, dst, b, bn)
	}
	if is32[T]() {
		k32(v32(dst), v32(a), v32(b))
		return
	}
	k64(v64(dst), v64(a), v64(b))
}

// ReLU sets dst[i] = max(x[i], 0) (np.maximum(x, 0)), the rectified linear unit, as Go's
// max builtin: NaN stays NaN and −0 becomes +0.
func ReLU[T Float](dst, x []T) { unary("ReLU", dst, x, f32.ReLU, f64.ReLU) }

// Scale sets dst[i] = c · x[i].
func Scale[T Float](dst []T, c T, x []T) {
	checkInto("Scale", dst, x, "x")
	if is32[T]() {
		f32.Scale(v32(dst), v32(x), float32(c))
		return
	}
	f64.Scale(v64(dst), v64(x), float64(c))
}

// AddConst sets dst[i] = x[i] + c.
func AddConst[T Float](dst []T, c T, x []T) {
	checkInto("AddConst", dst, x, "x")
	if is32[T]() {
		f32.AddConst(v32(dst), v32(x), float32(c))
		return
	}
	f64.AddConst(v64(dst), v64(x), float64(c))
}

// Exp sets dst[i] = eˣ⁽ⁱ⁾ (np.exp), within 1 ULP of the correctly rounded result: +Inf from
// the first x whose exp rounds past the largest float, 0 below the subnormals, NaN for NaN.
func Exp[T Float](dst, x []T) { unary("Exp", dst, x, f32.Exp, f64.Exp) }

// Log sets dst[i] = ln x[i] (np.log), within 1 ULP of the correctly rounded result,
// subnormal x included: ln(±0) = −Inf, ln(x<0) = NaN, ln(+Inf) = +Inf.
func Log[T Float](dst, x []T) { unary("Log", dst, x, f32.Log, f64.Log) }

// Log1p sets dst[i] = ln(1 + x[i]) (np.log1p), within 1 ULP of the correctly rounded
// result: accurate where 1 + x would round away x's low bits (log1p(x) = x for tiny x),
// log1p(−1) = −Inf, log1p(x < −1) = NaN, log1p(±0) = ±0, log1p(+Inf) = +Inf.
func Log1p[T Float](dst, x []T) { unary("Log1p", dst, x, f32.Log1p, f64.Log1p) }

// Sigmoid sets dst[i] = σ(x[i]) = 1/(1+e⁻ˣ⁽ⁱ⁾) in one pass. It never overflows: σ(−1000)
// is exactly 0, σ(1000) exactly 1, and NaN stays NaN.
func Sigmoid[T Float](dst, x []T) { unary("Sigmoid", dst, x, f32.Sigmoid, f64.Sigmoid) }

// SigmoidDerivative sets dst[i] = σ(x)(1−σ(x)), computed as σ(x)·σ(−x) in one pass, so the
// result keeps its precision where 1−σ(x) would cancel (within 4 ULP).
func SigmoidDerivative[T Float](dst, x []T) {
	unary("SigmoidDerivative", dst, x, f32.SigmoidDerivative, f64.SigmoidDerivative)
}

// Tanh sets dst[i] = tanh(x[i]) (np.tanh), within 2 ULP: tanh(±0) = ±0, tanh(±Inf) = ±1,
// NaN stays NaN.
func Tanh[T Float](dst, x []T) { unary("Tanh", dst, x, f32.Tanh, f64.Tanh) }

// unary checks and runs an elementwise op of one slice.
func unary[T Float](op string, dst, x []T, k32 func(dst, x []float32), k64 func(dst, x []float64)) {
	checkInto(op, dst, x, "x")
	if is32[T]() {
		k32(v32(dst), v32(x))
		return
	}
	k64(v64(dst), v64(x))
}

// Outer sets dst to the outer product a·bᵀ (np.outer): dst is len(a)×len(b), and must
// not share memory with a or b.
func Outer[T Float](dst Matrix[T], a, b []T) {
	checkMatrix("Outer", "dst", dst)
	if dst.Rows != len(a) || dst.Cols != len(b) {
		panic(fmt.Sprintf("lanes: Outer: dst is %d×%d, want len(a)×len(b) = %d×%d", dst.Rows, dst.Cols, len(a), len(b)))
	}
	d := span(dst)
	checkApart("Outer", "dst", d, a, "a")
	checkApart("Outer", "dst", d, b, "b")
	if len(d) == 0 {
		return
	}
	if is32[T]() {
		f32.Outer(v32(d), dst.Stride, v32(a), v32(b))
		return
	}
	f64.Outer(v64(d), dst.Stride, v64(a), v64(b))
}

// RowSums sets dst[i] to the sum of row i of m (np.sum(m, axis=1)): len(dst) == m.Rows,
// and dst must not share memory with m.
func RowSums[T Float](dst []T, m Matrix[T]) {
	checkMatrix("RowSums", "m", m)
	if len(dst) != m.Rows {
		panic(fmt.Sprintf("lanes: RowSums: m is %d×%d, len(dst)=%d", m.Rows, m.Cols, len(dst)))
	}
	ms := span(m)
	checkApart("RowSums", "dst", dst, ms, "m")
	if m.Cols == 0 {
		clear(dst)
		return
	}
	if is32[T]() {
		f32.RowSums(v32(dst), v32(ms), m.Stride, m.Cols)
		return
	}
	f64.RowSums(v64(dst), v64(ms), m.Stride, m.Cols)
}

// ColSums sets dst[j] to the sum of column j of m (np.sum(m, axis=0)), the bias gradient
// of a layer: len(dst) == m.Cols, and dst must not share memory with m. It streams along
// the rows, adding each row into dst with the Add kernel (never a walk down a column), in
// blocks of 4096 rows whose sums are carried in float64 and rounded once at the end: each
// column within (min(Rows, 4096) + Rows/4096)·ε·Σ|mᵢⱼ| (ε = 2⁻²⁴ or 2⁻⁵³), the same bits
// on every backend. No rows give zeros.
func ColSums[T Float](dst []T, m Matrix[T]) {
	checkMatrix("ColSums", "m", m)
	if len(dst) != m.Cols {
		panic(fmt.Sprintf("lanes: ColSums: m is %d×%d, len(dst)=%d", m.Rows, m.Cols, len(dst)))
	}
	ms := span(m)
	checkApart("ColSums", "dst", dst, ms, "m")
	if is32[T]() {
		f32.ColSums(v32(dst), m.Rows, v32(ms), m.Stride)
		return
	}
	f64.ColSums(v64(dst), m.Rows, v64(ms), m.Stride)
}

// Softmax sets each row of dst to the softmax of that row of x (np.exp(x − max) / sum,
// row-wise): numerically stable, so rows of 1000s stay finite, and a row of one element is
// 1. dst may be x.
func Softmax[T Float](dst, x Matrix[T]) {
	checkSameShape("Softmax", dst, x, "x")
	if x.Cols == 0 {
		return
	}
	for i := range x.Rows {
		if is32[T]() {
			f32.SoftmaxRow(v32(dst.Row(i)), v32(x.Row(i)))
		} else {
			f64.SoftmaxRow(v64(dst.Row(i)), v64(x.Row(i)))
		}
	}
}

// NormalizeRows divides each row of x by its Euclidean norm (x / np.linalg.norm(x, axis=1,
// keepdims=True)) into dst. A row of zeros stays zeros, as in scikit-learn, not NaN. dst
// may be x.
func NormalizeRows[T Float](dst, x Matrix[T]) {
	checkSameShape("NormalizeRows", dst, x, "x")
	for i := range x.Rows {
		d, r := dst.Row(i), x.Row(i)
		if is32[T]() {
			normalize(v32(d), v32(r), &f32)
		} else {
			normalize(v64(d), v64(r), &f64)
		}
	}
}

func normalize[T float32 | float64](dst, x []T, k *kernels.Table[T]) {
	n := k.Norm(x)
	if n == 0 {
		copy(dst, x)
		return
	}
	k.DivConst(dst, x, n)
}
