package lanes_test

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/lanesimd/lanes"
	"github.com/lanesimd/lanes/generic"
	"github.com/lanesimd/lanes/internal/ref"
	"github.com/lanesimd/lanes/kernels"
)

// The products' references: which operand each transposes. Every element must have the
// bits of its FMA chains (ref.Product), on every backend, path and thread count, and be
// within the error bound of the exact product.
var productRefs = map[string][2]bool{"MatMul": {false, false}, "MatMulTransA": {true, false}, "MatMulTransB": {false, true}}

// transposeRefs is Transpose's: dst(j, i) = m(i, j), exactly.
var transposeRefs = map[string]bool{"Transpose": true}

func product[T lanes.Float](name string) func(dst, a, b lanes.Matrix[T]) {
	return map[string]func(dst, a, b lanes.Matrix[T]){
		"MatMul": lanes.MatMul[T], "MatMulTransA": lanes.MatMulTransA[T], "MatMulTransB": lanes.MatMulTransB[T],
	}[name]
}

// productCase is one product's operands, stored as the op reads them, with NaN in the
// padding of a and b and padMark in dst's.
type productCase[T lanes.Float] struct {
	name      string
	m, n, k   int
	a, b, dst lanes.Matrix[T]
	at, bt    func(i, j int) T // op(a)(i, p), op(b)(p, j)
}

const padMark = 7.25

func newProductCase[T lanes.Float](r *rand.Rand, name string, m, n, k, pad int) productCase[T] {
	tr := productRefs[name]
	ar, ac, br, bc := m, k, k, n
	if tr[0] {
		ar, ac = k, m
	}
	if tr[1] {
		br, bc = n, k
	}
	c := productCase[T]{name: name, m: m, n: n, k: k,
		a:   padded[T](r, ar, ac, ac+pad, -2, 2, T(math.NaN())),
		b:   padded[T](r, br, bc, bc+pad, -2, 2, T(math.NaN())),
		dst: padded[T](r, m, n, n+pad, -2, 2, padMark),
	}
	c.at = func(i, p int) T {
		if tr[0] {
			return c.a.Data[p*c.a.Stride+i]
		}
		return c.a.Data[i*c.a.Stride+p]
	}
	c.bt = func(p, j int) T {
		if tr[1] {
			return c.b.Data[j*c.b.Stride+p]
		}
		return c.b.Data[p*c.b.Stride+j]
	}
	// The previous contents of dst are never read: NaN in every element shows one that is.
	for i := range m {
		for j := range n {
			c.dst.Data[i*c.dst.Stride+j] = T(math.NaN())
		}
	}
	return c
}

// want returns the product's every element as ref.Product has it (rowChains).
// TestWantIsWantProduct checks it against ref.Product.
func (c productCase[T]) want() []T {
	ops := make([]T, c.k*c.n) // op(b), row-major
	for p := range c.k {
		for j := range c.n {
			ops[p*c.n+j] = c.bt(p, j)
		}
	}
	return rowChains(c.m, c.n, c.k, c.at, func(p int) []T { return ops[p*c.n : p*c.n+c.n] })
}

// rowChains returns A·B, row-major, as the products compute each element: an FMA chain
// per block of k, the blocks added in order. A row at a time: the row's chains advance
// together, so that their FMAs overlap (generic.FMA32 is slow one after another).
func rowChains[T lanes.Float](m, n, k int, a func(i, p int) T, bRow func(p int) []T) []T {
	w := make([]T, m*n)
	chain := make([]T, n)
	for i := range m {
		row := w[i*n : i*n+n]
		for p0 := 0; p0 < k; p0 += generic.MatMulKC {
			clear(chain)
			for p := p0; p < min(k, p0+generic.MatMulKC); p++ {
				aip := a(i, p)
				for j, b := range bRow(p) {
					chain[j] = ref.FMA(aip, b, chain[j])
				}
			}
			for j := range row {
				if p0 == 0 {
					row[j] = chain[j]
				} else {
					row[j] += chain[j]
				}
			}
		}
	}
	return w
}

// TestWantIsWantProduct checks the row-at-a-time reference against ref.Product.
func TestWantIsWantProduct(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	for _, name := range []string{"MatMul", "MatMulTransA", "MatMulTransB"} {
		c := newProductCase[float32](r, name, 3, 5, 600, 1)
		w := c.want()
		for i := range c.m {
			for j := range c.n {
				if got := ref.Product(c.at, c.bt, i, j, c.k); !same(w[i*c.n+j], got) {
					t.Fatalf("%s (%d, %d): %v, want %v", name, i, j, w[i*c.n+j], got)
				}
			}
		}
	}
}

// check runs the product and compares every element with want, bit for bit, and the
// padding of dst with padMark.
func (c productCase[T]) check(want []T) error {
	product[T](c.name)(c.dst, c.a, c.b)
	for i := range c.m {
		for j := range c.n {
			if got, w := c.dst.Data[i*c.dst.Stride+j], want[i*c.n+j]; !same(got, w) {
				return fmt.Errorf("%s %d×%d·%d×%d on %s: (%d, %d) = %v, want %v", c.name, c.m, c.k, c.k, c.n, lanes.Backend(), i, j, got, w)
			}
		}
	}
	return padIntact(c.dst)
}

// shapeCase is one shape's operands in one precision: A (m×k) and B (k×n), each stored as
// it is and transposed, with NaN in the padding, so that MatMul(a, b), MatMulTransA(aᵀ, b)
// and MatMulTransB(a, bᵀ) all compute A·B and one reference serves the three products and
// every backend: the reference's FMA chains cost as much as a product on generic.
type shapeCase[T lanes.Float] struct {
	m, n, k      int
	a, at, b, bt lanes.Matrix[T]
	dst          lanes.Matrix[T] // padMark in the padding
	want         []T             // A·B, row-major: ref.Product's bits
}

func newShapeCase[T lanes.Float](r *rand.Rand, m, n, k int) *shapeCase[T] {
	return editedShapeCase[T](r, m, n, k, nil)
}

// editedShapeCase is newShapeCase with edit, if not nil, applied to A and B first.
func editedShapeCase[T lanes.Float](r *rand.Rand, m, n, k int, edit func(a, b lanes.Matrix[T])) *shapeCase[T] {
	nan := T(math.NaN())
	c := &shapeCase[T]{m: m, n: n, k: k,
		a:   padded[T](r, m, k, k+r.IntN(3), -2, 2, nan),
		b:   padded[T](r, k, n, n+r.IntN(3), -2, 2, nan),
		dst: padded[T](r, m, n, n+r.IntN(3), 0, 0, padMark),
	}
	if edit != nil {
		edit(c.a, c.b)
	}
	c.at, c.bt = transposedCopy(c.a, r.IntN(3)), transposedCopy(c.b, r.IntN(3))
	// TestWantIsWantProduct checks rowChains against ref.Product.
	c.want = rowChains(m, n, k, func(i, p int) T { return c.a.Data[i*c.a.Stride+p] },
		func(p int) []T { return c.b.Data[p*c.b.Stride : p*c.b.Stride+n] })
	return c
}

// transposedCopy returns mᵀ with pad elements of NaN after each row.
func transposedCopy[T lanes.Float](m lanes.Matrix[T], pad int) lanes.Matrix[T] {
	t := lanes.Matrix[T]{Rows: m.Cols, Cols: m.Rows, Stride: m.Rows + pad}
	if m.Cols > 0 {
		t.Data = make([]T, (m.Cols-1)*t.Stride+m.Rows)
	}
	for i := range t.Data {
		t.Data[i] = T(math.NaN())
	}
	for i := range m.Rows {
		for j := range m.Cols {
			t.Data[j*t.Stride+i] = m.Data[i*m.Stride+j]
		}
	}
	return t
}

// operands returns the operands of product name, as it reads them.
func (c *shapeCase[T]) operands(name string) (a, b lanes.Matrix[T]) {
	a, b = c.a, c.b
	if productRefs[name][0] {
		a = c.at
	}
	if productRefs[name][1] {
		b = c.bt
	}
	return a, b
}

// run fills dst's elements with NaN (its previous contents are never read), calls the
// product and checks every element against want, bit for bit, and dst's padding.
func (c *shapeCase[T]) run(name, on string, call func(dst, a, b lanes.Matrix[T])) error {
	d := c.dst
	for i := range c.m {
		row := d.Data[i*d.Stride : i*d.Stride+c.n]
		for j := range row {
			row[j] = T(math.NaN())
		}
	}
	a, b := c.operands(name)
	call(d, a, b)
	for i := range c.m {
		for j, got := range d.Data[i*d.Stride : i*d.Stride+c.n] {
			if w := c.want[i*c.n+j]; !same(got, w) {
				return fmt.Errorf("%s %d×%d·%d×%d on %s: (%d, %d) = %v, want %v", name, c.m, c.k, c.k, c.n, on, i, j, got, w)
			}
		}
		if i+1 < c.m {
			for p, v := range d.Data[i*d.Stride+c.n : (i+1)*d.Stride] {
				if v != padMark {
					return fmt.Errorf("%s %d×%d·%d×%d on %s: padding after row %d, element %d, written: %v", name, c.m, c.k, c.k, c.n, on, i, p, v)
				}
			}
		}
	}
	return nil
}

type matMulFunc[T lanes.Float] = func(dst []T, ldd int, a []T, lda int, transA bool, b []T, ldb int, transB bool, m, n, k int, par generic.Par)

// tableProduct returns product name on backend b's table, on the calling goroutine: it
// touches no global setting, so that shapes can run in parallel.
func tableProduct[T lanes.Float](b kernels.Backend, name string) func(dst, a, b lanes.Matrix[T]) {
	var f matMulFunc[T]
	if lanes.Is32[T]() {
		f = any(b.F32.MatMul).(matMulFunc[T])
	} else {
		f = any(b.F64.MatMul).(matMulFunc[T])
	}
	tr := productRefs[name]
	return func(dst, x, y lanes.Matrix[T]) {
		m, n, k := dst.Rows, dst.Cols, x.Cols
		if tr[0] {
			k = x.Rows
		}
		f(dst.Data, dst.Stride, x.Data, x.Stride, tr[0], y.Data, y.Stride, tr[1], m, n, k, generic.Serial)
	}
}

// runProducts runs the three products on every backend on the shapes given, in both
// precisions, against one reference per shape and precision. With threads (nil: one), it
// runs each through the public functions on each thread count, the products split as
// splitting has it, and checks each call's goroutines; without, the shapes run in parallel
// on the tables, and through the public functions on the backend dispatch chose.
func runProducts(t *testing.T, shapes [][3]int, threads []int) {
	t.Helper()
	if threads == nil {
		const groups = 16 // several a CPU, so that one slow group does not end the test alone
		for g := range groups {
			t.Run(fmt.Sprint(g), func(t *testing.T) {
				t.Parallel()
				r := rand.New(rand.NewPCG(uint64(len(shapes)), uint64(g)))
				for i := g; i < len(shapes); i += groups {
					if err := shapeOnTables[float32](r, shapes[i]); err != nil {
						t.Fatal(err)
					}
					if err := shapeOnTables[float64](r, shapes[i]); err != nil {
						t.Fatal(err)
					}
				}
			})
		}
		return
	}
	log := splitting(t)
	r := rand.New(rand.NewPCG(uint64(len(shapes)), 3))
	for _, s := range shapes {
		if err := shapeThreaded(newShapeCase[float32](r, s[0], s[1], s[2]), log, threads); err != nil {
			t.Fatal(err)
		}
		if err := shapeThreaded(newShapeCase[float64](r, s[0], s[1], s[2]), log, threads); err != nil {
			t.Fatal(err)
		}
	}
	log.ranAll(t, threads)
}

func shapeOnTables[T lanes.Float](r *rand.Rand, s [3]int) error {
	c := newShapeCase[T](r, s[0], s[1], s[2])
	for name := range productRefs {
		for _, b := range kernels.Backends() {
			if err := c.run(name, b.Name, tableProduct[T](b, name)); err != nil {
				return err
			}
		}
		if err := c.run(name, lanes.Backend()+" (lanes."+name+")", product[T](name)); err != nil {
			return err
		}
	}
	return nil
}

func shapeThreaded[T lanes.Float](c *shapeCase[T], log *splitLog, threads []int) error {
	saved, _ := kernels.Lookup(lanes.Backend())
	defer lanes.Use(saved)
	defer lanes.SetMaxThreads(lanes.SetMaxThreads(0))
	for _, b := range kernels.Backends() {
		lanes.Use(b)
		for _, th := range threads {
			lanes.SetMaxThreads(th)
			for name := range productRefs {
				on := fmt.Sprintf("%s, %d threads", b.Name, th)
				if err := c.run(name, on, product[T](name)); err != nil {
					return err
				}
				if err := log.check(th); err != nil {
					return fmt.Errorf("%s %d×%d·%d×%d on %s: %v", name, c.m, c.k, c.k, c.n, on, err)
				}
			}
		}
	}
	return nil
}

func productOn[T lanes.Float](t *testing.T, r *rand.Rand, name string, s [3]int, pad int, threads []int) {
	t.Helper()
	c := newProductCase[T](r, name, s[0], s[1], s[2], pad)
	want := c.want()
	log := splitting(t)
	saved, _ := kernels.Lookup(lanes.Backend())
	defer lanes.Use(saved)
	for _, b := range kernels.Backends() {
		lanes.Use(b)
		for _, th := range threads {
			prev := lanes.SetMaxThreads(th)
			err := c.check(want)
			if err == nil {
				err = log.check(th)
			}
			lanes.SetMaxThreads(prev)
			if err != nil {
				t.Fatalf("%s, threads %d: %v", b.Name, th, err)
			}
		}
	}
}

// splitLog records each parallel call's goroutines (the test hook's threads, units, ran).
type splitLog struct {
	calls [][3]int
	most  map[int]int // thread count → the most goroutines a call ran on
}

// splitting lowers the size from which products split across goroutines to one multiply-
// add and raises GOMAXPROCS to 4, so that every product of more than one unit runs on the
// threads asked for; the log records each parallel call's goroutines.
func splitting(t *testing.T) *splitLog {
	t.Helper()
	log := &splitLog{most: map[int]int{}}
	prevProcs := runtime.GOMAXPROCS(4)
	prevWork := lanes.SetParallelWork(1)
	prevHook := lanes.SetTestHookRan(func(threads, units, ran int) { log.calls = append(log.calls, [3]int{threads, units, ran}) })
	t.Cleanup(func() {
		runtime.GOMAXPROCS(prevProcs)
		lanes.SetParallelWork(prevWork)
		lanes.SetTestHookRan(prevHook)
	})
	return log
}

// check takes the calls since the last check, made with SetMaxThreads(th) (th ≤ 0: the
// default), and reports one that was not offered th goroutines (GOMAXPROCS, 4, for the
// default) or did not run on min(th, its units) of them.
func (l *splitLog) check(th int) error {
	defer func() { l.calls = l.calls[:0] }()
	if th <= 0 {
		th = runtime.GOMAXPROCS(0)
	}
	for _, c := range l.calls {
		if c[0] != th {
			return fmt.Errorf("a call could use %d goroutines, want %d", c[0], th)
		}
		if want := min(th, c[1]); c[2] != want {
			return fmt.Errorf("a call of %d units ran on %d goroutines, want %d", c[1], c[2], want)
		}
		l.most[th] = max(l.most[th], c[2])
	}
	return nil
}

// ranAll checks that, of the thread counts given, each above one had a call run on that
// many goroutines.
func (l *splitLog) ranAll(t *testing.T, threads []int) {
	t.Helper()
	for _, th := range threads {
		if th > 1 && l.most[th] != th {
			t.Errorf("with SetMaxThreads(%d), no call ran on %d goroutines (at most %d)", th, th, l.most[th])
		}
	}
}

func cube(n int) [][3]int {
	var s [][3]int
	for m := range n + 1 {
		for nn := range n + 1 {
			for k := range n + 1 {
				s = append(s, [3]int{m, nn, k})
			}
		}
	}
	return s
}

func randomShapes(seed uint64, count, most int) [][3]int {
	r := rand.New(rand.NewPCG(seed, 1))
	var s [][3]int
	for range count {
		s = append(s, [3]int{1 + r.IntN(most), 1 + r.IntN(most), 1 + r.IntN(most)})
	}
	return s
}

// TestMatMulShapes checks the three products on every backend against their FMA chains:
// every (m, n, k) up to 40 and 50 random shapes up to 600 on one goroutine, or, with
// -short or under an emulator (LANES_EMULATED) or with generic alone, every (m, n, k) up to
// 17 and 10 random shapes up to 128 on 1 to 4 goroutines each; strided operands with NaN
// in the padding, dst's padding untouched.
func TestMatMulShapes(t *testing.T) {
	if smallProducts() {
		// 200×30·30×40 is two blocks of rows: it splits on every backend. Products up to
		// 256 columns read a's slivers in place, and those up to 512 rows b's: 40×40·40×260
		// packs a, 1030×30·30×20 b and is two blocks of a's rows in place on every
		// backend, 40×300·300×20 two blocks of k in place, 20×20·20×2100 two panels of b.
		shapes := append(append(cube(17), randomShapes(1, 10, 128)...), [3]int{200, 40, 30}, [3]int{40, 260, 40}, [3]int{1030, 20, 30}, [3]int{40, 20, 300}, [3]int{20, 2100, 20})
		runProducts(t, shapes, []int{1, 2, 3, 4})
		return
	}
	// 130×513·513×530 crosses every blocking on every backend: two units of a's rows, two
	// slices of b's columns, three blocks of k; 1030×300·300×200 the same with a's
	// slivers in place, two blocks of its rows; 40×1024·1024×30 packs a, whose rows lie a
	// multiple of 4 KiB apart (its aᵀ form does not), 40×30·30×1024 b for the same
	// reason; 20×20·20×2100 reads b in place in two panels.
	shapes := append(cube(40), randomShapes(2, 50, 600)...)
	runProducts(t, append(shapes, [3]int{130, 530, 513}, [3]int{1030, 200, 300}, [3]int{40, 30, 1024}, [3]int{40, 1024, 30}, [3]int{20, 2100, 20}), nil)
}

// TestMatMulThreads checks that products large enough to split give the same bits on 1, 2,
// 3 and 4 goroutines and the default, each call on as many as it asked for.
func TestMatMulThreads(t *testing.T) {
	shapes, threads := [][3]int{{300, 300, 40}, {97, 300, 40}, {8, 1000, 16}, {1, 700, 30}}, []int{1, 2, 3, 4, 0, -1}
	if smallProducts() {
		shapes, threads = [][3]int{{200, 40, 30}, {1, 700, 300}}, []int{1, 2, 4} // each splits
	}
	runProducts(t, shapes, threads)
}

// TestMatMulTail checks the direct path's columns past the last whole vector, which the
// rows kernel computes padded to a vector: the planar network's 4×400·400×2, more rows
// than one call of the kernel takes (tailRows), blocks of k added after the first, and a
// bᵀ transposed whole but too long to pad (so its tail is copied a block at a time).
func TestMatMulTail(t *testing.T) {
	runProducts(t, [][3]int{{4, 2, 400}, {200, 3, 10}, {100, 1, 300}, {3, 9, 1700}, {5, 7, 600}, {1, 15, 513}}, []int{1, 2})
}

// TestMatMulFewRows checks the direct path's few rows of a (a row vector, a small batch)
// against a wide b, streamed a few rows of b at a time: two and three blocks of k, a last
// call of one row of b, units with a last one narrower than a vector, columns past the
// last whole vector, four rows at a time and the rows left over, and each product's
// transposed forms (a bᵀ transposed whole, or in pieces).
func TestMatMulFewRows(t *testing.T) {
	splitting(t)
	shapes := [][3]int{{1, 2000, 500}, {1, 33, 600}, {1, 1500, 257}, {1, 1100, 9}, {1, 4097, 300}, {1, 64, 1},
		{2, 2000, 500}, {3, 67, 300}, {4, 1100, 9}, {5, 1500, 257}, {4, 33, 600}, {5, 4097, 300}}
	if smallProducts() {
		// The same paths on fewer multiply-adds: 42 s under qemu-aarch64 at full size.
		shapes = [][3]int{{1, 70, 300}, {1, 33, 257}, {1, 1100, 9}, {1, 64, 1}, {2, 40, 300}, {3, 67, 9}, {4, 70, 257}, {5, 33, 300}}
	}
	runProducts(t, shapes, []int{1, 2, 3})
}

// TestMatMulTransBPieces checks the direct path's bᵀ transposed a piece of columns and a
// block of k at a time, where it is too large to transpose whole and a has fewer rows than
// a tile: a row vector through a layer (31 pieces and a short one, two blocks of k), short
// last pieces of 3, 2 and 1 columns (less than a vector), a last block of k of one, a product
// with fewer rows than AVX-512's tile and more than AVX2's, one column, and threads that
// split the pieces.
func TestMatMulTransBPieces(t *testing.T) {
	shapes := [][3]int{{1, 2000, 500}, {3, 67, 300}, {5, 130, 257}, {11, 40, 1000}, {2, 1, 20000}, {1, 9, 4000}}
	run := func(t *testing.T, f32 bool) {
		r := rand.New(rand.NewPCG(5, 3))
		for _, s := range shapes {
			if f32 {
				productOn[float32](t, r, "MatMulTransB", s, r.IntN(3), []int{1, 2, 3})
			} else {
				productOn[float64](t, r, "MatMulTransB", s, r.IntN(3), []int{1, 2, 3})
			}
		}
	}
	splitting(t)
	t.Run("f32", func(t *testing.T) { run(t, true) })
	t.Run("f64", func(t *testing.T) { run(t, false) })
}

// TestMatMulAccuracyLong runs 1024³ on every backend, both precisions, against the FMA
// chains (LANES_LONG_TESTS=1; "Accuracy" puts it in CI's long-test pattern).
func TestMatMulAccuracyLong(t *testing.T) {
	if os.Getenv("LANES_LONG_TESTS") != "1" {
		t.Skip("LANES_LONG_TESTS=1 runs 1024³")
	}
	runProducts(t, [][3]int{{1024, 1024, 1024}}, []int{0})
}

// TestMatMulAccuracy checks the documented bound against the exact product (double-double
// sums of exact products): (KC + ⌈k/KC⌉ + 2)·u·Σₚ|a_ip·b_pj|. The derivation: the FMA
// chain of a block of at most KC steps rounds once per step, an error of at most KC·u of
// the block's Σ|terms| (first-order); adding the ⌈k/KC⌉ block results to the element adds
// one rounding each, at most ⌈k/KC⌉·u of Σ|terms|; 2 covers the second-order terms.
func TestMatMulAccuracy(t *testing.T) {
	both(t, matMulAccuracy[float32], matMulAccuracy[float64])
}

func matMulAccuracy[T lanes.Float](t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	u := epsT[T]()
	for _, s := range [][3]int{{7, 9, 1000}, {3, 40, 3000}, {33, 17, 257}} {
		c := newProductCase[T](r, "MatMul", s[0], s[1], s[2], 0)
		lanes.MatMul(c.dst, c.a, c.b)
		k := s[2]
		bound := float64(generic.MatMulKC+(k+generic.MatMulKC-1)/generic.MatMulKC+2) * u
		for i := range c.m {
			for j := range c.n {
				var acc ref.Acc
				for p := range k {
					acc.AddProd(float64(c.at(i, p)), float64(c.bt(p, j)))
				}
				got := float64(c.dst.Data[i*c.dst.Stride+j])
				if d := math.Abs(got - acc.Sum()); !(d <= bound*acc.Abs()) {
					t.Fatalf("%v: (%d, %d) = %v, exact %v: error %g > %g", s, i, j, got, acc.Sum(), d, bound*acc.Abs())
				}
			}
		}
	}
}

// TestMatMulSpecial checks that NaN and ±Inf propagate (a zero times Inf is NaN, no term
// is skipped) on the direct path, the packed one and split across goroutines, on every
// backend: against the FMA chains, which propagate them as IEEE 754 says.
func TestMatMulSpecial(t *testing.T) {
	eachBackend(t, func(t *testing.T) {
		a := lanes.MatrixOf(2, 2, []float64{0, 1, 1, 1})
		b := lanes.MatrixOf(2, 2, []float64{math.Inf(1), 0, math.NaN(), 1})
		dst := lanes.NewMatrix[float64](2, 2)
		lanes.MatMul(dst, a, b)
		// (0, 0) = 0·Inf + 1·NaN; (1, 0) = Inf + NaN; (0, 1) = 0·0 + 1·1 = 1.
		if !math.IsNaN(dst.At(0, 0)) || !math.IsNaN(dst.At(1, 0)) || dst.At(0, 1) != 1 {
			t.Errorf("got %v", dst.Data)
		}
	})
	// Each row of A and column of B gets at most one special value, most of them beside
	// zeros (0·Inf) and some alone (Inf·x), so that elements come out ±Inf, NaN and finite.
	special := func(r *rand.Rand) func(a, b lanes.Matrix[float32]) {
		return func(a, b lanes.Matrix[float32]) {
			inf := float32(math.Inf(1))
			for i := 0; i < a.Rows; i += 3 {
				p := r.IntN(a.Cols)
				a.Data[i*a.Stride+p] = []float32{inf, -inf, float32(math.NaN())}[i%3]
				if i%2 == 0 {
					b.Data[p*b.Stride+r.IntN(b.Cols)] = 0
				}
			}
			for j := 1; j < b.Cols; j += 5 {
				b.Data[r.IntN(b.Rows)*b.Stride+j] = -inf
			}
		}
	}
	r := rand.New(rand.NewPCG(6, 6))
	for _, s := range [][3]int{{7, 9, 20}, {520, 40, 300}} { // direct, packed (in 4 units or more)
		r64 := rand.New(rand.NewPCG(uint64(s[0]), 6))
		c := editedShapeCase[float32](r, s[0], s[1], s[2], special(r))
		c64 := editedShapeCase[float64](r64, s[0], s[1], s[2], func(a, b lanes.Matrix[float64]) {
			a32, b32 := lanes.NewMatrix[float32](a.Rows, a.Cols), lanes.NewMatrix[float32](b.Rows, b.Cols)
			special(rand.New(rand.NewPCG(1, 1)))(a32, b32)
			for i, v := range a32.Data {
				if v != 0 {
					a.Data[i/a.Cols*a.Stride+i%a.Cols] = float64(v)
				}
			}
			for i, v := range b32.Data {
				if v != 0 || math.Signbit(float64(v)) {
					b.Data[i/b.Cols*b.Stride+i%b.Cols] = float64(v)
				}
			}
		})
		nans, infs := 0, 0
		for _, v := range c.want {
			if v != v {
				nans++
			} else if math.IsInf(float64(v), 0) {
				infs++
			}
		}
		if nans == 0 || infs == 0 || nans+infs == len(c.want) {
			t.Fatalf("%v: %d NaN and %d ±Inf of %d elements: want some of each and finite ones", s, nans, infs, len(c.want))
		}
		for _, b := range kernels.Backends() {
			for name := range productRefs {
				if err := c.run(name, b.Name, tableProduct[float32](b, name)); err != nil {
					t.Fatal(err)
				}
				if err := c64.run(name, b.Name, tableProduct[float64](b, name)); err != nil {
					t.Fatal(err)
				}
			}
		}
		log := splitting(t)
		if err := shapeThreaded(c, log, []int{4}); err != nil {
			t.Fatal(err)
		}
		if err := shapeThreaded(c64, log, []int{4}); err != nil {
			t.Fatal(err)
		}
		if s[0] == 520 {
			log.ranAll(t, []int{4})
		}
	}
}

// TestMatMulEmpty checks that k = 0 sets dst to +0s and that m = 0 or n = 0 leaves every
// element of dst's Data as it was (NaN, or a number), for the three products on every
// backend and thread count.
func TestMatMulEmpty(t *testing.T) {
	splitting(t)
	defer lanes.SetMaxThreads(lanes.SetMaxThreads(0))
	eachBackend(t, func(t *testing.T) {
		for _, th := range []int{1, 4} {
			lanes.SetMaxThreads(th)
			for _, s := range [][3]int{{3, 5, 0}, {1, 40, 0}, {0, 5, 7}, {0, 0, 7}, {4, 0, 7}, {4, 0, 0}, {0, 5, 0}, {0, 0, 0}} {
				for name := range productRefs {
					for _, fill := range []float64{math.NaN(), 3.5} {
						emptyCase(t, name, s, fill)
					}
				}
			}
		}
	})
}

func emptyCase(t *testing.T, name string, s [3]int, fill float64) {
	t.Helper()
	m, n, k := s[0], s[1], s[2]
	shape := func(r, c int, tr bool) lanes.Matrix[float64] {
		if tr {
			r, c = c, r
		}
		// A stride past Cols and Data beyond the last row: elements that no shape reaches.
		x := lanes.Matrix[float64]{Rows: r, Cols: c, Stride: c + 2, Data: make([]float64, r*(c+2)+3)}
		for i := range x.Data {
			x.Data[i] = fill
		}
		return x
	}
	tr := productRefs[name]
	dst, a, b := shape(m, n, false), shape(m, k, tr[0]), shape(k, n, tr[1])
	a.Data[0], b.Data[0] = 1, 1 // distinct from fill, so that nothing copied from them passes
	product[float64](name)(dst, a, b)
	for i, v := range dst.Data {
		inside := i%dst.Stride < n && i/dst.Stride < m
		if inside && k == 0 && !(v == 0 && !math.Signbit(v)) {
			t.Fatalf("%s %v, k = 0, dst filled with %v: element %d = %v, want +0", name, s, fill, i, v)
		}
		if !inside && !same(v, fill) {
			t.Fatalf("%s %v, dst filled with %v: element %d, outside dst, = %v", name, s, fill, i, v)
		}
	}
}

// TestMatMulPanics checks the shape and overlap panics, each before any work.
func TestMatMulPanics(t *testing.T) {
	// Every matrix starts filled with 2.5, shared's too: a panic must leave them so.
	var made []lanes.Matrix[float64]
	m := func(r, c int) lanes.Matrix[float64] {
		x := lanes.NewMatrix[float64](r, c)
		for i := range x.Data {
			x.Data[i] = 2.5
		}
		made = append(made, x)
		return x
	}
	a, b := m(3, 4), m(4, 5)
	shared := m(6, 6)
	view := lanes.Matrix[float64]{Rows: 3, Cols: 4, Stride: 6, Data: shared.Data}
	for _, tc := range []struct {
		name string
		f    func()
		want string
	}{
		{"inner", func() { lanes.MatMul(m(3, 5), a, m(5, 5)) }, "lanes: MatMul: dst is 3×5, a is 3×4, b is 5×5: the inner dimensions 4 and 5 differ"},
		{"dst", func() { lanes.MatMul(m(3, 4), a, b) }, "lanes: MatMul: dst is 3×4, a is 3×4, b is 4×5: want dst 3×5"},
		{"transA", func() { lanes.MatMulTransA(m(3, 5), a, b) }, "lanes: MatMulTransA: dst is 3×5, a is 3×4, b is 4×5: the inner dimensions 3 and 4 differ"},
		{"transB", func() { lanes.MatMulTransB(m(3, 4), a, b) }, "lanes: MatMulTransB: dst is 3×4, a is 3×4, b is 4×5: the inner dimensions 4 and 5 differ"},
		{"overlap a", func() {
			lanes.MatMul(lanes.Matrix[float64]{Rows: 3, Cols: 5, Stride: 6, Data: shared.Data[2:]}, view, b)
		}, "lanes: MatMul: dst overlaps a"},
		{"overlap b", func() {
			lanes.MatMulTransB(lanes.Matrix[float64]{Rows: 3, Cols: 3, Stride: 6, Data: shared.Data}, a, view)
		}, "lanes: MatMulTransB: dst overlaps b"},
		{"invalid", func() {
			lanes.MatMul(m(3, 5), lanes.Matrix[float64]{Rows: 3, Cols: 4, Stride: 4, Data: make([]float64, 11)}, b)
		}, "lanes: MatMul: a is not a valid matrix: Rows=3 Cols=4 Stride=4 len(Data)=11"},
		{"transpose", func() { lanes.Transpose(m(3, 4), a) }, "lanes: Transpose: dst is 3×4, m is 3×4: want dst 4×3"},
		{"transpose overlap", func() { lanes.Transpose(lanes.Matrix[float64]{Rows: 4, Cols: 3, Stride: 6, Data: shared.Data}, view) }, "lanes: Transpose: dst overlaps m"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if got := fmt.Sprint(recover()); got != tc.want {
					t.Errorf("panic %q, want %q", got, tc.want)
				}
				// All checks happen before any work: no matrix, dst included, changed.
				for _, x := range made {
					for i, v := range x.Data {
						if v != 2.5 {
							t.Fatalf("element %d of a %d×%d matrix is %v after the panic", i, x.Rows, x.Cols, v)
						}
					}
				}
			}()
			tc.f()
		})
	}
}

// TestMatMulSelf checks that a and b may be one matrix: a·aᵀ through MatMulTransB(dst, a, a)
// and aᵀ·a through MatMulTransA(dst, a, a), on the direct and the packed path, every
// backend, one and four goroutines, against the FMA chains.
func TestMatMulSelf(t *testing.T) {
	log := splitting(t)
	defer lanes.SetMaxThreads(lanes.SetMaxThreads(0))
	r := rand.New(rand.NewPCG(8, 8))
	eachBackend(t, func(t *testing.T) {
		for _, s := range [][2]int{{3, 5}, {9, 2}, {300, 70}, {70, 300}} {
			a := padded[float64](r, s[0], s[1], s[1]+1, -2, 2, math.NaN())
			at := func(i, p int) float64 { return a.Data[p*a.Stride+i] } // aᵀ(i, p) = a(p, i)
			ar := func(i, p int) float64 { return a.Data[i*a.Stride+p] }
			for _, th := range []int{1, 4} {
				lanes.SetMaxThreads(th)
				for _, tc := range []struct {
					name        string
					f           func(dst, a, b lanes.Matrix[float64])
					n           int
					left, right func(i, p int) float64
					k           int
				}{
					{"MatMulTransB", lanes.MatMulTransB[float64], s[0], ar, at, s[1]}, // a·aᵀ: aᵀ(p, j) = a(j, p)
					{"MatMulTransA", lanes.MatMulTransA[float64], s[1], at, ar, s[0]}, // aᵀ·a
				} {
					dst := padded[float64](r, tc.n, tc.n, tc.n+1, 0, 0, padMark)
					tc.f(dst, a, a)
					for i := range tc.n {
						for j := range tc.n {
							if got, want := dst.Data[i*dst.Stride+j], ref.Product(tc.left, tc.right, i, j, tc.k); !same(got, want) {
								t.Fatalf("%s(dst, a, a), a %v, %d threads: (%d, %d) = %v, want %v", tc.name, s, th, i, j, got, want)
							}
						}
					}
					if err := padIntact(dst); err != nil {
						t.Fatal(err)
					}
					if err := log.check(th); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	})
	log.ranAll(t, []int{4})
}

// TestSetMaxThreads checks the setting as each call reads it: n ≤ 0 means GOMAXPROCS, any n
// is capped at GOMAXPROCS read at the call, and the previous setting comes back as given.
func TestSetMaxThreads(t *testing.T) {
	log := splitting(t) // GOMAXPROCS 4
	prev := lanes.SetMaxThreads(0)
	defer lanes.SetMaxThreads(prev)
	a, b, dst := lanes.NewMatrix[float32](300, 40), lanes.NewMatrix[float32](40, 30), lanes.NewMatrix[float32](300, 30)
	for _, tc := range []struct{ set, procs, want int }{
		{0, 4, 4}, {-1, 4, 4}, {-7, 3, 3}, {1, 4, 1}, {2, 4, 2}, {3, 4, 3}, {4, 4, 4}, {9, 4, 4}, {9, 2, 2}, {3, 2, 2}, {0, 1, 1}, {math.MaxInt, 3, 3},
	} {
		runtime.GOMAXPROCS(tc.procs)
		lanes.SetMaxThreads(tc.set)
		lanes.MatMul(dst, a, b)
		threads := 1
		for _, c := range log.calls {
			threads = c[0]
		}
		log.calls = log.calls[:0]
		if threads != tc.want {
			t.Errorf("SetMaxThreads(%d) at GOMAXPROCS %d: a call could use %d goroutines, want %d", tc.set, tc.procs, threads, tc.want)
		}
		if got := lanes.SetMaxThreads(tc.set); got != tc.set {
			t.Errorf("SetMaxThreads returned %d, want the %d it was given", got, tc.set)
		}
	}
}

// TestLanesThreads checks LANES_THREADS in a new process: an integer is the setting at
// start, as given; anything else is ignored (0, the default).
func TestLanesThreads(t *testing.T) {
	if want, ok := os.LookupEnv("LANES_TEST_THREADS_WANT"); ok {
		// The child: the setting it started with.
		if got := fmt.Sprint(lanes.SetMaxThreads(0)); got != want {
			t.Fatalf("LANES_THREADS=%q: the setting at start is %s, want %s", os.Getenv("LANES_THREADS"), got, want)
		}
		return
	}
	if os.Getenv("LANES_EMULATED") != "" {
		t.Skip("the emulator does not run the child; the native run does")
	}
	for _, tc := range []struct{ env, want string }{{"3", "3"}, {"1", "1"}, {"-2", "-2"}, {"0", "0"}, {"two", "0"}, {"3.5", "0"}, {"", "0"}} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestLanesThreads$", "-test.count=1")
		cmd.Env = append(os.Environ(), "LANES_THREADS="+tc.env, "LANES_TEST_THREADS_WANT="+tc.want, "LANES_REQUIRE_BACKEND=")
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "PASS") {
			t.Errorf("LANES_THREADS=%q: %v\n%s", tc.env, err, out)
		}
	}
}

// TestTranspose checks Transpose on every backend, in both precisions, against its
// definition: every (rows, cols) up to 40 and 50 random shapes up to 600 (up to 17 and 10
// up to 128 with -short or under an emulator), m strided with NaN in its padding, dst
// strided with its padding untouched.
func TestTranspose(t *testing.T) {
	size, count, most := 40, 50, 600
	if smallProducts() {
		size, count, most = 17, 10, 128
	}
	var shapes [][2]int
	for rows := range size + 1 {
		for cols := range size + 1 {
			shapes = append(shapes, [2]int{rows, cols})
		}
	}
	for _, s := range randomShapes(3, count, most) {
		shapes = append(shapes, [2]int{s[0], s[1]})
	}
	both(t, func(t *testing.T) { transposeShapes[float32](t, shapes) }, func(t *testing.T) { transposeShapes[float64](t, shapes) })
}

func transposeShapes[T lanes.Float](t *testing.T, shapes [][2]int) {
	r := rand.New(rand.NewPCG(9, 9))
	for _, s := range shapes {
		m := padded[T](r, s[0], s[1], s[1]+r.IntN(3), -1, 1, T(math.NaN()))
		dst := padded[T](r, s[1], s[0], s[0]+r.IntN(3), 0, 0, padMark)
		calls := map[string]func(dst, m lanes.Matrix[T]){"lanes.Transpose on " + lanes.Backend(): lanes.Transpose[T]}
		for _, b := range kernels.Backends() {
			var f func(dst []T, ldd int, m []T, ldm, rows, cols int)
			if lanes.Is32[T]() {
				f = any(b.F32.Transpose).(func(dst []T, ldd int, m []T, ldm, rows, cols int))
			} else {
				f = any(b.F64.Transpose).(func(dst []T, ldd int, m []T, ldm, rows, cols int))
			}
			calls[b.Name] = func(dst, m lanes.Matrix[T]) { f(dst.Data, dst.Stride, m.Data, m.Stride, m.Rows, m.Cols) }
		}
		for on, call := range calls {
			for j := range s[1] {
				for i := range s[0] {
					dst.Data[j*dst.Stride+i] = T(math.NaN())
				}
			}
			call(dst, m)
			for i := range s[0] {
				for j := range s[1] {
					if got, want := dst.Data[j*dst.Stride+i], m.Data[i*m.Stride+j]; !same(got, want) {
						t.Fatalf("%v on %s: (%d, %d) = %v, want %v", s, on, j, i, got, want)
					}
				}
			}
			if err := padIntact(dst); err != nil {
				t.Fatalf("%v on %s: %v", s, on, err)
			}
		}
	}
}

// TestMatMulNoAllocation checks that threaded products allocate nothing once warm, in
// both precisions, on each path that splits: packed, a few rows streamed against a wide b,
// a few rows against a bᵀ transposed in pieces, and a row vector against bᵀ (MatMulRowTransB).
// testing.AllocsPerRun sets GOMAXPROCS to 1 and never sees the workers.
func TestMatMulNoAllocation(t *testing.T) {
	both(t, matMulNoAllocation[float32], matMulNoAllocation[float64])
}

func matMulNoAllocation[T lanes.Float](t *testing.T) {
	for _, tc := range []struct {
		name    string
		m, n, k int
	}{
		{"MatMul", 260, 40, 30},        // packed: above the size that splits, two blocks of rows
		{"MatMul", 2, 2000, 500},       // streamed
		{"MatMulTransB", 3, 2000, 500}, // bᵀ transposed in pieces, each unit's scratch from a pool
		{"MatMulTransB", 1, 2000, 500}, // a row vector through a layer
	} {
		c := newProductCase[T](rand.New(rand.NewPCG(1, 1)), tc.name, tc.m, tc.n, tc.k, 1)
		f := product[T](tc.name)
		t.Run(fmt.Sprintf("%s/%dx%dx%d", tc.name, tc.m, tc.n, tc.k), func(t *testing.T) {
			threadedAllocs(t, func() { f(c.dst, c.a, c.b) })
		})
	}
}

// threadedAllocs checks that call, which splits across goroutines, allocates nothing once
// warm, at GOMAXPROCS ≥ 2 and the default SetMaxThreads.
func threadedAllocs(t *testing.T, call func()) {
	t.Helper()
	prev := runtime.GOMAXPROCS(max(2, runtime.GOMAXPROCS(0)))
	defer runtime.GOMAXPROCS(prev)
	defer lanes.SetMaxThreads(lanes.SetMaxThreads(0))
	ran := 0
	defer lanes.SetTestHookRan(lanes.SetTestHookRan(func(_, _, n int) { ran = max(ran, n) }))
	call() // warm-up: starts the workers and fills the free lists
	if ran < 1 {
		t.Fatalf("the call was not handed to the goroutines")
	}
	// Three windows of 100 calls: an allocation per call shows in each as 100 or more. The
	// runtime allocates now and then on its own when a worker parks on its channel (a
	// sudog, when the caches that collections empty are empty: collections are off in the
	// windows), and at many parks where threads run slowly: under the race detector beside
	// another package's race tests (20–30 per 100 calls) and under qemu-aarch64 beside the
	// other packages (10–51), the workers outwait their polling (spinFor). There fewer than
	// 50 in some window still rules out an allocation per call.
	//
	// On generic the products are Go: a window of 10 calls, where 10 allocations is one a
	// call (windows of 100 took 200 s of the emulated purego steps, 80 ms a call).
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	calls, limit := 100, uint64(10)
	if raceOn || os.Getenv("LANES_EMULATED") != "" {
		limit = 50
	}
	if lanes.Backend() == "generic" {
		calls, limit = 10, 10
	}
	var counts []uint64
	for range 3 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range calls {
			call()
		}
		runtime.ReadMemStats(&after)
		counts = append(counts, after.Mallocs-before.Mallocs)
	}
	t.Logf("allocations in three windows of %d threaded calls: %v", calls, counts)
	if slices.Min(counts) >= limit {
		t.Errorf("%d threaded calls allocated %v times in three windows", calls, counts)
	}
}

// matMulDigests checks that every backend's products on fixed inputs have the same bits,
// and returns a line per precision with a SHA-256 of them, for TestDigest.
func matMulDigests(t *testing.T) []string {
	var lines []string
	for _, f32 := range []bool{true, false} {
		var first string
		for _, b := range kernels.Backends() {
			d := digest(b, f32)
			if first == "" {
				first = d
			} else if d != first {
				t.Errorf("%s's products differ from %s's (float32 %v)", b.Name, kernels.Backends()[0].Name, f32)
			}
		}
		prec := "float64"
		if f32 {
			prec = "float32"
		}
		lines = append(lines, fmt.Sprintf("MatMul %s %s", prec, first))
	}
	return lines
}

func digest(b kernels.Backend, f32 bool) string {
	saved, _ := kernels.Lookup(lanes.Backend())
	defer lanes.Use(saved)
	lanes.Use(b)
	h := sha256.New()
	r := rand.New(rand.NewPCG(42, 42))
	for _, s := range [][3]int{{1, 1, 1}, {5, 7, 300}, {64, 48, 513}, {130, 70, 260}, {4, 400, 2}} {
		for _, name := range []string{"MatMul", "MatMulTransA", "MatMulTransB"} {
			if f32 {
				c := newProductCase[float32](r, name, s[0], s[1], s[2], 1)
				product[float32](name)(c.dst, c.a, c.b)
				binary.Write(h, binary.LittleEndian, c.dst.Data)
			} else {
				c := newProductCase[float64](r, name, s[0], s[1], s[2], 1)
				product[float64](name)(c.dst, c.a, c.b)
				binary.Write(h, binary.LittleEndian, c.dst.Data)
			}
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// smallProducts says the products' tests keep to small shapes: -short, an emulator
// (LANES_EMULATED, set by CI's qemu steps), or the generic backend alone (purego, or a CPU
// without SIMD), which the native run covers in full beside the others.
func smallProducts() bool {
	return testing.Short() || os.Getenv("LANES_EMULATED") != "" || onlyGeneric()
}

func onlyGeneric() bool { return len(kernels.Backends()) == 1 }
