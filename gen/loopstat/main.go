// Command loopstat counts the instructions per element of every generated kernel's main
// loop, read from the committed assembly: the figure that compares the instruction sets'
// kernels where timings cannot (NEON runs only under qemu here), and that shows what a
// change to a generator costs in the loop that matters.
//
//	go -C gen run ./loopstat            # reads ../asm/*.s
//	go -C gen run ./loopstat -md        # a Markdown table
//
// The main loop is the code from a kernel's first loop label ("many", or "pairs" for the
// matrix-vector kernel, "onewhole" for the narrow one's rows of exactly one vector) to the
// branch back to it, both included. Elements per iteration come from the loop's count step,
// the SUBQ or SUBS of an immediate into the register that counts elements (the pointers
// step by ADD); MatVec4's count is of columns, and each column step serves four rows of w;
// MatVecNarrow's is of rows, each of them a vector of as many columns.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// loop is one kernel's main loop.
type loop struct {
	kernel string // without precision and ISA: "Dot"
	prec   string // "F32", "F64"
	isa    string // "AVX2", "AVX512", "NEON"
	insts  int    // instructions from the label to the branch back, both included
	elems  int    // elements one iteration handles
}

func (l loop) perElem() float64 { return float64(l.insts) / float64(l.elems) }

var (
	textLine  = regexp.MustCompile(`^TEXT ·([A-Za-z0-9]+?)(F32|F64)(AVX2|AVX512|NEON)\(SB\)`)
	labelLine = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*):$`)
	// countStep is the element counter's step: SUBQ $0x40, CX (amd64), SUBS $32, R4, R4 (arm64).
	countStep = regexp.MustCompile(`^(?:SUBQ\s+\$(0x[0-9a-f]+|\d+),\s*[A-Z0-9]+|SUBS\s+\$(\d+),\s*(R\d+),\s*(R\d+))$`)
)

// mainLabels are the labels the generators give their main loops.
var mainLabels = []string{"many", "onewhole", "pairs"}

// rowsPerStep is how many rows of w one column step of a kernel reads.
var rowsPerStep = map[string]int{"MatVec4": 4}

// rowSteps are the kernels whose count step is of rows, each as long as the step counts
// (MatVecNarrow's rows of one vector, a vector of rows a step): count² elements.
var rowSteps = map[string]bool{"MatVecNarrow": true}

// perFMA are the kernels whose loops step through k, rows or blocks, not elements: the
// product's, whose measure is the FLOP/s the report gives against the FMA peak, its
// packing's copy and interleave, Transpose's blocks, and the peak's own kernel. loopstat
// leaves them out.
var perFMA = map[string]bool{"MatMulTile": true, "MatMulRows": true, "MatMulRowTransB": true, "PackCopy": true, "PackRows": true, "TransposeTile": true, "FMAPeak": true}

// parse reads one assembly file's kernels.
func parse(r io.Reader) ([]loop, error) {
	var loops []loop
	var cur *loop
	var label string // the main loop's label while inside it
	var done bool    // the current kernel's main loop has been counted
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if m := textLine.FindStringSubmatch(line); m != nil {
			if cur != nil && !perFMA[cur.kernel] {
				if err := finish(cur, done); err != nil {
					return nil, err
				}
				loops = append(loops, *cur)
			}
			cur = &loop{kernel: m[1], prec: m[2], isa: m[3]}
			label, done = "", false
			continue
		}
		if cur == nil || done {
			continue
		}
		if m := labelLine.FindStringSubmatch(line); m != nil {
			if label == "" && slices.Contains(mainLabels, m[1]) {
				label = m[1]
			}
			continue
		}
		inst := strings.TrimSpace(line)
		if label == "" || inst == "" || strings.HasPrefix(inst, "//") {
			continue
		}
		if i := strings.Index(inst, "//"); i >= 0 {
			inst = strings.TrimSpace(inst[:i])
		}
		cur.insts++
		if m := countStep.FindStringSubmatch(inst); m != nil && (m[3] == "" || m[3] == m[4]) {
			v := m[1] + m[2]
			n, err := strconv.ParseInt(v, 0, 64)
			if err != nil {
				return nil, fmt.Errorf("%s%s%s: count step %q: %v", cur.kernel, cur.prec, cur.isa, v, err)
			}
			cur.elems = int(n) * max(1, rowsPerStep[cur.kernel])
			if rowSteps[cur.kernel] {
				cur.elems = int(n) * int(n)
			}
		}
		if f := strings.Fields(inst); len(f) == 2 && (strings.HasPrefix(f[0], "J") || strings.HasPrefix(f[0], "B")) && f[1] == label {
			done = true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if cur != nil && !perFMA[cur.kernel] {
		if err := finish(cur, done); err != nil {
			return nil, err
		}
		loops = append(loops, *cur)
	}
	return loops, nil
}

func finish(l *loop, done bool) error {
	name := l.kernel + l.prec + l.isa
	switch {
	case !done:
		return fmt.Errorf("%s: no main loop (labels %v with a branch back)", name, mainLabels)
	case l.elems == 0:
		return fmt.Errorf("%s: the main loop has no count step", name)
	}
	return nil
}

// table prints instructions per element, a row per kernel, a column per precision and ISA.
func table(w io.Writer, loops []loop, md bool) {
	isas := []string{"NEON", "AVX2", "AVX512"}
	var kernels []string
	by := map[string]loop{}
	for _, l := range loops {
		if !slices.Contains(kernels, l.kernel) {
			kernels = append(kernels, l.kernel)
		}
		by[l.kernel+l.prec+l.isa] = l
	}
	cell := func(k, prec, isa string) string {
		l, ok := by[k+prec+isa]
		if !ok {
			return "–"
		}
		return fmt.Sprintf("%.3g", l.perElem())
	}
	var head []string
	for _, prec := range []string{"F32", "F64"} {
		for _, isa := range isas {
			head = append(head, strings.ToLower(prec)+" "+strings.ToLower(isa))
		}
	}
	if md {
		fmt.Fprintf(w, "| kernel | %s |\n|---|%s\n", strings.Join(head, " | "), strings.Repeat("---:|", len(head)))
	} else {
		fmt.Fprintf(w, "%-18s", "kernel")
		for _, h := range head {
			fmt.Fprintf(w, "%12s", h)
		}
		fmt.Fprintln(w)
	}
	for _, k := range kernels {
		var cells []string
		for _, prec := range []string{"F32", "F64"} {
			for _, isa := range isas {
				cells = append(cells, cell(k, prec, isa))
			}
		}
		if md {
			fmt.Fprintf(w, "| %s | %s |\n", k, strings.Join(cells, " | "))
			continue
		}
		fmt.Fprintf(w, "%-18s", k)
		for _, c := range cells {
			fmt.Fprintf(w, "%12s", c)
		}
		fmt.Fprintln(w)
	}
}

func main() {
	dir := flag.String("asm", "../asm", "the folder of the generated .s files")
	md := flag.Bool("md", false, "print a Markdown table")
	flag.Parse()
	files, err := filepath.Glob(filepath.Join(*dir, "*.s"))
	if err != nil || len(files) == 0 {
		fmt.Fprintf(os.Stderr, "loopstat: no .s files in %s\n", *dir)
		os.Exit(2)
	}
	var loops []loop
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			fmt.Fprintln(os.Stderr, "loopstat:", err)
			os.Exit(2)
		}
		ls, err := parse(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(os.Stderr, "loopstat: %s: %v\n", file, err)
			os.Exit(1)
		}
		loops = append(loops, ls...)
	}
	fmt.Println("Instructions per element in each kernel's main loop (loop control included):")
	table(os.Stdout, loops, *md)
}
