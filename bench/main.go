// Command bench is lanes' performance report: go run ./bench.
//
// It prints the CPU, its features, the Go version and the backend dispatch chose; then for
// every op of the public API, both precisions, vectors of 16 to 2²⁴ elements and matrices
// of 64×1000 to 1024×1024, the time per call of every backend this CPU runs, of lanes'
// public API (impl=lanes: whatever dispatch chose) and of the plain Go loop (impl=loop),
// with the elements per nanosecond, the GB/s, the speedup over the loop, the runs' spread,
// and how close each op comes to the machine's limits: the L1 load bandwidth for
// reductions over data in L1, the bandwidth of copy() for everything that streams.
//
//	go run ./bench                    # a few minutes
//	go run ./bench -quick             # three sizes, under a minute
//	go run ./bench -full              # longer runs, ten of each
//	go run ./bench -out results -peers bench/peers/peers.txt numpy.txt
//
// -out writes the results in benchstat's format (lanes.txt), the report (report.txt), a
// Markdown summary (summary.md) and an SVG plot per op family. -peers merges result files
// of other implementations (bench/peers: gonum, archsimd, NumPy) into the tables and plots.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/lanesimd/lanes"
	"github.com/lanesimd/lanes/bench/cases"
	"github.com/lanesimd/lanes/kernels"
)

// mode is how much a run measures.
type mode struct {
	sizes     []int
	shapes    [][2]int
	products  [][3]int
	count     int
	benchtime time.Duration
}

var modes = map[string]mode{
	"quick":   {[]int{16, 4096, 1 << 20}, [][2]int{{256, 1000}}, cases.Products[:1], 3, 5 * time.Millisecond},
	"default": {cases.Sizes, cases.Shapes, cases.Products, 5, 10 * time.Millisecond},
	"full":    {cases.Sizes, cases.Shapes, cases.Products, 10, 50 * time.Millisecond},
}

func main() {
	quick := flag.Bool("quick", false, "sizes 16, 4096 and 2²⁰ and one matrix shape, 3 short runs each (under a minute)")
	full := flag.Bool("full", false, "10 runs of 50ms each (about half an hour)")
	count := flag.Int("count", 0, "runs of each case, overriding the mode's (default 5)")
	benchtime := flag.Duration("benchtime", 0, "minimum time of each run, overriding the mode's (default 10ms)")
	only := flag.String("ops", "", "comma-separated ops to measure (default: all, in the order of bench/cases)")
	out := flag.String("out", "", "folder to write lanes.txt, report.txt, summary.md and the SVG plots into")
	var peerFiles []string
	flag.Func("peers", "a result file of other implementations to merge (more may follow as arguments)", func(f string) error {
		peerFiles = append(peerFiles, f)
		return nil
	})
	flag.Parse()
	peerFiles = append(peerFiles, flag.Args()...)

	m := modes["default"]
	switch {
	case *quick && *full:
		fail("-quick and -full exclude each other")
	case *quick:
		m = modes["quick"]
	case *full:
		m = modes["full"]
	}
	if *count > 0 {
		m.count = *count
	}
	if *benchtime > 0 {
		m.benchtime = *benchtime
	}
	ops := cases.Ops
	if *only != "" {
		ops = strings.Split(*only, ",")
		for _, op := range ops {
			if !slices.Contains(cases.Ops, op) {
				fail(fmt.Sprintf("no op %q; the ops are %s", op, strings.Join(cases.Ops, ",")))
			}
		}
		if !slices.Contains(ops, "Copy") {
			ops = append([]string{"Copy"}, ops...) // the streaming ops' reference
		}
	}

	// The peers' cpu lines are shown, not compared: go test names the CPU from CPUID's
	// brand string and this report from /proc/cpuinfo, which can differ on one machine.
	// NumPy's lines also say which BLAS kernels and how many threads it ran.
	var peers []*result
	var peerCPUs []string
	for _, f := range peerFiles {
		rs, config, err := readResults(f)
		if err != nil {
			fail(err.Error())
		}
		if len(rs) == 0 {
			fail(f + ": no benchmark lines of lanes' form (Op/type=…/n=…/impl=…)")
		}
		peers = append(peers, rs...)
		peerCPUs = append(peerCPUs, fmt.Sprintf("%s (%s)", f, strings.Join(config, "; ")))
	}

	h := header{runtime.GOOS, runtime.GOARCH, "github.com/lanesimd/lanes", cpuModel()}
	var rep strings.Builder
	w := io.MultiWriter(os.Stdout, &rep)
	cs := caches()
	fmt.Fprintf(w, "cpu:      %s\n", h.cpu)
	fmt.Fprintf(w, "features: %s\n", kernels.Features())
	fmt.Fprintf(w, "caches:   %s\n", cacheString(cs))
	fmt.Fprintf(w, "go:       %s %s/%s, GOMAXPROCS=%d\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0))
	fmt.Fprintf(w, "backend:  %s (LANES_BACKEND=%q); measured: %s\n", lanes.Backend(), os.Getenv("LANES_BACKEND"), backendNames())
	fmt.Fprintf(w, "runs:     %d of at least %v per case, interleaved across implementations; the tables show medians\n", m.count, m.benchtime)

	for _, p := range peerCPUs {
		fmt.Fprintf(w, "peers:    %s\n", p)
	}
	l1 := l1Bandwidth(m, cs)
	fmt.Fprintf(w, "L1 load:  %.0f GB/s (the fastest backend's Sum, a load-bound loop: bytes over time between 2 KiB and half the L1d)\n", l1)

	pk := measurePeaks(m)
	fmt.Fprintf(w, "FMA peak: %s (FMAPeak: independent chains of FMAs on one core)\n", pk)

	start := time.Now()
	cases.Products = m.products
	results := run(cases.Groups(ops, m.sizes, m.shapes), m, start)
	if isTerminal(os.Stderr) {
		fmt.Fprintf(os.Stderr, "\r%-100s\r", "")
	}
	fmt.Fprintf(w, "time:     %v\n", time.Since(start).Round(time.Second))
	results = merge(results, peers)

	lim := limits{l1: l1, caches: cs}
	for _, r := range results {
		if r.Impl == "copy" {
			lim.copies = append(lim.copies, r)
		}
	}
	report(w, results, lim)
	productReport(w, results, pk)

	if !*quick {
		errs := measureSumErrors()
		for _, f := range peerFiles {
			pe, err := readSumErrors(f)
			if err != nil {
				fail(err.Error())
			}
			errs = append(errs, pe...)
		}
		sumErrorTable(w, errs)
	}

	n, d := 1<<26, 3*time.Second
	if *quick {
		n, d = 1<<22, time.Second
	}
	p := gcPause(n, d)
	fmt.Fprintf(w, "\nGC pause under load: while another goroutine called Sigmoid over %d float64s (in place, %s),\n", n, lanes.Backend())
	fmt.Fprintf(w, "%d collections in %v stopped the world %d times: 99.9%% of the pauses under %s, %d of 1 ms or more,\n", p.collections, d, p.count, dur(p.p999*1e9), p.over1ms)
	fmt.Fprintf(w, "the longest %s to %s\n", dur(p.longest[0]*1e9), dur(p.longest[1]*1e9))

	if *out != "" {
		if err := writeOut(*out, h, results, lim, pk, rep.String()); err != nil {
			fail(err.Error())
		}
		fmt.Fprintf(os.Stderr, "bench: wrote %s\n", *out)
	}
}

// isTerminal reports whether f is a terminal, where the progress line rewrites itself.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "bench:", msg)
	os.Exit(2)
}

func backendNames() string {
	var names []string
	for _, b := range kernels.Backends() {
		names = append(names, b.Name)
	}
	return strings.Join(names, ", ")
}

func cacheString(cs []cache) string {
	if len(cs) == 0 {
		return "unknown"
	}
	var s []string
	for _, c := range cs {
		s = append(s, c.Name+" "+bytesString(c.Bytes))
	}
	return strings.Join(s, ", ")
}

// run measures every group: its inputs prepared once, each implementation called once to
// warm up, then count rounds in which every implementation runs once, so that a slow
// spell of a shared machine spreads over all of them rather than landing on one.
func run(gs []cases.Group, m mode, start time.Time) []*result {
	var rs []*result
	for gi, g := range gs {
		elapsed := time.Since(start)
		left := ""
		if gi > 0 {
			left = fmt.Sprintf(", ~%v left", (elapsed * time.Duration(len(gs)-gi) / time.Duration(gi)).Round(time.Second))
		}
		switch {
		case isTerminal(os.Stderr):
			fmt.Fprintf(os.Stderr, "\r[%d/%d] %s %s %s (%v%s)%-10s", gi+1, len(gs), g.Op, g.Type, g.Size, elapsed.Round(time.Second), left, "")
		case gi == 0 || gs[gi-1].Op != g.Op: // a log gets a line per op
			fmt.Fprintf(os.Stderr, "[%d/%d] %s (%v%s)\n", gi+1, len(gs), g.Op, elapsed.Round(time.Second), left)
		}
		calls := g.Prepare()
		group := make([]*result, len(calls))
		for i, call := range calls {
			call()
			group[i] = &result{Op: g.Op, Type: g.Type, Size: g.Size, Impl: g.Impls[i], Elems: g.Elems, Bytes: g.Bytes}
		}
		for range m.count {
			for i, call := range calls {
				ns, n := measure(call, m.benchtime)
				group[i].Ns = append(group[i].Ns, ns)
				group[i].Iters = append(group[i].Iters, n)
			}
		}
		rs = append(rs, group...)
	}
	return rs
}

// measure calls f until a run of n calls takes at least d, and returns that run's time per
// call. The shorter runs before it serve as warm-up.
func measure(f func(), d time.Duration) (float64, int) {
	n := 1
	for {
		t0 := time.Now()
		for range n {
			f()
		}
		took := time.Since(t0)
		if took >= d || n >= 1<<30 {
			return float64(took.Nanoseconds()) / float64(n), n
		}
		next := int(1.2 * float64(n) * float64(d) / float64(max(took, time.Microsecond)))
		n = min(max(next, n+1), 100*n)
	}
}

// l1Bandwidth estimates the L1 load bandwidth in GB/s: the fastest backend's Sum, a loop
// that only loads and adds, over 2 KiB and over half the L1d of float32s, counting the
// difference in bytes over the difference in time, so that the call's fixed cost (the
// horizontal sum, the return) drops out.
func l1Bandwidth(m mode, cs []cache) float64 {
	small, large := 512, int(l1dBytes(cs)/2/4)
	gSmall := cases.Groups([]string{"Sum"}, []int{small}, nil)[0] // float32 comes first
	gLarge := cases.Groups([]string{"Sum"}, []int{large}, nil)[0]
	callsSmall, callsLarge := gSmall.Prepare(), gLarge.Prepare()
	best := 0.0
	for i, name := range gSmall.Impls {
		if name == "lanes" || name == "loop" {
			continue
		}
		callsSmall[i]()
		callsLarge[i]()
		for range m.count {
			tSmall, _ := measure(callsSmall[i], m.benchtime)
			tLarge, _ := measure(callsLarge[i], m.benchtime)
			if tLarge > tSmall {
				best = max(best, float64(gLarge.Bytes-gSmall.Bytes)/(tLarge-tSmall))
			}
		}
	}
	return best
}

// merge adds the peers' results; where a peer's element or byte count is missing, the
// lanes results of the same op and size give it.
func merge(rs, peers []*result) []*result {
	known := map[string]*result{}
	for _, r := range rs {
		known[r.key()] = r
	}
	for _, p := range peers {
		if k, ok := known[p.key()]; ok {
			p.Elems, p.Bytes = k.Elems, k.Bytes
		}
		rs = append(rs, p)
	}
	return rs
}

// writeOut writes the result file, the report, the summary and the plots.
func writeOut(dir string, h header, rs []*result, lim limits, pk peaks, rep string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, "lanes.txt"))
	if err != nil {
		return err
	}
	if err := writeResults(f, h, rs); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "report.txt"), []byte(rep), 0o644); err != nil {
		return err
	}
	var md strings.Builder
	summary(&md, h, rs)
	if err := os.WriteFile(filepath.Join(dir, "summary.md"), []byte(md.String()), 0o644); err != nil {
		return err
	}
	var pb strings.Builder
	if plotProducts(&pb, rs, pk, h.cpu) {
		if err := os.WriteFile(filepath.Join(dir, "products.svg"), []byte(pb.String()), 0o644); err != nil {
			return err
		}
	}
	for _, fam := range families {
		var b strings.Builder
		if !plot(&b, fam, rs, lim, h.cpu) {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, fam.file+".svg"), []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}
