// Package cases holds lanes' benchmark cases: one list that `go test -bench` (package
// lanes' bench_test.go) and the `go run ./bench` report both run, so their numbers mean
// the same thing.
//
// A case is named Op/type=f32/n=4096/impl=avx2 (matrices: rows=R/cols=C in place of n=N),
// so that `benchstat -col /impl` puts implementations side by side. impl is a backend's
// name (its table's kernel called directly), "lanes" (the public API: whatever dispatch
// chose, the same name on every CPU) or "loop" (the plain Go loop a user would write).
package cases

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"unsafe"

	"github.com/lanesimd/lanes"
	"github.com/lanesimd/lanes/internal/publicops"
	"github.com/lanesimd/lanes/kernels"
)

// Case is one benchmark.
type Case struct {
	Op, Type, Size, Impl string
	Elems                int   // elements the op processes per call (for elements/ns)
	Bytes                int64 // bytes it reads plus bytes it writes per call (b.SetBytes)
	Run                  func(b *testing.B)
}

// Sub is the case's name below its op: type=f32/n=4096/impl=avx2.
func (c Case) Sub() string { return "type=" + c.Type + "/" + c.Size + "/impl=" + c.Impl }

// Name is the full name: Dot/type=f32/n=4096/impl=avx2.
func (c Case) Name() string { return c.Op + "/" + c.Sub() }

// Sizes are the vector lengths benchmarked, from one call's overhead to far past the
// caches.
var Sizes = []int{16, 256, 2048, 4096, 65536, 1 << 20, 1 << 24}

// Shapes are the matrices benchmarked.
var Shapes = [][2]int{{64, 1000}, {256, 1000}, {1024, 1024}}

// Narrow are the thin matrices MatVec is benchmarked on besides Shapes: the planar
// network's 400 points of 2 features, and 3 and 4 columns, where a row is less than a
// vector and the per-row reduction would dominate.
var Narrow = [][2]int{{400, 2}, {400, 3}, {400, 4}}

// Products are the matrix products benchmarked, m×k·k×n: the 784→128→10 MLP's layers
// (forward and its backward's), the cubes, then the planar network's 4×2·2×400 and
// 4×400·400×2 (its dW1, as MatMulTransB: two columns, less than a vector) and a row
// vector through a layer (the direct path's); each on 1 and 2 goroutines (Threads).
var Products = [][3]int{{256, 784, 128}, {128, 256, 784}, {512, 512, 512}, {1024, 1024, 1024}, {2048, 2048, 2048}, {4, 2, 400}, {4, 400, 2}, {1, 500, 2000}}

// Threads are the goroutines a product may use, SetMaxThreads' setting for its cases.
var Threads = []int{1, 2}

// mlpWork is the size of the MLP's products (m·n·k); MatMulTransA and MatMulTransB are
// benchmarked up to it.
const mlpWork = 256 * 784 * 128

// SlowUpTo is the largest product (m·n·k) the generic backend, the plain loop and gonum
// run: at 1024³ they take seconds a call.
const SlowUpTo = 512 * 512 * 512

// ProductsOf returns the products of Products benchmarked for op: all for MatMul; for the
// transposed forms those no larger than the MLP's, where a network uses them.
func ProductsOf(op string) [][3]int {
	var ps [][3]int
	for _, p := range Products {
		if op == "MatMul" || p[0]*p[1]*p[2] <= mlpWork {
			ps = append(ps, p)
		}
	}
	return ps
}

// Ops lists the ops in the order reports show them: Copy, the builtin copy and the
// reference for the streaming ops, then lanes' public ops in the order of
// internal/publicops, the helpers (Reshape, Matrix.At...) left out since they compute
// nothing.
var Ops = opNames()

func opNames() []string {
	ops := []string{"Copy"}
	for _, op := range publicops.Ops[float32]() {
		if op.Helper == nil {
			ops = append(ops, op.Name)
		}
	}
	return ops
}

// IsProduct reports whether the public op named is a matrix product, whose sizes are
// m=/k=/n=/threads= and whose measure is FMAs against the peak.
func IsProduct(name string) bool {
	for _, op := range publicops.Ops[float32]() {
		if op.Name == name {
			return op.Product != nil || op.ProductTransA != nil || op.ProductTransB != nil
		}
	}
	return false
}

// lookup returns the desc of the op named.
func lookup[T float32 | float64](name string) desc[T] {
	if name == "Copy" {
		return copyDesc[T]()
	}
	for _, op := range publicops.Ops[T]() {
		if op.Name == name && op.Helper == nil {
			if b, ok := benches[T]()[name]; ok {
				return b(op)
			}
			if d, ok := defaultBench(op); ok {
				return d
			}
			panic("cases: no bench for " + name + " in benches, and no catalogue entry of its kind")
		}
	}
	panic("cases: no op " + name)
}

// Group is the cases of one op at one precision and size. Its implementations share
// one set of inputs, so that a report can prepare them once and interleave the
// implementations' runs.
type Group struct {
	Op, Type, Size string
	Elems          int      // elements the op processes per call (for elements/ns)
	Bytes          int64    // bytes it reads plus bytes it writes per call
	Impls          []string // the implementations, in the order Prepare returns them
	// Prepare makes the inputs and returns one call of each implementation over them.
	Prepare func() []func()
}

// Groups returns every group for the ops, vector sizes and matrix shapes given: both
// precisions, every backend this CPU runs, lanes and loop.
func Groups(ops []string, sizes []int, shapes [][2]int) []Group {
	var gs []Group
	for _, op := range ops {
		gs = append(gs, groups[float32](op, "f32", sizes, shapes)...)
		gs = append(gs, groups[float64](op, "f64", sizes, shapes)...)
	}
	return gs
}

// All returns every case for the ops, vector sizes and matrix shapes given, as
// `go test -bench` runs them.
func All(ops []string, sizes []int, shapes [][2]int) []Case {
	var cs []Case
	for _, g := range Groups(ops, sizes, shapes) {
		for i, name := range g.Impls {
			cs = append(cs, Case{Op: g.Op, Type: g.Type, Size: g.Size, Impl: name, Elems: g.Elems, Bytes: g.Bytes,
				Run: func(b *testing.B) {
					run := g.Prepare()[i]
					run() // the first call faults in fresh pages and warms the caches
					b.SetBytes(g.Bytes)
					b.ResetTimer()
					for b.Loop() {
						run()
					}
					b.ReportMetric(float64(g.Elems)*float64(b.N)/float64(b.Elapsed().Nanoseconds()), "elems/ns")
				}})
		}
	}
	return cs
}

// impl is one implementation of an op: a function of the prepared inputs.
type impl[T float32 | float64] struct {
	name string
	run  func(in *inputs[T])
}

// inputs are an op's operands, made once per case before the timer starts.
type inputs[T float32 | float64] struct {
	a, b, dst []T
	idx       []int // ArgMaxRows' result, SoftmaxCrossEntropy's labels
	m, out    lanes.Matrix[T]
	c         T
	sink      T
	// A product's operands, and the goroutines it may use.
	pa, pb, pc lanes.Matrix[T]
	threads    int
}

func groups[T float32 | float64](op, typ string, sizes []int, shapes [][2]int) []Group {
	d := lookup[T](op)
	impls := d.impls()
	var names []string
	for _, im := range impls {
		names = append(names, im.name)
	}
	var gs []Group
	add := func(size string, elems int, bytes int64, prep func() *inputs[T]) {
		gs = append(gs, Group{Op: op, Type: typ, Size: size, Elems: elems, Bytes: bytes, Impls: names,
			Prepare: func() []func() {
				in := prep()
				runs := make([]func(), len(impls))
				for i, im := range impls {
					runs[i] = func() { im.run(in) }
				}
				return runs
			}})
	}
	size := int64(unsafe.Sizeof(T(0)))
	if d.product != nil {
		for _, p := range ProductsOf(op) {
			m, k, n := p[0], p[1], p[2]
			for _, th := range Threads {
				keep := make([]int, 0, len(impls))
				for i, im := range impls {
					// The backends' tables run serially; threads are the public API's.
					if (im.name != "lanes" && th > 1) || ((im.name == "generic" || im.name == "loop") && m*n*k > SlowUpTo) {
						continue
					}
					keep = append(keep, i)
				}
				var kept []string
				for _, i := range keep {
					kept = append(kept, impls[i].name)
				}
				gs = append(gs, Group{Op: op, Type: typ, Size: fmt.Sprintf("m=%d/k=%d/n=%d/threads=%d", m, k, n, th),
					Elems: m * n * k, Bytes: int64(m*k+k*n+m*n) * size, Impls: kept,
					Prepare: func() []func() {
						in := d.product(m, k, n)
						in.threads = th
						runs := make([]func(), len(keep))
						for j, i := range keep {
							runs[j] = func() { impls[i].run(in) }
						}
						return runs
					}})
			}
		}
		return gs
	}
	if d.matrix {
		for _, s := range append(slices.Clone(shapes), d.narrow...) {
			r, c := s[0], s[1]
			add(fmt.Sprintf("rows=%d/cols=%d", r, c), r*c, int64(d.traffic(r, c))*size, func() *inputs[T] { return d.prep(r, c) })
		}
		return gs
	}
	for _, n := range sizes {
		add(fmt.Sprintf("n=%d", n), n, int64(d.traffic(n, 1))*size, func() *inputs[T] { return d.prep(n, 1) })
	}
	return gs
}

// random returns n values in [lo, hi), the same on every run.
func random[T float32 | float64](n int, lo, hi float64) []T { return randomSeed[T](n, 1, lo, hi) }

// randomSeed is random with another sequence for each seed: the second operand of a
// binary op. Each is a fresh allocation, aligned as Go aligns a user's make, so the
// benchmarks measure what a user's slices get (a second operand misaligned against the
// first by a few bytes costs the AVX-512 dot product a third: every load splits across
// two cache lines).
func randomSeed[T float32 | float64](n int, seed uint64, lo, hi float64) []T {
	r := rand.New(rand.NewPCG(uint64(n), seed))
	x := make([]T, n)
	for i := range x {
		x[i] = T(lo + (hi-lo)*r.Float64())
	}
	return x
}

// Backends are the backends this CPU runs, for the impl names.
func Backends() []kernels.Backend { return kernels.Backends() }
