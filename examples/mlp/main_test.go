package main

import (
	"math"
	"os"
	"runtime"
	"sync"
	"testing"

	"github.com/lanesimd/lanes"
)

// The costs the NumPy twin prints for the same data and weights, with
// /usr/bin/python3 examples/mlp/mlp.py --steps 50 --every 1 (NumPy 1.24).
var twinCosts = map[int]float32{
	0:  3.1055814,
	1:  2.8832444,
	2:  2.8111415,
	3:  2.8170408,
	4:  2.7141234,
	20: 2.1984808,
	49: 1.5210259,
}

// testData is generate's result, made once for all the tests (newModel copies what it
// changes): under qemu it takes seconds.
var testData = sync.OnceValue(generate)

func TestCostsMatchTwin(t *testing.T) {
	md := newModel(testData())
	steps := 50
	if os.Getenv("LANES_EMULATED") != "" {
		steps = 3 // under qemu: the first costs only
	}
	for i := range steps {
		md.step()
		want, ok := twinCosts[i]
		if !ok {
			continue
		}
		if got := md.loss; math.Abs(float64(got-want)) > 1e-3*float64(want) {
			t.Errorf("cost after step %d = %.7f, the twin's %.7f", i, got, want)
		}
	}
}

func TestStepAllocatesNothing(t *testing.T) {
	md := newModel(testData())
	md.step() // the products' packing buffers
	runs, warm := 100, 64
	if os.Getenv("LANES_EMULATED") != "" {
		runs, warm = 3, 2 // under qemu a step takes most of a second
	}
	if n := testing.AllocsPerRun(runs, md.step); n != 0 {
		t.Errorf("a step allocates %v times", n)
	}
	if runtime.GOMAXPROCS(0) < 2 {
		return
	}
	defer lanes.SetMaxThreads(lanes.SetMaxThreads(2))
	// Warm up the workers (their first sleeps grow the runtime's timer heaps), and collect
	// now: a collection during the count allocates for itself (its mark workers). Even so,
	// with five products a step, a P's timer heap (or the scavenger's timer, which the
	// collection wakes) now and then grows once more during the count: one or two runtime
	// mallocs in 100 steps (seen with a MemProfileRate=1 profile: runtime.(*timers).addHeap
	// from resetForSleep or the scavenger's sleep), where a step that allocated would give
	// 100 or more. Under load a worker starved of its CPU for parkAfter blocks, and its
	// channel receive may allocate the runtime's sudog. So the count is taken up to three
	// times, the heaps larger each time, and the test fails only if every one allocated 10
	// times or more: the runtime's bookkeeping passes, a step that allocates does not.
	for range warm {
		md.step()
	}
	var n uint64
	for range 3 {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range runs {
			md.step()
		}
		runtime.ReadMemStats(&after)
		if n = after.Mallocs - before.Mallocs; n < 10 {
			return
		}
	}
	t.Errorf("%d steps at 2 threads allocate %d times (and 10 or more each of 3 times)", runs, n)
}

func BenchmarkStep(b *testing.B) {
	for _, threads := range []int{1, 2} {
		b.Run("impl=lanes/threads="+string(rune('0'+threads)), func(b *testing.B) {
			defer lanes.SetMaxThreads(lanes.SetMaxThreads(threads))
			md := newModel(testData())
			md.step()
			b.ResetTimer()
			for b.Loop() {
				md.step()
			}
		})
	}
}
