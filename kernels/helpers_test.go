package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"unsafe"

	"github.com/lanesimd/lanes/generic"
	"github.com/lanesimd/lanes/internal/catalog"
	"github.com/lanesimd/lanes/internal/ref"
)

func TestMain(m *testing.M) {
	// LANES_REQUIRE_BACKEND proves which backend dispatch would choose on this CPU: a
	// silent fall-back to a lower table fails here, before any test runs.
	if want := os.Getenv("LANES_REQUIRE_BACKEND"); want != "" {
		if got := Backends()[0].Name; got != want {
			fmt.Fprintf(os.Stderr, "LANES_REQUIRE_BACKEND=%s, but the best backend this CPU runs is %s (features: %s)\n", want, got, Features())
			os.Exit(1)
		}
	}
	os.Exit(m.Run())
}

func longTests() bool { return os.Getenv("LANES_LONG_TESTS") == "1" }

// entry is one entry of the catalogue with its function in a table.
type entry[T Float] struct {
	catalog.Entry
	fn any // of the type its signature names
}

// entriesOf returns every entry of tab, in the catalogue's order.
func entriesOf[T Float](tab *Table[T]) []entry[T] {
	var es []entry[T]
	for i, f := range tab.entries() {
		es = append(es, entry[T]{catalog.Table[i], f})
	}
	return es
}

// named returns the function of tab for the entry called name, as a func of type F.
func named[F any, T Float](tab *Table[T], name string) F {
	for _, e := range entriesOf(tab) {
		if e.Name == name {
			return e.fn.(F)
		}
	}
	panic("no entry " + name)
}

func table[T Float](b Backend) *Table[T] {
	var t any
	if is32[T]() {
		t = b.F32
	} else {
		t = b.F64
	}
	return t.(*Table[T])
}

// eachTable runs f on every table of every backend this CPU runs, in both precisions;
// under an emulator, the generic tables only where they are the only ones (see
// TestAgainstReference).
func eachTable(t *testing.T, f32 func(*testing.T, *Table[float32]), f64 func(*testing.T, *Table[float64])) {
	for _, b := range emulatedBackends() {
		t.Run(b.Name+"/f32", func(t *testing.T) { f32(t, b.F32) })
		t.Run(b.Name+"/f64", func(t *testing.T) { f64(t, b.F64) })
	}
}

// emulatedBackends is Backends(), less generic under an emulator when an assembly backend
// is here: natively, and under -tags purego where it is alone, generic runs in full.
func emulatedBackends() []Backend {
	bs := Backends()
	if !emulated() || len(bs) == 1 {
		return bs
	}
	var asm []Backend
	for _, b := range bs {
		if b.Name != "generic" {
			asm = append(asm, b)
		}
	}
	return asm
}

func is32[T Float]() bool { return unsafe.Sizeof(T(0)) == 4 }

// eps is the unit roundoff of T.
func eps[T Float]() float64 {
	if is32[T]() {
		return 0x1p-24
	}
	return 0x1p-53
}

// tiny is T's smallest subnormal.
func tiny[T Float]() float64 {
	if is32[T]() {
		return 0x1p-149
	}
	return 0x1p-1074
}

func maxT[T Float]() float64 {
	if is32[T]() {
		return math.MaxFloat32
	}
	return math.MaxFloat64
}

// sameBits reports whether got is want exactly: the same bits, or both NaN.
func sameBits[T Float](got, want T) bool {
	if got != got {
		return want != want
	}
	return got == want && math.Signbit(float64(got)) == math.Signbit(float64(want))
}

// specials are the values every elementwise test mixes in.
func specials[T Float]() []T {
	s := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), tiny[T](), -tiny[T](),
		maxT[T](), -maxT[T](), 1, -1, 0.5, 2}
	if is32[T]() {
		s = append(s, 0x1p-126, 0x1.fffffcp-127, -0x1p-130, 88.72, -103.9, 89, -104, 1e30, -1e-30)
	} else {
		s = append(s, 0x1p-1022, 0x1.ffffffffffffep-1023, -0x1p-1030, 709.78, 709.7827, -745.13, 710, -746, 1e300, -1e-300)
	}
	out := make([]T, len(s))
	for i, v := range s {
		out[i] = T(v)
	}
	return out
}

// domain draws an input for an elementwise entry: special values one time in eight,
// else from the entry's domain.
func domain[T Float](r *rand.Rand, d catalog.Domain) T {
	if r.IntN(8) == 0 {
		s := specials[T]()
		return s[r.IntN(len(s))]
	}
	return T(d.Draw(r, !is32[T]()))
}

// moderate draws an input for a reduction or matrix kernel: moderate values with zeros,
// signed zeros and subnormals mixed in, but no overflow in any summation order.
func moderate[T Float](r *rand.Rand) T {
	switch r.IntN(16) {
	case 0:
		return 0
	case 1:
		return T(math.Copysign(0, -1))
	case 2:
		return T(tiny[T]() * float64(r.IntN(1000)))
	}
	return T(-4 + 8*r.Float64())
}

func fillDomain[T Float](r *rand.Rand, x []T, d catalog.Domain) {
	for i := range x {
		x[i] = domain[T](r, d)
	}
}

func fillModerate[T Float](r *rand.Rand, x []T) {
	for i := range x {
		x[i] = moderate[T](r)
	}
}

// at returns a slice of n elements starting off elements into a fresh allocation, so
// tests see every alignment.
func at[T Float](n, off int) []T { return make([]T, n+off)[off : off+n : off+n] }

// sumTolerance bounds the error of a blocked sum of n terms of T, in units of ε·Σ|terms|
// (ε = 2⁻²⁴ or 2⁻⁵³): the roundings on the longest path from a term to the result.
//   - Within a block, in T: in the generic kernels a lane (one of four accumulators) adds
//     at most min(n, Block)/4 terms and a tree 2 deep joins the lanes. The SIMD kernels
//     have more, shorter lanes (at most 8 accumulators of up to 16 lanes): their first
//     accumulator also takes up to 8 leftover vectors and the masked tail, and their tree
//     is up to 7 deep. 16 covers the trees and the leftovers of either.
//   - The blocks' results go into a float64 total: n/Block additions of at most 2⁻⁵³ each,
//     which in float32's ε are 2⁻²⁹ apiece, then one rounding of the total to float32.
//
// For float32 the blocks' part is what carrying the total in float64 bought: 10⁷ terms
// used to add 2441 ε (1.5·10⁻⁴ of Σ|terms|), now 1 + 2441·2⁻²⁹.
func sumTolerance[T Float](n int) float64 {
	inBlock := float64(min(n, generic.Block)/4) + 16
	blocks := float64(n/generic.Block) * 0x1p-53 / eps[T]()
	if is32[T]() {
		blocks++ // the total rounded to float32
	}
	return inBlock + blocks
}

// checkSum reports whether got is within k·ε·abs of want, where the naive float64 sum
// tells whether the true result is NaN or infinite (then got must be the same).
func checkSum[T Float](got T, acc *ref.Acc, naive float64, n int, extra float64) error {
	want := acc.Sum()
	if math.IsNaN(naive) || math.IsInf(naive, 0) {
		if sameBits(got, T(naive)) {
			return nil
		}
		return fmt.Errorf("got %v, want %v", got, naive)
	}
	tol := (sumTolerance[T](n)+extra)*eps[T]()*acc.Abs() + float64(n+4)*tiny[T]()
	if d := math.Abs(float64(got) - want); !(d <= tol) {
		return fmt.Errorf("got %v, want %v: error %g > %g (n=%d)", got, want, d, tol, n)
	}
	return nil
}

func sameOrErr[T Float](got, want T) error {
	if !sameBits(got, want) {
		return fmt.Errorf("got %v, want %v", got, want)
	}
	return nil
}

// checkSumOf checks a SumOf reduction of a (and b, for two inputs) against the exact sum
// of its terms.
func checkSumOf[T Float](spec catalog.Spec, a, b []T, got T) error {
	var acc ref.Acc
	naive := 0.0
	round := func(v float64) float64 { return float64(T(v)) }
	for i := range a {
		y := 0.0
		if b != nil {
			y = float64(b[i])
		}
		if spec.Parts != nil {
			x, z := spec.Parts(float64(a[i]), y, round)
			acc.Add(x)
			acc.Add(z)
			naive += x + z
			continue
		}
		p, q := spec.Term(float64(a[i]), y, round)
		acc.AddProd(p, q)
		naive += p * q
	}
	return checkSum(got, &acc, naive, len(a), spec.Roundings)
}

// checkNorm checks √Σx² against the exact sum of the squares scaled by a power of two
// near max|x|, so that no square under- or overflows; Inf wins over NaN, as in math.Hypot.
func checkNorm[T Float](x []T, got T) error {
	var acc ref.Acc
	m, nan := 0.0, false
	for _, v := range x {
		a := math.Abs(float64(v))
		nan = nan || a != a
		m = max(m, a)
	}
	switch {
	case math.IsInf(m, 1):
		return sameOrErr(got, T(m))
	case nan:
		return sameOrErr(got, T(math.NaN()))
	}
	_, e := math.Frexp(m)
	for _, v := range x {
		s := math.Ldexp(float64(v), -e)
		acc.AddProd(s, s)
	}
	want := math.Ldexp(math.Sqrt(acc.Sum()), e)
	if want > maxT[T]()*(1+eps[T]()) {
		return sameOrErr(got, T(math.Inf(1)))
	}
	tol := (sumTolerance[T](len(x))/2+2)*eps[T]()*want + 2*math.Sqrt(float64(len(x)))*tiny[T]()
	if d := math.Abs(float64(got) - want); !(d <= tol) {
		return fmt.Errorf("got %v, want %v: error %g > %g", got, want, d, tol)
	}
	return nil
}

// checkLargest checks a Largest reduction: exactly the fold of Go's max.
func checkLargest[T Float](x []T, got T) error {
	w := x[0]
	for _, v := range x {
		w = max(w, v)
	}
	return sameOrErr(got, w)
}

// exactOf is an Exact entry's correctly rounded result: float64 arithmetic rounded to
// float32 is exactly float32 arithmetic for +, −, ·, /, and max is exact in both (float64
// has more than twice float32's bits, so the double rounding is innocuous).
func exactOf[T Float](spec catalog.Spec, a, b T) T {
	return T(spec.ExactOf(float64(a), float64(b), func(v float64) float64 { return float64(T(v)) }))
}

// ulps returns the error of y in ULPs of T.
func ulps[T Float](y T, v ref.Value) float64 {
	if is32[T]() {
		return ref.ULPs32(float32(y), v)
	}
	return ref.ULPs64(float64(y), v)
}

// checkWithin checks one result of a Within entry: exact where Special says so, else
// within its ULP bound of Ref.
func checkWithin[T Float](e catalog.Entry, x, got T) error {
	if w, ok := e.Test.Special(float64(x)); ok {
		if !sameBits(got, T(w)) {
			return fmt.Errorf("%s(%v) = %v, want %v", e.Name, x, got, T(w))
		}
		return nil
	}
	v := e.Test.Ref(float64(x))
	if u := ulps(got, v); !(u <= e.Test.ULP) {
		return fmt.Errorf("%s(%v) = %v, want %v: %.3f ULP > %v", e.Name, x, got, T(v.Float64()), u, e.Test.ULP)
	}
	return nil
}

// checkSoftmax compares a softmax row with exp(fl(x−max)) / Σ, in double-double. The
// subtraction x−max is rounded by the kernel as the algorithm defines; everything after
// it is bounded: 1 ULP for exp, the sum's error, the reciprocal and the product.
func checkSoftmax[T Float](x, got []T) error {
	m := slices.Max(x)
	if m != m || slices.ContainsFunc(x, func(v T) bool { return v != v }) {
		m = T(math.NaN())
	}
	es := make([]ref.Value, len(x))
	var acc ref.Acc
	for i, v := range x {
		d := float64(v - m)
		if d != d {
			for j := range got {
				if got[j] == got[j] {
					return fmt.Errorf("row with NaN or +Inf: got[%d]=%v, want NaN", j, got[j])
				}
			}
			return nil
		}
		if d < -1100 {
			continue // exp(d) is 0 in every precision; es[i] stays zero
		}
		es[i] = ref.Exp(d)
		acc.Add(es[i].Float64())
	}
	s := acc.Sum()
	// Relative error bound: 1 ULP (2ε) for exp, the sum's error over len(x) terms
	// (two accumulators), 2ε for the reciprocal and the product.
	rel := (6 + float64(len(x))/2 + 4) * eps[T]()
	for i, e := range es {
		want := e.Float64() / s
		if d := math.Abs(float64(got[i]) - want); !(d <= rel*want+2*tiny[T]()) {
			return fmt.Errorf("got[%d]=%v, want %v: error %g > %g", i, got[i], want, d, rel*want)
		}
	}
	return nil
}
