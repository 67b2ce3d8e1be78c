package catalog

import (
	"math"
	"math/rand/v2"

	"github.com/lanesimd/lanes/internal/ref"
)

// Family is how the kernel tests call an entry and what they check of its results. The
// signature of the entry tells the arity (one or two slices, a scalar).
type Family int

const (
	_ Family = iota
	// SumOf: the result is Σ Term over the elements, within the blocked sums' bound.
	SumOf
	// NormOf: √Σ x[i]², without overflow or underflow in the squares.
	NormOf
	// Largest: the largest element as Go's max builtin has it, exactly.
	Largest
	// Exact: every result is Exact of its elements rounded once, whatever its position,
	// in place or not.
	Exact
	// Within: every result within ULP of Ref, and exactly Special where that is defined.
	Within
	// SoftmaxOf: the softmax of one row, within the bound its test derives.
	SoftmaxOf
	// MatVecOf, OuterOf, RowSumsOf: the matrix kernels, each row held to Dot's, Mul's or
	// Sum's check, the padding between rows neither read nor written.
	MatVecOf
	OuterOf
	RowSumsOf
	// ColSumsOf: the sums of a matrix's columns, each within the bound of a sum in blocks
	// of generic.Block rows, one accumulator of the precision a column, the blocks' sums
	// in float64; the same bits on every backend (the rows are added in order).
	ColSumsOf
	// MatMulOf: the matrix product, every element's bits those of its FMA chains, on every
	// shape, transposition and stride.
	MatMulOf
	// CrossEntropyOf: the softmax cross-entropy of a matrix's rows, Σ −ln softmax(x)[label],
	// and its gradient softmax(x) − onehot(label), each within the bound its test derives;
	// the loss alone (no gradient) has the same bits, and so does the gradient written over x.
	CrossEntropyOf
	// TransposeOf: a matrix's transpose, every element moved exactly, the padding of both
	// matrices neither read nor written.
	TransposeOf
	// CountOf: the result counts the work done, n times the count of one step (FMAPeak's
	// FMAs per step are its chains times the vector's lanes, checked per backend).
	CountOf
)

// Spec is what the tests need to check an entry.
type Spec struct {
	Family Family
	// Term gives the term of a SumOf reduction as a product p·q, exact in float64, from
	// one element of each input (b is 0 for one input); round rounds to the precision,
	// where the kernel rounds before it sums.
	Term func(a, b float64, round func(float64) float64) (p, q float64)
	// Parts, where a term is no product, gives it as the sum of two parts (float64 values
	// as close as math's functions make them); the bound then counts each part's
	// magnitude, so that a term whose parts cancel is held to them, not to its remainder.
	Parts func(a, b float64, round func(float64) float64) (x, y float64)
	// Roundings are the rounding errors a term carries into the sum, in units of ε.
	Roundings float64
	// Exact is an Exact entry's result before its one rounding: a and b are the elements of
	// the inputs, or an element and the scalar (b is 0 for a single input).
	Exact func(a, b float64) float64
	// Fused makes an Exact entry of two inputs and a scalar one FMA: its result is x·y + z
	// rounded once, from the elements a and b of the inputs and the scalar c.
	Fused func(a, b, c float64) (x, y, z float64)
	// Rounded makes an Exact entry a fixed sequence of operations, each rounded to the
	// precision by round, where Exact is rounded once. Bound is then the true value of
	// what the sequence approximates, and ULP how far from it a result may be, wherever
	// both inputs are finite and the second lies in Second's working range.
	Rounded func(a, b float64, round func(float64) float64) float64
	Bound   func(a, b float64) ref.Value
	// Second is where an Exact entry's second input is drawn from, if not from Domain.
	Second Domain
	// Ref is a Within entry's true value, ULP its bound, and Special the exact results
	// where the input makes them exact (NaN, ±Inf, zeros, far out of range): ok = false
	// elsewhere.
	Ref     func(x float64) ref.Value
	ULP     float64
	Special func(x float64) (want float64, ok bool)
	// Domain is where the inputs of an elementwise entry are drawn from, special values
	// apart (the tests mix those in themselves).
	Domain Domain
	// Sweep is where a Within entry's accuracy sweeps draw from: its whole range, where
	// its results are not Special. Float32Inputs are the float32 inputs, as ranges of
	// bits, that the long tests check one by one against the float64 kernel.
	Sweep         Domain
	Float32Inputs [][2]uint32
}

// ExactOf is an Exact entry's result for the elements a and b (or an element and the
// scalar), round rounding a float64 to the precision: Rounded if the entry has it, else
// Exact rounded once. (Not for Fused entries.)
func (s Spec) ExactOf(a, b float64, round func(float64) float64) float64 {
	if s.Rounded != nil {
		return s.Rounded(a, b, round)
	}
	return round(s.Exact(a, b))
}

// Range is ldexp(m, e) for m uniform in [Lo, Hi) and e uniform in [E0, E1].
type Range struct {
	Lo, Hi float64
	E0, E1 int
}

// Domain draws half its values from Work, the range where the kernel does its work, and
// half from Wide (float32's, float64's): anything the kernel must handle. An empty Wide
// draws from Work only, an empty Work from Wide only.
type Domain struct {
	Work Range
	Wide [2]Range
}

// Moderate is the domain of the ops whose every input is as good as any other.
var Moderate = Domain{Work: Range{Lo: -4, Hi: 4}}

// Draw returns a value of the domain for float32 (f64 false) or float64.
func (d Domain) Draw(r *rand.Rand, f64 bool) float64 {
	g := d.Work
	if w := d.Wide[b2i(f64)]; w != (Range{}) && (g == (Range{}) || r.IntN(2) == 0) {
		g = w
	}
	return math.Ldexp(g.Lo+(g.Hi-g.Lo)*r.Float64(), g.E0+r.IntN(g.E1-g.E0+1))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
