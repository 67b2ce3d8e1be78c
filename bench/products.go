package main

import (
	"fmt"
	"html"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/lanesimd/lanes"
	"github.com/lanesimd/lanes/bench/cases"
	"github.com/lanesimd/lanes/kernels"
)

// The matrix products are held against the FMA units rather than against memory: each
// backend's FMAPeak kernel (independent chains of FMAs, nothing loaded) gives one core's
// FMAs per nanosecond at each precision, and a product's multiply-adds per nanosecond are
// reported as a share of that peak times the goroutines it ran on.

// peaks holds FMAs per nanosecond by backend and precision ("avx512/f32").
type peaks map[string]float64

// measurePeaks times FMAPeak of every backend with vector kernels, count runs of at least
// the mode's benchtime, and keeps the fastest: a peak is what the units can do, and a slow
// run is the machine's noise, not theirs.
func measurePeaks(m mode) peaks {
	const steps = 1 << 12
	p := peaks{}
	for _, b := range kernels.Backends() {
		if b.Name == "generic" {
			continue
		}
		for _, typ := range []string{"f32", "f64"} {
			var fmas float64
			call := func() { fmas = float64(b.F32.FMAPeak(steps)) }
			if typ == "f64" {
				call = func() { fmas = b.F64.FMAPeak(steps) }
			}
			call()
			best := 0.0
			for range max(m.count, 3) {
				ns, _ := measure(call, m.benchtime)
				best = max(best, fmas/ns)
			}
			p[b.Name+"/"+typ] = best
		}
	}
	return p
}

func (p peaks) String() string {
	var s []string
	for _, b := range kernels.Backends() {
		f32, ok := p[b.Name+"/f32"]
		if !ok {
			continue
		}
		f64 := p[b.Name+"/f64"]
		s = append(s, fmt.Sprintf("%s f32 %.1f FMA/ns (%.0f GFLOP/s), f64 %.1f (%.0f)", b.Name, f32, 2*f32, f64, 2*f64))
	}
	if len(s) == 0 {
		return "none (no vector backend)"
	}
	return strings.Join(s, "; ")
}

// of returns the peak of the implementation impl of a product at precision typ on threads
// goroutines, or 0 where there is none: lanes' is the peak of the backend dispatch chose,
// a peer's that of the fastest backend (what the CPU can do, whoever uses it).
func (p peaks) of(impl, typ string, threads int) float64 {
	switch impl {
	case "lanes":
		impl = lanes.Backend()
	case "loop", "generic":
		return 0
	}
	if v, ok := p[impl+"/"+typ]; ok {
		return v * float64(threads)
	}
	if !isPeer(impl) {
		return 0
	}
	for _, b := range kernels.Backends() {
		if v, ok := p[b.Name+"/"+typ]; ok {
			return v * float64(threads)
		}
	}
	return 0
}

// product reads a product's size: m, k, n and the goroutines.
func product(size string) (m, k, n, threads int, ok bool) {
	_, err := fmt.Sscanf(size, "m=%d/k=%d/n=%d/threads=%d", &m, &k, &n, &threads)
	return m, k, n, threads, err == nil
}

// productReport prints a table per product op: GFLOP/s of every implementation (2·m·n·k
// over the median time), each with its share of the FMA peak of its precision on as many
// cores as it ran goroutines; then lanes' speedup over each peer.
func productReport(w io.Writer, rs []*result, p peaks) {
	ops, m := byOp(rs)
	fmt.Fprintln(w, "\nMatrix products: GFLOP/s (2·m·n·k over the median time) and, in brackets, the share of")
	fmt.Fprintln(w, "the FMA peak (FMAPeak, per core) times the goroutines; peers are held against the fastest")
	fmt.Fprintf(w, "backend's peak. FMA peak: %s.\n", p)
	for _, op := range ops {
		if !cases.IsProduct(op) {
			continue
		}
		group := m[op]
		impls := implOrder(group)
		peers := slices.DeleteFunc(slices.Clone(impls), func(i string) bool { return !isPeer(i) })
		fmt.Fprintf(w, "\n%s GFLOP/s\n", op)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		head := []string{"type", "m×k·k×n", "threads"}
		head = append(head, impls...)
		for _, pr := range peers {
			head = append(head, "×"+pr)
		}
		fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
		for _, key := range keys(group) {
			row := func(impl string) *result { return find(group, key, impl) }
			first := group[slices.IndexFunc(group, func(r *result) bool { return r.key() == key })]
			mm, kk, nn, th, ok := product(first.Size)
			if !ok {
				continue
			}
			cells := []string{first.Type, fmt.Sprintf("%d×%d·%d×%d", mm, kk, kk, nn), fmt.Sprint(th)}
			for _, i := range impls {
				r := row(i)
				if r == nil {
					cells = append(cells, "")
					continue
				}
				cell := fmt.Sprintf("%.3g", 2*r.perNs())
				if pk := p.of(i, r.Type, th); pk > 0 {
					cell += fmt.Sprintf(" (%.0f%%)", 100*r.perNs()/pk)
				}
				cells = append(cells, cell)
			}
			for _, pr := range peers {
				cells = append(cells, speedup(row("lanes"), row(pr)))
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
		}
		tw.Flush()
	}
}

// plotProducts draws MatMul's GFLOP/s against m·n·k, a panel per precision, a line per
// implementation and thread count, and the dispatch backend's FMA peak (one core and
// two) as dashed lines. It reports whether there was anything to draw.
func plotProducts(w io.Writer, rs []*result, p peaks, cpu string) bool {
	var all []*result
	for _, r := range rs {
		// lanes on one goroutine is the backend dispatch chose, drawn already.
		if _, _, _, th, ok := product(r.Size); ok && r.Op == "MatMul" && len(r.Ns) > 0 && (r.Impl != "lanes" || th > 1) {
			all = append(all, r)
		}
	}
	if len(all) == 0 {
		return false
	}
	var names []string
	byName := map[string][]*result{}
	for _, impl := range implOrder(all) {
		for _, r := range all {
			if r.Impl != impl {
				continue
			}
			_, _, _, th, _ := product(r.Size)
			name := impl
			if th > 1 {
				name = fmt.Sprintf("%s ×%d", impl, th)
			}
			if _, ok := byName[name]; !ok {
				names = append(names, name)
			}
			byName[name] = append(byName[name], r)
		}
	}
	extra := map[string]string{}
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, r := range all {
		xmin, xmax = math.Min(xmin, float64(r.Elems)), math.Max(xmax, float64(r.Elems))
		ymin, ymax = math.Min(ymin, 2*float64(r.Elems)/r.hi()), math.Max(ymax, 2*float64(r.Elems)/r.lo())
	}
	for _, typ := range []string{"f32", "f64"} {
		if pk := p.of("lanes", typ, 2); pk > 0 {
			ymax = math.Max(ymax, 2*pk)
		}
	}
	// The legend runs on one line; the plot widens to hold it.
	legend := 8.0
	for _, name := range names {
		legend += 30 + 7*float64(len(name))
	}
	width, height := max(2*panelW, int(legend)+190), legendH+panelH
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">`+"\n", width, height, width, height)
	fmt.Fprintf(w, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(w, `<text x="8" y="16" font-size="14" font-weight="bold">%s</text>`+"\n", html.EscapeString("MatMul: GFLOP/s against m·n·k ("+cpu+")"))
	x := 8.0
	for _, name := range names {
		impl, _, dash := strings.Cut(name, " ")
		c := colour(impl, extra)
		d := ""
		if dash {
			d = ` stroke-dasharray="2,2"`
		}
		fmt.Fprintf(w, `<line x1="%.0f" y1="32" x2="%.0f" y2="32" stroke="%s" stroke-width="2.5"%s/><text x="%.0f" y="36">%s</text>`+"\n", x, x+18, c, d, x+22, html.EscapeString(name))
		x += 30 + 7*float64(len(name))
	}
	fmt.Fprintf(w, `<line x1="%.0f" y1="32" x2="%.0f" y2="32" stroke="#bbbbbb" stroke-width="2" stroke-dasharray="5,3"/><text x="%.0f" y="36">FMA peak, 1 and 2 cores</text>`+"\n", x, x+18, x+22)
	for col, typ := range []string{"f32", "f64"} {
		fmt.Fprintf(w, `<g transform="translate(%d,%d)">`+"\n", col*panelW, legendH)
		fmt.Fprintf(w, `<text x="%d" y="16" font-weight="bold">MatMul %s</text>`+"\n", padL, typ)
		xa := newAxis(xmin, xmax, padL, panelW-padR)
		ya := newAxis(ymin, ymax, panelH-padB, padT)
		frame(w, xa, ya, "multiply-adds (m·n·k)")
		for _, th := range []int{1, 2} {
			if pk := p.of("lanes", typ, th); pk > 0 {
				py := ya.at(2 * pk)
				fmt.Fprintf(w, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#bbbbbb" stroke-width="2" stroke-dasharray="5,3"/>`+"\n", padL, py, panelW-padR, py)
			}
		}
		for _, name := range names {
			impl, _, dash := strings.Cut(name, " ")
			var pts [][2]float64
			for _, r := range byName[name] {
				if r.Type == typ {
					pts = append(pts, [2]float64{float64(r.Elems), 2 * float64(r.Elems) / r.median()})
				}
			}
			if len(pts) == 0 {
				continue
			}
			slices.SortFunc(pts, func(a, b [2]float64) int { return int(math.Copysign(1, a[0]-b[0])) })
			c := colour(impl, extra)
			var path []string
			for _, pt := range pts {
				path = append(path, fmt.Sprintf("%.1f,%.1f", xa.at(pt[0]), ya.at(pt[1])))
			}
			d := ""
			if dash {
				d = ` stroke-dasharray="2,2"`
			}
			fmt.Fprintf(w, `<polyline points="%s" fill="none" stroke="%s" stroke-width="1.8"%s/>`+"\n", strings.Join(path, " "), c, d)
			for _, pt := range pts {
				fmt.Fprintf(w, `<circle cx="%.1f" cy="%.1f" r="2.5" fill="%s"><title>%s: %.3g GFLOP/s</title></circle>`+"\n", xa.at(pt[0]), ya.at(pt[1]), c, html.EscapeString(name), pt[1])
			}
		}
		fmt.Fprintln(w, "</g>")
	}
	fmt.Fprintln(w, "</svg>")
	return true
}
