package lanes_test

import (
	"slices"
	"testing"
	"time"

	"github.com/lanesimd/lanes/generic"
	"github.com/lanesimd/lanes/kernels"
)

// BenchmarkMatMulPeakShare times each vector backend's FMA peak (its FMAPeak kernel: the
// same number of FMAs as the product, in independent chains, nothing loaded) and a 1024³
// product on one goroutine alternately, b.N pairs, and reports the median of the pairs'
// shares of the peak. On a shared machine whose speed drifts by 10–20% within a minute, a
// peak measured once against products timed later misstates the share by the drift:
//
//	go test -run '^$' -bench MatMulPeakShare -benchtime 15x .
func BenchmarkMatMulPeakShare(b *testing.B) {
	for _, be := range kernels.Backends() {
		if be.Name == "generic" {
			continue
		}
		b.Run("type=f32/m=1024/k=1024/n=1024/threads=1/impl="+be.Name, func(b *testing.B) { peakShare(b, be.F32) })
		b.Run("type=f64/m=1024/k=1024/n=1024/threads=1/impl="+be.Name, func(b *testing.B) { peakShare(b, be.F64) })
	}
}

func peakShare[T generic.Float](b *testing.B, t *kernels.Table[T]) {
	const n = 1024
	a, c, dst := make([]T, n*n), make([]T, n*n), make([]T, n*n)
	for i := range a {
		a[i], c[i] = T(i%7)/8, T(i%5)/8
	}
	product := func() { t.MatMul(dst, n, a, n, false, c, n, false, n, n, n, generic.Serial) }
	steps := n * n * n / int(t.FMAPeak(1)) // FMAPeak(1) returns the FMAs of one step
	product()                              // the packing buffers
	var shares, rates []float64
	for b.Loop() {
		start := time.Now()
		t.FMAPeak(steps)
		peak := time.Since(start)
		start = time.Now()
		product()
		took := time.Since(start)
		shares = append(shares, peak.Seconds()/took.Seconds())
		rates = append(rates, 2*n*n*n/took.Seconds()/1e9)
	}
	b.ReportMetric(median(shares), "peak-share")
	b.ReportMetric(median(rates), "GFLOP/s")
}

func median(x []float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	return s[len(s)/2]
}
