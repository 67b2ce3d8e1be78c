package generic

import (
	"math"
	"sync"
)

// The matrix product's kernels. Every backend computes each element of a product the same
// way, so that its bits depend on nothing but the operands: for each block of MatMulKC
// steps of k, in order, one FMA chain over the block in k order starting from zero; the
// first block's result is stored, each later block's added to the element. The kernels
// below do one block; the caller (package kernels) walks the blocks.

// MatMulKC is the depth of one block of k, the same on every backend and CPU.
const MatMulKC = 256

// TileMR and TileNR are the shape of MatMulTile's tile: the generic backend's packed panels
// hold TileMR rows of a and TileNR columns of b.
const (
	TileMR = 4
	TileNR = 8
)

// MatMulTile computes a TileMR×TileNR tile over one block of k steps from packed panels:
// a holds, for each p < k, the tile's TileMR elements of column p of the left operand;
// b, for each p, the TileNR elements of row p of the right one. Element (i, j) of the
// tile is c[i·ldc+j]: set to the chain's result if add is 0, increased by it otherwise.
func MatMulTile[T Float](c []T, ldc int, a, b []T, k, add int) {
	var acc [TileMR][TileNR]T
	a, b = a[:k*TileMR], b[:k*TileNR]
	for p := range k {
		bp := (*[TileNR]T)(b[p*TileNR:])
		for i, ai := range (*[TileMR]T)(a[p*TileMR:]) {
			for j, bj := range bp {
				acc[i][j] = fmaOnce(ai, bj, acc[i][j])
			}
		}
	}
	store(c, ldc, acc[:], add)
}

func store[T Float](c []T, ldc int, acc [][TileNR]T, add int) {
	for i := range acc {
		row := c[i*ldc : i*ldc+TileNR]
		if add == 0 {
			copy(row, acc[i][:])
			continue
		}
		for j := range row {
			row[j] += acc[i][j]
		}
	}
}

// MatMulRows computes an m×n block of a product over one block of k steps straight from
// the operands, without packing: element (i, p) of the left operand is a[i·lda+p·astep]
// (astep 1 for a row-major operand, its row stride for a transposed one), element (p, j)
// of the right one b[p·ldb+j], and element (i, j) of the result c[i·ldc+j], set or
// increased as in MatMulTile. Its bits are MatMulTile's.
func MatMulRows[T Float](c []T, ldc int, a []T, lda, astep int, b []T, ldb, m, n, k, add int) {
	for i := range m {
		row := c[i*ldc : i*ldc+n]
		for j := range row {
			var acc T
			for p := range k {
				acc = fmaOnce(a[i*lda+p*astep], b[p*ldb+j], acc)
			}
			if add == 0 {
				row[j] = acc
			} else {
				row[j] += acc
			}
		}
	}
}

// fmaOnce returns x·y + z rounded once, in float32 too (where fma may round twice): the
// products' bits are the SIMD backends' in both precisions.
func fmaOnce[T Float](x, y, z T) T {
	if isF64[T]() {
		return T(math.FMA(float64(x), float64(y), float64(z)))
	}
	return T(FMA32(float32(x), float32(y), float32(z)))
}

// FMA32 returns x·y + z rounded once to float32, as the FMA instructions do. The product
// is exact in float64 and the sum's rounding error exact by TwoSum, so the float64 sum s
// rounds to the right float32 except where s lies exactly halfway between two: there the
// error's sign decides.
func FMA32(x, y, z float32) float32 {
	p := float64(x) * float64(y)
	s := p + float64(z)
	bb := s - p
	e := (p - (s - bb)) + (float64(z) - bb)
	r := float32(s)
	if e == 0 || e != e {
		return r
	}
	// Where float32 is normal, s is halfway between two float32s only if its low 29
	// fraction bits are 1 and 28 zeros: mostly it is not, and its rounding is right.
	if b := math.Float64bits(s); b&(1<<29-1) != 1<<28 && math.Abs(s) >= 0x1p-126 {
		return r
	}
	if float64(r) == s {
		return r
	}
	// s lies strictly between r and its neighbour n on s's side.
	var n float64
	switch {
	case math.IsInf(float64(r), 0):
		// s rounded up to ±Inf: the neighbour is ±MaxFloat32, the halfway point ±2¹²⁸−2¹⁰³.
		n = math.Copysign(math.MaxFloat32, s)
		if s != math.Copysign(0x1p128-0x1p103, s) {
			return r
		}
		if (e < 0) == (s > 0) {
			return float32(n)
		}
		return r
	case s > float64(r):
		n = float64(math.Nextafter32(r, float32(math.Inf(1))))
	default:
		n = float64(math.Nextafter32(r, float32(math.Inf(-1))))
	}
	if (float64(r)+n)/2 != s {
		return r // not halfway: s's own rounding is right
	}
	if (e > 0) == (n > float64(r)) {
		return float32(n)
	}
	return r
}

// MatMulKernels are a backend's two product kernels, MatMulTile's and MatMulRows' kind,
// the shape of its tile, and its vector length: Rows takes only whole vectors of columns
// (the rest go through the generic MatMulRows, whose bits are the same).
type MatMulKernels[T Float] struct {
	Tile        func(c []T, ldc int, a, b []T, k, add int)
	Rows        func(c []T, ldc int, a []T, lda, astep int, b []T, ldb, m, n, k, add int)
	MR, NR, Vec int
}

// MatMulFunc is a backend's product: dst = op(a)·op(b) for an m×n dst, op transposing a
// (stored k×m) if transA and b (stored n×k) if transB; ld* are the row strides. It splits
// the work into units and calls par(units, work): par calls work.Do(u) once for every
// u < units, in any order and on any goroutines, and returns when all are done; each unit
// writes its own part of dst.
type MatMulFunc[T Float] func(dst []T, ldd int, a []T, lda int, transA bool, b []T, ldb int, transB bool, m, n, k int, par Par)

// Par runs the units of a call (see MatMulFunc).
type Par func(units int, work Units)

// Units is a call's work, unit by unit. An interface, not a closure: the caller hands a
// pooled pointer to other goroutines without allocating.
type Units interface{ Do(u int) }

// Serial runs the units one after another on the calling goroutine.
func Serial(units int, work Units) {
	for u := range units {
		work.Do(u)
	}
}

// MatMul is the generic backend's product.
func MatMul[T Float](dst []T, ldd int, a []T, lda int, transA bool, b []T, ldb int, transB bool, m, n, k int, par Par) {
	genericMatMul[T]()(dst, ldd, a, lda, transA, b, ldb, transB, m, n, k, par)
}

func genericMatMul[T Float]() MatMulFunc[T] {
	if isF64[T]() {
		return any(genericMatMul64).(MatMulFunc[T])
	}
	return any(genericMatMul32).(MatMulFunc[T])
}

var (
	genericMatMul32 = MatMulWith(MatMulKernels[float32]{MatMulTile[float32], MatMulRows[float32], TileMR, TileNR, 1})
	genericMatMul64 = MatMulWith(MatMulKernels[float64]{MatMulTile[float64], MatMulRows[float64], TileMR, TileNR, 1})
)

// The blocks of the packed path: a unit of work is an mc×nc block of dst; for each block
// of k it packs its mc×MatMulKC rows of a (for L2) and MatMulKC×nc columns of b, then runs
// the tile kernel over them, each mr×MatMulKC sliver of a serving a row of tiles from L1.
// mcBytes and ncBytes size the packed blocks: 128 KiB of a, 256 KiB of b.
const (
	mcBytes = 128 << 10
	ncBytes = 256 << 10
	// directWork is the size of product (m·n·k) below which the direct path, which packs
	// nothing, is faster; rowsWork bounds the work of one call of the direct kernel.
	directWork = 32 << 10
	rowsWork   = 64 << 10
)

// MatMulWith returns the product of a backend from its kernels: a direct path for small
// products and those with a few rows, a packed one otherwise. Every path computes each
// element as MatMulTile does, so the result's bits depend neither on the path nor on the
// split into units.
func MatMulWith[T Float](mk MatMulKernels[T]) MatMulFunc[T] {
	size := 4
	if isF64[T]() {
		size = 8
	}
	mc := max(1, mcBytes/(MatMulKC*size)/mk.MR) * mk.MR
	nc := max(1, ncBytes/(MatMulKC*size)/mk.NR) * mk.NR
	bufs := &freeList[[]T]{make: func() []T { return make([]T, mc*MatMulKC+MatMulKC*nc+mk.MR*mk.NR) }}
	calls := &freeList[*matMulCall[T]]{make: func() *matMulCall[T] { return new(matMulCall[T]) }}
	return func(dst []T, ldd int, a []T, lda int, transA bool, b []T, ldb int, transB bool, m, n, k int, par Par) {
		if m == 0 || n == 0 {
			return
		}
		if k == 0 {
			for i := range m {
				clear(dst[i*ldd : i*ldd+n])
			}
			return
		}
		astep := 1
		if transA {
			lda, astep = 1, lda
		}
		c := calls.get()
		*c = matMulCall[T]{mk: &mk, bufs: bufs, mc: mc, nc: nc, dst: dst, ldd: ldd, a: a, lda: lda, astep: astep,
			b: b, ldb: ldb, transB: transB, m: m, n: n, k: k}
		if !transB && (m < mk.MR || small(m, n, k)) {
			kc := min(k, MatMulKC)
			// Columns a call: whole tiles' worth where rowsWork allows; rows: the rest of it.
			c.cols = min(n, max(mk.NR, rowsWork/kc/mk.NR*mk.NR))
			c.rows = min(m, max(1, rowsWork/kc/c.cols))
			c.direct = true
		} else {
			c.rows, c.cols = mc, nc
		}
		c.nu = (n + c.cols - 1) / c.cols
		par((m+c.rows-1)/c.rows*c.nu, c)
		*c = matMulCall[T]{}
		calls.put(c)
	}
}

// matMulCall is one product's operands and split: unit u is the block of dst of rows
// rows and cols columns at (u/nu, u%nu) in blocks.
type matMulCall[T Float] struct {
	mk             *MatMulKernels[T]
	bufs           *freeList[[]T]
	mc, nc         int
	dst            []T
	ldd            int
	a              []T
	lda, astep     int
	b              []T
	ldb            int
	transB, direct bool
	m, n, k        int
	rows, cols, nu int
}

func (c *matMulCall[T]) Do(u int) {
	i0, j0 := u/c.nu*c.rows, u%c.nu*c.cols
	r, cols := min(c.rows, c.m-i0), min(c.cols, c.n-j0)
	if c.direct {
		direct(c.mk, c.dst[i0*c.ldd+j0:], c.ldd, c.a[i0*c.lda:], c.lda, c.astep, c.b[j0:], c.ldb, r, cols, c.k)
		return
	}
	buf := c.bufs.get()
	packed(c.mk, buf, c.mc, c.nc, c.dst[i0*c.ldd+j0:], c.ldd, c.a[i0*c.lda:], c.lda, c.astep, c.b, c.ldb, c.transB, j0, r, cols, c.k)
	c.bufs.put(buf)
}

// freeList keeps what calls put back for the next, up to 64 items: unlike a sync.Pool's,
// they survive garbage collections, so that products in steady state allocate nothing.
// It holds as many as were ever in use at once.
type freeList[E any] struct {
	make func() E
	once sync.Once
	free chan E
}

func (f *freeList[E]) get() E {
	f.once.Do(func() { f.free = make(chan E, 64) })
	select {
	case e := <-f.free:
		return e
	default:
		return f.make()
	}
}

func (f *freeList[E]) put(e E) {
	select {
	case f.free <- e:
	default:
	}
}

// small reports whether m·n·k is below directWork, without overflow.
func small(m, n, k int) bool { return m <= directWork/n/k }

// direct computes an m×n block of dst with the rows kernel, block of k by block of k:
// whole vectors of columns through the backend's, the rest through generic's.
func direct[T Float](mk *MatMulKernels[T], dst []T, ldd int, a []T, lda, astep int, b []T, ldb, m, n, k int) {
	whole := n / mk.Vec * mk.Vec
	for p := 0; p < k; p += MatMulKC {
		add, kc := min(p, 1), min(MatMulKC, k-p)
		as, bs := a[p*astep:], b[p*ldb:]
		if whole > 0 {
			mk.Rows(dst, ldd, as, lda, astep, bs, ldb, m, whole, kc, add)
		}
		if whole < n {
			MatMulRows(dst[whole:], ldd, as, lda, astep, bs[whole:], ldb, m, n-whole, kc, add)
		}
	}
}

// packed computes an m×n block of dst (m ≤ mc, n ≤ nc) whose rows of a start at a and
// whose columns of b start at column j0 of b.
func packed[T Float](mk *MatMulKernels[T], buf []T, mc, nc int, dst []T, ldd int, a []T, lda, astep int, b []T, ldb int, transB bool, j0, m, n, k int) {
	mr, nr := mk.MR, mk.NR
	ap, bp, tile := buf[:mc*MatMulKC], buf[mc*MatMulKC:mc*MatMulKC+MatMulKC*nc], buf[mc*MatMulKC+MatMulKC*nc:]
	for p := 0; p < k; p += MatMulKC {
		kc, add := min(MatMulKC, k-p), min(p, 1)
		packB(bp, b, ldb, transB, p, j0, kc, n, nr)
		packA(ap, a, lda, astep, p, kc, m, mr)
		for i := 0; i < m; i += mr {
			as := ap[i*kc : (i+mr)*kc]
			for j := 0; j < n; j += nr {
				bs := bp[j*kc : (j+nr)*kc]
				if i+mr <= m && j+nr <= n {
					mk.Tile(dst[i*ldd+j:], ldd, as, bs, kc, add)
					continue
				}
				// An edge tile: the whole tile into tile, then its part inside dst.
				mk.Tile(tile, nr, as, bs, kc, 0)
				for r := range min(mr, m-i) {
					row, t := dst[(i+r)*ldd+j:(i+r)*ldd+min(j+nr, n)], tile[r*nr:]
					for c := range row {
						if add == 0 {
							row[c] = t[c]
						} else {
							row[c] += t[c]
						}
					}
				}
			}
		}
	}
}

// packA packs rows of a, columns p..p+kc, into slivers of mr rows: for each column the
// sliver's mr elements in a row, rows past m zero.
func packA[T Float](ap, a []T, lda, astep, p, kc, m, mr int) {
	for i := 0; i < m; i += mr {
		s := ap[i*kc : (i+mr)*kc]
		for r := range mr {
			if i+r >= m {
				for q := range kc {
					s[q*mr+r] = 0
				}
				continue
			}
			src := a[(i+r)*lda+p*astep:]
			for q := range kc {
				s[q*mr+r] = src[q*astep]
			}
		}
	}
}

// packB packs rows p..p+kc of b (or of bᵀ), columns j0..j0+n, into slivers of nr columns:
// for each row the sliver's nr elements, columns past n zero.
func packB[T Float](bp, b []T, ldb int, transB bool, p, j0, kc, n, nr int) {
	for j := 0; j < n; j += nr {
		s := bp[j*kc : (j+nr)*kc]
		w := min(nr, n-j)
		for q := range kc {
			row := s[q*nr : q*nr+nr]
			if transB {
				for c := range w {
					row[c] = b[(j0+j+c)*ldb+p+q]
				}
			} else {
				copy(row[:w], b[(p+q)*ldb+j0+j:])
			}
			clear(row[w:])
		}
	}
}
