// Package kernels holds the kernel tables of lanes, one per instruction set and precision,
// and the registry that lists every table this CPU can run.
//
// A kernel checks nothing: it trusts the lengths documented on each field of Table (package
// lanes checks them and panics on misuse). Tests and benchmarks, in this module or another,
// reach every backend through Backends; package lanes dispatches to the first.
package kernels

import "github.com/lanesimd/lanes/generic"

// Float is the element type of a table: float32 or float64.
type Float interface{ float32 | float64 }

// Table is one backend's kernels for one precision.
//
// Lengths: in the two-slice reductions len(b) == len(a); in the elementwise kernels every
// input has len(dst), and dst may be the very same slice as an input (never a partial
// overlap). Matrices are row-major with a row stride ≥ the row length, and their padding
// is neither read nor written.
type Table[T Float] struct {
	Dot   func(a, b []T) T // Σ a[i]·b[i]
	Sum   func(x []T) T    // Σ x[i]
	SumSq func(x []T) T    // Σ x[i]²
	Norm  func(x []T) T    // √Σ x[i]², without overflow or underflow in the squares
	Max   func(x []T) T    // max over x, as Go's max builtin; len(x) > 0
	L1    func(a, b []T) T // Σ |a[i]−b[i]|
	L2    func(a, b []T) T // Σ (a[i]−b[i])²

	Add, Sub, Mul, Div, Maximum func(dst, a, b []T)       // dst[i] = a[i] op b[i]
	ReLU                        func(dst, x []T)          // dst[i] = max(x[i], 0)
	Scale                       func(dst, x []T, c T) // dst[i] = c·x[i]
	AddConst                    func(dst, x []T, c T) // dst[i] = x[i] + c
	DivConst                    func(dst, x []T, c T) // dst[i] = x[i] / c

	Exp, Log                   func(dst, x []T) // within 1 ULP
	Sigmoid, SigmoidDerivative func(dst, x []T) // σ(x), σ(x)·σ(−x)
	Tanh                       func(dst, x []T) // within 2 ULP
	SoftmaxRow                 func(dst, x []T) // softmax of one row; len(x) > 0

	// MatVec sets dst[i] = Σⱼ w[i·stride+j]·x[j] for i < len(dst), j < len(x).
	MatVec func(dst, w []T, stride int, x []T)
	// Outer sets dst[i·stride+j] = a[i]·b[j] for i < len(a), j < len(b).
	Outer func(dst []T, stride int, a, b []T)
	// RowSums sets dst[i] = Σⱼ m[i·stride+j] for i < len(dst), j < cols.
	RowSums func(dst, m []T, stride, cols int)
}

// Generic32 and Generic64 are the pure-Go tables: the fallback on every CPU.
var (
	Generic32 = genericTable[float32]()
	Generic64 = genericTable[float64]()
)

func genericTable[T Float]() Table[T] {
	return Table[T]{
		Dot:   generic.Dot[T],
		Sum:   generic.Sum[T],
		SumSq: generic.SumSq[T],
		Norm:  generic.Norm[T],
		Max:   generic.Max[T],
		L1:    generic.L1[T],
		L2:    generic.L2[T],

		Add:      generic.Add[T],
		Sub:      generic.Sub[T],
		Mul:      generic.Mul[T],
		Div:      generic.Div[T],
		Maximum:  generic.Maximum[T],
		ReLU:     generic.ReLU[T],
		Scale:    generic.Scale[T],
		AddConst: generic.AddConst[T],
		DivConst: generic.DivConst[T],

		Exp:               generic.Exp[T],
		Log:               generic.Log[T],
		Sigmoid:           generic.Sigmoid[T],
		SigmoidDerivative: generic.SigmoidDerivative[T],
		Tanh:              generic.Tanh[T],
		SoftmaxRow:        generic.SoftmaxRow[T],

		MatVec:  generic.MatVec[T],
		Outer:   generic.Outer[T],
		RowSums: generic.RowSums[T],
	}
}
