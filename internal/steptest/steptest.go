// Package steptest holds what the examples' tests of a training step share: the check that
// a step allocates nothing, on one goroutine and on two, and BenchmarkStep's cases.
package steptest

import (
	"os"
	"runtime"
	"testing"

	"github.com/lanesimd/lanes"
)

// AllocatesNothing fails t if step, which has run once (the products' buffers), allocates:
// testing.AllocsPerRun, and runtime.MemStats' Mallocs around the steps at two threads,
// which AllocsPerRun (GOMAXPROCS 1) never sees. GOMAXPROCS is raised to 2 for that count
// if it is lower (a 1-CPU runner, GOMAXPROCS=1), so that the check always runs, and
// restored after.
func AllocatesNothing(t *testing.T, step func()) {
	t.Helper()
	runs, warm := 100, 64
	switch {
	case os.Getenv("LANES_EMULATED") != "":
		runs, warm = 3, 2 // under qemu an mlp step takes most of a second
	case lanes.Backend() == "generic":
		// generic's float32 FMA takes 3 ns (see FMA32): an mlp step 0.28 s, 265 steps 74 s
		// of the purego run. Ten steps still fail on one allocation a step.
		runs, warm = 10, 8
	}
	if n := testing.AllocsPerRun(runs, step); n != 0 {
		t.Errorf("a step allocates %v times", n)
	}
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
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
	// times, the heaps larger each time, and the test fails only if every one allocated
	// limit times or more: the runtime's bookkeeping passes, a step that allocates does not.
	// The limit (fewer than 10 in 100 steps) is for those runtime allocations only, none of
	// lanes' or the step's: a step that allocates once gives at least runs mallocs a count.
	limit := uint64(min(10, runs))
	for range warm {
		step()
	}
	var n uint64
	for range 3 {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range runs {
			step()
		}
		runtime.ReadMemStats(&after)
		if n = after.Mallocs - before.Mallocs; n < limit {
			return
		}
	}
	t.Errorf("%d steps at 2 threads allocate %d times (and %d or more each of 3 times)", runs, n, limit)
}

// Bench times a step at one thread and at two, as impl=lanes/threads=N (the twins' format),
// each on a model of its own: newStep returns its step.
func Bench(b *testing.B, newStep func() func()) {
	for _, threads := range []int{1, 2} {
		b.Run("impl=lanes/threads="+string(rune('0'+threads)), func(b *testing.B) {
			defer lanes.SetMaxThreads(lanes.SetMaxThreads(threads))
			step := newStep()
			step()
			b.ResetTimer()
			for b.Loop() {
				step()
			}
		})
	}
}
