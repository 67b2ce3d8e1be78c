package main

import (
	"encoding/xml"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestResultsRoundTrip(t *testing.T) {
	rs := []*result{
		{Op: "Dot", Type: "f32", Size: "n=4096", Impl: "avx2", Elems: 4096, Bytes: 32768, Ns: []float64{170.25, 168.5, 180}, Iters: []int{1000, 1100, 900}},
		{Op: "MatVec", Type: "f64", Size: "rows=256/cols=1000", Impl: "lanes", Elems: 256000, Bytes: 8 * 257256, Ns: []float64{85000}, Iters: []int{12}},
		{Op: "Dot", Type: "f32", Size: "n=4096", Impl: "gonum", Peer: true, Ns: []float64{900}, Iters: []int{1}},
	}
	var b strings.Builder
	if err := writeResults(&b, header{"linux", "amd64", "github.com/lanesimd/lanes", "Some CPU"}, rs); err != nil {
		t.Fatal(err)
	}
	text := b.String()
	for _, line := range []string{"goos: linux\n", "goarch: amd64\n", "pkg: github.com/lanesimd/lanes\n", "cpu: Some CPU\n"} {
		if !strings.Contains(text, line) {
			t.Errorf("no header line %q in\n%s", line, text)
		}
	}
	if strings.Contains(text, "gonum") {
		t.Error("a peer's result was written into lanes' file")
	}
	got, config, err := parseResults(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(config, []string{"cpu: Some CPU"}) || len(got) != 2 {
		t.Fatalf("read back %q and %d results, want cpu: Some CPU and 2", config, len(got))
	}
	for i, r := range got {
		want := rs[i]
		if r.name() != want.name() || r.Elems != want.Elems || math.Abs(float64(r.Bytes-want.Bytes)) > 1 || len(r.Ns) != len(want.Ns) {
			t.Errorf("read back %+v, want %+v", r, want)
			continue
		}
		for j := range r.Ns {
			if math.Abs(r.Ns[j]-want.Ns[j]) > 0.01 || r.Iters[j] != want.Iters[j] {
				t.Errorf("%s run %d: %v ns over %d calls, want %v over %d", r.name(), j, r.Ns[j], r.Iters[j], want.Ns[j], want.Iters[j])
			}
		}
	}
}

// TestParseGoTestOutput reads lines as go test -bench prints them (the -GOMAXPROCS
// suffix, the metrics in any order) and skips what is not a lanes-style benchmark.
func TestParseGoTestOutput(t *testing.T) {
	in := `goos: linux
goarch: arm64
pkg: github.com/lanesimd/lanes/bench/peers
cpu: Neoverse-V2
blas: openblas 0.3.21 NeoverseN1, 8 threads
BenchmarkDot/type=f32/n=4096/impl=gonum-8   	 1293266	       909.5 ns/op	36029.96 MB/s	         4.504 elems/ns
BenchmarkDot/type=f32/n=4096/impl=gonum-8   	 1293266	       911.5 ns/op
BenchmarkOuter/type=f64/rows=64/cols=1000/impl=numpy 	 100	 20000 ns/op	 4.0 elems/ns	 25.6 MB/s
BenchmarkSomethingElse-8   	 100	 20 ns/op
PASS
ok  	github.com/lanesimd/lanes/bench/peers	1.2s
`
	rs, config, err := parseResults(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"cpu: Neoverse-V2", "blas: openblas 0.3.21 NeoverseN1, 8 threads"}; !slices.Equal(config, want) || len(rs) != 2 {
		t.Fatalf("got %q and %d results, want %q and 2", config, len(rs), want)
	}
	dot, outer := rs[0], rs[1]
	if dot.Op != "Dot" || dot.Type != "f32" || dot.Size != "n=4096" || dot.Impl != "gonum" || !dot.Peer || len(dot.Ns) != 2 {
		t.Errorf("dot: %+v", dot)
	}
	if dot.Elems != 4096 || math.Abs(float64(dot.Bytes)-32768) > 1 {
		t.Errorf("dot: %d elements, %d bytes; want 4096 and 32768", dot.Elems, dot.Bytes)
	}
	if outer.Size != "rows=64/cols=1000" || outer.Impl != "numpy" || outer.Elems != 64000 || outer.Bytes != 512 {
		t.Errorf("outer: %+v", outer)
	}
}

func TestSummaries(t *testing.T) {
	r := &result{Elems: 1000, Bytes: 8000, Ns: []float64{120, 100, 110, 500}}
	if r.median() != 115 || r.lo() != 100 || r.hi() != 500 {
		t.Errorf("median %v lo %v hi %v, want 115, 100, 500", r.median(), r.lo(), r.hi())
	}
	if math.Abs(r.noise()-400.0/115) > 1e-12 || math.Abs(r.perNs()-1000.0/115) > 1e-12 || math.Abs(r.gbs()-8000.0/115) > 1e-12 {
		t.Errorf("noise %v, el/ns %v, GB/s %v", r.noise(), r.perNs(), r.gbs())
	}
}

func TestMeasure(t *testing.T) {
	calls := 0
	d := 2 * time.Millisecond
	start := time.Now()
	ns, n := measure(func() { calls++; time.Sleep(10 * time.Microsecond) }, d)
	if n < 1 || calls < n || ns < 10e3 {
		t.Errorf("measure: %v ns/op over %d calls (%d made); a call sleeps 10µs", ns, n, calls)
	}
	if float64(n)*ns < float64(d.Nanoseconds()) {
		t.Errorf("the timed run took %v ns, less than %v", float64(n)*ns, d)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("measure took %v for a %v run", time.Since(start), d)
	}
}

// TestLimits checks which bound each op is held against.
func TestLimits(t *testing.T) {
	lim := limits{l1: 200, caches: []cache{{"L1d", 48 << 10}},
		copies: []*result{
			{Op: "Copy", Bytes: 128, Elems: 16, Ns: []float64{10}},           // 12.8 GB/s
			{Op: "Copy", Bytes: 8 << 20, Elems: 1 << 20, Ns: []float64{2e5}}, // 41.9 GB/s
		}}
	cases := []struct {
		r    *result
		want float64
		name string
	}{
		{&result{Op: "Dot", Bytes: 32 << 10}, 200, "L1"},
		{&result{Op: "Dot", Bytes: 16 << 20}, float64(8<<20) / 2e5, "copy"},
		{&result{Op: "Mul", Bytes: 192}, 12.8, "copy"},
		{&result{Op: "Exp", Bytes: 192}, 0, ""},
	}
	for _, c := range cases {
		b, name := lim.bound(c.r)
		if math.Abs(b-c.want) > 1e-9 || name != c.name {
			t.Errorf("%s of %d bytes: bound %v (%s), want %v (%s)", c.r.Op, c.r.Bytes, b, name, c.want, c.name)
		}
	}
}

// TestPlot draws a family from made-up results and checks that the SVG is well-formed
// XML with a line per implementation, the copy() reference and the cache marks.
func TestPlot(t *testing.T) {
	var rs []*result
	for _, impl := range []string{"generic", "loop", "lanes", "gonum"} {
		for _, typ := range []string{"f32", "f64"} {
			for _, n := range []int{16, 4096, 1 << 20} {
				rs = append(rs, &result{Op: "Mul", Type: typ, Size: "n=" + strconv.Itoa(n), Impl: impl, Elems: n, Bytes: int64(12 * n),
					Ns: []float64{float64(n), 1.1 * float64(n)}, Peer: impl == "gonum"})
			}
		}
	}
	for _, n := range []int{16, 4096, 1 << 20} {
		rs = append(rs, &result{Op: "Copy", Type: "f32", Size: "n=" + strconv.Itoa(n), Impl: "copy", Elems: n, Bytes: int64(8 * n), Ns: []float64{float64(n) / 4}})
	}
	lim := limits{l1: 100, caches: []cache{{"L1d", 48 << 10}, {"L2", 1 << 20}}, copies: rs[len(rs)-3:]}
	var b strings.Builder
	if !plot(&b, family{"elementwise", "Elementwise", []string{"Mul", "Add"}}, rs, lim, "Test CPU") {
		t.Fatal("nothing drawn")
	}
	if plot(io.Discard, family{"none", "None", []string{"Exp"}}, rs, lim, "Test CPU") {
		t.Error("a family with no results was drawn")
	}
	d := xml.NewDecoder(strings.NewReader(b.String()))
	counts := map[string]int{}
	var texts []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, b.String())
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			counts[tok.Name.Local]++
		case xml.CharData:
			texts = append(texts, string(tok))
		}
	}
	// Two panels (f32, f64), each with generic, loop and gonum (lanes is the chosen
	// backend, not drawn twice) and the copy() reference.
	if counts["svg"] != 1 || counts["polyline"] != 2*4 {
		t.Errorf("%d svg elements and %d polylines, want 1 and 8", counts["svg"], counts["polyline"])
	}
	all := strings.Join(texts, " ")
	for _, want := range []string{"L1d", "L2", "Mul f32", "Mul f64", "gonum", "Test CPU"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in the plot's text", want)
		}
	}
}

// TestSummary checks the README tables: a column per backend and the loop, lanes'
// speedups over the loop and each peer, one table per precision, rows only where lanes ran.
func TestSummary(t *testing.T) {
	r := func(op, typ, size, impl string, ns float64) *result {
		return &result{Op: op, Type: typ, Size: size, Impl: impl, Elems: 4096, Ns: []float64{ns}, Iters: []int{1}, Peer: impl == "gonum"}
	}
	rs := []*result{
		r("Dot", "f32", "n=4096", "generic", 1230), r("Dot", "f32", "n=4096", "lanes", 100),
		r("Dot", "f32", "n=4096", "loop", 2500), r("Dot", "f32", "n=4096", "gonum", 350),
		r("Dot", "f64", "n=1048576", "loop", 9e5), r("Dot", "f64", "n=1048576", "lanes", 2e5),
		r("Dot", "f64", "n=65536", "lanes", 2e4), // not a summary size
		r("Exp", "f32", "n=4096", "gonum", 1),    // lanes did not run it
	}
	var b strings.Builder
	summary(&b, header{"linux", "amd64", "p", "Test CPU"}, rs)
	out := b.String()
	for _, want := range []string{
		"Test CPU, linux/amd64",
		"| op | size | generic |",
		"| loop | ×loop | ×gonum |",
		"| Dot | n=4096 | 1.23µs |",
		"| 2.5µs | 25× | 3.5× |",
		"| Dot | n=2²⁰ |",
		"| 900µs | 4.5× |  |",
		"\nfloat32\n", "\nfloat64\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	for _, bad := range []string{"n=65536", "| Exp |"} {
		if strings.Contains(out, bad) {
			t.Errorf("%q in\n%s", bad, out)
		}
	}
}

// TestProductReport checks the products' table: GFLOP/s from the multiply-adds, the share
// of the peak times the threads, lanes' speedup over a peer; and that the plot draws.
func TestProductReport(t *testing.T) {
	size := "m=100/k=100/n=100/threads="
	rs := []*result{
		{Op: "MatMul", Type: "f32", Size: size + "1", Impl: "avx2", Elems: 1e6, Ns: []float64{10000}},
		{Op: "MatMul", Type: "f32", Size: size + "1", Impl: "lanes", Elems: 1e6, Ns: []float64{10000}},
		{Op: "MatMul", Type: "f32", Size: size + "2", Impl: "lanes", Elems: 1e6, Ns: []float64{8000}},
		{Op: "MatMul", Type: "f32", Size: size + "1", Impl: "numpy", Elems: 1e6, Ns: []float64{20000}, Peer: true},
	}
	// avx2's peak: 200 FMA/ns, so 100 FMA/ns (200 GFLOP/s) is half of it.
	var b strings.Builder
	productReport(&b, rs, peaks{"avx2/f32": 200})
	out := b.String()
	for _, want := range []string{"MatMul GFLOP/s", "100×100·100×100", "200 (50%)", "2×"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	var svg strings.Builder
	if !plotProducts(&svg, rs, peaks{"avx2/f32": 200}, "Some CPU") {
		t.Fatal("plotProducts drew nothing")
	}
	if err := xml.Unmarshal([]byte(svg.String()), new(struct{})); err != nil {
		t.Errorf("the plot is not XML: %v", err)
	}
	if _, _, _, _, ok := product("n=16"); ok {
		t.Error("a vector size read as a product")
	}
	if n := elemsOf(size + "2"); n != 1e6 {
		t.Errorf("elemsOf(%q) = %d, want 10⁶", size+"2", n)
	}
}

// TestGCPause checks that the measure finds the pauses of the collections it runs: two
// or more per collection, the longest in a bucket with finite, ordered ends, the 99.9th
// percentile no more than the longest.
func TestGCPause(t *testing.T) {
	p := gcPause(1<<12, 20*time.Millisecond)
	lo, hi := p.longest[0], p.longest[1]
	if !(lo >= 0 && lo < hi && hi < 10) {
		t.Errorf("longest pause in [%v, %v) s", lo, hi)
	}
	if p.collections == 0 || p.count < 2*uint64(p.collections) {
		t.Errorf("%d collections, %d pauses", p.collections, p.count)
	}
	if !(p.p999 > 0 && p.p999 <= hi) {
		t.Errorf("99.9th percentile under %v s, longest under %v s", p.p999, hi)
	}
}

// TestSumErrorTable reads NumPy's relerr lines, which the result parser keeps out of the
// peers' config, and writes them beside every backend's own errors (a sanity bound here;
// kernels' TestFloat32SumAccuracy holds them to their targets).
func TestSumErrorTable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "numpy.txt")
	lines := "cpu: x\nrelerr: op=Sum type=f32 n=10000000 impl=numpy 2.87e-07\nrelerr: op=Dot type=f32 n=1000 impl=numpy 5.82e-06\n" +
		"BenchmarkSum/type=f32/n=16/impl=numpy\t1\t10 ns/op\n"
	if err := os.WriteFile(file, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	pe, err := readSumErrors(file)
	if err != nil || len(pe) != 2 || pe[0] != (sumError{"Sum", "numpy", 1e7, 2.87e-7}) {
		t.Fatalf("read %v, %v", pe, err)
	}
	if _, config, _ := parseResults(strings.NewReader(lines)); slices.ContainsFunc(config, func(c string) bool { return strings.HasPrefix(c, "relerr") }) {
		t.Errorf("relerr lines in the config: %q", config)
	}
	old := sumErrorLens
	sumErrorLens = []int{1e3, 1e5}
	defer func() { sumErrorLens = old }()
	own := measureSumErrors()
	for _, e := range own {
		if !(e.rel < 1e-6) {
			t.Errorf("%s %s n=%d: relative error %g", e.impl, e.op, e.n, e.rel)
		}
	}
	var b strings.Builder
	sumErrorTable(&b, append(own, pe...))
	out := b.String()
	for _, want := range []string{"| op | n | ", " numpy |", "| Sum | 1e+03 |", "| Dot | 1e+03 |", " 5.8e-06 |"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
}
