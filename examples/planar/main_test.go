package main

import (
	"math"
	"testing"

	"github.com/lanesimd/lanes/internal/steptest"
)

// The costs the NumPy twin prints for the same data and weights, with
// /usr/bin/python3 examples/planar/planar.py --iters 1000 --every 1 (NumPy 1.24).
var twinCosts = map[int]float64{
	0:   0.6932179118,
	1:   0.6931553461,
	2:   0.6931101567,
	3:   0.6930582746,
	4:   0.6929780389,
	99:  0.2783429968,
	999: 0.1661909864,
}

func TestCostsMatchTwin(t *testing.T) {
	md := newModel(generate())
	for i := range 1000 {
		md.step()
		want, ok := twinCosts[i]
		if !ok {
			continue
		}
		if got := md.cost(); math.Abs(got-want) > 1e-5*want {
			t.Errorf("cost after iteration %d = %.10f, the twin's %.10f", i, got, want)
		}
	}
}

// TestAccuracy trains at full length, as main does: the issue asks for at least 85% on the
// flower data, whatever the twin gets (CI checks the two agree within 0.5 points).
func TestAccuracy(t *testing.T) {
	md := newModel(generate())
	for range 10000 {
		md.step()
	}
	md.forward()
	if got := md.accuracy(); got < 85 {
		t.Errorf("accuracy after 10000 iterations = %.2f%%, want at least 85%%", got)
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
