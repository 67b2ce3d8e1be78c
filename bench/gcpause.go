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

// pauses is what gcPause saw: the collections it ran, their stop-the-world pauses, the
// bucket of the longest one and the upper end of the bucket that holds the 99.9th
// percentile, in seconds (the runtime records pauses in buckets, not exactly).
type pauses struct {
	collections    int
	count, over1ms uint64
	longest        [2]float64
	p999           float64
}

// gcPause measures what a long kernel call does to the rest of a program: Go cannot preempt
// assembly, so a collection's stop-the-world phases wait until the call in progress
// returns. One goroutine runs Sigmoid over n float64s in place, over and over, while this
// one collects for d. The longest pause is the figure a latency goal cares about; on a
// shared host a rare one is the host's doing (the Go backend has them too), which the
// 99.9th percentile leaves out.
func gcPause(n int, d time.Duration) pauses {
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
	var p pauses
	for start := time.Now(); time.Since(start) < d; p.collections++ {
		runtime.GC()
	}
	stop.Store(true)
	<-done
	h := pauseHistogram()
	counts := make([]uint64, len(h.Counts))
	for i := range counts {
		counts[i] = h.Counts[i] - before[i]
		p.count += counts[i]
	}
	p.longest = [2]float64{math.NaN(), math.NaN()}
	var seen uint64
	for i, c := range counts {
		if c == 0 {
			continue
		}
		seen += c
		if seen*1000 >= p.count*999 && p.p999 == 0 {
			p.p999 = h.Buckets[i+1]
		}
		if h.Buckets[i] >= 1e-3 {
			p.over1ms += c
		}
		p.longest = [2]float64{h.Buckets[i], h.Buckets[i+1]}
	}
	return p
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
