package main

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/lanesimd/lanes"
	"github.com/lanesimd/lanes/bench/cases"
	"github.com/lanesimd/lanes/kernels"
)

// family is a group of ops drawn in one plot.
type family struct {
	file, title string
	ops         []string
}

var families = []family{
	{"reductions", "Reductions", []string{"Dot", "Sum", "Max", "Norm", "L1", "L2"}},
	{"elementwise", "Elementwise arithmetic", []string{"Add", "Sub", "Mul", "Div", "Maximum", "ReLU", "Scale", "AddConst"}},
	{"transcendental", "Exp, log, sigmoid, tanh", []string{"Exp", "Log", "Log1p", "Sigmoid", "SigmoidDerivative", "Tanh"}},
	{"matrix", "Matrix ops", []string{"MatVec", "Outer", "RowSums", "Softmax", "NormalizeRows"}},
	{"broadcast", "Broadcasts", []string{"AddRow", "SubRow", "MulRow", "DivRow", "AddCol", "SubCol", "MulCol", "DivCol"}},
}

// What bounds each op: reductions only load, and are held against the L1 load bandwidth
// while their inputs fit in L1 and against copy() beyond; streaming ops load and store,
// and are held against copy() of as many bytes; the rest compute more than they move.
var (
	reductions = []string{"Dot", "Sum", "Max", "Norm", "L1", "L2", "MatVec", "RowSums"}
	computing  = []string{"Exp", "Log", "Log1p", "Sigmoid", "SigmoidDerivative", "Tanh", "Softmax"}
)

// limits are the machine's: the L1 load bandwidth and copy()'s, in GB/s.
type limits struct {
	l1     float64
	caches []cache
	copies []*result // impl=copy at every size measured
}

func (l *limits) l1Bytes() int64 { return l1dBytes(l.caches) }

// l1dBytes is the L1 data cache's size, or where the system does not say, the smallest
// L1d of the CPUs lanes targets.
func l1dBytes(cs []cache) int64 {
	for _, c := range cs {
		if c.Name == "L1d" {
			return c.Bytes
		}
	}
	return 32 << 10
}

// copyGBs returns copy()'s GB/s for the measured size whose bytes are closest to b.
func (l *limits) copyGBs(b int64) float64 {
	best, dist := math.NaN(), math.Inf(1)
	for _, c := range l.copies {
		if d := math.Abs(math.Log(float64(c.Bytes) / float64(b))); d < dist {
			best, dist = c.gbs(), d
		}
	}
	return best
}

// bound returns the GB/s that limits r, and its name; zero for ops that compute.
func (l *limits) bound(r *result) (float64, string) {
	switch {
	case slices.Contains(computing, r.Op) || r.Op == "Copy" || cases.IsProduct(r.Op):
		return 0, ""
	case slices.Contains(reductions, r.Op) && r.Bytes <= l.l1Bytes():
		return l.l1, "L1"
	}
	return l.copyGBs(r.Bytes), "copy"
}

// implOrder lists the implementations found for an op: the backends in dispatch order,
// lanes, the loop, then the peers.
func implOrder(rs []*result) []string {
	var order []string
	for _, b := range kernels.Backends() {
		order = append(order, b.Name)
	}
	order = append(order, "lanes", "loop", "copy")
	var peers []string
	for _, r := range rs {
		if !slices.Contains(order, r.Impl) && !slices.Contains(peers, r.Impl) {
			peers = append(peers, r.Impl)
		}
	}
	slices.Sort(peers)
	var present []string
	for _, name := range append(order, peers...) {
		for _, r := range rs {
			if r.Impl == name {
				present = append(present, name)
				break
			}
		}
	}
	return present
}

func isPeer(impl string) bool {
	if impl == "lanes" || impl == "loop" || impl == "copy" {
		return false
	}
	_, backend := kernels.Lookup(impl)
	return !backend
}

// byOp groups results by op, in the order of cases.Ops; ops that only peers ran (left out
// by -ops) are left out here too.
func byOp(rs []*result) ([]string, map[string][]*result) {
	m := map[string][]*result{}
	var ops []string
	for _, op := range cases.Ops {
		measured := false
		for _, r := range rs {
			if r.Op == op {
				m[op] = append(m[op], r)
				measured = measured || !r.Peer
			}
		}
		if measured {
			ops = append(ops, op)
		}
	}
	return ops, m
}

// report prints a table per op: one row per precision and size; the lanes columns (time,
// spread, elements/ns, GB/s), lanes' speedup over the loop and each peer, how close it
// comes to the machine's limit, then every implementation's time.
func report(w io.Writer, rs []*result, lim limits) {
	ops, m := byOp(rs)
	fmt.Fprintln(w, "\nTimes are medians per call; ± is the runs' spread, (max−min)/median. ×loop and ×peer are")
	fmt.Fprintln(w, "lanes' speedups (their time over lanes'). limit: lanes' GB/s as a share of the L1 load")
	fmt.Fprintln(w, "bandwidth (reductions in L1) or of copy() of as many bytes (everything else that streams);")
	fmt.Fprintln(w, "in cache copy() is not the bound, and an op with fewer calls into the runtime can pass it.")
	for _, op := range ops {
		group := m[op]
		impls := implOrder(group)
		peers := slices.DeleteFunc(slices.Clone(impls), func(i string) bool { return !isPeer(i) })
		fmt.Fprintf(w, "\n%s\n", op)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		head := []string{"type", "size", "lanes", "±", "el/ns", "GB/s", "×loop"}
		if op == "Copy" {
			head[2] = "copy"
		}
		for _, p := range peers {
			head = append(head, "×"+p)
		}
		head = append(head, "limit", "|")
		head = append(head, impls...)
		fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
		for _, key := range keys(group) {
			row := func(impl string) *result { return find(group, key, impl) }
			any := group[slices.IndexFunc(group, func(r *result) bool { return r.key() == key })]
			cells := []string{any.Type, strings.ReplaceAll(any.Size, "/", " ")}
			l := row("lanes")
			if op == "Copy" {
				l = row("copy")
			}
			if l == nil {
				cells = append(cells, "-", "", "", "", "")
			} else {
				cells = append(cells, dur(l.median()), fmt.Sprintf("%.0f%%", 100*l.noise()),
					fmt.Sprintf("%.3g", l.perNs()), fmt.Sprintf("%.3g", l.gbs()), speedup(l, row("loop")))
			}
			for _, p := range peers {
				cells = append(cells, speedup(l, row(p)))
			}
			limit := ""
			if l != nil {
				if b, name := lim.bound(l); b > 0 {
					limit = fmt.Sprintf("%.0f%% %s", 100*l.gbs()/b, name)
				}
			}
			cells = append(cells, limit, "|")
			for _, i := range impls {
				if r := row(i); r != nil {
					cells = append(cells, dur(r.median()))
				} else {
					cells = append(cells, "")
				}
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
		}
		tw.Flush()
	}
}

// find returns the result of impl for key in rs, or nil.
func find(rs []*result, key, impl string) *result {
	for _, r := range rs {
		if r.key() == key && r.Impl == impl {
			return r
		}
	}
	return nil
}

// keys lists the op/type/size keys in order of first appearance.
func keys(rs []*result) []string {
	var ks []string
	for _, r := range rs {
		if !slices.Contains(ks, r.key()) {
			ks = append(ks, r.key())
		}
	}
	return ks
}

// speedup is other's time over r's, "" when either is missing.
func speedup(r, other *result) string {
	if r == nil || other == nil {
		return ""
	}
	x := other.median() / r.median()
	if x >= 10 {
		return fmt.Sprintf("%.0f×", x)
	}
	return fmt.Sprintf("%.2g×", x)
}

// dur prints nanoseconds with three significant digits and a unit.
func dur(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmt.Sprintf("%.3gs", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.3gms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.3gµs", ns/1e3)
	}
	return fmt.Sprintf("%.3gns", ns)
}

// summary writes the README's tables, one per precision: for 4096 elements, 2²⁰ elements
// and 256×1000 matrices, the median time per call of every backend measured and of the
// loop, then lanes' speedup (dispatch's choice) over the loop and over each peer.
func summary(w io.Writer, h header, rs []*result) {
	ops, m := byOp(rs)
	var backends, peers []string
	for _, i := range implOrder(rs) {
		if _, ok := kernels.Lookup(i); ok {
			backends = append(backends, i)
		} else if isPeer(i) {
			peers = append(peers, i)
		}
	}
	fmt.Fprintf(w, "%s, %s/%s, %s, dispatch chose %s. Median time per call of each backend and of the plain Go loop; ", h.cpu, h.goos, h.goarch, runtime.Version(), lanes.Backend())
	fmt.Fprintf(w, "×: lanes' speedup (the backend dispatch chose, through the public API) over the loop")
	for _, p := range peers {
		fmt.Fprintf(w, ", %s", p)
	}
	fmt.Fprintln(w, ".")
	for _, t := range []string{"f32", "f64"} {
		fmt.Fprintf(w, "\n%s\n\n| op | size |", map[string]string{"f32": "float32", "f64": "float64"}[t])
		for _, b := range backends {
			fmt.Fprintf(w, " %s |", b)
		}
		fmt.Fprint(w, " loop | ×loop |")
		for _, p := range peers {
			fmt.Fprintf(w, " ×%s |", p)
		}
		fmt.Fprintf(w, "\n|---|---|%s\n", strings.Repeat("---:|", len(backends)+2+len(peers)))
		for _, op := range ops {
			if op == "Copy" {
				continue
			}
			for _, size := range []string{"n=4096", "n=1048576", "rows=256/cols=1000"} {
				find := func(impl string) *result {
					for _, r := range m[op] {
						if r.Type == t && r.Size == size && r.Impl == impl {
							return r
						}
					}
					return nil
				}
				l := find("lanes")
				if l == nil {
					continue
				}
				label := strings.NewReplacer("n=1048576", "n=2²⁰", "rows=256/cols=1000", "256×1000").Replace(size)
				fmt.Fprintf(w, "| %s | %s |", op, label)
				for _, impl := range append(slices.Clone(backends), "loop") {
					if r := find(impl); r != nil {
						fmt.Fprintf(w, " %s |", dur(r.median()))
					} else {
						fmt.Fprint(w, " |")
					}
				}
				fmt.Fprintf(w, " %s |", speedup(l, find("loop")))
				for _, p := range peers {
					fmt.Fprintf(w, " %s |", speedup(l, find(p)))
				}
				fmt.Fprintln(w)
			}
		}
	}
}
