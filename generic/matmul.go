package generic

import (
	"cmp"
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

// MatMulTile computes a TileMR×TileNR tile over one block of k steps of a[i·rsa+p·csa]
// times b[p·ldb+j] (packed slivers: rsa 1, csa TileMR, ldb TileNR; or in place). Element
// (i, j) is c[i·ldc+j]: set to the chain's result if add is 0, increased by it otherwise.
func MatMulTile[T Float](c []T, ldc int, a []T, rsa, csa int, b []T, ldb, k, add int) {
	var acc [TileMR][TileNR]T
	_ = b[(k-1)*ldb+TileNR-1]
	if rsa != 1 || csa != TileMR || ldb != TileNR {
		_ = a[(TileMR-1)*rsa+(k-1)*csa]
		for p := range k {
			bp := (*[TileNR]T)(b[p*ldb:])
			for i := range TileMR {
				ai := a[i*rsa+p*csa]
				for j, bj := range bp {
					acc[i][j] = fmaOnce(ai, bj, acc[i][j])
				}
			}
		}
		store(c, ldc, acc[:], add)
		return
	}
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
// increased as in MatMulTile, or with add = 2 its chain continued from c's value, so that
// calls over consecutive steps of k give one chain's bits. Its bits are MatMulTile's.
func MatMulRows[T Float](c []T, ldc int, a []T, lda, astep int, b []T, ldb, m, n, k, add int) {
	for i := range m {
		row := c[i*ldc : i*ldc+n]
		for j := range row {
			var acc T
			if add == 2 {
				acc = row[j]
			}
			for p := range k {
				acc = fmaOnce(a[i*lda+p*astep], b[p*ldb+j], acc)
			}
			if add == 1 {
				row[j] += acc
			} else {
				row[j] = acc
			}
		}
	}
}

// MatMulRowTransB computes a row of a product against bᵀ over one block of k steps: c[j]
// set (or, with add = 1, increased) to one FMA chain over p < k of a[p]·b[j·ldb+p], for
// j < n. Its bits are MatMulRows'.
func MatMulRowTransB[T Float](c, a, b []T, ldb, n, k, add int) {
	for j := range c[:n] {
		var acc T
		for p, x := range a[:k] {
			acc = fmaOnce(x, b[j*ldb+p], acc)
		}
		if add == 1 {
			c[j] += acc
		} else {
			c[j] = acc
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
//
// The common case is small enough to inline into the product's loops: where float32 is
// normal, s is halfway between two float32s only if its low 29 fraction bits are 1 and
// 28 zeros; mostly they are not, and s's rounding is right.
func FMA32(x, y, z float32) float32 {
	s := float64(x)*float64(y) + float64(z)
	if b := math.Float64bits(s); b&(1<<29-1) != 1<<28 && b>>52&0x7ff >= 1023-126 { // |s| ≥ 2⁻¹²⁶ or NaN
		return float32(s)
	}
	return fma32Rare(x, y, z)
}

// fma32Rare is FMA32 where s may lie halfway, among subnormals, or is not finite.
func fma32Rare(x, y, z float32) float32 {
	p := float64(x) * float64(y)
	s := p + float64(z)
	bb := s - p
	e := (p - (s - bb)) + (float64(z) - bb)
	r := float32(s)
	if e == 0 || e != e {
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
// (the direct path pads the rest to a vector, see direct).
type MatMulKernels[T Float] struct {
	Tile       func(c []T, ldc int, a []T, rsa, csa int, b []T, ldb, k, add int)
	Rows       func(c []T, ldc int, a []T, lda, astep int, b []T, ldb, m, n, k, add int)
	Copy       func(dst []T, ldd int, src []T, lds, rows, cols int) // PackCopy's kind
	Trans      func(dst []T, ldd int, src []T, lds, rows, cols int) // Transpose's kind: bᵀ's packing
	Interleave func(dst, src []T, lds, kc int)                      // PackRows's kind, MR rows; nil: in Go
	// RowT is MatMulRowTransB's kind, for a row vector against bᵀ (nil: bᵀ is transposed),
	// taking columns four groups of RowV at a time and k in steps of 16 bytes.
	RowT        func(c, a, b []T, ldb, n, k, add int)
	MR, NR, Vec int
	RowV        int
	// Narrow, if not nil, are the same kernels but a narrower tile's (and its Interleave),
	// for products no wider than it (see the catalogue's MatMul).
	Narrow *MatMulKernels[T]
}

// MatMulFunc is a backend's product: dst = op(a)·op(b) for an m×n dst, op transposing a
// (stored k×m) if transA and b (stored n×k) if transB; ld* are the row strides. It splits
// the work into units and calls par.Run(units, work), which calls work.Do(u) once for
// every u < units, in any order and on up to par.Threads goroutines, and returns when all
// are done; each unit writes its own part of dst. The split may depend on par.Threads, the
// bits never do.
type MatMulFunc[T Float] func(dst []T, ldd int, a []T, lda int, transA bool, b []T, ldb int, transB bool, m, n, k int, par Par)

// Par runs the units of a call (see MatMulFunc) on up to Threads goroutines.
type Par struct {
	Threads int // the most goroutines Run uses, at least 1
	Run     func(units int, work Units)
}

// Units is a call's work, unit by unit. An interface, not a closure: the caller hands a
// pooled pointer to other goroutines without allocating.
type Units interface{ Do(u int) }

// Serial runs the units one after another on the calling goroutine.
var Serial = Par{Threads: 1, Run: func(units int, work Units) {
	for u := range units {
		work.Do(u)
	}
}}

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
	genericMatMul32 = MatMulWith(MatMulKernels[float32]{Tile: MatMulTile[float32], Rows: MatMulRows[float32], Copy: PackCopy[float32], Trans: Transpose[float32], RowT: MatMulRowTransB[float32], MR: TileMR, NR: TileNR, Vec: 1, RowV: 1})
	genericMatMul64 = MatMulWith(MatMulKernels[float64]{Tile: MatMulTile[float64], Rows: MatMulRows[float64], Copy: PackCopy[float64], Trans: Transpose[float64], RowT: MatMulRowTransB[float64], MR: TileMR, NR: TileNR, Vec: 1, RowV: 1})
)

// The packed path's blocking is Goto's. For each panel of b's columns (panelsB slices
// at most) and block of a's rows (panelsA units at most), and each block of k in order, a
// call packs that block of a and panel of b once, in units (mc rows of a, ns columns of b
// each), then computes the mc×ns blocks of dst in units: each runs the tile kernel with
// every MatMulKC×NR sliver of its b (kept in L1) against every MR×MatMulKC sliver of its
// mc rows of a (kept in L2), or, where b's sliver is larger than l1Sliver, every sliver
// of a (kept in L1) against every sliver of b (see block). Packing a and b once a block
// of k keeps their cost at (m + n)·k element moves against m·n·k multiply-adds; a narrow
// product's tiles read a's slivers in place instead (see inPlaceA), and a product of few
// rows b's (inPlaceB).
//
// mcBytes and nsBytes size a unit's share of the packed a and b: 128 KiB of a fits the
// L2 of every CPU lanes targets (256 KiB on Haswell, 1–2 MiB since Skylake-SP and on
// Neoverse), beside the slivers of b that stream through it; a slice of b of 512 KiB
// rather than 256 gave 1024³ 3% on one goroutine and float64 1.90× rather than 1.78× on
// two (fewer units, each reading less of b a multiply-add). The sizes are the same on
// every CPU, not read from it. The panels, shared by the units of a call, hold at most
// 1 MiB of a and 2 MiB of b.
const (
	mcBytes = 128 << 10
	nsBytes = 512 << 10
	// l1Sliver is the largest sliver of b that block keeps in L1. avx512's (32 KiB) lost
	// lines to a's streaming past; keeping a's instead took 1024³ and 2048³ 3–9% less
	// time on Zen 5. avx2's (16 KiB) gained nothing so.
	l1Sliver = 16 << 10
	// packSteps is how many steps of k aᵀ's packing copies for every sliver before the
	// next: a sliver's piece of a row (48 bytes) is less than a line, which the next
	// sliver reads again while in L1 (MatMulTransA 256×784·784×128: 3.5% less time).
	packSteps = 32
	panelsA   = 8
	panelsB   = 4
	// inPlaceCols is the widest product whose tiles read a's slivers in place, and
	// inPlaceRows the tallest that reads b's so (see inPlaceA and inPlaceB).
	inPlaceCols = 256
	inPlaceRows = 512
	// directWork is the size of product (m·n·k) below which the direct path, which packs
	// nothing, is faster; rowsWork bounds the work of one call of the direct kernel.
	directWork = 32 << 10
	rowsWork   = 64 << 10
	// transBElems bounds the bᵀ (n·k elements) that the direct path transposes whole.
	transBElems = 16 << 10
	// streamBytes bounds the width of a unit of a row vector's product, in bytes of each
	// row of b, and so its scratch: the wider the faster (1×500·500×2000 in float32 on
	// Zen 3: 63 µs streamed over 1984 columns a unit, 73 over 992, 79 over 512), so a
	// unit is as wide as the goroutines allow. streamRows rows of b go through a call: 64
	// took 10% longer than 8, more streams than the prefetchers follow.
	streamBytes = 16 << 10
	streamRows  = 8
	// streamScratch bounds a streamed unit's scratch: its rows of results for the blocks
	// of k after the first.
	streamScratch = 64 << 10
	// tailRows bounds the rows of one call of the rows kernel on the direct path's
	// padded tail (see direct), so that its scratch stays small however many rows a unit
	// has (tens of thousands where n and k are small).
	tailRows = 64
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
	ns := max(1, nsBytes/(MatMulKC*size)/mk.NR) * mk.NR
	keepA := keepsA(mk.NR, size)
	// Up to 16 calls' buffers are kept, 48 MiB at most: enough for 16 goroutines that
	// multiply at once, without holding what a burst of more needed.
	bufs := &freeList[*matMulBufs[T]]{make: func() *matMulBufs[T] { return new(matMulBufs[T]) }, keep: 16}
	tiles := &freeList[[]T]{make: func() []T { return make([]T, mk.MR*mk.NR) }}
	transposed := &freeList[[]T]{make: func() []T { return make([]T, transBElems) }, keep: 16}
	streams := &freeList[[]T]{make: func() []T { return make([]T, streamScratch/size) }, keep: 16}
	calls := &freeList[*matMulCall[T]]{make: func() *matMulCall[T] { return new(matMulCall[T]) }}
	// A direct unit's tail: tailRows rows of results, then a block of k of b's columns.
	tails := &freeList[[]T]{make: func() []T { return make([]T, (tailRows+MatMulKC)*mk.Vec) }}
	var narrow MatMulFunc[T]
	if mk.Narrow != nil {
		narrow = MatMulWith(*mk.Narrow)
	}
	return func(dst []T, ldd int, a []T, lda int, transA bool, b []T, ldb int, transB bool, m, n, k int, par Par) {
		if m == 0 || n == 0 {
			return
		}
		if narrow != nil && n <= mk.Narrow.NR {
			narrow(dst, ldd, a, lda, transA, b, ldb, transB, m, n, k, par)
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
		*c = matMulCall[T]{mk: &mk, tiles: tiles, tails: tails, mc: mc, ns: ns, keepA: keepA, dst: dst, ldd: ldd, a: a, lda: lda, astep: astep,
			b: b, ldb: ldb, transB: transB, m: m, n: n, k: k}
		direct := m < mk.MR || small(m, n, k)
		if g := 4 * mk.RowV; mk.RowT != nil && m == 1 && transB && !transA && n >= g && k%(16/size) == 0 {
			// A row vector against bᵀ: MatMulRowTransB reads b's rows in place, where
			// a transposed copy took 2.2× NumPy's time at 1×500·(2000×500)ᵀ. A unit
			// for each goroutine, in calls of rowsWork elements of b at most; the last
			// unit's columns past the last four groups go through directTransB.
			c.rowT, c.transposed = true, transposed
			c.cols = (n/g + par.Threads - 1) / par.Threads * g
			c.nu = (n/g*g + c.cols - 1) / c.cols
			par.Run(c.nu, c)
			*c = matMulCall[T]{}
			calls.put(c)
			return
		}
		var bt []T
		ldt := n
		if w := (n + mk.Vec - 1) / mk.Vec * mk.Vec; k <= transBElems/w {
			ldt = w
		}
		if direct && transB && k <= transBElems/ldt { // ldt·k ≤ transBElems, without overflow
			// A small bᵀ is transposed whole, for the direct path: packing it in slivers
			// for a few rows of results cost twice NumPy's time at 4×2·2×400. Its rows
			// are padded with zeros to whole vectors where that fits, so that direct reads
			// the tail's columns in place rather than copying kc×Vec elements a block.
			bt = transposed.get()
			transposePadded(mk.Trans, bt, ldt, b, ldb, n, k)
			c.b, c.ldb, c.transB, c.padded = bt, ldt, false, ldt > n
		}
		if direct && c.transB {
			// A bᵀ too large to transpose whole (a row vector through a layer) goes in
			// pieces: each unit transposes its columns of b a block of k at a time into
			// a scratch of transBElems, padded to whole vectors, and runs the rows kernel
			// on it for all its rows (fewer than MR, or a small product), so that b is
			// read once, and not packed whole for one row of results, as the packed path
			// would (5× NumPy's time at 1×500·(2000×500)ᵀ).
			kc := min(k, MatMulKC)
			c.cols = min(n, max(mk.Vec, transBElems/kc/mk.Vec*mk.Vec))
			c.rows = m
			c.direct, c.transposed = true, transposed
			c.nu = (n + c.cols - 1) / c.cols
			par.Run(c.nu, c)
		} else if direct && m < mk.MR && n >= 4*mk.Vec {
			// A few rows against a wide b, streamed a few rows of b at a time (see
			// streamRows): a unit for each goroutine, of at most streamBytes of each row
			// of b and a scratch of streamScratch.
			share := ((n+par.Threads-1)/par.Threads + mk.Vec - 1) / mk.Vec * mk.Vec
			c.cols = min(n, share, streamBytes/size, max(mk.Vec, streamScratch/size/m/mk.Vec*mk.Vec))
			c.rows, c.direct, c.stream, c.streams = m, true, true, streams
			c.nu = (n + c.cols - 1) / c.cols
			par.Run(c.nu, c)
			if bt != nil {
				transposed.put(bt)
			}
		} else if direct {
			kc := min(k, MatMulKC)
			// Columns a call: whole tiles' worth where rowsWork allows; rows: the rest of it.
			c.cols = min(n, max(mk.NR, rowsWork/kc/mk.NR*mk.NR))
			c.rows = min(m, max(1, rowsWork/kc/c.cols))
			c.direct = true
			c.nu = (n + c.cols - 1) / c.cols
			par.Run((m+c.rows-1)/c.rows*c.nu, c)
			if bt != nil {
				transposed.put(bt)
			}
		} else {
			// The buffers grow to the largest product they have served, at most the panels.
			buf := bufs.get()
			if need := (min(m, panelsA*mc) + mk.MR - 1) / mk.MR * mk.MR * MatMulKC; len(buf.a) < need {
				buf.a = make([]T, need)
			}
			if need := (min(n, panelsB*ns) + mk.NR - 1) / mk.NR * mk.NR * MatMulKC; len(buf.b) < need {
				buf.b = make([]T, need)
			}
			if mk.Interleave != nil && len(buf.edge) < mk.MR*MatMulKC {
				buf.edge = make([]T, mk.MR*MatMulKC)
			}
			c.ap, c.bp, c.edge = buf.a, buf.b, buf.edge
			c.aInPlace, c.bInPlace = inPlaceA(n, lda, astep, size), inPlaceB(m, ldb, size, transB)
			c.packed(par)
			bufs.put(buf)
		}
		*c = matMulCall[T]{}
		calls.put(c)
	}
}

// keepsA reports whether block keeps a's sliver in L1 rather than b's, nr columns of
// size bytes.
func keepsA(nr, size int) bool { return MatMulKC*nr*size > l1Sliver }

// inPlaceA reports whether the packed path's tiles read a's whole slivers where a is
// (rows lda apart, columns astep) rather than packed: packing costs m·k moves, which n ≤
// inPlaceCols columns do not repay (the MLP's step: 1230 → 1115 µs on Zen 4). Rows a
// multiple of 4 KiB apart would share L1's sets (1024×1024·1024×256: 5.4 → 6.2 ms).
func inPlaceA(n, lda, astep, size int) bool {
	return n <= inPlaceCols && (astep != 1 || lda*size%4096 != 0)
}

// inPlaceB reports the same of b's slivers (b not transposed) for m ≤ inPlaceRows rows
// (128×256·256×784: 535 → 503 µs, 512³ 2.87 → 2.61 ms; 1000³ 6% slower in place, its
// rows of b read again for every sliver of a, a page each).
func inPlaceB(m, ldb, size int, transB bool) bool {
	return !transB && m <= inPlaceRows && ldb*size%4096 != 0
}

// matMulBufs are a call's packed block of a and panel of b: at most panelsA units' worth
// of a (1 MiB) and panelsB slices of b (2 MiB); and the scratch of a's last sliver (see
// packA), used by one unit of a call only, the last of a's last block.
type matMulBufs[T Float] struct{ a, b, edge []T }

// matMulCall is one product's operands and split. The direct path's unit u is the block
// of dst of rows rows and cols columns at (u/nu, u%nu) in blocks; the packed path's units
// are those of its current phase.
type matMulCall[T Float] struct {
	mk             *MatMulKernels[T]
	tiles, tails   *freeList[[]T]
	transposed     *freeList[[]T] // the scratch of a bᵀ transposed in pieces
	streams        *freeList[[]T] // the scratch of a row streamed after its first block of k
	stream         bool           // a few rows of a against a wide b: see streamRows
	rowT           bool           // a row vector against bᵀ through RowT
	dst            []T
	ldd            int
	a              []T
	lda, astep     int
	b              []T
	ldb            int
	transB, direct bool
	padded         bool // b's rows are zero-padded to whole vectors (bᵀ transposed whole)
	m, n, k        int
	rows, cols, nu int

	// The packed path: unit sizes, the packed block and panel, and where the current
	// phase is: rows i0.. (mr of them) and columns j0.. (nr) of dst, the block of k at p.
	mc, ns         int
	keepA          bool // block keeps a's sliver in L1 rather than b's (see l1Sliver)
	aInPlace       bool // the tiles read a's whole slivers in place, unpacked (see inPlaceA)
	bInPlace       bool // and b's (see inPlaceB)
	ap, bp, edge   []T
	packing        bool
	i0, j0, mr, nr int
	p, kc          int
	ua, ub         int // units of a and of b in the current block and panel
}

// packed runs the packed path: for each panel and block, for each block of k, one phase
// of units that pack, then one that computes.
func (c *matMulCall[T]) packed(par Par) {
	for c.j0 = 0; c.j0 < c.n; c.j0 += panelsB * c.ns {
		nr := min(panelsB*c.ns, c.n-c.j0)
		for c.p = 0; c.p < c.k; c.p += MatMulKC {
			c.kc = min(MatMulKC, c.k-c.p)
			// b's panel is packed with a's first block, then serves every block of a.
			c.nr, c.ub = nr, (nr+c.ns-1)/c.ns
			for c.i0 = 0; c.i0 < c.m; c.i0 += panelsA * c.mc {
				c.mr = min(panelsA*c.mc, c.m-c.i0)
				c.ua = (c.mr + c.mc - 1) / c.mc
				c.packing = true
				if c.i0 == 0 {
					par.Run(c.ua+c.ub, c)
				} else {
					par.Run(c.ua, c)
				}
				c.packing = false
				par.Run(c.ua*c.ub, c)
			}
		}
	}
}

func (c *matMulCall[T]) Do(u int) {
	switch {
	case c.rowT:
		c.rowTransB(u)
	case c.direct:
		i0, j0 := u/c.nu*c.rows, u%c.nu*c.cols
		r, cols := min(c.rows, c.m-i0), min(c.cols, c.n-j0)
		if c.transB {
			c.directTransB(c.dst[i0*c.ldd+j0:], c.a[i0*c.lda:], c.b[j0*c.ldb:], r, cols)
			break
		}
		if c.stream {
			c.streamRows(c.dst[j0:], c.b[j0:], c.m, cols)
			break
		}
		direct(c.mk, c.tails, c.dst[i0*c.ldd+j0:], c.ldd, c.a[i0*c.lda:], c.lda, c.astep, c.b[j0:], c.ldb, c.padded, r, cols, c.k, 0)
	case c.packing && u < c.ua:
		i, rows := u*c.mc, min(c.mc, c.mr-u*c.mc)
		if c.aInPlace {
			// Only a last sliver of fewer than MR rows is packed (padded with zeros).
			whole := rows / c.mk.MR * c.mk.MR
			if whole == rows {
				break
			}
			i, rows = i+whole, rows-whole
		}
		packA(c.mk.Copy, c.mk.Interleave, c.ap[i*c.kc:], c.a[(c.i0+i)*c.lda:], c.lda, c.astep, c.p, c.kc, rows, c.mk.MR, c.edge)
	case c.packing:
		j, cols := (u-c.ua)*c.ns, min(c.ns, c.nr-(u-c.ua)*c.ns)
		if c.bInPlace {
			// Only a last sliver of fewer than NR columns is packed (padded with zeros).
			whole := cols / c.mk.NR * c.mk.NR
			if whole == cols {
				break
			}
			j, cols = j+whole, cols-whole
		}
		packB(c.mk.Copy, c.mk.Trans, c.bp[j*c.kc:], c.b, c.ldb, c.transB, c.p, c.j0+j, c.kc, cols, c.mk.NR)
	default:
		// Consecutive units share a slice of b, so that a goroutine's next unit mostly
		// finds it in L2 (two goroutines: 1024³ and 2048³ 7–11% faster than with a new
		// slice each unit).
		i, j := u%c.ua*c.mc, u/c.ua*c.ns
		c.block(i, j, min(c.mc, c.mr-i), min(c.ns, c.nr-j))
	}
}

// streamRows computes the n columns at dst of a product of m rows (fewer than a tile)
// from the columns of b at b. For each block of k, the rows kernel starts each element's
// chain over the first streamRows rows of b and continues it (add = 2) over the next
// streamRows a call, four rows of a at a time sharing each load of b, in dst (the first
// block) or in a scratch whose results are then added to dst: a call reads streamRows
// rows of b, each in order, where the rows kernel alone walks down a strip of columns a
// row of b at a time, a page of b or more apart, which the prefetchers do not follow
// (1×500·500×2000 in float32: 80 µs against 53 for the same FMAs streamed, on Zen 3), and
// reads b again for each row of a (4×500·500×2000: 335 µs, against NumPy's 257). The
// columns past the last whole vector go through direct.
func (c *matMulCall[T]) streamRows(dst, b []T, m, n int) {
	mk := c.mk
	whole := n / mk.Vec * mk.Vec
	var t []T
	if c.k > MatMulKC {
		t = c.streams.get()
	}
	for p := 0; p < c.k; p += MatMulKC {
		kc := min(MatMulKC, c.k-p)
		acc, lda := dst, c.ldd
		if p > 0 {
			acc, lda = t, whole
		}
		// The block's first call starts the chains from zero (add = 0: the same bits as
		// clearing acc and continuing, without the pass that clears it), the others
		// continue them.
		for q, add := p, 0; q < p+kc; q, add = q+streamRows, 2 {
			mk.Rows(acc, lda, c.a[q*c.astep:], c.lda, c.astep, b[q*c.ldb:], c.ldb, m, whole, min(streamRows, p+kc-q), add)
		}
		if p > 0 {
			for i := range m {
				row := dst[i*c.ldd : i*c.ldd+whole]
				for j, v := range t[i*whole : i*whole+whole] {
					row[j] += v
				}
			}
		}
	}
	if t != nil {
		c.streams.put(t)
	}
	if whole < n {
		direct(mk, c.tails, dst[whole:], c.ldd, c.a, c.lda, c.astep, b[whole:], c.ldb, c.padded, m, n-whole, c.k, 0)
	}
}

// rowTransB computes unit u of a row vector's product against bᵀ: its columns in pieces
// of at most rowsWork elements of b a call, each piece block of k by block of k, so that
// each element's block results are added in order.
func (c *matMulCall[T]) rowTransB(u int) {
	mk, g := c.mk, 4*c.mk.RowV
	whole := c.n / g * g
	j0 := u * c.cols
	end := min(j0+c.cols, whole)
	piece := max(g, rowsWork/min(c.k, MatMulKC)/g*g)
	for j := j0; j < end; j += piece {
		w := min(piece, end-j)
		for p := 0; p < c.k; p += MatMulKC {
			kc := min(MatMulKC, c.k-p)
			mk.RowT(c.dst[j:j+w], c.a[p:p+kc], c.b[j*c.ldb+p:], c.ldb, w, kc, min(p, 1))
		}
	}
	if end == whole && whole < c.n {
		c.directTransB(c.dst[whole:], c.a, c.b[whole*c.ldb:], 1, c.n-whole)
	}
}

// directTransB computes the m×n block of dst at dst from the rows of a at a and the n rows
// of b (columns of bᵀ) at b: for each block of k, it transposes them into a scratch whose
// rows are padded to whole vectors, and runs direct on it, storing the first block's
// results and adding the others'.
func (c *matMulCall[T]) directTransB(dst, a, b []T, m, n int) {
	vec := c.mk.Vec
	ldt := (n + vec - 1) / vec * vec
	bt := c.transposed.get()
	for p := 0; p < c.k; p += MatMulKC {
		kc := min(MatMulKC, c.k-p)
		transposePadded(c.mk.Trans, bt, ldt, b[p:], c.ldb, n, kc)
		direct(c.mk, c.tails, dst, c.ldd, a[p*c.astep:], c.lda, c.astep, bt, ldt, true, m, n, kc, min(p, 1))
	}
	c.transposed.put(bt)
}

// block computes the m×n block of dst at rows i0+i.., columns j0+j.. over the current block
// of k: each sliver of b against every sliver of a, so that the sliver of b stays in L1,
// or, with keepA, each sliver of a against every sliver of b.
func (c *matMulCall[T]) block(i, j, m, n int) {
	mr, nr := c.mk.MR, c.mk.NR
	var tile []T
	if c.keepA {
		for ii := i; ii < i+m; ii += mr {
			for jj := j; jj < j+n; jj += nr {
				tile = c.tile(tile, ii, jj, i+m, j+n)
			}
		}
	} else {
		for jj := j; jj < j+n; jj += nr {
			for ii := i; ii < i+m; ii += mr {
				tile = c.tile(tile, ii, jj, i+m, j+n)
			}
		}
	}
	if tile != nil {
		c.tiles.put(tile)
	}
}

// tile computes the tile at rows i0+ii.., columns j0+jj.. of dst, those before iEnd and
// jEnd: an edge tile through the scratch tile (taken when nil, returned for the next).
func (c *matMulCall[T]) tile(tile []T, ii, jj, iEnd, jEnd int) []T {
	mk, kc, add := c.mk, c.kc, min(c.p, 1)
	mr, nr := mk.MR, mk.NR
	as, rsa, csa, bs, ldb := c.ap[ii*kc:(ii+mr)*kc], 1, mr, c.bp[jj*kc:(jj+nr)*kc], nr
	if c.aInPlace && ii+mr <= c.mr {
		as, rsa, csa = c.a[(c.i0+ii)*c.lda+c.p*c.astep:], c.lda, c.astep
	}
	if c.bInPlace && jj+nr <= c.nr {
		bs, ldb = c.b[c.p*c.ldb+c.j0+jj:], c.ldb
	}
	d := c.dst[(c.i0+ii)*c.ldd+c.j0+jj:]
	if ii+mr <= iEnd && jj+nr <= jEnd {
		mk.Tile(d, c.ldd, as, rsa, csa, bs, ldb, kc, add)
		return tile
	}
	if tile == nil {
		tile = c.tiles.get()
	}
	mk.Tile(tile, nr, as, rsa, csa, bs, ldb, kc, 0)
	for r := range min(mr, iEnd-ii) {
		row, t := d[r*c.ldd:r*c.ldd+min(nr, jEnd-jj)], tile[r*nr:]
		for q := range row {
			if add == 0 {
				row[q] = t[q]
			} else {
				row[q] += t[q]
			}
		}
	}
	return tile
}

// freeList keeps what calls put back for the next, up to keep items: unlike a sync.Pool's,
// they survive garbage collections, so that products in steady state allocate nothing.
// It holds as many as were ever in use at once, up to keep.
type freeList[E any] struct {
	make func() E
	keep int // the most it holds; 0 means 64
	once sync.Once
	free chan E
}

func (f *freeList[E]) get() E {
	f.once.Do(func() { f.free = make(chan E, cmp.Or(f.keep, 64)) })
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

// direct computes an m×n block of dst with the backend's rows kernel, block of k by block
// of k. The columns past the last whole vector (fewer than a vector: all of a product
// with 2 columns) go through the same kernel, padded to a vector, rather than through
// generic's scalar MatMulRows (math.FMA, or FMA32's emulation in float32), which took
// about 5 ns a multiply-add: 16 µs of 4×400·400×2 in float64 on Zen 3 against 6 for a
// plain Go loop. Their columns of b, read in place where b's rows are zero-padded to whole
// vectors (padded: a bᵀ transposed whole) and otherwise copied a block of k at a time to
// a scratch kc×Vec with zeros beside them, go against tailRows rows of a at a time into a
// scratch tailRows×Vec, of which the first n mod Vec columns are stored to dst, or added
// to it after the first block: each column of the kernel's results is its own FMA chain,
// so the padding changes no bit, and the block results are added to dst in order, as the
// kernel adds them. With add0 = 1 the first block's results are added to dst too (a
// caller's later block of k).
func direct[T Float](mk *MatMulKernels[T], tails *freeList[[]T], dst []T, ldd int, a []T, lda, astep int, b []T, ldb int, padded bool, m, n, k, add0 int) {
	vec := mk.Vec
	whole := n / vec * vec
	var tail []T
	if whole < n {
		tail = tails.get()
	}
	for p := 0; p < k; p += MatMulKC {
		add, kc := max(add0, min(p, 1)), min(MatMulKC, k-p)
		as, bs := a[p*astep:], b[p*ldb:]
		if whole > 0 {
			mk.Rows(dst, ldd, as, lda, astep, bs, ldb, m, whole, kc, add)
		}
		if tail == nil {
			continue
		}
		w := n - whole
		cs := tail[:tailRows*vec]
		bt, ldt := bs[whole:], ldb
		if !padded {
			// The zeros are cleared once a call: every block writes the same w columns,
			// and no more rows than the first. 4×400·400×2 in float32 on Zen 5: 2.25 µs
			// with a clear a block and a re-sliced loop a row (two thirds of it), 1.29
			// with one clear and the backend's PackCopy, 1.17 with copyNarrow.
			bt, ldt = tail[tailRows*vec:][:kc*vec], vec
			if p == 0 {
				clear(bt)
			}
			copyNarrow(bt, vec, bs[whole:], ldb, kc, w)
		}
		for i := 0; i < m; i += tailRows {
			r := min(tailRows, m-i)
			mk.Rows(cs, vec, as[i*lda:], lda, astep, bt, ldt, r, vec, kc, 0)
			for ii := range r {
				row, t := dst[(i+ii)*ldd+whole:][:w], cs[ii*vec:][:w]
				if add == 0 {
					for j := range row {
						row[j] = t[j]
					}
				} else {
					for j := range row {
						row[j] += t[j]
					}
				}
			}
		}
	}
	if tail != nil {
		tails.put(tail)
	}
}

// copyNarrow copies rows rows of w < Vec elements, row r of src at src[r·lds:], to
// dst[r·ldd:], with the loop for one or two elements written out.
func copyNarrow[T Float](dst []T, ldd int, src []T, lds, rows, w int) {
	switch w {
	case 1:
		for r := range rows {
			dst[r*ldd] = src[r*lds]
		}
	case 2:
		for r := range rows {
			d, s := dst[r*ldd:r*ldd+2], src[r*lds:r*lds+2]
			d[0], d[1] = s[0], s[1]
		}
	default:
		PackCopy(dst, ldd, src, lds, rows, w)
	}
}

// transposePadded writes bᵀ, b n×k with row stride ldb, to bt as k rows of ldt ≥ n
// elements, those past n zero. The padding is cleared with the whole of bt, one call of
// memclr, before Transpose: at 2×400 in float64 that took 0.9 µs, Transpose alone 0.75,
// Transpose and then the zeros of each row 1.9 (a call of memclr a row, or a short loop),
// and a row of bt at a time, elements and zeros, 2.0.
func transposePadded[T Float](trans func(dst []T, ldd int, src []T, lds, rows, cols int), bt []T, ldt int, b []T, ldb, n, k int) {
	if ldt > n {
		clear(bt[:k*ldt])
	}
	trans(bt, ldt, b, ldb, n, k)
}

// packA packs rows of a, columns p..p+kc, into slivers of mr rows: for each column the
// sliver's mr elements in a row, rows past m zero. edge, mr·kc elements, is the scratch of
// the last sliver where m is not a whole number of slivers.
func packA[T Float](copyRows func(dst []T, ldd int, src []T, lds, rows, cols int), interleave func(dst, src []T, lds, kc int), ap, a []T, lda, astep, p, kc, m, mr int, edge []T) {
	i0, w := m/mr*mr, m%mr
	switch {
	case astep != 1:
		// aᵀ stored: a sliver's elements of a column are mr consecutive ones of a row of
		// aᵀ, copied a row at a time by the backend's PackCopy (Go's copy() called
		// memmove for each 6 elements: a fifth of the MLP's step).
		for q0 := 0; q0 < kc; q0 += packSteps {
			qn := min(packSteps, kc-q0)
			for i := 0; i < i0; i += mr {
				copyRows(ap[i*kc+q0*mr:], mr, a[(p+q0)*astep+i:], astep, qn, mr)
			}
		}
		if w > 0 {
			// The last sliver's w rows go the same way, into the sliver cleared whole:
			// an element at a time in Go, its rows and zeros took 2% of the MLP's products.
			s := ap[i0*kc : (i0+mr)*kc]
			clear(s)
			copyRows(s, mr, a[p*astep+i0:], astep, kc, w)
		}
		return
	case interleave != nil:
		// a stored: the backend's PackRows interleaves mr rows (in Go, an element a load
		// and a store: 0.65 ns an element at 256×784 on Zen 3, a copy's time five times).
		for i := 0; i < i0; i += mr {
			interleave(ap[i*kc:], a[i*lda+p:], lda, kc)
		}
		if w > 0 {
			// The last sliver's w rows, copied to edge and padded with zero rows, so that
			// PackRows reads mr rows and nothing past a.
			for r := range mr {
				if r < w {
					copy(edge[r*kc:(r+1)*kc], a[(i0+r)*lda+p:])
				} else {
					clear(edge[r*kc : (r+1)*kc])
				}
			}
			interleave(ap[i0*kc:], edge, kc, kc)
		}
		return
	}
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

// PackCopy copies rows rows of cols elements, row r of src at src[r·lds:], to dst[r·ldd:]:
// the packing's copies, four elements an assignment group (Go compiles copy() and the
// copy of a small array to a call of memmove, for each row of 6 to 32 elements).
func PackCopy[T Float](dst []T, ldd int, src []T, lds, rows, cols int) {
	for r := range rows {
		d, x := dst[r*ldd:][:cols], src[r*lds:][:cols]
		for len(d) >= 4 {
			d4, x4 := (*[4]T)(d), (*[4]T)(x)
			d4[0], d4[1], d4[2], d4[3] = x4[0], x4[1], x4[2], x4[3]
			d, x = d[4:], x[4:]
		}
		for i := range d {
			d[i] = x[i]
		}
	}
}

// packB packs rows p..p+kc of b (or of bᵀ), columns j0..j0+n, into slivers of nr columns:
// for each row the sliver's nr elements, columns past n zero.
func packB[T Float](copyRows, trans func(dst []T, ldd int, src []T, lds, rows, cols int), bp, b []T, ldb int, transB bool, p, j0, kc, n, nr int) {
	for j := 0; j < n; j += nr {
		s := bp[j*kc : (j+nr)*kc]
		w := min(nr, n-j)
		if !transB && w == nr {
			copyRows(s, nr, b[p*ldb+j0+j:], ldb, kc, nr)
			continue
		}
		if transB { // bᵀ stored: the sliver's columns are rows of b, transposed whole
			trans(s, nr, b[(j0+j)*ldb+p:], ldb, w, kc)
			if w < nr {
				for q := range kc {
					clear(s[q*nr+w : q*nr+nr])
				}
			}
			continue
		}
		for q := range kc {
			row := s[q*nr : q*nr+nr]
			copy(row[:w], b[(p+q)*ldb+j0+j:])
			clear(row[w:])
		}
	}
}
