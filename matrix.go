package lanes

import "fmt"

// Matrix is a row-major view of Data: element (i, j) is Data[i*Stride+j]. It has the same
// shape as gonum's blas64.General, so data moves between the two without copying. Stride
// may exceed Cols; the padding between rows is never read into a result or written.
type Matrix[T Float] struct {
	Rows, Cols, Stride int
	Data               []T
}

// NewMatrix returns a zeroed rows×cols matrix with Stride == cols.
func NewMatrix[T Float](rows, cols int) Matrix[T] {
	n := checkDims("NewMatrix", rows, cols)
	return Matrix[T]{Rows: rows, Cols: cols, Stride: cols, Data: make([]T, n)}
}

// MatrixOf returns a rows×cols view of data, which must hold exactly rows*cols elements.
func MatrixOf[T Float](rows, cols int, data []T) Matrix[T] {
	if n := checkDims("MatrixOf", rows, cols); n != len(data) {
		panic(fmt.Sprintf("lanes: MatrixOf: len(data)=%d != rows*cols=%d*%d", len(data), rows, cols))
	}
	return Matrix[T]{Rows: rows, Cols: cols, Stride: cols, Data: data}
}

// Row returns row i, a slice of length and capacity Cols that shares m's memory.
func (m Matrix[T]) Row(i int) []T {
	if uint(i) >= uint(m.Rows) {
		panic(fmt.Sprintf("lanes: Row: i=%d out of range for %d rows", i, m.Rows))
	}
	s := i * m.Stride
	if s < 0 || m.Cols < 0 || s+m.Cols > len(m.Data) || s+m.Cols < s {
		panic(fmt.Sprintf("lanes: Row: row %d of a matrix with Cols=%d Stride=%d lies outside len(Data)=%d", i, m.Cols, m.Stride, len(m.Data)))
	}
	return m.Data[s : s+m.Cols : s+m.Cols]
}

// At returns element (i, j).
func (m Matrix[T]) At(i, j int) T {
	if uint(i) >= uint(m.Rows) || uint(j) >= uint(m.Cols) {
		panic(fmt.Sprintf("lanes: At: (%d, %d) out of range for %d×%d", i, j, m.Rows, m.Cols))
	}
	k := i*m.Stride + j
	if uint(k) >= uint(len(m.Data)) {
		panic(fmt.Sprintf("lanes: At: (%d, %d) of a matrix with Stride=%d lies outside len(Data)=%d", i, j, m.Stride, len(m.Data)))
	}
	return m.Data[k]
}

// Reshape returns a rows×cols view of the same memory, like NumPy's reshape. m must be
// contiguous (Stride == Cols, or a single row) and rows*cols must equal m.Rows*m.Cols.
func Reshape[T Float](m Matrix[T], rows, cols int) Matrix[T] {
	n := checkDims("Reshape", rows, cols)
	checkMatrix("Reshape", "m", m)
	if m.Rows > 1 && m.Stride != m.Cols {
		panic(fmt.Sprintf("lanes: Reshape: m is not contiguous: Cols=%d Stride=%d", m.Cols, m.Stride))
	}
	if n != m.Rows*m.Cols {
		panic(fmt.Sprintf("lanes: Reshape: %d×%d to %d×%d changes the number of elements", m.Rows, m.Cols, rows, cols))
	}
	return Matrix[T]{Rows: rows, Cols: cols, Stride: cols, Data: m.Data[:n:n]}
}

// Image2Vector returns img, a length×height×depth image stored contiguously, as a
// (length*height*depth)×1 matrix: a view of the same memory, no copy.
func Image2Vector[T Float](img []T, length, height, depth int) Matrix[T] {
	if length < 0 || height < 0 || depth < 0 {
		panic(fmt.Sprintf("lanes: Image2Vector: negative dimension %d×%d×%d", length, height, depth))
	}
	n := checkDims("Image2Vector", length, height*depth)
	if n != len(img) {
		panic(fmt.Sprintf("lanes: Image2Vector: len(img)=%d != %d×%d×%d", len(img), length, height, depth))
	}
	return Matrix[T]{Rows: n, Cols: 1, Stride: 1, Data: img}
}

// checkDims panics unless rows and cols are non-negative with a product that fits an int;
// it returns the product.
func checkDims(op string, rows, cols int) int {
	if rows < 0 || cols < 0 || (cols > 0 && rows > maxInt/cols) {
		panic(fmt.Sprintf("lanes: %s: invalid dimensions %d×%d", op, rows, cols))
	}
	return rows * cols
}

const maxInt = int(^uint(0) >> 1)

// checkMatrix panics unless m is a valid view: non-negative dimensions, Stride ≥ Cols, and
// Data long enough for every row.
func checkMatrix[T Float](op, name string, m Matrix[T]) {
	ok := m.Rows >= 0 && m.Cols >= 0 && m.Stride >= m.Cols
	if ok && m.Rows > 0 && m.Cols > 0 {
		// Stride ≥ Cols > 0 here; the division cannot overflow where the product might.
		ok = len(m.Data) >= m.Cols && m.Rows-1 <= (len(m.Data)-m.Cols)/m.Stride
	}
	if !ok {
		panic(fmt.Sprintf("lanes: %s: %s is not a valid matrix: Rows=%d Cols=%d Stride=%d len(Data)=%d",
			op, name, m.Rows, m.Cols, m.Stride, len(m.Data)))
	}
}

// span returns the part of m.Data that m's rows cover, padding between rows included.
func span[T Float](m Matrix[T]) []T {
	if m.Rows == 0 || m.Cols == 0 {
		return nil
	}
	return m.Data[:(m.Rows-1)*m.Stride+m.Cols]
}
