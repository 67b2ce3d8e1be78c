// Package generic holds the pure-Go kernels of lanes: the fallback on every GOARCH and
// the reference every SIMD kernel is tested against.
//
// The kernels check nothing: callers (package lanes, or kernels' tables) guarantee the
// lengths each function documents. Exp and Log use the very algorithm of the SIMD kernels
// (range reduction, polynomial, constants) and export the constants, so that the
// generators in gen/ read them from here and there is one source of truth.
//
// generic never imports assembly and has no build tags.
package generic

// poly.go holds exp's and log's polynomials, fitted by gen/minimax.
//go:generate go -C ../gen run ./minimax -out ../generic/poly.go

// Float is the element type of every kernel. (Package lanes accepts types defined on
// float32 and float64, and passes them here as what they are.)
type Float interface{ float32 | float64 }
