package lanes

import (
	"fmt"
	"unsafe"
)

// The checks every op makes before it calls a kernel. They are small enough to inline;
// the panics, which format, are kept out of line.

// checkLen panics unless len(a) == len(b).
func checkLen[T Float](op, an string, a []T, bn string, b []T) {
	if len(a) != len(b) {
		panicLen(op, an, len(a), bn, len(b))
	}
}

// checkInto checks an elementwise op's input against its output: the same length, and
// either the very same slice or no overlap at all.
func checkInto[T Float](op string, dst, in []T, name string) {
	if !intoOK(dst, in) {
		panicInto(op, dst, in, name)
	}
}

// intoOK is checkInto's test, without the panic, so that it inlines.
func intoOK[T Float](dst, in []T) bool {
	return into(addr(dst), addr(in), len(dst), len(in), unsafe.Sizeof(T(0)))
}

// into reports whether a slice at pi with ni elements of size bytes may be the input of
// an elementwise op writing nd elements at pd: the same length, and the very same memory
// or none of it. It is not generic and small, so it inlines: the checks of a call on 16
// elements cost a few instructions, not calls.
func into(pd, pi uintptr, nd, ni int, size uintptr) bool {
	n := uintptr(nd) * size
	return nd == ni && (pd == pi || pd >= pi+n || pi >= pd+n)
}

func addr[T Float](x []T) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(x))) }

// panicInto reports what checkInto found.
//
//go:noinline
func panicInto[T Float](op string, dst, in []T, name string) {
	if len(dst) != len(in) {
		panicLen(op, "dst", len(dst), name, len(in))
	}
	panicOverlap(op, "dst", "partially overlaps", name)
}

// checkApart panics if out shares any memory with in: ops that read an input after they
// have started writing the output (MatVec, Outer, RowSums, a broadcast's vector) cannot
// work in place.
func checkApart[T Float](op, outName string, out, in []T, inName string) {
	if overlap(out, in) {
		panicOverlap(op, outName, "overlaps", inName)
	}
}

// overlap reports whether a and b share memory.
func overlap[T Float](a, b []T) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	pa, pb := uintptr(unsafe.Pointer(unsafe.SliceData(a))), uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	size := unsafe.Sizeof(a[0])
	return pa < pb+uintptr(len(b))*size && pb < pa+uintptr(len(a))*size
}

// checkSameShape checks a row-wise op's matrices: valid views, the same shape, and
// either the very same matrix or no shared memory.
func checkSameShape[T Float](op string, dst, x Matrix[T], name string) {
	checkShapes(op, "dst", dst, x, name)
}

// checkShapes is checkSameShape with the output named outName.
func checkShapes[T Float](op, outName string, dst, x Matrix[T], name string) {
	checkMatrix(op, outName, dst)
	checkMatrix(op, name, x)
	if dst.Rows != x.Rows || dst.Cols != x.Cols {
		panic(fmt.Sprintf("lanes: %s: %s is %d×%d, %s is %d×%d", op, outName, dst.Rows, dst.Cols, name, x.Rows, x.Cols))
	}
	a, b := span(dst), span(x)
	if overlap(a, b) && (unsafe.SliceData(a) != unsafe.SliceData(b) || dst.Stride != x.Stride) {
		panicOverlap(op, outName, "partially overlaps", name)
	}
}

//go:noinline
func panicLen(op, an string, a int, bn string, b int) {
	panic(fmt.Sprintf("lanes: %s: len(%s)=%d != len(%s)=%d", op, an, a, bn, b))
}

//go:noinline
func panicOverlap(op, an, how, bn string) {
	panic(fmt.Sprintf("lanes: %s: %s %s %s", op, an, how, bn))
}

// is32 reports whether T is float32-shaped. It is a constant in each instantiation, so the
// compiler keeps one branch.
func is32[T Float]() bool { return unsafe.Sizeof(T(0)) == 4 }

// v32 and v64 view a []T as the []float32 or []float64 it is: T's underlying type is that
// float, so the slice headers are identical and the view costs nothing.
func v32[T Float](x []T) []float32 { return *(*[]float32)(unsafe.Pointer(&x)) }

func v64[T Float](x []T) []float64 { return *(*[]float64)(unsafe.Pointer(&x)) }
