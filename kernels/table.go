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
	Scale                       func(dst []T, c T, x []T) // dst[i] = c·x[i]
	AddConst                    func(dst []T, c T, x []T) // dst[i] = x[i] + c
	DivConst                    func(dst, x []T, c T)     // dst[i] = x[i] / c

	Exp, Log                   func(dst, x []T) // within 1 ULP
	Sigmoid, SigmoidDerivative func(dst, x []T) // σ(x), σ(x)·σ(−x)
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
	Generic32 = Table[float32]{
		Dot: generic.Dot[float32], Sum: generic.Sum[float32], SumSq: generic.SumSq[float32],
		Norm: generic.Norm[float32], Max: generic.Max[float32],
		L1: generic.L1[float32], L2: generic.L2[float32],
		Add: generic.Add[float32], Sub: generic.Sub[float32], Mul: generic.Mul[float32],
		Div: generic.Div[float32], Maximum: generic.Maximum[float32],
		Scale: generic.Scale[float32], AddConst: generic.AddConst[float32],
		DivConst: generic.DivConst[float32],
		Exp:      generic.Exp32, Log: generic.Log32,
		Sigmoid: generic.Sigmoid32, SigmoidDerivative: generic.SigmoidDerivative32,
		SoftmaxRow: generic.SoftmaxRow32,
		MatVec:     generic.MatVec[float32], Outer: generic.Outer[float32],
		RowSums: generic.RowSums[float32],
	}
	Generic64 = Table[float64]{
		Dot: generic.Dot[float64], Sum: generic.Sum[float64], SumSq: generic.SumSq[float64],
		Norm: generic.Norm[float64], Max: generic.Max[float64],
		L1: generic.L1[float64], L2: generic.L2[float64],
		Add: generic.Add[float64], Sub: generic.Sub[float64], Mul: generic.Mul[float64],
		Div: generic.Div[float64], Maximum: generic.Maximum[float64],
		Scale: generic.Scale[float64], AddConst: generic.AddConst[float64],
		DivConst: generic.DivConst[float64],
		Exp:      generic.Exp64, Log: generic.Log64,
		Sigmoid: generic.Sigmoid64, SigmoidDerivative: generic.SigmoidDerivative64,
		SoftmaxRow: generic.SoftmaxRow64,
		MatVec:     generic.MatVec[float64], Outer: generic.Outer[float64],
		RowSums: generic.RowSums[float64],
	}
)
