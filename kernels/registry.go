package kernels

import "sort"

// Backend is one instruction set's pair of tables.
type Backend struct {
	Name string // "avx512", "avx2", "neon" or "generic"
	F32  *Table[float32]
	F64  *Table[float64]

	rank int // higher is preferred
}

// registry holds every backend this CPU can run. Per-ISA files add theirs from init,
// after checking (with golang.org/x/sys/cpu) every feature their kernels execute.
var registry = []Backend{{Name: "generic", F32: &Generic32, F64: &Generic64}}

// register adds a backend the CPU supports; rank orders it against the others.
func register(b Backend, rank int) {
	b.rank = rank
	registry = append(registry, b)
	sort.SliceStable(registry, func(i, j int) bool { return registry[i].rank > registry[j].rank })
}

// Backends returns every backend this CPU can run, the preferred one first and "generic"
// last. The slice is a copy.
func Backends() []Backend { return append([]Backend(nil), registry...) }

// Lookup returns the backend of that name, if this CPU can run it.
func Lookup(name string) (Backend, bool) {
	for _, b := range registry {
		if b.Name == name {
			return b, true
		}
	}
	return Backend{}, false
}
