package main

import (
	"fmt"
	"html"
	"io"
	"math"
	"slices"
	"strings"
)

// Plots are plain SVG, written by hand so that the root module needs no plotting library:
// one file per op family, a panel per op and precision, throughput (elements per
// nanosecond) against the number of elements on log axes, one line per backend, the loop
// and each peer, with each point's min–max over the runs as a bar. Dashed vertical lines
// mark where the op's bytes fill each cache level; a grey line is copy() moving as many
// bytes, the bound of the ops that stream.

const (
	panelW, panelH = 340, 220
	padL, padR     = 52, 12
	padT, padB     = 26, 34
	legendH        = 44
)

var palette = map[string]string{
	"avx512": "#d62728", "avx2": "#ff7f0e", "neon": "#9467bd", "generic": "#8c564b",
	"loop": "#555555", "gonum": "#2ca02c", "numpy": "#1f77b4", "archsimd": "#17becf",
}

var spare = []string{"#e377c2", "#bcbd22", "#aec7e8", "#98df8a"}

func colour(impl string, extra map[string]string) string {
	if c, ok := palette[impl]; ok {
		return c
	}
	if c, ok := extra[impl]; ok {
		return c
	}
	c := spare[len(extra)%len(spare)]
	extra[impl] = c
	return c
}

// axis maps a value range onto pixels on a log₁₀ scale, widened to whole decades.
type axis struct {
	lo, hi   float64 // decades: log₁₀ of the ends
	from, to float64 // pixels
}

func newAxis(min, max, from, to float64) axis {
	lo, hi := math.Floor(math.Log10(min)), math.Ceil(math.Log10(max))
	if hi <= lo {
		hi = lo + 1
	}
	return axis{lo, hi, from, to}
}

func (a axis) at(v float64) float64 {
	return a.from + (math.Log10(v)-a.lo)/(a.hi-a.lo)*(a.to-a.from)
}

func (a axis) contains(v float64) bool {
	l := math.Log10(v)
	return l >= a.lo && l <= a.hi
}

// decade prints 10^k briefly: 1K, 10M, 0.01.
func decade(k int, si bool) string {
	if si && k >= 3 {
		return fmt.Sprintf("%.0f%s", math.Pow(10, float64(k%3)), []string{"K", "M", "G", "T"}[k/3-1])
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.6f", math.Pow(10, float64(k))), "0"), ".")
}

// plot writes the family's SVG and reports whether there was anything to draw.
func plot(w io.Writer, fam family, rs []*result, lim limits, cpu string) bool {
	measured, _ := byOp(rs)
	var ops []string
	var all []*result
	for _, op := range fam.ops {
		if !slices.Contains(measured, op) {
			continue
		}
		n := 0
		for _, r := range rs {
			if r.Op == op && r.Impl != "lanes" && r.Elems > 0 && len(r.Ns) > 0 {
				all = append(all, r)
				n++
			}
		}
		if n > 0 {
			ops = append(ops, op)
		}
	}
	if len(ops) == 0 {
		return false
	}
	var impls []string
	for _, i := range implOrder(all) {
		if i != "copy" {
			impls = append(impls, i)
		}
	}
	extra := map[string]string{}
	xmin, xmax := math.Inf(1), math.Inf(-1)
	for _, r := range all {
		xmin, xmax = math.Min(xmin, float64(r.Elems)), math.Max(xmax, float64(r.Elems))
	}

	width, height := 2*panelW, legendH+len(ops)*panelH
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">`+"\n", width, height, width, height)
	fmt.Fprintf(w, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(w, `<text x="8" y="16" font-size="14" font-weight="bold">%s</text>`+"\n", html.EscapeString(fam.title+": elements per ns against n ("+cpu+")"))
	x := 8.0
	for _, impl := range impls {
		c := colour(impl, extra)
		fmt.Fprintf(w, `<line x1="%.0f" y1="32" x2="%.0f" y2="32" stroke="%s" stroke-width="2.5"/><text x="%.0f" y="36">%s</text>`+"\n", x, x+18, c, x+22, html.EscapeString(impl))
		x += 30 + 7*float64(len(impl))
	}
	fmt.Fprintf(w, `<line x1="%.0f" y1="32" x2="%.0f" y2="32" stroke="#bbbbbb" stroke-width="2" stroke-dasharray="5,3"/><text x="%.0f" y="36">copy() of as many bytes</text>`+"\n", x, x+18, x+22)

	for row, op := range ops {
		for col, typ := range []string{"f32", "f64"} {
			var panel []*result
			for _, r := range all {
				if r.Op == op && r.Type == typ {
					panel = append(panel, r)
				}
			}
			ox, oy := float64(col*panelW), float64(legendH+row*panelH)
			drawPanel(w, op+" "+typ, panel, impls, extra, lim, ox, oy, xmin, xmax)
		}
	}
	fmt.Fprintln(w, "</svg>")
	return true
}

// frame draws a panel's frame, its decade grid with labels, and the x axis' name.
func frame(w io.Writer, xa, ya axis, xName string) {
	fmt.Fprintf(w, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#999"/>`+"\n", padL, padT, panelW-padL-padR, panelH-padT-padB)
	for k := int(xa.lo); k <= int(xa.hi); k++ {
		px := xa.at(math.Pow(10, float64(k)))
		fmt.Fprintf(w, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#eee"/><text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n",
			px, padT, px, panelH-padB, px, panelH-padB+13, decade(k, true))
	}
	for k := int(ya.lo); k <= int(ya.hi); k++ {
		py := ya.at(math.Pow(10, float64(k)))
		fmt.Fprintf(w, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#eee"/><text x="%d" y="%.1f" text-anchor="end">%s</text>`+"\n",
			padL, py, panelW-padR, py, padL-4, py+4, decade(k, false))
	}
	fmt.Fprintf(w, `<text x="%d" y="%d" text-anchor="middle" fill="#555">%s</text>`+"\n", (padL+panelW-padR)/2, panelH-6, html.EscapeString(xName))
}

func drawPanel(w io.Writer, title string, rs []*result, impls []string, extra map[string]string, lim limits, ox, oy, xmin, xmax float64) {
	fmt.Fprintf(w, `<g transform="translate(%.0f,%.0f)">`+"\n", ox, oy)
	defer fmt.Fprintln(w, "</g>")
	fmt.Fprintf(w, `<text x="%d" y="16" font-weight="bold">%s</text>`+"\n", padL, html.EscapeString(title))
	if len(rs) == 0 {
		return
	}
	// The reference: copy() moving the bytes of each point, in the op's elements.
	type point struct{ n, y, lo, hi float64 }
	var ref []point
	if b, name := lim.bound(rs[0]); b > 0 || name != "" {
		for _, r := range rs {
			if r.Impl == rs[0].Impl {
				if c := lim.copyGBs(r.Bytes); !math.IsNaN(c) {
					ref = append(ref, point{n: float64(r.Elems), y: c * float64(r.Elems) / float64(r.Bytes)})
				}
			}
		}
	}
	ymin, ymax := math.Inf(1), math.Inf(-1)
	for _, r := range rs {
		ymin = math.Min(ymin, float64(r.Elems)/r.hi())
		ymax = math.Max(ymax, float64(r.Elems)/r.lo())
	}
	for _, p := range ref {
		ymin, ymax = math.Min(ymin, p.y), math.Max(ymax, p.y)
	}
	xa := newAxis(xmin, xmax, padL, panelW-padR)
	ya := newAxis(ymin, ymax, panelH-padB, padT)

	frame(w, xa, ya, "elements (n, or rows×cols)")

	// Cache sizes, in this op's elements.
	perElem := float64(rs[0].Bytes) / float64(rs[0].Elems)
	for _, c := range lim.caches {
		n := float64(c.Bytes) / perElem
		if !xa.contains(n) {
			continue
		}
		px := xa.at(n)
		fmt.Fprintf(w, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#888" stroke-dasharray="3,3"/><text x="%.1f" y="%d" fill="#666" font-size="9">%s</text>`+"\n",
			px, padT, px, panelH-padB, px+2, padT+10, c.Name)
	}

	line := func(pts []point, stroke, dash string, width float64) {
		slices.SortFunc(pts, func(a, b point) int { return int(math.Copysign(1, a.n-b.n)) })
		var path []string
		for _, p := range pts {
			path = append(path, fmt.Sprintf("%.1f,%.1f", xa.at(p.n), ya.at(p.y)))
		}
		fmt.Fprintf(w, `<polyline points="%s" fill="none" stroke="%s" stroke-width="%.1f"%s/>`+"\n", strings.Join(path, " "), stroke, width, dash)
	}
	if len(ref) > 0 {
		line(ref, "#bbbbbb", ` stroke-dasharray="5,3"`, 2)
	}
	for _, impl := range impls {
		var pts []point
		for _, r := range rs {
			if r.Impl == impl {
				n := float64(r.Elems)
				pts = append(pts, point{n, n / r.median(), n / r.hi(), n / r.lo()})
			}
		}
		if len(pts) == 0 {
			continue
		}
		c := colour(impl, extra)
		line(pts, c, "", 1.8)
		for _, p := range pts {
			px := xa.at(p.n)
			fmt.Fprintf(w, `<circle cx="%.1f" cy="%.1f" r="2.5" fill="%s"><title>%s: %.3g elements/ns</title></circle>`+"\n", px, ya.at(p.y), c, html.EscapeString(impl), p.y)
			if ya.at(p.lo)-ya.at(p.hi) > 2 {
				fmt.Fprintf(w, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"/>`+"\n", px, ya.at(p.lo), px, ya.at(p.hi), c)
			}
		}
	}
}
