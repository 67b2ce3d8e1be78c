package cases

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/lanesimd/lanes/internal/publicops"
)

// TestNoAllocations checks that no implementation allocates per call: an allocation
// would be timed with the op (a closure built per call once made the backends' Scale
// look ten times slower than the loop at n = 16).
// smallProducts has the tests run one small product, on 1 and 2 goroutines.
func smallProducts(t *testing.T) {
	saved := Products
	Products = [][3]int{{9, 24, 17}}
	t.Cleanup(func() { Products = saved })
}

func TestNoAllocations(t *testing.T) {
	smallProducts(t)
	for _, g := range Groups(Ops, []int{16}, [][2]int{{4, 24}}) {
		for i, call := range g.Prepare() {
			if a := testing.AllocsPerRun(20, call); a != 0 {
				t.Errorf("%s/type=%s/%s/impl=%s allocates %.0f times per call", g.Op, g.Type, g.Size, g.Impls[i], a)
			}
		}
	}
}

// TestEveryOpHasCases checks that each op has a group per precision and size, with every
// backend, lanes and the loop (or copy alone for Copy; no loop for an op benchmarked by
// default from its catalogue entry).
func TestEveryOpHasCases(t *testing.T) {
	smallProducts(t)
	for _, op := range Ops {
		gs := Groups([]string{op}, []int{16, 256}, [][2]int{{4, 24}})
		want := map[bool]int{false: 2, true: 2 * (1 + len(Narrow))}[op == "MatVec"]
		if len(gs) != 4 && len(gs) != want {
			t.Errorf("%s: %d groups, want 4 (vectors, products: 2 sizes or 2 thread counts) or %d (matrices, and MatVec's narrow ones)", op, len(gs), want)
		}
		for _, g := range gs {
			if op == "Copy" {
				if !slices.Equal(g.Impls, []string{"copy"}) {
					t.Errorf("Copy's implementations: %v", g.Impls)
				}
				continue
			}
			want := []string{"generic", "lanes", "loop"}
			if _, ok := benches[float32]()[op]; !ok {
				want = want[:2] // a default bench: no plain loop written yet
			}
			if strings.HasSuffix(g.Size, "threads=2") {
				want = []string{"lanes"} // the backends' tables run serially
			}
			if op == "ArgMaxRows" {
				want = []string{"lanes", "loop"} // Go on every backend: no table kernel
				if slices.Contains(g.Impls, "generic") {
					t.Errorf("%s has a backend's case, which would run the public op: %v", op, g.Impls)
				}
			}
			for _, want := range want {
				if !slices.Contains(g.Impls, want) {
					t.Errorf("%s %s %s: no impl %s in %v", op, g.Type, g.Size, want, g.Impls)
				}
			}
			if g.Elems <= 0 || g.Bytes < int64(g.Elems)*4 && !strings.Contains(g.Size, "threads=") {
				t.Errorf("%s %s %s: %d elements, %d bytes", op, g.Type, g.Size, g.Elems, g.Bytes)
			}
		}
	}
}

// TestEveryOpIsBenchmarked checks that every public op that computes (Ops after Copy,
// taken from internal/publicops) has a bench in benches or a default one from its
// catalogue entry, and that benches has none for anything else, so that an op without one
// fails here rather than when a report reaches it.
func TestEveryOpIsBenchmarked(t *testing.T) {
	if Ops[0] != "Copy" || slices.Contains(Ops[1:], "Copy") {
		t.Fatalf("Ops = %v: want Copy first and once", Ops)
	}
	b := benches[float32]()
	for _, op := range publicops.Ops[float32]() {
		if _, ok := b[op.Name]; ok || op.Helper != nil {
			continue
		}
		if _, ok := defaultBench(op); !ok {
			t.Errorf("%s is a public op with no bench in benches (ops.go) and no catalogue entry for a default one", op.Name)
		}
	}
	for op := range b {
		if !slices.Contains(Ops[1:], op) {
			t.Errorf("benches (ops.go) has a bench for %s, which is not a public op that computes", op)
		}
	}
}

// TestProductsAgree checks that every implementation of each product, the plain loop
// included, computes what lanes does: a benchmark of a loop that computes something else
// would be a comparison with nothing.
func TestProductsAgree(t *testing.T) {
	for _, op := range []string{"MatMul", "MatMulTransA", "MatMulTransB"} {
		d := lookup[float64](op)
		for _, s := range [][3]int{{9, 24, 17}, {4, 2, 400}, {17, 5, 3}} {
			in := d.product(s[0], s[1], s[2])
			in.threads = 1
			d.lanes(in)
			want := slices.Clone(in.pc.Data)
			for _, im := range d.impls() {
				clear(in.pc.Data)
				im.run(in)
				for i, w := range want {
					if g := in.pc.Data[i]; math.Abs(g-w) > 1e-12*float64(s[1]) {
						t.Fatalf("%s %v, %s: element %d is %v, lanes gives %v", op, s, im.name, i, g, w)
					}
				}
			}
		}
	}
}

func TestIsProduct(t *testing.T) {
	for op, want := range map[string]bool{"MatMul": true, "MatMulTransA": true, "MatMulTransB": true, "MatVec": false, "Transpose": false, "Copy": false, "NoSuchOp": false} {
		if got := IsProduct(op); got != want {
			t.Errorf("IsProduct(%q) = %v, want %v", op, got, want)
		}
	}
}
