package generic

import (
	"math"
	"testing"
)

// TestLogLossLanes holds float32 LogLossLogits and LogLoss to the blocked sums' bound (a
// quarter of the terms on a lane) on the fuzzer's input that two lanes failed.
func TestLogLossLanes(t *testing.T) {
	const n = 490
	z, y, yhat := make([]float32, n), make([]float32, n), make([]float32, n)
	exact := 0.0
	for i := range z {
		if i < 20 {
			z[i] = 48.1875
			exact += 48.1875
		} else {
			exact += math.Ln2 // z = 0: log1p(1)
		}
		yhat[i] = 0.5
	}
	bound := float64(n/4+16+1+3) * 0x1p-24 * exact
	if got := LogLossLogits(z, y); math.Abs(float64(got)-exact) > bound {
		t.Errorf("LogLossLogits = %v, want %v within %g", got, exact, bound)
	}
	// −ln(1 − ŷ) = ln 2 for each term, with y = 0.
	if got := LogLoss(yhat, y); math.Abs(float64(got)-n*math.Ln2) > float64(n/4+16+1+8)*0x1p-24*n*math.Ln2 {
		t.Errorf("LogLoss = %v, want %v", got, n*math.Ln2)
	}
}
