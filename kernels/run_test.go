package kernels

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/lanesimd/lanes/generic"
	"github.com/lanesimd/lanes/internal/catalog"
	"github.com/lanesimd/lanes/internal/ref"
)

// A source gives a test its input values: random ones, or the fuzzer's bytes.
type source[T Float] interface {
	// value returns an input for an elementwise entry of domain d: anything it must handle.
	value(d catalog.Domain) T
	// moderate returns an input for a reduction or matrix kernel: no overflow in any order.
	moderate() T
}

type randSource[T Float] struct{ r *rand.Rand }

func (s randSource[T]) value(d catalog.Domain) T { return domain[T](s.r, d) }
func (s randSource[T]) moderate() T              { return moderate[T](s.r) }

// bytesSource reads values from fuzzer input, zeros once it is used up.
type bytesSource[T Float] struct{ b []byte }

func (s *bytesSource[T]) bits() uint64 {
	if is32[T]() {
		if len(s.b) < 4 {
			s.b = nil
			return 0
		}
		v := binary.LittleEndian.Uint32(s.b)
		s.b = s.b[4:]
		return uint64(v)
	}
	if len(s.b) < 8 {
		s.b = nil
		return 0
	}
	v := binary.LittleEndian.Uint64(s.b)
	s.b = s.b[8:]
	return v
}

func (s *bytesSource[T]) value(catalog.Domain) T {
	b := s.bits()
	if is32[T]() {
		return T(math.Float32frombits(uint32(b)))
	}
	return T(math.Float64frombits(b))
}

// moderate maps the bits to multiples of 2⁻⁸ below 128 in magnitude, or to a subnormal.
func (s *bytesSource[T]) moderate() T {
	b := s.bits()
	if b&0x30000 == 0x30000 {
		return T(float64(int8(b)) * tiny[T]())
	}
	return T(float64(int16(b)) / 256)
}

// alloc returns n elements for a test to fill: a fresh slice at some offset, or one flush
// against a guard page.
type alloc[T Float] func(n int) []T

// padMark fills the padding of output matrices: a kernel that writes it is caught when the
// mark has changed. Input matrices get NaN padding instead, which shows in any result that
// read it.
const padMark = 7.25

// runCase runs entry e of a table on n-element inputs from src in memory from get, and
// checks every result as the entry's test family says.
func runCase[T Float](e entry[T], n int, src source[T], get alloc[T]) error {
	spec := e.Test
	switch spec.Family {
	case catalog.SumOf:
		if spec.Domain != (catalog.Domain{}) {
			return runLoss(e, n, src, get)
		}
		a := get(n)
		for i := range a {
			a[i] = src.moderate()
		}
		if k, ok := e.fn.(func(x []T) T); ok {
			return checkSumOf(spec, a, nil, k(a))
		}
		b := get(n)
		for i := range b {
			b[i] = src.moderate()
		}
		return checkSumOf(spec, a, b, e.fn.(func(a, b []T) T)(a, b))
	case catalog.NormOf:
		x := get(n)
		for i := range x {
			x[i] = src.moderate()
		}
		return checkNorm(x, e.fn.(func(x []T) T)(x))
	case catalog.Largest:
		if n == 0 {
			return nil // the contract requires len(x) > 0
		}
		x := get(n)
		for i := range x {
			x[i] = src.value(spec.Domain)
		}
		return checkLargest(x, e.fn.(func(x []T) T)(x))
	case catalog.Exact:
		return runExact(e, n, src, get)
	case catalog.Within:
		k := e.fn.(func(dst, x []T))
		x, dst := get(n), get(n)
		for i := range x {
			x[i] = src.value(spec.Domain)
		}
		orig := slices.Clone(x)
		for _, inPlace := range []bool{false, true} {
			d := dst
			if inPlace {
				d = x
			}
			k(d, x)
			for i, v := range orig {
				if err := checkWithin(e.Entry, v, d[i]); err != nil {
					return fmt.Errorf("in place %v, element %d of %d: %w", inPlace, i, n, err)
				}
			}
		}
		return nil
	case catalog.SoftmaxOf:
		if n == 0 {
			return nil // the contract requires a row
		}
		k := e.fn.(func(dst, x []T))
		x, dst := get(n), get(n)
		for i := range x {
			x[i] = src.value(spec.Domain)
		}
		orig := slices.Clone(x)
		k(dst, x)
		if err := checkSoftmax(orig, dst); err != nil {
			return err
		}
		k(x, x)
		for i := range x {
			if !sameBits(x[i], dst[i]) {
				return fmt.Errorf("in place: element %d is %v, out of place %v", i, x[i], dst[i])
			}
		}
		return nil
	case catalog.MatVecOf, catalog.OuterOf, catalog.RowSumsOf:
		return runMatrix(e, n, src, get)
	case catalog.MatMulOf:
		return runMatMul(e, n, src, get)
	case catalog.CrossEntropyOf:
		return runCrossEntropy(e, n, src, get)
	case catalog.ColSumsOf:
		return runColSums(e, n, src, get)
	case catalog.TransposeOf:
		return runTranspose(e, n, src, get)
	case catalog.CountOf:
		// Below 512 steps every count is exact in float32 (2⁹·16·16 < 2²⁴).
		k := e.fn.(func(n int) T)
		steps, one := n%512, k(1)
		if got := k(steps); one < 1 || got != T(steps)*one {
			return fmt.Errorf("%d steps counted %v, one step %v", steps, got, one)
		}
		return nil
	}
	panic(fmt.Sprintf("entry %s: no test for family %d", e.Name, spec.Family))
}

// runExact checks an Exact entry of one or two slices, or a slice and a scalar, out of
// place and in place over each input.
func runExact[T Float](e entry[T], n int, src source[T], get alloc[T]) error {
	spec := e.Test
	x, y, dst := get(n), get(n), get(n)
	second := spec.Domain
	if spec.Second != (catalog.Domain{}) {
		second = spec.Second
	}
	for i := range x {
		x[i], y[i] = src.value(spec.Domain), src.value(second)
	}
	c := src.value(spec.Domain)
	want := make([]T, n)
	// run computes into d; ins are the inputs it reads, which d may be.
	var run func(d []T, ins ...[]T)
	how := e.Name
	switch k := e.fn.(type) {
	case func(dst, a, b []T):
		run = func(d []T, ins ...[]T) { k(d, ins[0], ins[1]) }
		for i := range want {
			want[i] = exactOf(spec, x[i], y[i])
		}
	case func(dst, a, b []T, c T):
		run = func(d []T, ins ...[]T) { k(d, ins[0], ins[1], c) }
		how = fmt.Sprintf("%s with c=%v", e.Name, c)
		for i := range want {
			p, q, r := spec.Fused(float64(x[i]), float64(y[i]), float64(c))
			want[i] = ref.FMA(T(p), T(q), T(r))
		}
	case func(dst, x []T):
		run = func(d []T, ins ...[]T) { k(d, ins[0]) }
		y = nil
		for i := range want {
			want[i] = exactOf(spec, x[i], 0)
		}
	case func(dst, x []T, c T):
		run = func(d []T, ins ...[]T) { k(d, ins[0], c) }
		y = nil
		how = fmt.Sprintf("%s with c=%v", e.Name, c)
		for i := range want {
			want[i] = exactOf(spec, x[i], c)
		}
	default:
		panic(fmt.Sprintf("entry %s: an Exact entry of type %T", e.Name, e.fn))
	}
	ins := [][]T{x}
	if y != nil {
		ins = append(ins, y)
	}
	check := func(where string) error {
		for i := range dst {
			if !sameBits(dst[i], want[i]) {
				inputs := fmt.Sprint(x[i])
				if y != nil {
					inputs += fmt.Sprint(", ", y[i])
				}
				return fmt.Errorf("%s, %s: element %d of %d is %v, want %v (inputs %s)", how, where, i, n, dst[i], want[i], inputs)
			}
		}
		return nil
	}
	run(dst, ins...)
	if err := check("out of place"); err != nil {
		return err
	}
	if err := checkBound(spec, x, y, dst); err != nil {
		return fmt.Errorf("%s: %w", e.Name, err)
	}
	// In place over each input in turn: dst holds that input's values and replaces it.
	for j := range ins {
		copy(dst, ins[j])
		in := slices.Clone(ins)
		in[j] = dst
		run(dst, in...)
		if err := check(fmt.Sprintf("dst = input %d", j)); err != nil {
			return err
		}
	}
	return nil
}

// runLoss checks a SumOf entry that declares where its inputs live (the losses: ŷ or z
// in Domain, the labels in Second), with the special values the source mixes in kept
// at one length in four (NaN, ±Inf, ±0, subnormals, labels and ŷ outside [0, 1]: the
// sum must then be what the op documents, often NaN or ±Inf, else within the bound) and
// replaced by values of the working range at the others, so that most sums stay finite
// and are held to the bound. Finite values beyond 2⁻¹²·√max are replaced at every
// length: a product of two of them would overflow in the precision and not in float64,
// where the reference computes it.
func runLoss[T Float](e entry[T], n int, src source[T], get alloc[T]) error {
	spec := e.Test
	second := spec.Domain
	if spec.Second != (catalog.Domain{}) {
		second = spec.Second
	}
	keep, huge := n%4 == 3, math.Sqrt(maxT[T]())*0x1p-12
	draw := func(d catalog.Domain) T {
		v := src.value(d)
		f, w := float64(v), d.Work
		if inf := math.IsInf(f, 0); (!inf && math.Abs(f) > huge) || (!keep && !(f >= w.Lo && f <= w.Hi)) {
			frac := math.Mod(math.Abs(float64(src.moderate())), 1)
			return T(w.Lo + (w.Hi-w.Lo)*frac)
		}
		return v
	}
	a, b := get(n), get(n)
	for i := range a {
		a[i], b[i] = draw(spec.Domain), draw(second)
	}
	return checkSumOf(spec, a, b, e.fn.(func(a, b []T) T)(a, b))
}

// checkBound holds a Rounded entry's results to its bound in ULPs of the true value,
// where both inputs are finite, the second in its working range, and the truth is finite.
func checkBound[T Float](spec catalog.Spec, x, y, got []T) error {
	if spec.Bound == nil {
		return nil
	}
	w := spec.Second.Work
	for i := range got {
		a, b := float64(x[i]), float64(y[i])
		if math.IsNaN(a) || math.IsInf(a, 0) || !(b >= w.Lo && b <= w.Hi) {
			continue
		}
		v := spec.Bound(a, b)
		if f := v.Float64(); math.IsInf(f, 0) || math.Abs(f) > maxT[T]() {
			continue
		}
		if u := ulps(got[i], v); !(u <= spec.ULP) {
			return fmt.Errorf("(%v, %v) gives %v, want %v: %.3f ULP > %v", a, b, got[i], T(v.Float64()), u, spec.ULP)
		}
	}
	return nil
}

// matrixShape derives a matrix from n: n columns, 1 to 4 rows, 0 to 2 elements of padding
// between rows.
func matrixShape(n int) (rows, cols, stride int) {
	return 1 + n%4, n, n + n%3
}

// spanLen is the number of elements a rows×cols matrix with this stride covers.
func spanLen(rows, cols, stride int) int {
	if rows == 0 || cols == 0 {
		return 0
	}
	return (rows-1)*stride + cols
}

// fillMatrix fills the rows of m with values from next and its padding with pad.
func fillMatrix[T Float](m []T, cols, stride int, pad T, next func() T) {
	for i := range m {
		if stride > 0 && i%stride >= cols {
			m[i] = pad
		} else {
			m[i] = next()
		}
	}
}

func checkPadding[T Float](m []T, cols, stride int) error {
	for i := range m {
		if stride > 0 && i%stride >= cols && m[i] != padMark {
			return fmt.Errorf("padding element %d was written: %v", i, m[i])
		}
	}
	return nil
}

func runMatrix[T Float](e entry[T], n int, src source[T], get alloc[T]) error {
	rows, cols, stride := matrixShape(n)
	nan := T(math.NaN())
	switch e.Test.Family {
	case catalog.MatVecOf:
		w, x, dst := get(spanLen(rows, cols, stride)), get(cols), get(rows)
		fillMatrix(w, cols, stride, nan, src.moderate)
		for i := range x {
			x[i] = src.moderate()
		}
		e.fn.(func(dst, w []T, stride int, x []T))(dst, w, stride, x)
		dot := catalog.EntryNamed("Dot").Test
		for i := range dst {
			if err := checkSumOf(dot, w[i*stride:i*stride+cols], x, dst[i]); err != nil {
				return fmt.Errorf("row %d of %d×%d (stride %d): %w", i, rows, cols, stride, err)
			}
		}
	case catalog.RowSumsOf:
		m, dst := get(spanLen(rows, cols, stride)), get(rows)
		fillMatrix(m, cols, stride, nan, src.moderate)
		e.fn.(func(dst, m []T, stride, cols int))(dst, m, stride, cols)
		sum := catalog.EntryNamed("Sum").Test
		for i := range dst {
			if err := checkSumOf(sum, m[i*stride:i*stride+cols], nil, dst[i]); err != nil {
				return fmt.Errorf("row %d of %d×%d (stride %d): %w", i, rows, cols, stride, err)
			}
		}
	case catalog.OuterOf:
		a, b, dst := get(rows), get(cols), get(spanLen(rows, cols, stride))
		for i := range a {
			a[i] = src.value(e.Test.Domain)
		}
		for i := range b {
			b[i] = src.value(e.Test.Domain)
		}
		fillMatrix(dst, cols, stride, padMark, func() T { return nan })
		e.fn.(func(dst []T, stride int, a, b []T))(dst, stride, a, b)
		mul := catalog.EntryNamed("Mul").Test
		for i := range a {
			for j := range b {
				if got, want := dst[i*stride+j], exactOf(mul, a[i], b[j]); !sameBits(got, want) {
					return fmt.Errorf("(%d, %d) of %d×%d: %v·%v = %v, want %v", i, j, rows, cols, a[i], b[j], got, want)
				}
			}
		}
		return checkPadding(dst, cols, stride)
	default:
		panic(e.Name)
	}
	return nil
}

// matMulShape derives a product from n: m×nn = op(a)·op(b) with inner dimension k, the
// transpositions from n's low bits, 0 to 2 elements of padding in every matrix. Up to
// n = 300 it reaches both paths, edge tiles and two blocks of k, and from 202 to 258 in
// steps of 4, where b alone is transposed, one to three rows against a bᵀ of over 20000
// elements, which the direct path transposes in pieces; longer n stay below 40×100·700
// (the reference is a scalar loop). Small products (smallProducts) keep a few packed ones.
func matMulShape(n int) (m, nn, k int, transA, transB bool, pad int) {
	m, nn, k = n%19, n*7%37+n/60*8, n
	if n > 200 && n <= 300 && n%4 == 2 {
		// A few rows against a wide b; with n/6 odd, k a multiple of four, so that a row
		// vector against bᵀ goes through MatMulRowTransB in float32 too.
		m, nn, k = 1+n%3, n/2, n+n/6%2*2
	}
	if n > 300 {
		m, nn, k = n%41, n%101, 300+n%400
	}
	if smallProducts() && n > 40 {
		// Under the race detector (an annotation per element of a in the direct path), an
		// emulator or -short, products stay small: the native run covers the large ones.
		m, nn, k = n%11, n%19, n%40+1
		if n%20 == 3 || n%20 == 4 {
			// Just past the direct path's size, all four transpositions, so that the
			// packed path's kernels run here too (NEON's only under qemu), in the guard
			// pages among the rest: 24 rows, whole slivers on every ISA (6, 8 or 12
			// rows), so that PackRows reads up to a's last element, k odd for its tails.
			m, nn, k = 24, 14+n%4, 101
		}
		if n%20 == 6 {
			// A row vector against bᵀ wide enough for MatMulRowTransB's four groups on
			// every ISA, k a multiple of four: one block of k, or two.
			return 1, 32 + n%11, 4 * (n%7*20 + 1), false, true, n % 3
		}
	}
	return m, nn, k, n&1 != 0, n&2 != 0, n % 3
}

// reversed runs a product's units last first: the bits may not depend on the order.
func reversed(units int, work generic.Units) {
	for u := units - 1; u >= 0; u-- {
		work.Do(u)
	}
}

func runMatMul[T Float](e entry[T], n int, src source[T], get alloc[T]) error {
	mm := e.fn.(func(dst []T, ldd int, a []T, lda int, transA bool, b []T, ldb int, transB bool, m, n, k int, par generic.Par))
	m, nn, k, transA, transB, pad := matMulShape(n)
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, nn
	if transB {
		br, bc = nn, k
	}
	lda, ldb, ldd := ac+pad, bc+pad, nn+pad
	nan := T(math.NaN())
	a, b, dst := get(spanLen(ar, ac, lda)), get(spanLen(br, bc, ldb)), get(spanLen(m, nn, ldd))
	fillMatrix(a, ac, lda, nan, src.moderate)
	fillMatrix(b, bc, ldb, nan, src.moderate)
	at := func(i, p int) T {
		if transA {
			return a[p*lda+i]
		}
		return a[i*lda+p]
	}
	bt := func(p, j int) T {
		if transB {
			return b[j*ldb+p]
		}
		return b[p*ldb+j]
	}
	for _, par := range []generic.Par{generic.Serial, {Threads: 2, Run: reversed}} {
		fillMatrix(dst, nn, ldd, padMark, func() T { return nan }) // dst is never read
		mm(dst, ldd, a, lda, transA, b, ldb, transB, m, nn, k, par)
		for i := range m {
			for j := range nn {
				if got, want := dst[i*ldd+j], ref.Product(at, bt, i, j, k); !sameBits(got, want) {
					return fmt.Errorf("(%d, %d) of %d×%d·%d×%d (transposed %v, %v, padding %d): %v, want %v", i, j, m, k, k, nn, transA, transB, pad, got, want)
				}
			}
		}
		if err := checkPadding(dst, nn, ldd); err != nil {
			return err
		}
	}
	return nil
}

// smallProducts says the products' tests keep to small shapes: -short, the race detector,
// or an emulator (LANES_EMULATED, set by CI's qemu steps).
func smallProducts() bool {
	return testing.Short() || raceEnabled || emulated()
}

// runCrossEntropy checks the softmax cross-entropy of a matrix of matrixShape(n), with a
// gradient of its own, with none, and with the gradient written over x: the three losses'
// bits must be the same, and the two gradients'. One row in four keeps the special values
// the source gives (a NaN or +Inf makes the row's loss and gradient NaN); the other rows
// get finite ones.
func runCrossEntropy[T Float](e entry[T], n int, src source[T], get alloc[T]) error {
	rows, cols, stride := matrixShape(n)
	if cols == 0 {
		return nil // the contract requires columns
	}
	k := e.fn.(func(grad []T, gstride int, x []T, stride, cols int, labels []int) float64)
	x, grad, inPlace := get(spanLen(rows, cols, stride)), get(spanLen(rows, cols, stride)), get(spanLen(rows, cols, stride))
	nan := T(math.NaN())
	i := 0
	fillMatrix(x, cols, stride, nan, func() T {
		v := src.value(e.Test.Domain)
		if i/stride%4 != 3 && (math.IsInf(float64(v), 0) || v != v) {
			v = src.moderate()
		}
		i++
		return v
	})
	labels := make([]int, rows)
	for i := range labels {
		labels[i] = (i*7 + n) % cols
	}
	fillMatrix(grad, cols, stride, padMark, func() T { return nan })
	copy(inPlace, x)
	loss := k(grad, stride, x, stride, cols, labels)
	if err := checkPadding(grad, cols, stride); err != nil {
		return err
	}
	if alone := k(nil, 0, x, stride, cols, labels); !sameBits(alone, loss) {
		return fmt.Errorf("%d×%d: the loss alone is %v, with the gradient %v", rows, cols, alone, loss)
	}
	if own := k(inPlace, stride, inPlace, stride, cols, labels); !sameBits(own, loss) {
		return fmt.Errorf("%d×%d: in place the loss is %v, out of place %v", rows, cols, own, loss)
	}
	for i := range grad {
		if i%stride < cols && !sameBits(inPlace[i], grad[i]) {
			return fmt.Errorf("%d×%d: in place grad element %d is %v, out of place %v", rows, cols, i, inPlace[i], grad[i])
		}
	}
	var want, bound float64
	for i, label := range labels {
		l, b, err := checkCrossEntropyRow(x[i*stride:i*stride+cols], grad[i*stride:i*stride+cols], label)
		if err != nil {
			return fmt.Errorf("row %d of %d×%d, label %d: %w", i, rows, cols, label, err)
		}
		want += l
		bound += b
	}
	// Each row's bound, and 3ε of the total: the rows' losses rounded in float64
	// (x[label] − max, ln, the difference), their compensated sum, the result's rounding.
	bound += 3 * eps[T]() * math.Abs(want)
	if d := math.Abs(loss - want); !(d <= bound) && !(math.IsNaN(want) && math.IsNaN(loss)) && !(math.IsInf(want, 1) && loss == want) {
		return fmt.Errorf("%d×%d: loss %v, want %v: error %g > %g", rows, cols, loss, want, d, bound)
	}
	return nil
}

// checkCrossEntropyRow checks one row's gradient and returns its true loss and the bound
// of its error. The kernels round each x[j] − max to the precision (a relative error of
// |x[j] − max|·ε in exp(x[j] − max), at most ε/e of the sum, which is ≥ 1, per element),
// take the exponentials within 1 ULP (2ε) and sum them in pieces in the precision
// (len(x)/2 + 2 ε for two accumulators and the pieces' rounding): the sum is within
// (len(x) + 4)ε of the truth, and its logarithm within that absolutely. The gradient is
// softmax's of the rounded differences, (len(x)/2 + 10)ε relative, and ε more at the
// label, where 1 is taken from a value below 1.
func checkCrossEntropyRow[T Float](x, grad []T, label int) (loss, bound float64, err error) {
	m := slices.Max(x)
	if m != m || math.IsInf(float64(m), 0) || slices.ContainsFunc(x, func(v T) bool { return v != v }) {
		for j, g := range grad {
			if g == g {
				return 0, 0, fmt.Errorf("row with NaN or ±Inf: grad[%d]=%v, want NaN", j, g)
			}
		}
		return math.NaN(), 0, nil
	}
	es := make([]float64, len(x))
	var acc ref.Acc
	var exact ref.Acc
	for j, v := range x {
		if d := float64(v - m); d >= -1100 {
			es[j] = ref.Exp(d).Float64()
			acc.Add(es[j])
		}
		if d := float64(v) - float64(m); d >= -1100 {
			exact.Add(ref.Exp(d).Float64())
		}
	}
	s := acc.Sum()
	rel := (float64(len(x))/2 + 10) * eps[T]()
	for j, e := range es {
		want, slack := e/s, 2*tiny[T]()
		if j == label {
			want, slack = want-1, slack+eps[T]()
		}
		if d := math.Abs(float64(grad[j]) - want); !(d <= rel*e/s+slack) {
			return 0, 0, fmt.Errorf("grad[%d]=%v, want %v: error %g > %g", j, grad[j], want, d, rel*e/s+slack)
		}
	}
	loss = ref.Log(exact.Sum()).Float64() - (float64(x[label]) - float64(m))
	return loss, (float64(len(x)) + 4) * eps[T](), nil
}

// runColSums checks the column sums of an n-row matrix of 1 to 5 columns (long n cross
// the blocks of rows) against the truth and against generic's bits, which every backend
// must have: the same additions in the same order. Sequential sums of k terms in the
// precision are within (k − 1)·ε·Σ|terms|; blocks of at most Block rows, their sums added
// in float64 (rows/Block·2⁻⁵³ more) and rounded once (ε): within
// (min(rows, Block) + rows/Block)·ε·Σ|terms|.
func runColSums[T Float](e entry[T], n int, src source[T], get alloc[T]) error {
	rows, cols := n, 1+n%5
	stride := cols + n%3
	m, dst := get(spanLen(rows, cols, stride)), get(cols)
	fillMatrix(m, cols, stride, T(math.NaN()), src.moderate)
	e.fn.(func(dst []T, rows int, m []T, stride int))(dst, rows, m, stride)
	want := make([]T, cols)
	generic.ColSums(want, rows, m, stride)
	bound := float64(min(rows, generic.Block)+rows/generic.Block) * eps[T]()
	for j := range dst {
		var acc ref.Acc
		abs := 0.0
		for i := range rows {
			acc.Add(float64(m[i*stride+j]))
			abs += math.Abs(float64(m[i*stride+j]))
		}
		if d := math.Abs(float64(dst[j]) - acc.Sum()); !(d <= bound*abs) {
			return fmt.Errorf("column %d of %d×%d (stride %d): %v, want %v: error %g > %g", j, rows, cols, stride, dst[j], acc.Sum(), d, bound*abs)
		}
		if !sameBits(dst[j], want[j]) {
			return fmt.Errorf("column %d of %d×%d (stride %d): %v, generic's %v", j, rows, cols, stride, dst[j], want[j])
		}
	}
	return nil
}

// runTranspose checks a transpose of a strided matrix into a strided dst, every element
// moved exactly and dst's padding untouched. The shapes take every remainder of the rows
// and columns by the vector lengths, and more than a block (64) each way.
func runTranspose[T Float](e entry[T], n int, src source[T], get alloc[T]) error {
	rows, cols := 1+n%67, 1+n*7%131
	lds, ldd := cols+n%3, rows+n/3%3
	m, dst := get(spanLen(rows, cols, lds)), get(spanLen(cols, rows, ldd))
	fillMatrix(m, cols, lds, T(math.NaN()), src.moderate)
	fillMatrix(dst, rows, ldd, padMark, func() T { return T(math.Inf(-1)) })
	e.fn.(func(dst []T, ldd int, m []T, ldm, rows, cols int))(dst, ldd, m, lds, rows, cols)
	for i := range rows {
		for j := range cols {
			if got, want := dst[j*ldd+i], m[i*lds+j]; !sameBits(got, want) {
				return fmt.Errorf("%d×%d (strides %d, %d): dst[%d][%d] is %v, m[%d][%d] %v", rows, cols, lds, ldd, j, i, got, i, j, want)
			}
		}
	}
	return checkPadding(dst, rows, ldd)
}
