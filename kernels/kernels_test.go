package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/lanesimd/lanes/generic"
	"github.com/lanesimd/lanes/internal/catalog"
	"github.com/lanesimd/lanes/internal/guard"
	"golang.org/x/sys/cpu"
)

// TestCatalogCoversTable checks that the kernel tests see every field of Table: the
// catalogue's entries are Table's fields in order, entries returns each as the type its
// signature names, and runCase knows every entry's test family.
func TestCatalogCoversTable(t *testing.T) {
	if err := catalog.Check(); err != nil {
		t.Fatal(err)
	}
	typ := reflect.TypeFor[Table[float32]]()
	if typ.NumField() != len(catalog.Table) {
		t.Fatalf("Table has %d fields, the catalogue %d entries", typ.NumField(), len(catalog.Table))
	}
	for i, e := range entriesOf(&Generic32) {
		f := typ.Field(i)
		if f.Name != e.Name {
			t.Errorf("field %d of Table is %s, entry %d of the catalogue %s", i, f.Name, i, e.Name)
		}
		want := unnamed(strings.ReplaceAll(e.Signature(), "T", "float32"))
		if got := reflect.TypeOf(e.fn).String(); got != want || f.Type.String() != want {
			t.Errorf("%s: entries gives a %s and Table holds a %s, the catalogue says %s", e.Name, got, f.Type, want)
		}
		fuzzed := false
		for _, fs := range fuzzTargets {
			fuzzed = fuzzed || slices.Contains(fs, e.Test.Family)
		}
		if !fuzzed {
			t.Errorf("%s: no fuzz target covers its family", e.Name)
		}
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("%s: %v", e.Name, p)
				}
			}()
			r := rand.New(rand.NewPCG(1, 2))
			if err := runCase(e, 5, randSource[float32]{r}, func(n int) []float32 { return make([]float32, n) }); err != nil {
				t.Errorf("%s: %v", e.Name, err)
			}
		}()
	}
}

func TestTablesComplete(t *testing.T) {
	for _, b := range Backends() {
		for _, tab := range []any{b.F32, b.F64} {
			v := reflect.ValueOf(tab).Elem()
			for i := range v.NumField() {
				if v.Field(i).IsNil() {
					t.Errorf("%s: %s has no %s", b.Name, v.Type(), v.Type().Field(i).Name)
				}
			}
		}
	}
}

func TestRegistry(t *testing.T) {
	all := Backends()
	if len(all) == 0 || all[len(all)-1].Name != "generic" {
		t.Fatalf("Backends() = %v, want generic last", names(all))
	}
	if _, ok := Lookup("generic"); !ok {
		t.Error(`Lookup("generic") failed`)
	}
	if _, ok := Lookup("no-such-isa"); ok {
		t.Error("Lookup of an unknown name succeeded")
	}
	// A backend registered with a higher rank comes first; the registry is restored after.
	saved := registry
	defer func() { registry = saved }()
	registry = slices.Clone(registry)
	register(Backend{Name: "fake-high", F32: &Generic32, F64: &Generic64}, 1000)
	register(Backend{Name: "fake-low", F32: &Generic32, F64: &Generic64}, -1)
	got := names(Backends())
	if got[0] != "fake-high" || got[len(got)-1] != "fake-low" {
		t.Errorf("after registering: %v", got)
	}
}

func names(bs []Backend) []string {
	var s []string
	for _, b := range bs {
		s = append(s, b.Name)
	}
	return s
}

// Features reports what golang.org/x/sys/cpu found, feature by feature.
func TestFeatures(t *testing.T) {
	got := strings.Fields(Features())
	var want map[string]bool
	switch runtime.GOARCH {
	case "amd64":
		x := &cpu.X86
		want = map[string]bool{"sse4.1": x.HasSSE41, "avx": x.HasAVX, "avx2": x.HasAVX2, "fma": x.HasFMA,
			"avx512f": x.HasAVX512F, "avx512dq": x.HasAVX512DQ, "avx512bw": x.HasAVX512BW, "avx512vl": x.HasAVX512VL, "bmi2": x.HasBMI2}
	case "arm64":
		want = map[string]bool{"asimd": cpu.ARM64.HasASIMD, "fp": cpu.ARM64.HasFP, "asimdhp": cpu.ARM64.HasASIMDHP, "sve": cpu.ARM64.HasSVE}
	default:
		if Features() != "none" {
			t.Errorf("Features() = %q on %s", Features(), runtime.GOARCH)
		}
		return
	}
	for name, has := range want {
		if slices.Contains(got, name) != has {
			t.Errorf("Features() = %q: %s listed %v, x/sys/cpu says %v", Features(), name, !has, has)
		}
	}
}

// TestAgainstReference runs every kernel of every table on every length 0..300 at three
// offsets (offsetsFor: over the lengths, every offset 0..15), and on random longer lengths.
//
// Under an emulator (LANES_EMULATED), where an element costs a hundred times what it
// costs natively, the tests are lighter: random lengths to 8000 and the long slice to
// 2¹⁸, all at one offset; and the generic tables are left to the -tags purego run, where
// they are the only ones, when an assembly backend is here to be checked. Go code under
// qemu took half of the qemu-aarch64 step's ten minutes, and natively every table runs in
// full. Under the race detector: lengths to 192 at one offset each (see shortest).
func TestAgainstReference(t *testing.T) {
	// The tables in parallel: the longest test here, it would run on one CPU while the
	// other finished the rest of go test ./... .
	eachTable(t, func(t *testing.T, tab *Table[float32]) {
		t.Parallel()
		againstReference(t, tab)
	}, func(t *testing.T, tab *Table[float64]) {
		t.Parallel()
		againstReference(t, tab)
	})
}

func againstReference[T Float](t *testing.T, tab *Table[T]) {
	for _, e := range entriesOf(tab) {
		t.Run(e.Name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(len(e.Name)), 7))
			src := randSource[T]{r}
			lengths := make([]int, 0, 320)
			for n := range shortest(301) {
				lengths = append(lengths, n)
			}
			longest := shortest(40000)
			if emulated() || raceEnabled {
				longest = 8000
			}
			for range 6 {
				lengths = append(lengths, 301+r.IntN(longest))
			}
			lengths = append(lengths, 3*4096+17) // several summation blocks
			longAt := -1
			if !testing.Short() {
				// One long slice, up to 2²⁰ (2¹⁶ for the kernels whose reference is slow, 2¹⁸
				// emulated): tens to hundreds of summation blocks, and the main loops'
				// counters far past any 16-bit width.
				long := 1 << 20
				switch {
				case slow(e.Test):
					long = 1 << 16
				case emulated():
					long = 1 << 18
				}
				longAt = len(lengths)
				lengths = append(lengths, long/2+r.IntN(long/2))
			}
			// Beyond 300 elements, two offsets natively; one emulated, and one for the
			// long slice (half this test's time at two).
			for li, n := range lengths {
				beyond := 2
				if emulated() || li == longAt {
					beyond = 1
				}
				offsets := offsetsFor(n)
				if raceEnabled {
					offsets = offsets[1:] // one a length, turning with n
				}
				for i, off := range offsets {
					if n > 300 && i >= beyond {
						break
					}
					get := func(n int) []T { return at[T](n, off) }
					if err := runCase(e, n, src, get); err != nil {
						t.Fatalf("n=%d offset=%d: %v", n, off, err)
					}
				}
			}
		})
	}
}

// offsetsFor returns the offsets, in elements, at which a slice of n elements starts: 0,
// then two that turn with n/16, so that over 0..255 every length modulo 16 (the vector
// loops' tails) meets every offset modulo 16 (a float32's every alignment in 64 bytes).
// The kernels load unaligned with no alignment prologue (DESIGN.md), so three a length
// cover what sixteen did, at a fifth of the time.
func offsetsFor(n int) []int {
	q := n / 16 % 16
	if q == 0 || q == 8 {
		return []int{0, 8}
	}
	return []int{0, q, (q + 8) % 16}
}

// TestGuardPages runs every kernel of every table on every length 0..260 with each input
// and output flush against a PROT_NONE page, first after its end, then before its start:
// a kernel that touches one element outside its slices faults.
func TestGuardPages(t *testing.T) {
	if !guard.Supported {
		t.Skip("no guard pages on this platform")
	}
	eachTable(t, guardPages[float32], guardPages[float64])
}

func guardPages[T Float](t *testing.T, tab *Table[T]) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	bufs := guard.Buffers(t, 4, 320*128*8) // the products: up to 300×77 elements an operand
	r := rand.New(rand.NewPCG(1, 1))
	for _, e := range entriesOf(tab) {
		for _, side := range guard.Sides {
			get, reset := guard.Slicer[T](bufs, side)
			for n := range shortest(261) {
				reset()
				err := func() (err error) {
					defer func() {
						if p := recover(); p != nil {
							err = fmt.Errorf("fault: %v", p)
						}
					}()
					return runCase(e, n, randSource[T]{r}, get)
				}()
				if err != nil {
					t.Fatalf("%s, n=%d, guard page %s the slices: %v", e.Name, n, side, err)
				}
			}
		}
	}
}

// TestNormRange runs Norm of every table on vectors scaled by every power of two the
// precision has, from the subnormals to the largest floats, where squaring alone would
// underflow to 0 or overflow to +Inf.
func TestNormRange(t *testing.T) {
	eachTable(t, normRange[float32], normRange[float64])
}

func normRange[T Float](t *testing.T, tab *Table[T]) {
	lo, hi := -149, 127
	if !is32[T]() {
		lo, hi = -1074, 1023
	}
	r := rand.New(rand.NewPCG(3, 3))
	for e := lo; e <= hi; e++ {
		for _, n := range []int{1, 2, 7, 33} {
			x := make([]T, n)
			for i := range x {
				x[i] = T(math.Ldexp(r.Float64()+0.5, e))
			}
			x[r.IntN(n)] = T(math.Ldexp(1.75, min(e, hi))) // one element near the top of the binade
			if err := checkNorm(x, tab.Norm(x)); err != nil {
				t.Fatalf("2^%d, n=%d: %v", e, n, err)
			}
		}
	}
}

// TestPositionIndependence checks the promises a reference comparison with a tolerance
// cannot: a reduction gives the same bits wherever its slice starts in memory, and an
// elementwise result is the same bits whatever the element's position and the slice's
// length (the tails of the SIMD kernels run the same vector code).
func TestPositionIndependence(t *testing.T) {
	eachTable(t, positionIndependence[float32], positionIndependence[float64])
}

func positionIndependence[T Float](t *testing.T, tab *Table[T]) {
	r := rand.New(rand.NewPCG(5, 5))
	src := randSource[T]{r}
	for _, n := range []int{1, 3, 8, 17, 64, 100, 255, 1000, 5000} {
		x, y := make([]T, n), make([]T, n)
		for i := range x {
			x[i], y[i] = src.moderate(), src.moderate()
		}
		for _, e := range entriesOf(tab) {
			switch e.Test.Family {
			case catalog.SumOf, catalog.NormOf, catalog.Largest:
				reductionPositions(t, e, x, y)
			case catalog.Within:
				k := e.fn.(func(dst, x []T))
				xs := make([]T, n)
				for i := range xs {
					xs[i] = src.value(e.Test.Domain)
				}
				all := make([]T, n)
				k(all, xs)
				one := []T{0}
				for i, v := range xs {
					k(one, []T{v})
					if !sameBits(one[0], all[i]) {
						t.Fatalf("%s(%v) is %v alone, %v at position %d of %d", e.Name, v, one[0], all[i], i, n)
					}
				}
			}
		}
	}
}

// reductionPositions checks that a reduction of x (and y) gives the same bits at every
// offset of the slices in memory.
func reductionPositions[T Float](t *testing.T, e entry[T], x, y []T) {
	n := len(x)
	var first T
	for off := range 16 {
		a, b := at[T](n, off), at[T](n, 15-off)
		copy(a, x)
		copy(b, y)
		var got T
		switch k := e.fn.(type) {
		case func([]T) T:
			got = k(a)
		case func(a, b []T) T:
			got = k(a, b)
		}
		if off == 0 {
			first = got
		} else if !sameBits(got, first) {
			t.Fatalf("%s, n=%d: %v at offset %d, %v at offset 0", e.Name, n, got, off, first)
		}
	}
}

// slow says whether an entry is slow to check (a double-double reference per element, or
// a kernel call per row): its tests run shorter slices.
func slow(s catalog.Spec) bool {
	switch s.Family {
	case catalog.Within, catalog.SoftmaxOf, catalog.MatMulOf, catalog.CrossEntropyOf:
		return true
	case catalog.ColSumsOf: // a kernel call a row: 2¹⁶ rows still cross 16 summation blocks
		return true
	}
	return false
}

// unnamed drops the parameter names of a Go function type, as reflect writes it:
// func(dst, x []float32, c float32) is func([]float32, []float32, float32).
func unnamed(sig string) string {
	params, result := splitParams(strings.TrimPrefix(sig, "func("))
	var types []string
	pending := 0
	for _, p := range params {
		name, typ, typed := strings.Cut(strings.TrimSpace(p), " ")
		pending++
		if typed {
			if strings.HasPrefix(typ, "func(") {
				typ = unnamed(typ)
			}
			for range pending {
				types = append(types, typ)
			}
			pending = 0
		}
		_ = name
	}
	return "func(" + strings.Join(types, ", ") + ")" + result
}

// splitParams splits a parameter list that starts after its "(" at its top-level commas,
// and returns what follows its ")".
func splitParams(s string) (params []string, rest string) {
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return append(params, s[start:i]), s[i+1:]
			}
			depth--
		case ',':
			if depth == 0 {
				params = append(params, s[start:i])
				start = i + 1
			}
		}
	}
	return params, ""
}

// TestFMAPeakCountsEveryLane checks that FMAPeak runs the chains the catalogue gives each
// backend on every lane of its vectors: the bench turns its time into FMAs per
// nanosecond with that count, so a kernel that dropped a chain would inflate the peak.
func TestFMAPeakCountsEveryLane(t *testing.T) {
	for _, b := range Backends() {
		for _, f64 := range []bool{false, true} {
			want := float64(generic.PeakChains)
			if b.Name != "generic" {
				want = float64(catalog.KernelNamed("FMAPeak").UnrollFor(b.Name) * catalog.VectorLanes(b.Name, f64))
			}
			got := float64(b.F32.FMAPeak(3))
			if f64 {
				got = b.F64.FMAPeak(3)
			}
			if got != 3*want {
				t.Errorf("%s, float64 %v: 3 steps counted %v FMAs, want 3·%v", b.Name, f64, got, want)
			}
		}
	}
}

// emulated says the tests run under an emulator (LANES_EMULATED, set by CI's qemu steps).
func emulated() bool { return os.Getenv("LANES_EMULATED") != "" }

// shortest returns n, or at most 193 in the -short runs under an x86 emulator
// (LANES_EMULATED with -short: CI's Haswell and qemu64 steps) and under the race detector.
// The emulated runs prove which backend dispatch chooses and that its kernels execute no
// instruction the CPU lacks; lengths to 192 take every path of every loop (one and two
// passes of the widest main loop, AVX2's 8 vectors of 8, with every tail after each), and
// 3·4096+17 several summation blocks, while the native run checks the same kernels on
// every length to n and on random lengths to 40000. Emulated, an element costs a hundred
// times what it costs natively; under the race detector the Go references cost ten times,
// and what it checks (the tables' race annotations around every kernel) depends on no
// length past the loops' paths.
func shortest(n int) int {
	if testing.Short() && emulated() || raceEnabled {
		return min(n, 193)
	}
	return n
}
