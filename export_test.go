package lanes

// What the tests in package lanes_test need from inside: they live outside the package
// so that internal/publicops, which imports lanes, can feed them the list of ops.

// Use installs a backend's tables; see use.
var Use = use

// Is32 reports whether T is float32-shaped; see is32.
func Is32[T Float]() bool { return is32[T]() }

// SetParallelWork sets the product size from which products split across goroutines and
// returns the previous one.
func SetParallelWork(n int) int {
	prev := parallelWork
	parallelWork = n
	return prev
}

// SetTestHookRan sets the hook told, for each parallel call, the goroutines it may use,
// its units and how many goroutines ran them (each of min(threads, units) while a hook is
// set), and returns the previous one.
func SetTestHookRan(f func(threads, units, ran int)) func(threads, units, ran int) {
	prev := testHookRan
	testHookRan = f
	return prev
}
