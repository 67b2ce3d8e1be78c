package main

import (
	"math"
	"os"
	"sync"
	"testing"

	"github.com/lanesimd/lanes/internal/steptest"
)

// The costs the NumPy twin prints for the same data and weights, with
// /usr/bin/python3 examples/mlp/mlp.py --steps 50 --every 1 (NumPy 1.24).
var twinCosts = map[int]float32{
	0:  3.1055814,
	1:  2.8832444,
	2:  2.8111415,
	3:  2.8170408,
	4:  2.7141234,
	20: 2.1984808,
	49: 1.5210259,
}

// testData is generate's result, made once for all the tests (newModel copies what it
// changes): under qemu it takes seconds.
var testData = sync.OnceValue(generate)

func TestCostsMatchTwin(t *testing.T) {
	md := newModel(testData())
	steps := 50
	if os.Getenv("LANES_EMULATED") != "" {
		steps = 3 // under qemu: the first costs only
	}
	for i := range steps {
		md.step()
		want, ok := twinCosts[i]
		if !ok {
			continue
		}
		if got := md.loss; math.Abs(float64(got-want)) > 1e-3*float64(want) {
			t.Errorf("cost after step %d = %.7f, the twin's %.7f", i, got, want)
		}
	}
}

func TestStepAllocatesNothing(t *testing.T) {
	md := newModel(testData())
	md.step() // the products' packing buffers
	steptest.AllocatesNothing(t, md.step)
}

func BenchmarkStep(b *testing.B) {
	steptest.Bench(b, func() func() { return newModel(testData()).step })
}
