// Command bench is lanes' performance report: go run ./bench.
//
// It prints the CPU, its features, the Go version and the backend dispatch chose, then
// repeats the seed notebook's loop-versus-vectorised experiment at realistic sizes: dot
// product and elementwise multiply of 2²⁰-element vectors, outer product and matrix-vector
// product with 256×1000 matrices, in float32 and float64, for the plain Go loop, lanes'
// public API and every backend this CPU runs. Each number is the median of -count runs.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/lanesimd/lanes"
	"github.com/lanesimd/lanes/bench/cases"
	"github.com/lanesimd/lanes/kernels"
)

func main() {
	testing.Init()
	count := flag.Int("count", 3, "runs of each case; the report shows the median")
	benchtime := flag.Duration("benchtime", 300*time.Millisecond, "time per run")
	flag.Parse()
	if err := flag.Set("test.benchtime", benchtime.String()); err != nil {
		panic(err)
	}

	fmt.Printf("cpu:      %s\n", cpuModel())
	fmt.Printf("features: %s\n", kernels.Features())
	fmt.Printf("go:       %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Printf("backend:  %s (LANES_BACKEND=%q)\n\n", lanes.Backend(), os.Getenv("LANES_BACKEND"))

	// The notebook's experiment: vectors of 2²⁰, matrices of 256×1000.
	cs := cases.All([]string{"Dot", "Mul"}, []int{1 << 20}, nil)
	cs = append(cs, cases.All([]string{"Outer", "MatVec"}, nil, [][2]int{{256, 1000}})...)

	times := make([]time.Duration, len(cs))
	loop := map[string]time.Duration{}
	for i, c := range cs {
		fmt.Fprintf(os.Stderr, "\r[%d/%d] %-50s", i+1, len(cs), c.Name())
		times[i] = median(c, *count)
		if c.Impl == "loop" {
			loop[c.Op+c.Type+c.Size] = times[i]
		}
	}
	fmt.Fprintf(os.Stderr, "\r%70s\r", "")

	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "op\ttype\tsize\timpl\ttime/op\telements/ns\tGB/s\tvs loop\t")
	for i, c := range cs {
		d := times[i]
		ns := float64(d.Nanoseconds())
		speedup := "1.0×"
		if c.Impl != "loop" {
			speedup = fmt.Sprintf("%.1f×", float64(loop[c.Op+c.Type+c.Size])/ns)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%.2f\t%.1f\t%s\t\n", c.Op, c.Type, c.Size, c.Impl,
			d.Round(100*time.Nanosecond), float64(c.Elems)/ns, float64(c.Bytes)/ns, speedup)
	}
	w.Flush()
	fmt.Println("\nvs loop: the plain Go loop's time over this one's. GB/s counts bytes read plus written.")
}

// median runs c count times and returns the median time per op.
func median(c cases.Case, count int) time.Duration {
	ds := make([]time.Duration, count)
	for i := range ds {
		r := testing.Benchmark(c.Run)
		ds[i] = time.Duration(r.NsPerOp())
		if r.N > 0 {
			ds[i] = r.T / time.Duration(r.N)
		}
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// cpuModel reads the CPU's name where the system tells it.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}
