package main

import (
	"math"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"time"

	"github.com/lanesimd/lanes"
)

// gcPauseMetric is the runtime's histogram of the stop-the-world pauses of collections.
const gcPauseMetric = "/sched/pauses/total/gc:seconds"

// gcPause measures what a long kernel call does to the rest of a program: Go cannot preempt
// assembly, so a collection's stop-the-world phases wait until the call in progress
// returns. One goroutine runs Sigmoid over n float64s in place, over and over, while this
// one collects for d; it returns the range of the histogram bucket that holds the longest
// pause, in seconds (the runtime records pauses in buckets, not exactly).
func gcPause(n int, d time.Duration) (lo, hi float64) {
	x := make([]float64, n)
	for i := range x {
		x[i] = float64(i%200)/10 - 10
	}
	var stop atomic.Bool
	done := make(chan struct{})
	go func() {
		for !stop.Load() {
			lanes.Sigmoid(x, x)
		}
		close(done)
	}()
	before := pauseCounts()
	for start := time.Now(); time.Since(start) < d; {
		runtime.GC()
	}
	stop.Store(true)
	<-done
	h := pauseHistogram()
	for i := len(h.Counts) - 1; i >= 0; i-- {
		if h.Counts[i] > before[i] {
			return h.Buckets[i], h.Buckets[i+1]
		}
	}
	return math.NaN(), math.NaN()
}

func pauseHistogram() *metrics.Float64Histogram {
	s := []metrics.Sample{{Name: gcPauseMetric}}
	metrics.Read(s)
	return s[0].Value.Float64Histogram()
}

func pauseCounts() []uint64 {
	h := pauseHistogram()
	return append([]uint64(nil), h.Counts...)
}
