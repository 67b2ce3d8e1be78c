package kernels

import (
	"slices"
	"testing"

	"github.com/lanesimd/lanes/internal/catalog"
)

// One fuzz target per kernel family. Each runs the chosen kernel of every table this CPU
// runs, in both precisions, on values taken from the fuzzer's bytes (any bit pattern for
// the elementwise and transcendental kernels; moderate values for the reductions, whose
// result may otherwise depend on the summation order through overflow), at the offset the
// fuzzer picks, and checks it against the same references as TestAgainstReference.

func fuzzFamily(f *testing.F, families ...catalog.Family) {
	var family []int // indices into the catalogue
	for i, e := range catalog.Table {
		if slices.Contains(families, e.Test.Family) {
			family = append(family, i)
		}
	}
	f.Add(uint8(0), uint8(0), []byte{})
	f.Add(uint8(1), uint8(3), []byte("\x00\x00\xc0\x7f\x00\x00\x80\x7f\x00\x00\x80\xff\x01\x00\x00\x00\x00\x00\x00\x80"))
	f.Add(uint8(2), uint8(1), make([]byte, 8*37))
	f.Add(uint8(3), uint8(15), []byte("lanes fuzz seed: a few dozen bytes of text as values, odd length."))
	f.Fuzz(func(t *testing.T, sel, off uint8, data []byte) {
		i := family[int(sel)%len(family)]
		offset := int(off % 16)
		for _, b := range Backends() {
			fuzzOne(t, b.Name, entriesOf(b.F32)[i], offset, data)
			fuzzOne(t, b.Name, entriesOf(b.F64)[i], offset, data)
		}
	})
}

func fuzzOne[T Float](t *testing.T, backend string, e entry[T], offset int, data []byte) {
	size := 8
	if is32[T]() {
		size = 4
	}
	n := min(len(data)/size, 600)
	get := func(n int) []T { return at[T](n, offset) }
	if err := runCase(e, n, &bytesSource[T]{data}, get); err != nil {
		t.Fatalf("%s %T %s n=%d offset=%d: %v", backend, T(0), e.Name, n, offset, err)
	}
}

// fuzzTargets are the families each fuzz target covers: every family is in one
// (TestCatalogCoversTable).
var fuzzTargets = map[string][]catalog.Family{
	"FuzzReductions":     {catalog.SumOf, catalog.NormOf, catalog.Largest, catalog.CountOf},
	"FuzzElementwise":    {catalog.Exact},
	"FuzzTranscendental": {catalog.Within, catalog.SoftmaxOf},
	"FuzzMatrix":         {catalog.MatVecOf, catalog.OuterOf, catalog.RowSumsOf, catalog.MatMulOf, catalog.CrossEntropyOf, catalog.ColSumsOf, catalog.TransposeOf},
}

func FuzzReductions(f *testing.F)     { fuzzFamily(f, fuzzTargets["FuzzReductions"]...) }
func FuzzElementwise(f *testing.F)    { fuzzFamily(f, fuzzTargets["FuzzElementwise"]...) }
func FuzzTranscendental(f *testing.F) { fuzzFamily(f, fuzzTargets["FuzzTranscendental"]...) }
func FuzzMatrix(f *testing.F)         { fuzzFamily(f, fuzzTargets["FuzzMatrix"]...) }
