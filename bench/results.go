package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// result is every timed run of one benchmark: one implementation of one op at one
// precision and size.
type result struct {
	Op, Type, Size, Impl string
	Elems                int       // elements per call
	Bytes                int64     // bytes read plus written per call
	Ns                   []float64 // ns/op of each run
	Iters                []int     // calls timed in each run
	Peer                 bool      // read from a -peers file
}

// key identifies a benchmark up to the implementation.
func (r *result) key() string { return r.Op + "/" + r.Type + "/" + r.Size }

// name is the benchmark's name as go test prints it, without the Benchmark prefix.
func (r *result) name() string {
	return r.Op + "/type=" + r.Type + "/" + r.Size + "/impl=" + r.Impl
}

// median, lo and hi summarise the runs.
func (r *result) median() float64 {
	s := slices.Clone(r.Ns)
	slices.Sort(s)
	if len(s) == 0 {
		return math.NaN()
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func (r *result) lo() float64 { return slices.Min(r.Ns) }
func (r *result) hi() float64 { return slices.Max(r.Ns) }

// noise is the runs' spread, (max − min) / median.
func (r *result) noise() float64 { return (r.hi() - r.lo()) / r.median() }

// perNs is elements per nanosecond at the median; gbs is GB/s (bytes per nanosecond).
func (r *result) perNs() float64 { return float64(r.Elems) / r.median() }
func (r *result) gbs() float64   { return float64(r.Bytes) / r.median() }

// header is the configuration lines benchstat reads at the top of a result file.
type header struct{ goos, goarch, pkg, cpu string }

func (h header) write(w io.Writer) {
	fmt.Fprintf(w, "goos: %s\ngoarch: %s\npkg: %s\ncpu: %s\n", h.goos, h.goarch, h.pkg, h.cpu)
}

// writeResults writes results in the format of go test -bench, one line per run, which
// benchstat reads: ns/op, MB/s (10⁶ bytes/s, as b.SetBytes reports) and elems/ns. Names
// carry no -GOMAXPROCS suffix (every op runs on one goroutine), so that files from two
// machines compare row by row whatever their core counts.
func writeResults(w io.Writer, h header, rs []*result) error {
	bw := bufio.NewWriter(w)
	h.write(bw)
	for _, r := range rs {
		if r.Peer {
			continue
		}
		for i, ns := range r.Ns {
			fmt.Fprintf(bw, "Benchmark%s\t%8d\t%12.2f ns/op\t%10.2f MB/s\t%10.4g elems/ns\n", r.name(), r.Iters[i], ns,
				float64(r.Bytes)/ns*1e3, float64(r.Elems)/ns)
		}
	}
	return bw.Flush()
}

// benchLine matches a result line: name, iterations, ns/op and the other metrics.
var benchLine = regexp.MustCompile(`^Benchmark(\S+?)(?:-\d+)?\s+(\d+)\s+([0-9.e+-]+) ns/op(.*)$`)

// nameParts splits Op/type=f32/n=16/impl=x (or …/rows=R/cols=C/…, or a product's
// …/m=M/k=K/n=N/threads=T/…).
var nameParts = regexp.MustCompile(`^([A-Za-z0-9]+)/type=(f32|f64)/((?:n=\d+)|(?:rows=\d+/cols=\d+)|(?:m=\d+/k=\d+/n=\d+/threads=\d+))/impl=([^/\s]+)$`)

// readResults parses a benchstat-format file of peer results (go test -bench output of
// bench/peers, or the NumPy script's) into results keyed by name. Lines that are not
// lanes-style benchmark names are skipped. It also returns the file's configuration lines
// but goos, goarch and pkg: cpu, and what a peer says of itself (the NumPy script's numpy
// and blas lines), for the report to show beside the file's name.
func readResults(file string) ([]*result, []string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	return parseResults(f)
}

// configLine is a result file's "key: value" line, as benchstat reads them.
var configLine = regexp.MustCompile(`^([a-z][a-zA-Z0-9_-]*): +(.*?)\s*$`)

func parseResults(rd io.Reader) ([]*result, []string, error) {
	byName := map[string]*result{}
	var order []*result
	var config []string
	sc := bufio.NewScanner(rd)
	for sc.Scan() {
		line := sc.Text()
		if m := configLine.FindStringSubmatch(line); m != nil {
			if k := m[1]; k != "goos" && k != "goarch" && k != "pkg" && k != "relerr" { // relerr: the accuracy table's
				config = append(config, k+": "+m[2])
			}
			continue
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		p := nameParts.FindStringSubmatch(m[1])
		if p == nil {
			continue
		}
		iters, _ := strconv.Atoi(m[2])
		ns, err := strconv.ParseFloat(m[3], 64)
		if err != nil || ns <= 0 {
			return nil, nil, fmt.Errorf("bad ns/op in %q", line)
		}
		r := byName[m[1]]
		if r == nil {
			r = &result{Op: p[1], Type: p[2], Size: p[3], Impl: p[4], Elems: elemsOf(p[3]), Peer: true}
			byName[m[1]] = r
			order = append(order, r)
		}
		r.Ns = append(r.Ns, ns)
		r.Iters = append(r.Iters, iters)
		// The byte count comes from MB/s if the lanes run did not measure this op and size
		// itself.
		fields := strings.Fields(m[4])
		for i := 0; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				continue
			}
			switch fields[i+1] {
			case "MB/s":
				r.Bytes = int64(math.Round(v * ns / 1e3))
			}
		}
	}
	return order, config, sc.Err()
}

// elemsOf reads the element count from a size: n=N, rows=R/cols=C, or a product's
// multiply-adds m·k·n.
func elemsOf(size string) int {
	var r, c, k, t int
	if _, err := fmt.Sscanf(size, "rows=%d/cols=%d", &r, &c); err == nil {
		return r * c
	}
	if _, err := fmt.Sscanf(size, "m=%d/k=%d/n=%d/threads=%d", &r, &k, &c, &t); err == nil {
		return r * k * c
	}
	n, _ := strconv.Atoi(strings.TrimPrefix(size, "n="))
	return n
}
