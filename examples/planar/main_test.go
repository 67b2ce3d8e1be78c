package main

import (
	"math"
	"runtime"
	"testing"

	"github.com/lanesimd/lanes"
)

// The costs the NumPy twin prints for the same data and weights, with
// /usr/bin/python3 examples/planar/planar.py --iters 1000 --every 1 (NumPy 1.24).
var twinCosts = map[int]float64{
	0:   0.6932179118,
	1:   0.6931553461,
	2:   0.6931101567,
	3:   0.6930582746,
	4:   0.6929780389,
	99:  0.2783429968,
	999: 0.1661909864,
}

func TestCostsMatchTwin(t *testing.T) {
	md := newModel(generate())
	for i := range 1000 {
		md.step()
		want, ok := twinCosts[i]
		if !ok {
			continue
		}
		if got := md.cost(); math.Abs(got-want) > 1e-5*want {
			t.Errorf("cost after iteration %d = %.10f, the twin's %.10f", i, got, want)
		}
	}
}

func TestStepAllocatesNothing(t *testing.T) {
	md := newModel(generate())
	md.step() // the products' packing buffers
	if n := testing.AllocsPerRun(100, md.step); n != 0 {
		t.Errorf("a step allocates %v times", n)
	}
	if runtime.GOMAXPROCS(0) < 2 {
		return
	}
	defer lanes.SetMaxThreads(lanes.SetMaxThreads(2))
	// Warm up, and collect now: a collection during the count allocates for itself.
	for range 10 {
		md.step()
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 100 {
		md.step()
	}
	runtime.ReadMemStats(&after)
	if n := after.Mallocs - before.Mallocs; n != 0 {
		t.Errorf("100 steps at 2 threads allocate %d times", n)
	}
}

func BenchmarkStep(b *testing.B) {
	for _, threads := range []int{1, 2} {
		b.Run("impl=lanes/threads="+string(rune('0'+threads)), func(b *testing.B) {
			defer lanes.SetMaxThreads(lanes.SetMaxThreads(threads))
			md := newModel(generate())
			md.step()
			b.ResetTimer()
			for b.Loop() {
				md.step()
			}
		})
	}
}
