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
	// Warm up the workers (their first sleeps grow the runtime's timer heaps), and collect
	// before each count: a collection allocates for itself (its mark workers). A P's timer
	// heap may still grow once during a count (a runtime malloc or two in 100 steps, where
	// a step that allocated would give 100 or more), so the count is taken up to three
	// times and fails only if every one allocated 10 times or more (examples/mlp's test says
	// more).
	for range 10 {
		md.step()
	}
	var n uint64
	for range 3 {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range 100 {
			md.step()
		}
		runtime.ReadMemStats(&after)
		if n = after.Mallocs - before.Mallocs; n < 10 {
			return
		}
	}
	t.Errorf("100 steps at 2 threads allocate %d times (and 10 or more each of 3 times)", n)
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
