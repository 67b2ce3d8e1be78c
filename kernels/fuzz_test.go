package kernels

import (
	"slices"
	"testing"
)

// One fuzz target per kernel family. Each runs the chosen kernel of every table this CPU
// runs, in both precisions, on values taken from the fuzzer's bytes (any bit pattern for
// the elementwise and transcendental kernels; moderate values for the reductions, whose
// result may otherwise depend on the summation order through overflow), at the offset the
// fuzzer picks, and checks it against the same references as TestAgainstReference.

func fuzzFamily(f *testing.F, family []string) {
	f.Add(uint8(0), uint8(0), []byte{})
	f.Add(uint8(1), uint8(3), []byte("\x00\x00\xc0\x7f\x00\x00\x80\x7f\x00\x00\x80\xff\x01\x00\x00\x00\x00\x00\x00\x80"))
	f.Add(uint8(2), uint8(1), make([]byte, 8*37))
	f.Add(uint8(3), uint8(15), []byte("lanes fuzz seed: a few dozen bytes of text as values, odd length."))
	f.Fuzz(func(t *testing.T, sel, off uint8, data []byte) {
		name := family[int(sel)%len(family)]
		offset := int(off % 16)
		for _, b := range Backends() {
			fuzzOne(t, b.Name, b.F32, name, offset, data)
			fuzzOne(t, b.Name, b.F64, name, offset, data)
		}
	})
}

func fuzzOne[T Float](t *testing.T, backend string, tab *Table[T], name string, offset int, data []byte) {
	size := 8
	if is32[T]() {
		size = 4
	}
	n := min(len(data)/size, 600)
	get := func(n int) []T { return at[T](n, offset) }
	if err := runCase(tab, name, n, &bytesSource[T]{data}, get); err != nil {
		t.Fatalf("%s %T %s n=%d offset=%d: %v", backend, T(0), name, n, offset, err)
	}
}

func FuzzReductions(f *testing.F)     { fuzzFamily(f, slices.Concat(reductions1, reductions2)) }
func FuzzElementwise(f *testing.F)    { fuzzFamily(f, slices.Concat(binaries, exactUnary, withConsts)) }
func FuzzTranscendental(f *testing.F) { fuzzFamily(f, slices.Concat(transcendental, rowKernels)) }
func FuzzMatrix(f *testing.F)         { fuzzFamily(f, matrixKernels) }
