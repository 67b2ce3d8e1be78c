package generic

// The matrix kernels take row-major data with a row stride; rows are whole and lie inside
// the slices they are given (the caller checks shapes). Padding between rows is neither
// read nor written.

// MatVec sets dst[i] = Σⱼ w[i·stride+j]·x[j] for i < len(dst), j < len(x).
func MatVec[T Float](dst, w []T, stride int, x []T) {
	for i := range dst {
		dst[i] = Dot(w[i*stride:i*stride+len(x)], x)
	}
}

// Outer sets dst[i·stride+j] = a[i]·b[j] for i < len(a), j < len(b).
func Outer[T Float](dst []T, stride int, a, b []T) {
	for i, v := range a {
		Scale(dst[i*stride:i*stride+len(b)], b, v)
	}
}

// RowSums sets dst[i] = Σⱼ m[i·stride+j] for i < len(dst), j < cols.
func RowSums[T Float](dst, m []T, stride, cols int) {
	for i := range dst {
		dst[i] = Sum(m[i*stride : i*stride+cols])
	}
}

// Transpose sets dst[j·ldd+i] = m[i·ldm+j] for i < rows, j < cols, in 32×32 blocks: each
// block's rows of m and of dst stay in L1 while it is copied, so both are read and written
// a cache line at a time. A matrix of a few columns goes a column at a time instead, each
// row of dst written whole: its blocks would be a few elements wide, and setting up a row
// slice per element or two cost as much as the copy (800 elements of a 400×2 matrix:
// about 1 µs in blocks, under half that by columns).
func Transpose[T Float](dst []T, ldd int, m []T, ldm, rows, cols int) {
	switch {
	case cols == 0:
		return
	case rows == 2:
		// A few long rows (MatMulTransB's bᵀ of a narrow product, each of its steps): the
		// rows read side by side, each result row written whole, at a quarter of the
		// blocked loop's time (0.8 ns an element).
		r0, r1 := m[:cols], m[ldm:][:cols]
		for j := range r0 {
			d := (*[2]T)(dst[j*ldd:])
			d[0], d[1] = r0[j], r1[j]
		}
		return
	case rows == 4:
		r0, r1, r2, r3 := m[:cols], m[ldm:][:cols], m[2*ldm:][:cols], m[3*ldm:][:cols]
		for j := range r0 {
			d := (*[4]T)(dst[j*ldd:])
			d[0], d[1], d[2], d[3] = r0[j], r1[j], r2[j], r3[j]
		}
		return
	case rows < 8 && rows < cols:
		for i := range rows {
			for j, v := range m[i*ldm:][:cols] {
				dst[j*ldd+i] = v
			}
		}
		return
	}
	if cols <= 8 {
		for j := range cols {
			row := dst[j*ldd : j*ldd+rows]
			for i := range row {
				row[i] = m[i*ldm+j]
			}
		}
		return
	}
	const b = 32
	for i0 := 0; i0 < rows; i0 += b {
		for j0 := 0; j0 < cols; j0 += b {
			for i := i0; i < min(i0+b, rows); i++ {
				row := m[i*ldm+j0 : i*ldm+min(j0+b, cols)]
				for j, v := range row {
					dst[(j0+j)*ldd+i] = v
				}
			}
		}
	}
}

// ColPiece is how many columns ColSums sums at a time: its float64 totals are on the stack.
const ColPiece = 1024

// ColSums sets dst[j] = Σᵢ m[i·stride+j] for i < rows, j < len(dst): for ColPiece columns
// at a time, each block of Block rows is added row by row, in order, into dst (one
// accumulator of the precision a column), and the blocks' sums are carried in float64,
// rounded once at the end. Every backend adds the same rows in the same order, with
// its Add kernel, so the bits are the same everywhere.
func ColSums[T Float](dst []T, rows int, m []T, stride int) {
	var total [ColPiece]float64
	for c := 0; c < len(dst); c += ColPiece {
		d := dst[c:min(c+ColPiece, len(dst))]
		tot := total[:len(d)]
		clear(tot)
		for i := 0; i < rows; i += Block {
			clear(d)
			for r := i; r < min(i+Block, rows); r++ {
				Add(d, d, m[r*stride+c:r*stride+c+len(d)])
			}
			for j, v := range d {
				tot[j] += float64(v)
			}
		}
		for j, v := range tot {
			d[j] = T(v)
		}
	}
}
