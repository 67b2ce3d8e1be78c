// Package publicops lists package lanes' public ops once: every exported function and
// method, with the shapes of its operands. The ops that compute are generated from lanes'
// source (ops.go here); the helpers are listed by hand. The guard-page, allocation and op tests of
// package lanes and the benchmark cases in bench/cases all take their ops from this list,
// and a test checks it against what lanes exports, so that a new op is one entry here and
// every consumer that would still miss it fails.
//
// Only tests and benchmarks import it.
package publicops

//go:generate go -C ../../gen run ./publicops -root ..

import (
	"fmt"

	"github.com/lanesimd/lanes"
)

// Op is one public op. Exactly one of the kind fields is set; the kind fixes the shapes
// of the operands, so that a consumer handles a kind once and every op of it follows:
// vectors of one length n, or a rows×cols matrix (Stride ≥ Cols) with vectors of Rows or
// Cols elements beside it.
type Op[T lanes.Float] struct {
	Name string // as lanes exports it; a method as Type.Method

	Reduce1   func(x []T) T                           // len(x) = n
	Reduce2   func(a, b []T) T                        // n each
	Unary     func(dst, x []T)                        // n each; dst may be x
	Binary    func(dst, a, b []T)                     // n each; dst may be a or b
	WithConst func(dst []T, c T, x []T)               // n each; dst may be x
	Scaled    func(dst, a []T, c T, x []T)            // n each; dst may be a or x
	Rowwise   func(dst, x lanes.Matrix[T])            // one shape; dst may be x
	ByRow     func(dst, m lanes.Matrix[T], v []T)     // len(v) = Cols; dst may be m
	ByCol     func(dst, m lanes.Matrix[T], v []T)     // len(v) = Rows; dst may be m
	MatVec    func(dst []T, w lanes.Matrix[T], x []T) // len(dst) = Rows, len(x) = Cols
	Outer     func(dst lanes.Matrix[T], a, b []T)     // len(a) = Rows, len(b) = Cols
	RowSums   func(dst []T, m lanes.Matrix[T])        // len(dst) = Rows
	ArgMax    func(dst []int, m lanes.Matrix[T])      // len(dst) = Rows
	ColSums   func(dst []T, m lanes.Matrix[T])        // len(dst) = Cols
	// CrossEntropy: a loss of the rows of a matrix against labels, len(labels) = Rows,
	// its gradient into a matrix of the same shape (which may be the input).
	CrossEntropy func(grad, logits lanes.Matrix[T], labels []int) T
	// The products, dst = op(a)·op(b), and the transposition: the matrix is a (or m), r×c;
	// the other operands' shapes follow from it, with 5 columns in the product.
	Product       func(dst, a, b lanes.Matrix[T]) // b c×5, dst r×5
	ProductTransA func(dst, a, b lanes.Matrix[T]) // aᵀ is c×r: b r×5, dst c×5
	ProductTransB func(dst, a, b lanes.Matrix[T]) // b 5×c, used as bᵀ; dst r×5
	Transposed    func(dst, m lanes.Matrix[T])    // dst c×r
	// Helper wraps an op that makes or reads a view and does no arithmetic (Reshape,
	// Matrix.At, Backend...) in a call on a contiguous matrix (Stride = Cols, len(Data) =
	// Rows·Cols) that returns one element of the op's result: the helpers' signatures
	// share nothing, and a result that is used keeps the call from being dead code.
	Helper func(m lanes.Matrix[T]) T

	// NonEmpty: the op needs n ≥ 1, or Rows, Cols ≥ 1. Max and ArgMaxRows panic on nothing
	// by design (the max of nothing is undefined); a helper returns one element.
	NonEmpty bool
	// Allocates: a call allocates at most once, by design (NewMatrix: its Data). Every
	// other op allocates nothing.
	Allocates bool
}

// Ops returns every public op: those that compute, in the order of lanes' files (written
// by gen/publicops from lanes' source, each op's kind read from its signature), then the
// helpers, which do no arithmetic and are not benchmarked.
func Ops[T lanes.Float]() []Op[T] { return append(computing[T](), helpers[T]()...) }

// helpers are the ops that make or read a view, each wrapped as Helper describes: their
// signatures share nothing, so they are listed here by hand (TestEveryExportedOpIsListed
// finds one that is missing).
func helpers[T lanes.Float]() []Op[T] {
	return []Op[T]{
		{Name: "NewMatrix", NonEmpty: true, Allocates: true, Helper: func(m lanes.Matrix[T]) T {
			return lanes.NewMatrix[T](m.Rows, m.Cols).At(m.Rows-1, m.Cols-1)
		}},
		{Name: "MatrixOf", NonEmpty: true, Helper: func(m lanes.Matrix[T]) T {
			return lanes.MatrixOf(m.Rows, m.Cols, m.Data).At(m.Rows-1, m.Cols-1)
		}},
		{Name: "Reshape", NonEmpty: true, Helper: func(m lanes.Matrix[T]) T {
			return lanes.Reshape(m, 1, m.Rows*m.Cols).At(0, m.Rows*m.Cols-1)
		}},
		{Name: "Image2Vector", NonEmpty: true, Helper: func(m lanes.Matrix[T]) T {
			return lanes.Image2Vector(m.Data, m.Rows, m.Cols, 1).At(m.Rows*m.Cols-1, 0)
		}},
		{Name: "Matrix.Row", NonEmpty: true, Helper: func(m lanes.Matrix[T]) T {
			return m.Row(m.Rows - 1)[m.Cols-1]
		}},
		{Name: "Matrix.At", NonEmpty: true, Helper: func(m lanes.Matrix[T]) T {
			return m.At(m.Rows-1, m.Cols-1)
		}},
		{Name: "SetMaxThreads", NonEmpty: true, Helper: func(m lanes.Matrix[T]) T {
			return T(lanes.SetMaxThreads(lanes.SetMaxThreads(m.Rows)))
		}},
		{Name: "Backend", NonEmpty: true, Helper: func(lanes.Matrix[T]) T {
			return T(len(lanes.Backend()))
		}},
	}
}

// Kind names the op's kind: the name of its one kind field that is set, or "" if none
// or several are.
func (op Op[T]) Kind() string {
	kind := ""
	for _, k := range []struct {
		name string
		set  bool
	}{
		{"Reduce1", op.Reduce1 != nil}, {"Reduce2", op.Reduce2 != nil},
		{"Unary", op.Unary != nil}, {"Binary", op.Binary != nil}, {"WithConst", op.WithConst != nil},
		{"Scaled", op.Scaled != nil},
		{"Rowwise", op.Rowwise != nil}, {"ByRow", op.ByRow != nil}, {"ByCol", op.ByCol != nil},
		{"MatVec", op.MatVec != nil}, {"Outer", op.Outer != nil}, {"RowSums", op.RowSums != nil},
		{"ArgMax", op.ArgMax != nil}, {"ColSums", op.ColSums != nil}, {"CrossEntropy", op.CrossEntropy != nil},
		{"Product", op.Product != nil}, {"ProductTransA", op.ProductTransA != nil},
		{"ProductTransB", op.ProductTransB != nil}, {"Transposed", op.Transposed != nil},
		{"Helper", op.Helper != nil},
	} {
		if k.set {
			if kind != "" {
				return ""
			}
			kind = k.name
		}
	}
	return kind
}

// Operands makes the operands of a call; each consumer places them its own way (flush
// against a guard page, preallocated...).
type Operands[T lanes.Float] struct {
	Vec    func(n int) []T        // a fresh vector of n elements
	Matrix func() lanes.Matrix[T] // a fresh matrix, of one shape for all calls of a case
	// Shaped is a fresh rows×cols matrix (with the padding Matrix's have), for the ops whose
	// operands' shapes follow from the matrix's.
	Shaped func(rows, cols int) lanes.Matrix[T]
}

// Bind takes the operands of one call of op from in (for a vector op, vectors of n
// elements; for a matrix op, in.Matrix() and vectors sized to it) and returns the call.
// The ops that may write in place are called out of place and then in place, so that
// both ways are exercised. A NonEmpty op needs n ≥ 1, or a matrix with Rows, Cols ≥ 1.
func (op Op[T]) Bind(in Operands[T], n int) func() {
	var sink T // a reduction's result is used, so that its call is not dead code
	switch {
	case op.Reduce1 != nil:
		x := in.Vec(n)
		return func() { sink += op.Reduce1(x) }
	case op.Reduce2 != nil:
		a, b := in.Vec(n), in.Vec(n)
		return func() { sink += op.Reduce2(a, b) }
	case op.Unary != nil:
		dst, x := in.Vec(n), in.Vec(n)
		return func() { op.Unary(dst, x) }
	case op.Binary != nil:
		dst, a, b := in.Vec(n), in.Vec(n), in.Vec(n)
		return func() { op.Binary(dst, a, b) }
	case op.WithConst != nil:
		dst, x := in.Vec(n), in.Vec(n)
		return func() { op.WithConst(dst, 3, x) }
	case op.Scaled != nil:
		dst, a, x := in.Vec(n), in.Vec(n), in.Vec(n)
		return func() { op.Scaled(dst, a, 3, x); op.Scaled(a, a, 3, x) }
	case op.Rowwise != nil:
		dst, x := in.Matrix(), in.Matrix()
		return func() { op.Rowwise(dst, x); op.Rowwise(x, x) }
	case op.ByRow != nil:
		dst, m := in.Matrix(), in.Matrix()
		v := in.Vec(m.Cols)
		return func() { op.ByRow(dst, m, v); op.ByRow(m, m, v) }
	case op.ByCol != nil:
		dst, m := in.Matrix(), in.Matrix()
		v := in.Vec(m.Rows)
		return func() { op.ByCol(dst, m, v); op.ByCol(m, m, v) }
	case op.MatVec != nil:
		w := in.Matrix()
		dst, x := in.Vec(w.Rows), in.Vec(w.Cols)
		return func() { op.MatVec(dst, w, x) }
	case op.Outer != nil:
		dst := in.Matrix()
		a, b := in.Vec(dst.Rows), in.Vec(dst.Cols)
		return func() { op.Outer(dst, a, b) }
	case op.RowSums != nil:
		m := in.Matrix()
		dst := in.Vec(m.Rows)
		return func() { op.RowSums(dst, m) }
	case op.ArgMax != nil:
		m := in.Matrix()
		dst := make([]int, m.Rows)
		return func() { op.ArgMax(dst, m) }
	case op.ColSums != nil:
		m := in.Matrix()
		dst := in.Vec(m.Cols)
		return func() { op.ColSums(dst, m) }
	case op.CrossEntropy != nil:
		grad, logits := in.Matrix(), in.Matrix()
		labels := make([]int, logits.Rows)
		for i := range labels {
			labels[i] = i % max(logits.Cols, 1)
		}
		return func() {
			sink += op.CrossEntropy(grad, logits, labels)
			sink += op.CrossEntropy(lanes.Matrix[T]{}, logits, labels)
			sink += op.CrossEntropy(logits, logits, labels)
		}
	case op.Product != nil || op.ProductTransA != nil || op.ProductTransB != nil:
		// The matrix is a, r×c; the products have 5 columns (odd: an edge in every tile).
		a := in.Matrix()
		r, c := a.Rows, a.Cols
		switch {
		case op.Product != nil: // a r×c, b c×5, dst r×5
			b, dst := in.Shaped(c, 5), in.Shaped(r, 5)
			return func() { op.Product(dst, a, b) }
		case op.ProductTransA != nil: // aᵀ c×r, b r×5, dst c×5
			b, dst := in.Shaped(r, 5), in.Shaped(c, 5)
			return func() { op.ProductTransA(dst, a, b) }
		default: // a r×c, b 5×c used as bᵀ, dst r×5
			b, dst := in.Shaped(5, c), in.Shaped(r, 5)
			return func() { op.ProductTransB(dst, a, b) }
		}
	case op.Transposed != nil:
		m := in.Matrix()
		dst := in.Shaped(m.Cols, m.Rows)
		return func() { op.Transposed(dst, m) }
	case op.Helper != nil:
		shape := in.Matrix()
		m := lanes.MatrixOf(shape.Rows, shape.Cols, in.Vec(shape.Rows*shape.Cols))
		return func() { sink += op.Helper(m) }
	}
	panic(fmt.Sprintf("publicops: %s has no kind", op.Name))
}
