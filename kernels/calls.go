package kernels

// Bounded calls: every assembly kernel is handed at most a chunk of work a call (chunk
// elements, or the fewer its catalogue entry gives; MatVec's groups of rows and MatMul's
// blocks likewise), so that a goroutine in lanes can be preempted between calls and a
// garbage collection never waits long for it: Go never preempts assembly.
//
// Each kernel's function in chunked_*.go calls the kernel directly when the slices fit a
// chunk, and otherwise one of the loops below, which also report what the kernel reads
// and writes to the race detector, and note each call's length for the tests built with
// -tags lanes_checkchunks (noteCall); those builds take the loops for every length. A
// reduction's loop carries its state from call to call, so that its result has the bits of
// one call over the whole.

// The loops are kept out of line: inlined into a kernel's function they made it spill
// its arguments on every call, short ones too.

// instrumented builds report or record every call, so they take the loops always.
const instrumented = raceEnabled || checkChunks

// noteCall records that one assembly call handled n elements. It compiles to nothing
// unless the tests check the chunks.
func noteCall(n int) {
	if checkChunks {
		recordCall(n)
	}
}

// preemptible is where a goroutine between two kernel calls stops if the runtime has
// asked it to (a garbage collection's stop-the-world does): the runtime asks by setting
// the goroutine's stack guard, which the prologue of a function that calls another checks.
// The assembly kernels and the ABI wrappers Go calls them through have no such prologue,
// being leaves, and a signal (Go's asynchronous preemption) rarely lands in the few
// instructions between two calls: without this, a collection still waited 170 ms for
// Sigmoid over 2²⁶ float64s, split into chunks. A call costs about 2 ns a chunk.
//
//go:noinline
func preemptible() { preemptLeaf() }

//go:noinline
func preemptLeaf() {}

// rowsPerCall is how many rows of cols elements one call of a row kernel may take: as many
// as fit a chunk, a multiple of group, at least one group.
func rowsPerCall(cols, group int) int {
	return max(group, chunk/max(cols, 1)/group*group)
}

// map1 runs an elementwise kernel of one input c elements a call.
//
//go:noinline
func map1[T Float](k func(dst, x []T), c int, dst, x []T) {
	if raceEnabled {
		raceRead(x[:len(dst)])
		raceWrite(dst)
	}
	for len(dst) > c {
		preemptible()
		noteCall(c)
		k(dst[:c], x[:c])
		dst, x = dst[c:], x[c:]
	}
	noteCall(len(dst))
	k(dst, x)
}

// map2 runs an elementwise kernel of two inputs c elements a call.
//
//go:noinline
func map2[T Float](k func(dst, a, b []T), c int, dst, a, b []T) {
	if raceEnabled {
		raceRead(a[:len(dst)])
		raceRead(b[:len(dst)])
		raceWrite(dst)
	}
	for len(dst) > c {
		preemptible()
		noteCall(c)
		k(dst[:c], a[:c], b[:c])
		dst, a, b = dst[c:], a[c:], b[c:]
	}
	noteCall(len(dst))
	k(dst, a, b)
}

// mapScalar runs an elementwise kernel of an input and a scalar c elements a call.
//
//go:noinline
func mapScalar[T Float](k func(dst, x []T, s T), c int, dst, x []T, s T) {
	if raceEnabled {
		raceRead(x[:len(dst)])
		raceWrite(dst)
	}
	for len(dst) > c {
		preemptible()
		noteCall(c)
		k(dst[:c], x[:c], s)
		dst, x = dst[c:], x[c:]
	}
	noteCall(len(dst))
	k(dst, x, s)
}

// map2Scalar runs an elementwise kernel of two inputs and a scalar (AddScaled) c elements
// a call.
//
//go:noinline
func map2Scalar[T Float](k func(dst, a, b []T, s T), c int, dst, a, b []T, s T) {
	if raceEnabled {
		raceRead(a[:len(dst)])
		raceRead(b[:len(dst)])
		raceWrite(dst)
	}
	for len(dst) > c {
		preemptible()
		noteCall(c)
		k(dst[:c], a[:c], b[:c], s)
		dst, a, b = dst[c:], a[c:], b[c:]
	}
	noteCall(len(dst))
	k(dst, a, b, s)
}

// mapSum runs an elementwise kernel that also sums what it writes (ExpSum) c elements a
// call, carrying the total.
//
//go:noinline
func mapSum[T Float](k func(dst, x []T, s T, carry float64) float64, c int, dst, x []T, s T) float64 {
	if raceEnabled {
		raceRead(x[:len(dst)])
		raceWrite(dst)
	}
	var total float64
	for len(dst) > c {
		preemptible()
		noteCall(c)
		total = k(dst[:c], x[:c], s, total)
		dst, x = dst[c:], x[c:]
	}
	noteCall(len(dst))
	return k(dst, x, s, total)
}

// mapSum2 is mapSum for a kernel of two inputs and no scalar (LogLossLogitsTerms).
//
//go:noinline
func mapSum2[T Float](k func(dst, a, b []T, carry float64) float64, c int, dst, a, b []T) float64 {
	if raceEnabled {
		raceRead(a[:len(dst)])
		raceRead(b[:len(dst)])
		raceWrite(dst)
	}
	var total float64
	for len(dst) > c {
		preemptible()
		noteCall(c)
		total = k(dst[:c], a[:c], b[:c], total)
		dst, a, b = dst[c:], a[c:], b[c:]
	}
	noteCall(len(dst))
	return k(dst, a, b, total)
}

// sum1 runs a sum of one slice c elements a call, carrying the total.
//
//go:noinline
func sum1[T Float](k func(x []T, carry float64) float64, c int, x []T) float64 {
	if raceEnabled {
		raceRead(x)
	}
	var total float64
	for len(x) > c {
		preemptible()
		noteCall(c)
		total = k(x[:c], total)
		x = x[c:]
	}
	noteCall(len(x))
	return k(x, total)
}

// sum2 runs a sum over two slices c elements a call, carrying the total.
//
//go:noinline
func sum2[T Float](k func(a, b []T, carry float64) float64, c int, a, b []T) float64 {
	if raceEnabled {
		raceRead(a)
		raceRead(b[:len(a)])
	}
	var total float64
	for len(a) > c {
		preemptible()
		noteCall(c)
		total = k(a[:c], b[:c], total)
		a, b = a[c:], b[c:]
	}
	noteCall(len(a))
	return k(a, b, total)
}

// largest runs Max c elements a call, carrying the largest so far; len(x) > 0.
//
//go:noinline
func largest[T Float](k func(x []T, carry T) T, c int, x []T) T {
	if raceEnabled {
		raceRead(x)
	}
	m := x[0]
	for len(x) > c {
		preemptible()
		noteCall(c)
		m = k(x[:c], m)
		x = x[c:]
	}
	noteCall(len(x))
	return k(x, m)
}
