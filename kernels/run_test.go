package kernels

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// A source gives a test its input values: random ones, or the fuzzer's bytes.
type source[T Float] interface {
	// value returns an input for the kernel called name: anything it must handle.
	value(name string) T
	// moderate returns an input for a reduction or matrix kernel: no overflow in any order.
	moderate() T
}

type randSource[T Float] struct{ r *rand.Rand }

func (s randSource[T]) value(name string) T { return domain[T](s.r, name) }
func (s randSource[T]) moderate() T         { return moderate[T](s.r) }

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

func (s *bytesSource[T]) value(string) T {
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

// runCase runs the kernel called name of tab on n-element inputs from src in memory from
// get, and checks every result against its reference.
func runCase[T Float](tab *Table[T], name string, n int, src source[T], get alloc[T]) error {
	switch {
	case slices.Contains(reductions1, name):
		x := get(n)
		if name == "Max" && n == 0 {
			return nil // the contract requires len(x) > 0
		}
		for i := range x {
			x[i] = src.moderate()
			if name == "Max" {
				x[i] = src.value(name)
			}
		}
		return check1(name, x, kernel[func([]T) T](tab, name)(x))
	case slices.Contains(reductions2, name):
		a, b := get(n), get(n)
		for i := range a {
			a[i], b[i] = src.moderate(), src.moderate()
		}
		return check2(name, a, b, kernel[func(a, b []T) T](tab, name)(a, b))
	case slices.Contains(binaries, name):
		return runBinary(kernel[func(dst, a, b []T)](tab, name), name, n, src, get)
	case slices.Contains(exactUnary, name):
		return runExactUnary(kernel[func(dst, x []T)](tab, name), name, n, src, get)
	case slices.Contains(withConsts, name):
		return runWithConst(tab, name, n, src, get)
	case slices.Contains(transcendental, name):
		k := kernel[func(dst, x []T)](tab, name)
		x, dst := get(n), get(n)
		for i := range x {
			x[i] = src.value(name)
		}
		orig := slices.Clone(x)
		for _, inPlace := range []bool{false, true} {
			d := dst
			if inPlace {
				d = x
			}
			k(d, x)
			for i, v := range orig {
				if err := checkTranscendental(name, v, d[i]); err != nil {
					return fmt.Errorf("in place %v, element %d of %d: %w", inPlace, i, n, err)
				}
			}
		}
		return nil
	case name == "SoftmaxRow":
		if n == 0 {
			return nil // the contract requires a row
		}
		x, dst := get(n), get(n)
		for i := range x {
			x[i] = src.value(name)
		}
		orig := slices.Clone(x)
		tab.SoftmaxRow(dst, x)
		if err := checkSoftmax(orig, dst); err != nil {
			return err
		}
		tab.SoftmaxRow(x, x)
		for i := range x {
			if !sameBits(x[i], dst[i]) {
				return fmt.Errorf("in place: element %d is %v, out of place %v", i, x[i], dst[i])
			}
		}
		return nil
	case slices.Contains(matrixKernels, name):
		return runMatrix(tab, name, n, src, get)
	}
	panic("no test for kernel " + name)
}

func runBinary[T Float](k func(dst, a, b []T), name string, n int, src source[T], get alloc[T]) error {
	a, b, dst := get(n), get(n), get(n)
	for i := range a {
		a[i], b[i] = src.value(name), src.value(name)
	}
	want := make([]T, n)
	for i := range want {
		want[i] = wantBinary(name, a[i], b[i])
	}
	check := func(how string, got []T) error {
		for i := range got {
			if !sameBits(got[i], want[i]) {
				return fmt.Errorf("%s: %s(%v, %v) = %v, want %v (element %d of %d)", how, name, a[i], b[i], got[i], want[i], i, n)
			}
		}
		return nil
	}
	k(dst, a, b)
	if err := check("out of place", dst); err != nil {
		return err
	}
	copy(dst, a)
	k(dst, dst, b)
	if err := check("dst = a", dst); err != nil {
		return err
	}
	copy(dst, b)
	k(dst, a, dst)
	return check("dst = b", dst)
}

// runExactUnary checks a one-slice kernel whose every result is exact: ReLU.
func runExactUnary[T Float](k func(dst, x []T), name string, n int, src source[T], get alloc[T]) error {
	x, dst := get(n), get(n)
	for i := range x {
		x[i] = src.value(name)
	}
	want := make([]T, n)
	for i, v := range x {
		want[i] = max(v, 0)
	}
	k(dst, x)
	k(x, x)
	for i := range want {
		if !sameBits(dst[i], want[i]) || !sameBits(x[i], want[i]) {
			return fmt.Errorf("%s: element %d of %d is %v (in place %v), want %v", name, i, n, dst[i], x[i], want[i])
		}
	}
	return nil
}

func runWithConst[T Float](tab *Table[T], name string, n int, src source[T], get alloc[T]) error {
	x, dst := get(n), get(n)
	for i := range x {
		x[i] = src.value(name)
	}
	c := src.value(name)
	run := func(dst, x []T) {
		switch name {
		case "Scale":
			tab.Scale(dst, x, c)
		case "AddConst":
			tab.AddConst(dst, x, c)
		case "DivConst":
			tab.DivConst(dst, x, c)
		default:
			panic(name)
		}
	}
	want := make([]T, n)
	for i, v := range x {
		if name == "Scale" {
			want[i] = wantBinary(name, c, v)
		} else {
			want[i] = wantBinary(name, v, c)
		}
	}
	run(dst, x)
	run(x, x)
	for i := range want {
		if !sameBits(dst[i], want[i]) || !sameBits(x[i], want[i]) {
			return fmt.Errorf("%s with c=%v: element %d of %d is %v (in place %v), want %v", name, c, i, n, dst[i], x[i], want[i])
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

func runMatrix[T Float](tab *Table[T], name string, n int, src source[T], get alloc[T]) error {
	rows, cols, stride := matrixShape(n)
	nan := T(math.NaN())
	switch name {
	case "MatVec":
		w, x, dst := get(spanLen(rows, cols, stride)), get(cols), get(rows)
		fillMatrix(w, cols, stride, nan, src.moderate)
		for i := range x {
			x[i] = src.moderate()
		}
		tab.MatVec(dst, w, stride, x)
		for i := range dst {
			if err := check2("Dot", w[i*stride:i*stride+cols], x, dst[i]); err != nil {
				return fmt.Errorf("row %d of %d×%d (stride %d): %w", i, rows, cols, stride, err)
			}
		}
	case "RowSums":
		m, dst := get(spanLen(rows, cols, stride)), get(rows)
		fillMatrix(m, cols, stride, nan, src.moderate)
		tab.RowSums(dst, m, stride, cols)
		for i := range dst {
			if err := check1("Sum", m[i*stride:i*stride+cols], dst[i]); err != nil {
				return fmt.Errorf("row %d of %d×%d (stride %d): %w", i, rows, cols, stride, err)
			}
		}
	case "Outer":
		a, b, dst := get(rows), get(cols), get(spanLen(rows, cols, stride))
		for i := range a {
			a[i] = src.value("Mul")
		}
		for i := range b {
			b[i] = src.value("Mul")
		}
		fillMatrix(dst, cols, stride, padMark, func() T { return nan })
		tab.Outer(dst, stride, a, b)
		for i := range a {
			for j := range b {
				if got, want := dst[i*stride+j], wantBinary("Mul", a[i], b[j]); !sameBits(got, want) {
					return fmt.Errorf("(%d, %d) of %d×%d: %v·%v = %v, want %v", i, j, rows, cols, a[i], b[j], got, want)
				}
			}
		}
		return checkPadding(dst, cols, stride)
	default:
		panic(name)
	}
	return nil
}
