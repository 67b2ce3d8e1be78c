package main

import (
	"math"
	"os"
	"testing"

	"github.com/lanesimd/lanes/internal/steptest"
)

// The costs the NumPy twin prints for the same data and weights, with
// /usr/bin/python3 examples/logreg/logreg.py --iters 100 --every 1 (NumPy 1.24).
var twinCosts = map[int]float32{
	0:  0.6976376,
	1:  0.6008132,
	2:  0.5549911,
	3:  0.5284500,
	4:  0.5109439,
	50: 0.4367851,
	99: 0.4352373,
}

func TestCostsMatchTwin(t *testing.T) {
	md := newModel(generate())
	steps := 100
	if os.Getenv("LANES_EMULATED") != "" {
		steps = 5 // under qemu: the first costs only
	}
	for i := range steps {
		md.step()
		want, ok := twinCosts[i]
		if !ok {
			continue
		}
		if got := md.cost(); math.Abs(float64(got-want)) > 1e-3*float64(want) {
			t.Errorf("cost after iteration %d = %.7f, the twin's %.7f", i, got, want)
		}
	}
}

func TestStepAllocatesNothing(t *testing.T) {
	md := newModel(generate())
	md.step() // the products' packing buffers
	steptest.AllocatesNothing(t, md.step)
}

func BenchmarkStep(b *testing.B) {
	steptest.Bench(b, func() func() { return newModel(generate()).step })
}
