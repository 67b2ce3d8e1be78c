package peers

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/lanesimd/lanes"
	"github.com/lanesimd/lanes/bench/cases"
)

// gonum's Sgemm and Dgemm stand for lanes' products. They split a product over
// GOMAXPROCS goroutines, so threads=N runs at GOMAXPROCS N. Like lanes' generic backend
// they run up to cases.SlowUpTo (512³): past it a call takes seconds.

// gemm is dst = op(a)·op(b) through gonum, with lanes' operand layout (row-major, a stored
// k×m when transposed, b stored n×k).
func gemm[T float32 | float64](transA, transB bool, m, n, k int, a, b, dst []T) {
	var bl gonum.Implementation
	ta, tb, lda, ldb := blas.NoTrans, blas.NoTrans, k, n
	if transA {
		ta, lda = blas.Trans, m
	}
	if transB {
		tb, ldb = blas.Trans, k
	}
	switch a := any(a).(type) {
	case []float32:
		bl.Sgemm(ta, tb, m, n, k, 1, a, lda, any(b).([]float32), ldb, 0, any(dst).([]float32), n)
	case []float64:
		bl.Dgemm(ta, tb, m, n, k, 1, a, lda, any(b).([]float64), ldb, 0, any(dst).([]float64), n)
	}
}

func randoms[T float32 | float64](n int, seed uint64) []T {
	r := rand.New(rand.NewPCG(uint64(n), seed))
	x := make([]T, n)
	for i := range x {
		x[i] = T(2*r.Float64() - 1)
	}
	return x
}

func benchGemm(b *testing.B, op string, transA, transB bool) {
	run := func(typ string, f func(m, n, k int) func()) {
		for _, p := range cases.ProductsOf(op) {
			m, k, n := p[0], p[1], p[2]
			if m*n*k > cases.SlowUpTo {
				continue
			}
			for _, th := range cases.Threads {
				b.Run(fmt.Sprintf("type=%s/m=%d/k=%d/n=%d/threads=%d/impl=gonum", typ, m, k, n, th), func(b *testing.B) {
					defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(th))
					call := f(m, n, k)
					call() // fault in the pages, warm the caches
					b.ResetTimer()
					for b.Loop() {
						call()
					}
					b.ReportMetric(float64(m*n*k)*float64(b.N)/float64(b.Elapsed().Nanoseconds()), "elems/ns")
				})
			}
		}
	}
	run("f32", func(m, n, k int) func() {
		a, bb, dst := randoms[float32](m*k, 1), randoms[float32](k*n, 2), make([]float32, m*n)
		return func() { gemm(transA, transB, m, n, k, a, bb, dst) }
	})
	run("f64", func(m, n, k int) func() {
		a, bb, dst := randoms[float64](m*k, 1), randoms[float64](k*n, 2), make([]float64, m*n)
		return func() { gemm(transA, transB, m, n, k, a, bb, dst) }
	})
}

func BenchmarkMatMul(b *testing.B)       { benchGemm(b, "MatMul", false, false) }
func BenchmarkMatMulTransA(b *testing.B) { benchGemm(b, "MatMulTransA", true, false) }
func BenchmarkMatMulTransB(b *testing.B) { benchGemm(b, "MatMulTransB", false, true) }

// TestGemmAgrees checks that gemm computes what lanes' products do, in every form, on
// shapes that cover gonum's blocking edges.
func TestGemmAgrees(t *testing.T) {
	for _, s := range [][3]int{{1, 1, 1}, {4, 2, 400}, {17, 33, 65}, {70, 130, 9}} {
		m, k, n := s[0], s[1], s[2]
		for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}} {
			a, b := randoms[float64](m*k, 1), randoms[float64](k*n, 2)
			got, want := make([]float64, m*n), lanes.NewMatrix[float64](m, n)
			gemm(tr[0], tr[1], m, n, k, a, b, got)
			switch {
			case tr[0]:
				lanes.MatMulTransA(want, lanes.MatrixOf(k, m, a), lanes.MatrixOf(k, n, b))
			case tr[1]:
				lanes.MatMulTransB(want, lanes.MatrixOf(m, k, a), lanes.MatrixOf(n, k, b))
			default:
				lanes.MatMul(want, lanes.MatrixOf(m, k, a), lanes.MatrixOf(k, n, b))
			}
			for i, w := range want.Data {
				if math.Abs(got[i]-w) > 1e-12*float64(k) {
					t.Fatalf("%d×%d·%d×%d, transposed %v: element %d is %v, lanes gives %v", m, k, k, n, tr, i, got[i], w)
				}
			}
		}
	}
}
