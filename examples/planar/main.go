// Command planar trains the deep-learning course's "planar data" network with lanes:
// a 2 → 4 tanh → 1 sigmoid classifier of the flower data set, float64, full-batch
// gradient descent with learning rate 1.2 for 10 000 iterations, printing the cost every
// 1000 iterations and the final accuracy.
//
//	go run ./examples/planar                  # writes the data to $TMPDIR/lanes-planar
//	/usr/bin/python3 examples/planar/planar.py # the NumPy twin: the same data, the same output
//
// The layout is the course's, features × examples: X is 2×400, Y 1×400, W1 4×2, b1 4,
// W2 1×4, b2 1. The data (N = 200 points per class, a = 4; t = linspace over the class's
// petal plus 0.2·randn, r = a·sin 4t plus 0.2·randn, X = [r sin t, r cos t]) and the
// initial weights (0.01·randn, biases 0) come from a generator written here (math/rand/v2's
// PCG source and Box–Muller), so they are the same bits in every Go release; they are written
// as raw little-endian float64 files (X.f64, Y.f64, W1.f64, b1.f64, W2.f64, b2.f64) for the
// twin to read.
//
// Flags: -data DIR (default $TMPDIR/lanes-planar), -iters N (10000), -every K (1000).
package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/lanesimd/lanes"
)

const (
	perClass = 200 // N: points per class
	m        = 2 * perClass
	hidden   = 4
	petals   = 4.0 // a: the maximum ray of the flower
	lr       = 1.2
)

// normal draws standard normal numbers by Box–Muller from a PCG stream: the same numbers
// in every Go release (math/rand's NormFloat64 makes no such promise).
type normal struct {
	src   *rand.PCG
	spare float64
	has   bool
}

func newNormal(seed1, seed2 uint64) *normal { return &normal{src: rand.NewPCG(seed1, seed2)} }

// uniform is in [0, 1), a multiple of 2⁻⁵³.
func (g *normal) uniform() float64 { return float64(g.src.Uint64()>>11) * 0x1p-53 }

func (g *normal) next() float64 {
	if g.has {
		g.has = false
		return g.spare
	}
	u1 := 1 - g.uniform() // (0, 1]: the log is finite
	u2 := g.uniform()
	r := math.Sqrt(-2 * math.Log(u1))
	s, c := math.Sincos(2 * math.Pi * u2)
	g.spare, g.has = r*s, true
	return r * c
}

// data holds the training set and the initial parameters, as written for the twin.
type data struct {
	X, Y           []float64 // 2×m, 1×m
	W1, b1, W2, b2 []float64 // 4×2, 4, 1×4, 1
}

// generate makes the flower data set (the course's load_planar_dataset) and the initial
// weights (its initialize_parameters: 0.01·randn, biases zero).
func generate() data {
	g := newNormal(0x1a2e5, 14)
	d := data{
		X: make([]float64, 2*m), Y: make([]float64, m),
		W1: make([]float64, hidden*2), b1: make([]float64, hidden),
		W2: make([]float64, hidden), b2: make([]float64, 1),
	}
	t := make([]float64, perClass)
	for j := range 2 {
		lo, hi := float64(j)*3.12, float64(j+1)*3.12
		for i := range t {
			t[i] = lo + float64(i)*(hi-lo)/(perClass-1) + 0.2*g.next()
		}
		for i, ti := range t {
			r := petals*math.Sin(4*ti) + 0.2*g.next()
			k := j*perClass + i
			d.X[k] = r * math.Sin(ti)
			d.X[m+k] = r * math.Cos(ti)
			d.Y[k] = float64(j)
		}
	}
	for i := range d.W1 {
		d.W1[i] = 0.01 * g.next()
	}
	for i := range d.W2 {
		d.W2[i] = 0.01 * g.next()
	}
	return d
}

// write stores the data set and the initial parameters in dir as raw little-endian float64s.
func (d data) write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		x    []float64
	}{{"X", d.X}, {"Y", d.Y}, {"W1", d.W1}, {"b1", d.b1}, {"W2", d.W2}, {"b2", d.b2}} {
		var b bytes.Buffer
		if err := binary.Write(&b, binary.LittleEndian, f.x); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, f.name+".f64"), b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// model is the network with every buffer a training step needs, allocated once.
type model struct {
	X, Y           lanes.Matrix[float64] // 2×m, 1×m
	W1, W2         lanes.Matrix[float64] // 4×2, 1×4
	b1, b2         []float64             // 4, 1
	Z1, A1, Z2, A2 lanes.Matrix[float64] // 4×m, 4×m, 1×m, 1×m
	dZ2, dA1, dZ1  lanes.Matrix[float64] // 1×m, 4×m, 4×m
	dW1, dW2       lanes.Matrix[float64] // 4×2, 1×4
	db1, db2       []float64             // 4, 1
}

func newModel(d data) *model {
	clone := func(x []float64) []float64 { return append([]float64(nil), x...) }
	nm := lanes.NewMatrix[float64]
	md := &model{
		X: lanes.MatrixOf(2, m, clone(d.X)), Y: lanes.MatrixOf(1, m, clone(d.Y)),
		W1: lanes.MatrixOf(hidden, 2, clone(d.W1)), W2: lanes.MatrixOf(1, hidden, clone(d.W2)),
		b1: clone(d.b1), b2: clone(d.b2),
		Z1: nm(hidden, m), A1: nm(hidden, m), Z2: nm(1, m), A2: nm(1, m),
		dZ2: nm(1, m), dA1: nm(hidden, m), dZ1: nm(hidden, m),
		dW1: nm(hidden, 2), dW2: nm(1, hidden),
		db1: make([]float64, hidden), db2: make([]float64, 1),
	}
	return md
}

// forward sets A2 = σ(W2·tanh(W1·X + b1) + b2), keeping Z1, A1 and Z2.
func (md *model) forward() {
	lanes.MatMul(md.Z1, md.W1, md.X)   // Z1 = W1·X
	lanes.AddCol(md.Z1, md.Z1, md.b1)  //      + b1
	lanes.Tanh(md.A1.Data, md.Z1.Data) // A1 = tanh(Z1)
	lanes.MatMul(md.Z2, md.W2, md.A1)  // Z2 = W2·A1
	lanes.AddCol(md.Z2, md.Z2, md.b2)  //      + b2
	lanes.Sigmoid(md.A2.Data, md.Z2.Data)
}

// step is one iteration of gradient descent: forward, backward, update. Lanes calls only,
// no allocation. A2 keeps this iteration's predictions (before the update) for cost.
func (md *model) step() {
	md.forward()
	// Backward. The 1/m of the gradients is folded into the update's factor.
	lanes.Sub(md.dZ2.Data, md.A2.Data, md.Y.Data)            // dZ2 = A2 − Y
	lanes.MatMulTransB(md.dW2, md.dZ2, md.A1)                // m·dW2 = dZ2·A1ᵀ
	lanes.RowSums(md.db2, md.dZ2)                            // m·db2 = Σ dZ2
	lanes.MatMulTransA(md.dA1, md.W2, md.dZ2)                // W2ᵀ·dZ2
	lanes.TanhBackward(md.dZ1.Data, md.dA1.Data, md.A1.Data) // dZ1 = W2ᵀ·dZ2 ⊙ (1 − A1²)
	lanes.MatMulTransB(md.dW1, md.dZ1, md.X)                 // m·dW1 = dZ1·Xᵀ
	lanes.RowSums(md.db1, md.dZ1)                            // m·db1 = Σ dZ1
	// Update: w = w − lr·dw.
	const c = -lr / m
	lanes.AddScaled(md.W1.Data, md.W1.Data, c, md.dW1.Data)
	lanes.AddScaled(md.b1, md.b1, c, md.db1)
	lanes.AddScaled(md.W2.Data, md.W2.Data, c, md.dW2.Data)
	lanes.AddScaled(md.b2, md.b2, c, md.db2)
}

// cost is the cross-entropy −(1/m)·Σ(y·log a + (1 − y)·log(1 − a)) of the predictions in A2,
// a clamped to [ε, 1 − ε] as scikit-learn's log_loss has it. It is printed, never
// differentiated.
func (md *model) cost() float64 { return lanes.LogLoss(md.A2.Data, md.Y.Data) / m }

// accuracy is the share of examples, in percent, whose prediction (A2 > 0.5) is the label.
func (md *model) accuracy() float64 {
	right := 0
	for i, a := range md.A2.Data {
		if (a > 0.5) == (md.Y.Data[i] == 1) {
			right++
		}
	}
	return 100 * float64(right) / m
}

func main() {
	dir := flag.String("data", filepath.Join(os.TempDir(), "lanes-planar"), "write the data set and initial weights to `dir`")
	iters := flag.Int("iters", 10000, "iterations of gradient descent")
	every := flag.Int("every", 1000, "print the cost every `k` iterations")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("planar: ")

	d := generate()
	if err := d.write(*dir); err != nil {
		log.Fatal(err)
	}
	md := newModel(d)
	for i := range *iters {
		md.step()
		if i%*every == 0 {
			fmt.Printf("cost after iteration %d: %.10f\n", i, md.cost())
		}
	}
	md.forward()
	fmt.Printf("final cost: %.10f\n", md.cost())
	fmt.Printf("accuracy: %.2f%%\n", md.accuracy())
}
