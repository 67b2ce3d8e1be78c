package kernels

import (
	"sync"
	"unsafe"

	"github.com/lanesimd/lanes/generic"
)

// The Table entries composed of kernels (catalog.Entry.Compose): each takes the kernels its
// entry's Uses names, in that order. A kernel that tables run a chunk a call comes as its
// function of chunked_*.go, which reports to the race detector and bounds its calls
// itself; an Own kernel comes as the assembly function, and its composition reports what
// it reads and writes and keeps each call to a chunk of work.

// norm is √Σx² by generic.NormOf, which rescales where the sum of squares over- or
// underflows. It calls the sum of squares itself, a chunk a call (a call less at n = 16
// than through its chunking function: 10.9 ns against 11.5).
func norm[T Float](sumSq func(x []T, carry float64) float64) func(x []T) T {
	return func(x []T) T {
		if len(x) > chunk || instrumented {
			return generic.NormOf(x, T(sum1(sumSq, chunk, x)))
		}
		return generic.NormOf(x, T(sumSq(x, 0)))
	}
}

// softmaxRow takes the row's max, then exp(x−max) and its sum in one pass, then scales by
// the sum's reciprocal. Its sum adds the same terms as generic.SoftmaxRow in another
// order, so the two may differ in the last bits.
func softmaxRow[T Float](largest func(x []T) T, expSum func(dst, x []T, m T) T, scale func(dst, x []T, c T)) func(dst, x []T) {
	return func(dst, x []T) {
		x = x[:len(dst)]
		s := expSum(dst, x, largest(x))
		scale(dst, dst, 1/s)
	}
}

// matVec runs rows of a vector or two (len(x) ≤ 2·lanes) through matVecNarrow, and longer
// ones four at a time through matVec4, which shares each load of x between them, as many
// rows a call as fit a chunk; the rows left, and every row longer than a summation block,
// go one at a time through the blocked dot product, for its error bound. The kernels sum
// a row in another order than generic.MatVec, so the two may differ in the last bits.
func matVec[T Float](matVec4, narrow func(dst, w []T, stride int, x []T), dot func(a, b []T) T, lanes int) func(dst, w []T, stride int, x []T) {
	return func(dst, w []T, stride int, x []T) {
		if len(x) > 0 && len(x) <= 2*lanes {
			matVecNarrow(narrow, lanes, dst, w, stride, x)
			return
		}
		four := 0
		if len(x) <= generic.Block {
			four = len(dst) &^ 3
		}
		rowCalls(matVec4, 4, len(x), dst[:four], w, stride, x)
		for i := four; i < len(dst); i++ {
			dst[i] = dot(w[i*stride:i*stride+len(x)], x)
		}
	}
}

// matVecNarrow runs the kernel on whole steps of lanes rows, as many a call as fit a
// chunk. The kernel reads whole vectors of a row, reach elements from its start, so rows
// whose vectors would reach past w's end (the last one or two of a matrix whose rows are
// shorter than a vector), and the rows short of a step, are summed here: a few products
// each.
func matVecNarrow[T Float](narrow func(dst, w []T, stride int, x []T), lanes int, dst, w []T, stride int, x []T) {
	reach := lanes
	if len(x) > lanes {
		reach = 2 * lanes
	}
	whole := 0
	if len(w) >= reach && stride > 0 {
		whole = min(len(dst), (len(w)-reach)/stride+1) &^ (lanes - 1)
	}
	rowCalls(narrow, lanes, reach, dst[:whole], w, stride, x)
	for i := whole; i < len(dst); i++ {
		var s T
		for j, v := range w[i*stride : i*stride+len(x)] {
			s += v * x[j]
		}
		dst[i] = s
	}
}

// rowCalls runs a matrix-vector kernel over the len(dst) rows of w (a multiple of group), as
// many rows a call as keep the elements it reads (reach a row) within a chunk, and reports
// each call's rows to the race detector.
func rowCalls[T Float](k func(dst, w []T, stride int, x []T), group, reach int, dst, w []T, stride int, x []T) {
	step := rowsPerCall(reach, group)
	for i := 0; i < len(dst); i += step {
		preemptible()
		rows, ws := min(step, len(dst)-i), w[i*stride:]
		if raceEnabled {
			for r := range rows {
				raceRead(ws[r*stride : r*stride+len(x)])
			}
			raceRead(x)
			raceWrite(dst[i : i+rows])
		}
		noteCall(rows * reach)
		k(dst[i:i+rows], ws, stride, x)
	}
}

// outer scales b by each a[i] into row i.
func outer[T Float](scale func(dst, x []T, c T)) func(dst []T, stride int, a, b []T) {
	return func(dst []T, stride int, a, b []T) {
		for i, v := range a {
			scale(dst[i*stride:i*stride+len(b)], b, v)
		}
	}
}

// rowSums sums each row.
func rowSums[T Float](sum func(x []T) T) func(dst, m []T, stride, cols int) {
	return func(dst, m []T, stride, cols int) {
		for i := range dst {
			dst[i] = sum(m[i*stride : i*stride+cols])
		}
	}
}

// colSums is generic.ColSums with the backend's Add: the same additions in the same order,
// so the same bits. The float64 totals stay in Go, on the stack; the kernel sees only dst
// and the rows.
func colSums[T Float](add func(dst, a, b []T)) func(dst []T, rows int, m []T, stride int) {
	return func(dst []T, rows int, m []T, stride int) {
		var total [generic.ColPiece]float64
		for c := 0; c < len(dst); c += generic.ColPiece {
			d := dst[c:min(c+generic.ColPiece, len(dst))]
			tot := total[:len(d)]
			clear(tot)
			for i := 0; i < rows; i += generic.Block {
				clear(d)
				for r := i; r < min(i+generic.Block, rows); r++ {
					add(d, d, m[r*stride+c:r*stride+c+len(d)])
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
}

// peakSteps is the most steps one call of the FMA peak kernel runs: 4096 steps of 12 or
// 16 chains take about 10 µs.
const peakSteps = 4096

// peak runs fmaPeak at most peakSteps steps a call and adds up the counts.
func peak[T Float](fmaPeak func(n int) T) func(n int) T {
	return func(n int) T {
		var total T
		for ; n > peakSteps; n -= peakSteps {
			preemptible()
			noteCall(peakSteps)
			total += fmaPeak(peakSteps)
		}
		noteCall(n)
		return total + fmaPeak(n)
	}
}

// matMul is the product of generic.MatMulWith over an ISA's tile, rows, packing-copy,
// row-interleaving (a's slivers) and transpose kernels (bᵀ's packing goes through Transpose's blocks, tv elements square),
// and the row vector's against bᵀ (groups of rv rows of b), with the tile's shape and the
// vector length in elements; then a narrower tile (nil: none), its PackRows and shape.
func matMul[T Float](tile tileFunc[T], rows func(c []T, ldc int, a []T, lda, astep int, b []T, ldb, m, n, k, add int), pack func(dst []T, ldd int, src []T, lds, rows, cols int), interleave interleaveFunc[T], transTile func(dst []T, ldd int, src []T, lds, rows, cols int), rowT func(c, a, b []T, ldb, n, k, add int), tv, rv, mr, nr, vec int, narrowTile tileFunc[T], narrowInterleave interleaveFunc[T], nmr, nnr int) func(dst []T, ldd int, a []T, lda int, transA bool, b []T, ldb int, transB bool, m, n, k int, par generic.Par) {
	// Each call is a block of k of one tile, or a unit of the direct path (generic's
	// rowsWork bounds its FMAs): a few µs. The note is of the longest operand it reads.
	if raceEnabled || checkChunks {
		rows0 := rows
		rows = func(c []T, ldc int, a []T, lda, astep int, b []T, ldb, m, n, k, add int) {
			noteCall(k * max(m, n))
			if raceEnabled {
				for i := range m {
					for p := range k {
						raceRead(a[i*lda+p*astep : i*lda+p*astep+1])
					}
					if add != 0 {
						raceRead(c[i*ldc : i*ldc+n])
					}
					raceWrite(c[i*ldc : i*ldc+n])
				}
				for p := range k {
					raceRead(b[p*ldb : p*ldb+n])
				}
			}
			rows0(c, ldc, a, lda, astep, b, ldb, m, n, k, add)
		}
		pack0 := pack
		pack = func(dst []T, ldd int, src []T, lds, rows, cols int) {
			noteCall(rows * cols)
			if raceEnabled {
				for r := range rows {
					raceRead(src[r*lds : r*lds+cols])
					raceWrite(dst[r*ldd : r*ldd+cols])
				}
			}
			pack0(dst, ldd, src, lds, rows, cols)
		}
		rowT0 := rowT
		rowT = func(c, a, b []T, ldb, n, k, add int) {
			noteCall(n * k)
			if raceEnabled {
				raceRead(a[:k])
				for j := range n {
					raceRead(b[j*ldb : j*ldb+k])
				}
				if add != 0 {
					raceRead(c[:n])
				}
				raceWrite(c[:n])
			}
			rowT0(c, a, b, ldb, n, k, add)
		}
	}
	mk := generic.MatMulKernels[T]{Tile: checkedTile(tile, mr, nr), Rows: rows, Copy: pack, Interleave: checkedInterleave(interleave, mr), Trans: transposeBlocks(transTile, tv, transposeBlock), RowT: rowT, MR: mr, NR: nr, Vec: vec, RowV: rv}
	if narrowTile != nil {
		n := mk
		n.Tile, n.Interleave, n.MR, n.NR = checkedTile(narrowTile, nmr, nnr), checkedInterleave(narrowInterleave, nmr), nmr, nnr
		mk.Narrow = &n
	}
	return generic.MatMulWith(mk)
}

type (
	tileFunc[T Float]       func(c []T, ldc int, a []T, rsa, csa int, b []T, ldb, k, add int)
	interleaveFunc[T Float] func(dst, src []T, lds, kc int)
)

// checkedTile is tile with its calls noted and, under the race detector, its reads and
// writes annotated (see matMul).
func checkedTile[T Float](tile tileFunc[T], mr, nr int) tileFunc[T] {
	if !raceEnabled && !checkChunks {
		return tile
	}
	tile0 := tile
	return func(c []T, ldc int, a []T, rsa, csa int, b []T, ldb, k, add int) {
		noteCall(k * max(mr, nr))
		if raceEnabled {
			switch {
			case rsa == 1 && csa == mr: // packed
				raceRead(a[:k*mr])
			case rsa == 1: // columns of a in place: mr elements a step
				for p := range k {
					raceRead(a[p*csa : p*csa+mr])
				}
			default: // rows of a in place
				for i := range mr {
					raceRead(a[i*rsa : i*rsa+(k-1)*csa+1])
				}
			}
			if ldb == nr {
				raceRead(b[:k*nr])
			} else {
				for p := range k {
					raceRead(b[p*ldb : p*ldb+nr])
				}
			}
			for i := range mr {
				if add != 0 {
					raceRead(c[i*ldc : i*ldc+nr])
				}
				raceWrite(c[i*ldc : i*ldc+nr])
			}
		}
		tile0(c, ldc, a, rsa, csa, b, ldb, k, add)
	}
}

// checkedInterleave is checkedTile's counterpart for PackRows.
func checkedInterleave[T Float](interleave interleaveFunc[T], mr int) interleaveFunc[T] {
	if !raceEnabled && !checkChunks {
		return interleave
	}
	interleave0 := interleave
	return func(dst, src []T, lds, kc int) {
		noteCall(mr * kc)
		if raceEnabled {
			for i := range mr {
				raceRead(src[i*lds : i*lds+kc])
			}
			raceWrite(dst[:mr*kc])
		}
		interleave0(dst, src, lds, kc)
	}
}

// softmaxCrossEntropy runs softmax's passes on each row, the exponentials summed
// generic.CrossEntropyPiece at a time as generic.SoftmaxCrossEntropy sums them, so that
// the loss has the same bits with and without the gradient. With no gradient the
// exponentials go to a buffer from pieces: a buffer on the stack would be allocated on
// every call, since the compiler cannot see that the kernels, function values here, do
// not keep it.
func softmaxCrossEntropy[T Float](largest func(x []T) T, expSum func(dst, x []T, m T) T, scale func(dst, x []T, c T)) func(grad []T, gstride int, x []T, stride, cols int, labels []int) float64 {
	pieces := &freeList[T]{}
	return func(grad []T, gstride int, x []T, stride, cols int, labels []int) float64 {
		const piece = generic.CrossEntropyPiece
		var l generic.Neumaier
		if len(grad) == 0 {
			buf := pieces.get()
			for i, label := range labels {
				row := x[i*stride : i*stride+cols]
				m, xl := largest(row), row[label]
				var total float64
				for p := 0; p < cols; p += piece {
					end := min(p+piece, cols)
					total += float64(expSum(buf[:end-p], row[p:end], m))
				}
				l.Add(generic.CrossEntropyLoss(total, xl, m))
			}
			pieces.put(buf)
			return l.Sum()
		}
		for i, label := range labels {
			row, g := x[i*stride:i*stride+cols], grad[i*gstride:i*gstride+cols]
			m, xl := largest(row), row[label]
			var total float64
			for p := 0; p < cols; p += piece {
				end := min(p+piece, cols)
				total += float64(expSum(g[p:end], row[p:end], m))
			}
			scale(g, g, 1/T(total))
			g[label]--
			l.Add(generic.CrossEntropyLoss(total, xl, m))
		}
		return l.Sum()
	}
}

// logLoss is −Σ [y·ln ŷc + (1−y)·ln(1−ŷc)], ŷc = ŷ clamped to [ε, 1−ε], a piece of
// generic.CrossEntropyPiece elements at a time through buffers of a free list: ŷc by two
// Maximums (min(ŷ, 1−ε) = −max(−ŷ, −(1−ε)), the negations exact, a NaN kept), its log and
// that of 1 − ŷc, and their dot products with y and with 1 − y (never Σ l − Σ y·l, which
// would cancel), the pieces' sums added in float64. The dot products fuse their multiplies
// and sum in another order than generic.LogLoss, so the two may differ in the last bits.
func logLoss[T Float](maximum func(dst, a, b []T), scale, addConst func(dst, x []T, c T), log func(dst, x []T), dot func(a, b []T) T) func(yhat, y []T) T {
	const piece = generic.CrossEntropyPiece
	eps := T(generic.Eps64)
	if unsafe.Sizeof(eps) == 4 {
		eps = generic.Eps32
	}
	lo, hi := new([piece]T), new([piece]T)
	for i := range lo {
		lo[i], hi[i] = eps, -(1 - eps)
	}
	bufs := &freeList[T]{}
	return func(yhat, y []T) T {
		c, l, w := bufs.get(), bufs.get(), bufs.get()
		var total float64
		for p := 0; p < len(yhat); p += piece {
			n := min(piece, len(yhat)-p)
			cs, ls, ws, ys := c[:n], l[:n], w[:n], y[p:p+n]
			maximum(cs, yhat[p:p+n], lo[:n]) // max(ŷ, ε)
			scale(cs, cs, -1)
			maximum(cs, cs, hi[:n]) // −ŷc
			addConst(ws, cs, 1)     // 1 − ŷc
			scale(cs, cs, -1)
			log(ls, cs)
			total -= float64(dot(ys, ls))
			log(ls, ws)
			scale(ws, ys, -1)
			addConst(ws, ws, 1) // 1 − y
			total -= float64(dot(ws, ls))
		}
		bufs.put(c)
		bufs.put(l)
		bufs.put(w)
		return T(total)
	}
}

// logLossLogits is Σ [max(z, 0) − z·y + log1p(e^−|z|)], a piece of
// generic.CrossEntropyPiece elements at a time: one call of the terms kernel writes a
// piece's terms to a buffer of a free list (the sum is what is wanted; the skeleton that
// sums stores too) and adds their sum to the float64 carry. The pieces are smaller than
// generic.LogLossLogits' blocks, so the two may differ in the last bits.
func logLossLogits[T Float](terms func(dst, z, y []T, carry float64) float64) func(z, y []T) T {
	const piece = generic.CrossEntropyPiece
	bufs := &freeList[T]{}
	return func(z, y []T) T {
		y = y[:len(z)]
		buf := bufs.get()
		var total float64
		for p := 0; p < len(z); p += piece {
			n := min(piece, len(z)-p)
			// mapSum2 notes the call for the chunk checks and the race detector; its sum
			// from 0 added here is the kernel's carry + sum, the same addition.
			total += mapSum2(terms, piece, buf[:n], z[p:p+n], y[p:p+n])
			if p+n < len(z) {
				preemptible()
			}
		}
		bufs.put(buf)
		if total != total {
			// The kernels' NaN is a NaN input or ∞ − ∞ in max(z, 0) − z·y at an infinite
			// logit, where generic's terms take the limit: only then is the sum redone, so
			// that every backend gives the documented value at no cost to finite inputs.
			return generic.LogLossLogits(z, y)
		}
		return T(total)
	}
}

// freeList keeps buffers of generic.CrossEntropyPiece elements that calls put back, for
// the next: unlike a sync.Pool's, they survive garbage collections, so that calls in a
// steady state allocate nothing. It holds as many as were ever in use at once, up to 16.
type freeList[T Float] struct {
	once sync.Once
	free chan *[generic.CrossEntropyPiece]T
}

func (f *freeList[T]) get() *[generic.CrossEntropyPiece]T {
	f.once.Do(func() { f.free = make(chan *[generic.CrossEntropyPiece]T, 16) })
	select {
	case b := <-f.free:
		return b
	default:
		return new([generic.CrossEntropyPiece]T)
	}
}

func (f *freeList[T]) put(b *[generic.CrossEntropyPiece]T) {
	select {
	case f.free <- b:
	default:
	}
}

// transposeBlock is the side of the blocks of bᵀ MatMul's packing hands Transpose's
// kernel, at most: 4096 elements a call, under a microsecond. The public Transpose's are
// transposeOwn a side (Zen 5: 21–58% less time than 64); MatMul's row vector took 6.5%
// longer at 32.
const transposeBlock, transposeOwn = 64, 32

// transpose is the public Transpose: transposeBlocks in blocks of transposeOwn.
func transpose[T Float](tile func(dst []T, ldd int, src []T, lds, rows, cols int), v int) func(dst []T, ldd int, m []T, ldm, rows, cols int) {
	return transposeBlocks(tile, v, transposeOwn)
}

// transposeBlocks runs the kernel on blocks of whole vectors each way (v elements), a block row
// of src at a time, and copies the edges (the rows and the columns past the last whole
// vector) in Go. Matrices a vector narrow or short, or with two or four long rows (bᵀ of
// a narrow product), go to generic.Transpose, whose loops for those are as fast.
func transposeBlocks[T Float](tile func(dst []T, ldd int, src []T, lds, rows, cols int), v, block int) func(dst []T, ldd int, m []T, ldm, rows, cols int) {
	return func(dst []T, ldd int, m []T, ldm, rows, cols int) {
		wr, wc := rows/v*v, cols/v*v
		if wr == 0 || wc == 0 || rows == 2 || rows == 4 {
			generic.Transpose(dst, ldd, m, ldm, rows, cols)
			return
		}
		for i := 0; i < wr; i += block {
			preemptible()
			h := min(block, wr-i)
			for j := 0; j < wc; j += block {
				w := min(block, wc-j)
				src, d := m[i*ldm+j:][:(h-1)*ldm+w], dst[j*ldd+i:][:(w-1)*ldd+h]
				noteCall(h * w)
				if raceEnabled {
					for r := range h {
						raceRead(src[r*ldm : r*ldm+w])
					}
					for c := range w {
						raceWrite(d[c*ldd : c*ldd+h])
					}
				}
				tile(d, ldd, src, ldm, h, w)
			}
		}
		if wc < cols {
			generic.Transpose(dst[wc*ldd:], ldd, m[wc:], ldm, wr, cols-wc)
		}
		if wr < rows {
			generic.Transpose(dst[wr:], ldd, m[wr*ldm:], ldm, rows-wr, cols)
		}
	}
}
