package lanes

import (
	"os"

	"github.com/lanesimd/lanes/kernels"
)

// The kernel tables every op calls, filled once at init: one indirect call per op and no
// feature test per call.
var (
	backend string
	f32     kernels.Table[float32]
	f64     kernels.Table[float64]
)

func init() { use(choose(os.Getenv("LANES_BACKEND"))) }

// choose returns the backend LANES_BACKEND names if this CPU can run it (a way to pick a
// lower one, for benchmarks or around a CPU quirk), and otherwise the best the CPU runs.
func choose(name string) kernels.Backend {
	if b, ok := kernels.Lookup(name); ok {
		return b
	}
	return kernels.Backends()[0]
}

// use installs a backend's tables. Only init and tests call it; tests that do must not run
// in parallel.
func use(b kernels.Backend) {
	backend, f32, f64 = b.Name, *b.F32, *b.F64
}

// Backend names the kernels in use: "avx512", "avx2", "neon" or "generic".
func Backend() string { return backend }
