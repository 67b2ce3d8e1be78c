package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"

	"github.com/lanesimd/lanes/internal/ref"
	"github.com/lanesimd/lanes/kernels"
)

// The accuracy table: the relative error of float32 Sum, Dot and Norm of n uniform [0, 1)
// values on every backend, beside NumPy's (np.sum's pairwise sum, BLAS's sdot and
// np.linalg.norm), which bench/peers/numpy_bench.py writes as "relerr:" lines.

// sumErrorLens are the table's lengths.
var sumErrorLens = []int{1e3, 1e4, 1e5, 1e6, 1e7}

// sumError is one cell: an implementation's relative error for an op at a length.
type sumError struct {
	op, impl string
	n        int
	rel      float64
}

// measureSumErrors computes every backend's errors against exact references: the
// double-double sums of the values, of their products (exact in float64) and of their
// squares.
func measureSumErrors() []sumError {
	var es []sumError
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range sumErrorLens {
		a, b := make([]float32, n), make([]float32, n)
		var sum, dot, sq ref.Acc
		for i := range a {
			a[i], b[i] = r.Float32(), r.Float32()
			sum.Add(float64(a[i]))
			dot.AddProd(float64(a[i]), float64(b[i]))
			sq.AddProd(float64(a[i]), float64(a[i]))
		}
		want := map[string]float64{"Sum": sum.Sum(), "Dot": dot.Sum(), "Norm": math.Sqrt(sq.Sum())}
		for _, be := range kernels.Backends() {
			got := map[string]float32{"Sum": be.F32.Sum(a), "Dot": be.F32.Dot(a, b), "Norm": be.F32.Norm(a)}
			for _, op := range []string{"Sum", "Dot", "Norm"} {
				es = append(es, sumError{op, be.Name, n, math.Abs(float64(got[op])-want[op]) / want[op]})
			}
		}
	}
	return es
}

// readSumErrors reads the "relerr: op=Sum type=f32 n=1000 impl=numpy 3.3e-08" lines of a
// peer's result file.
func readSumErrors(file string) ([]sumError, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var es []sumError
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e sumError
		if _, err := fmt.Sscanf(sc.Text(), "relerr: op=%s type=f32 n=%d impl=%s %g", &e.op, &e.n, &e.impl, &e.rel); err == nil {
			es = append(es, e)
		}
	}
	return es, sc.Err()
}

// sumErrorTable writes the table: a row per op and length, a column per implementation.
func sumErrorTable(w io.Writer, es []sumError) {
	var impls []string
	cell := map[string]float64{}
	for _, e := range es {
		if !slices.Contains(impls, e.impl) {
			impls = append(impls, e.impl)
		}
		cell[fmt.Sprintf("%s/%d/%s", e.op, e.n, e.impl)] = e.rel
	}
	fmt.Fprintf(w, "\nSum accuracy: relative error of float32 Sum, Dot and Norm of n uniform [0, 1) values, against exact sums\n")
	fmt.Fprintf(w, "(lanes: 4096-element blocks in float32, their totals in float64; NumPy: np.sum's pairwise sum, BLAS sdot, np.linalg.norm)\n\n")
	fmt.Fprintf(w, "| op | n | %s |\n|---|---|%s\n", strings.Join(impls, " | "), strings.Repeat("---|", len(impls)))
	for _, op := range []string{"Sum", "Dot", "Norm"} {
		for _, n := range sumErrorLens {
			row := fmt.Sprintf("| %s | %.0e |", op, float64(n))
			for _, impl := range impls {
				if v, ok := cell[fmt.Sprintf("%s/%d/%s", op, n, impl)]; ok {
					row += fmt.Sprintf(" %.2g |", v)
				} else {
					row += "  |"
				}
			}
			fmt.Fprintln(w, row)
		}
	}
}
