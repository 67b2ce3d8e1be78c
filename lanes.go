// Package lanes brings NumPy's vectorised basics for deep learning to Go: exp, log,
// sigmoid and its derivative, tanh, ReLU, softmax, row normalisation, broadcasting, dot, outer,
// matrix-vector and matrix-matrix products, elementwise arithmetic, sums and the L1 and L2
// losses, for float32 and float64, on SIMD kernels chosen at run time from the CPU's
// features.
//
// Conventions, the same for every function:
//
//   - The destination comes first, like copy: Mul(dst, a, b) sets dst[i] = a[i]·b[i].
//   - Elementwise ops, Softmax, NormalizeRows and the row and column broadcasts may write
//     in place: dst may be the very same slice (or matrix) as an input. A partial overlap is a
//     misuse and panics, as does any overlap of the output with an input of Outer, MatVec,
//     RowSums, the matrix products and Transpose, and of a broadcast's output with its vector.
//   - Nothing allocates (a matrix product's packing buffers are kept for the next one).
//   - Misuse panics at once with a message that starts "lanes:" and names the op and the
//     lengths or shapes, e.g. "lanes: Dot: len(a)=3 != len(b)=4".
//   - NaN, ±Inf, ±0 and subnormals behave as IEEE 754 and the math package define them. Max,
//     Maximum and ReLU behave as Go's max builtin: NaN wins, max(−0, +0) = +0. Exp and Log are
//     within 1 ULP of the correctly rounded result everywhere, including where amd64's
//     math.Exp overflows too early and math.Log is wrong for subnormals.
//   - An elementwise result depends only on its input element, never on the slice's length,
//     its alignment or the element's position; a reduction does not depend on alignment.
//
// Every op is generic over Float, and the float32/float64 choice costs nothing at run time:
// the two instantiations are compiled apart and each calls its kernel directly.
package lanes

// Float is the element type of every op: float32, float64 or a type defined on them.
type Float interface{ ~float32 | ~float64 }
