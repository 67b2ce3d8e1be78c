package lanes

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lanesimd/lanes/generic"
)

// MatMul sets dst = a·b: np.dot's matrix-matrix form. a is m×k, b is k×n, dst m×n.
//
// Every element is computed the same way on every backend, path and thread count: for each
// block of 256 steps of k, in order, one chain of fused multiply-adds in k order starting
// from zero, the blocks' results added in order. So its bits depend only on a and b:
// float64 and float32 results agree bit for bit across runs, machines with the same
// instruction set, SetMaxThreads and the operands' alignment, and across every backend.
// An element is within (256 + ⌈k/256⌉ + 2)·u·Σₚ|a_ip·b_pj| of the exact product (u the unit
// roundoff). NaN and ±Inf propagate: no term is skipped for a zero.
//
// dst is overwritten (its previous contents are never read) and must not share memory
// with a or b; a and b may be the same matrix. k = 0 sets dst to zeros. Large products
// run on up to SetMaxThreads goroutines. A call cannot be cancelled.
func MatMul[T Float](dst, a, b Matrix[T]) { matMul("MatMul", dst, a, false, b, false) }

// MatMulTransA sets dst = aᵀ·b without copying aᵀ: a is k×m, b k×n, dst m×n (the backward
// pass's dX = Wᵀ·dZ). As MatMul in every other way.
func MatMulTransA[T Float](dst, a, b Matrix[T]) { matMul("MatMulTransA", dst, a, true, b, false) }

// MatMulTransB sets dst = a·bᵀ without copying bᵀ: a is m×k, b n×k, dst m×n (the backward
// pass's dW = dZ·Xᵀ). As MatMul in every other way.
func MatMulTransB[T Float](dst, a, b Matrix[T]) { matMul("MatMulTransB", dst, a, false, b, true) }

func matMul[T Float](op string, dst, a Matrix[T], transA bool, b Matrix[T], transB bool) {
	checkMatrix(op, "dst", dst)
	checkMatrix(op, "a", a)
	checkMatrix(op, "b", b)
	m, k := a.Rows, a.Cols
	if transA {
		m, k = k, m
	}
	kb, n := b.Rows, b.Cols
	if transB {
		kb, n = n, kb
	}
	if k != kb || dst.Rows != m || dst.Cols != n {
		panic(fmt.Sprintf("lanes: %s: dst is %d×%d, a is %d×%d, b is %d×%d: %s", op, dst.Rows, dst.Cols, a.Rows, a.Cols, b.Rows, b.Cols, want(op, m, k, kb, n)))
	}
	if d := span(dst); overlap(d, span(a)) || overlap(d, span(b)) {
		name := "a"
		if !overlap(d, span(a)) {
			name = "b"
		}
		panicOverlap(op, "dst", "overlaps", name)
	}
	if is32[T]() {
		f32.MatMul(v32(dst.Data), dst.Stride, v32(a.Data), a.Stride, transA, v32(b.Data), b.Stride, transB, m, n, k, parallel(m, n, k))
		return
	}
	f64.MatMul(v64(dst.Data), dst.Stride, v64(a.Data), a.Stride, transA, v64(b.Data), b.Stride, transB, m, n, k, parallel(m, n, k))
}

// want says what the shapes of a product must be.
func want(op string, m, k, kb, n int) string {
	if k != kb {
		return fmt.Sprintf("the inner dimensions %d and %d differ", k, kb)
	}
	return fmt.Sprintf("want dst %d×%d", m, n)
}

// Transpose sets dst = mᵀ: dst is m.Cols×m.Rows and must not share memory with m. It copies
// blocks of a vector's lanes square, transposed in registers, so that both matrices are
// read and written a vector at a time.
func Transpose[T Float](dst, m Matrix[T]) {
	checkMatrix("Transpose", "dst", dst)
	checkMatrix("Transpose", "m", m)
	if dst.Rows != m.Cols || dst.Cols != m.Rows {
		panic(fmt.Sprintf("lanes: Transpose: dst is %d×%d, m is %d×%d: want dst %d×%d", dst.Rows, dst.Cols, m.Rows, m.Cols, m.Cols, m.Rows))
	}
	checkApart("Transpose", "dst", span(dst), span(m), "m")
	if is32[T]() {
		f32.Transpose(v32(dst.Data), dst.Stride, v32(m.Data), m.Stride, m.Rows, m.Cols)
		return
	}
	f64.Transpose(v64(dst.Data), dst.Stride, v64(m.Data), m.Stride, m.Rows, m.Cols)
}

// SetMaxThreads sets the most goroutines one matrix product or MatVec may use and returns
// the previous setting, as it was given: n ≤ 0 means GOMAXPROCS, and any n is capped at
// GOMAXPROCS, read at each call. It is safe for concurrent use; a call reads the setting
// once, at its start, so
//
//	defer lanes.SetMaxThreads(lanes.SetMaxThreads(1))
//
// runs a section on one goroutine. LANES_THREADS sets it at start (a value that is not
// an integer is ignored, like an unknown LANES_BACKEND).
//
// A call uses at most 1024 goroutines, whatever n is. A product large enough to split
// (about 64³ multiply-adds or more), or a MatVec of more than 2¹⁸ elements of W, hands
// blocks of dst to worker goroutines, started when first needed and parked while idle;
// SetMaxThreads(1) never starts them. Each product in flight holds packing buffers sized
// to it and shared by its goroutines (not a set per worker), at most about 1 MiB of a and
// 2 MiB of b; up to 16 products' buffers per backend and precision are kept for the next
// products (the README's Threads paragraph gives the sizes and the direct path's scratch).
func SetMaxThreads(n int) (previous int) { return int(maxThreads.Swap(int64(n))) }

var maxThreads atomic.Int64

func init() {
	if n, err := strconv.Atoi(os.Getenv("LANES_THREADS")); err == nil {
		maxThreads.Store(int64(n))
	}
}

// parallelWork is the product size, m·n·k, from which a product is split across
// goroutines: below it a split costs more than it saves. Tests lower it.
var parallelWork = 1 << 18

// parallel returns how a product runs its units: on the calling goroutine alone, or on it
// and the pool's workers.
func parallel(m, n, k int) generic.Par {
	t := threadsFor(m, n, k)
	if t <= 1 {
		return generic.Serial
	}
	return threads[t]
}

// threadsFor returns how many goroutines a call of m·n·k multiply-adds may use: one below
// parallelWork, else SetMaxThreads' setting, capped at GOMAXPROCS and at len(threads)−1.
func threadsFor(m, n, k int) int {
	if m == 0 || n == 0 || k == 0 || m <= parallelWork/n/k { // m·n·k ≤ parallelWork, without overflow
		return 1
	}
	t := int(maxThreads.Load())
	if procs := runtime.GOMAXPROCS(0); t <= 0 || t > procs {
		t = procs
	}
	return max(1, min(t, len(threads)-1))
}

// threads[t] runs units on up to t goroutines (the caller and t−1 workers). The funcs are
// made once, so that choosing one allocates nothing.
var threads = func() []generic.Par {
	ps := make([]generic.Par, 1025)
	for t := range ps {
		ps[t] = generic.Par{Threads: max(t, 1), Run: func(units int, work generic.Units) { run(units, work, t) }}
	}
	return ps
}()

// A job is one call's units, handed out one at a time to whoever asks next, so that a
// slower goroutine (a vCPU that runs at another speed) takes fewer of them.
type job struct {
	work    generic.Units
	units   int64
	next    atomic.Int64
	ran     atomic.Int32 // goroutines that ran at least one unit, for the tests
	engaged int32        // goroutines handed the job: the caller and its helpers
	pending atomic.Int32 // helpers that have not finished
}

var (
	jobs     = make(chan *job, 64)   // jobs done, for the next calls: no allocation once warm
	work     = make(chan *job, 1024) // the caller starts on its units at once
	workers  atomic.Int32
	spawning sync.Mutex
)

// testHookRan, when set, is told of each parallel call: the goroutines it may use, its
// units and how many goroutines ran them. While it is set, each goroutine handed a call
// waits at its first unit until every one has taken its first (see do), so that the count
// is min(threads, units) whatever the scheduler does, and a test can require it: handed
// out freely, a fast caller may run every unit before a helper wakes.
var testHookRan func(threads, units, ran int)

func run(units int, w generic.Units, t int) {
	helpers := min(t, units) - 1
	if helpers < 1 {
		generic.Serial.Run(units, w)
		return
	}
	var j *job
	select {
	case j = <-jobs:
	default:
		j = new(job)
	}
	j.work, j.units = w, int64(units)
	j.next.Store(0)
	j.ran.Store(0)
	j.pending.Store(int32(helpers))
	j.engaged = int32(helpers + 1)
	spawn(helpers)
	for range helpers {
		work <- j
	}
	j.do()
	// The helpers finish their last units (or find none left); yielding, not blocking,
	// lets them run and costs no allocation. A helper may be asleep (next) with j's
	// hand-outs still in work: the caller takes them itself, and any other call's, and
	// runs what units are left, so that it never waits for a helper to wake.
	for j.pending.Load() > 0 {
		select {
		case o := <-work:
			o.do()
			o.pending.Add(-1)
		default:
			runtime.Gosched()
		}
	}
	if testHookRan != nil {
		testHookRan(t, units, int(j.ran.Load()))
	}
	j.work = nil
	select {
	case jobs <- j:
	default:
	}
}

// do runs units of j until none is left.
func (j *job) do() {
	ran := false
	for {
		u := j.next.Add(1) - 1
		if u >= j.units {
			break
		}
		if !ran {
			ran = true
			if j.ran.Add(1) < j.engaged && testHookRan != nil {
				for j.ran.Load() < j.engaged { // each holds one unit: the others get theirs
					runtime.Gosched()
				}
			}
		}
		j.work.Do(int(u))
	}
}

// spinFor is how long a worker that has finished its units looks for more before it
// parks. A product hands out units in several rounds (one to pack and one to compute, a
// block of k at a time), with nothing between them; a worker woken from a park for each
// round costs tens of microseconds, which at the MLP's sizes (a few hundred microseconds
// a product) made two goroutines slower than one. The products of a training step follow
// each other as closely, so the workers catch those too. A unit of a large product takes
// up to a few hundred microseconds, so the caller may still be in its last unit when a
// worker finds none left: with 50 µs the worker was asleep when the next round came, and
// on a Zen 5 (avx512) 512³ float32 took 1.27 ms on two goroutines against 1.35 on one;
// with 500 µs, 0.98 ms (with 2 ms, 0.96).
const spinFor = 500 * time.Microsecond

// sleepMax and parkAfter: a worker that found nothing for spinFor sleeps between polls,
// the sleeps doubling up to sleepMax, and blocks on the channel only when nothing came for
// parkAfter. A blocked receive takes a sudog, which the runtime allocates when its caches
// are empty (a collection empties them): the workers of a training loop, whose products
// follow each other far more closely, never block, and its steps allocate nothing. A
// sleeping worker delays no call: the caller runs the units nobody took (run).
const (
	sleepMax  = time.Millisecond
	parkAfter = 50 * time.Millisecond
)

// next returns the next job for a worker: polled for spinFor, then between sleeps until
// parkAfter, then waited for.
func next() *job {
	var start time.Time
	for i := 0; ; i++ {
		select {
		case j := <-work:
			return j
		default:
		}
		if i&63 == 0 {
			if i == 0 {
				start = time.Now()
			} else if time.Since(start) > spinFor {
				return sleepFor()
			}
		}
		runtime.Gosched() // let other goroutines of this P run meanwhile
	}
}

// sleepFor polls work between sleeps that double up to sleepMax, for parkAfter, then
// blocks on it.
func sleepFor() *job {
	start := time.Now()
	for d := 20 * time.Microsecond; time.Since(start) < parkAfter; d = min(2*d, sleepMax) {
		time.Sleep(d)
		select {
		case j := <-work:
			return j
		default:
		}
	}
	return <-work
}

// spawn starts workers until there are at least n.
func spawn(n int) {
	if int(workers.Load()) >= n {
		return
	}
	spawning.Lock()
	defer spawning.Unlock()
	for int(workers.Load()) < n {
		workers.Add(1)
		go func() {
			// A goroutine's first sleep allocates its timer: here, in the call that starts
			// the worker, not in a later step (sleepFor).
			time.Sleep(time.Nanosecond)
			for {
				j := next()
				j.do()
				j.pending.Add(-1)
			}
		}()
	}
}
