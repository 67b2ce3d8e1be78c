// Command mlp trains a two-layer perceptron with lanes: 8192 examples of 784 standard normal
// features, labelled by a fixed random linear teacher (label = argmax of x·T for a random
// 784×10 T), a 784 → 128 ReLU → 10 softmax network with He initialisation, float32,
// minibatch gradient descent on the softmax cross-entropy, batch 256, learning rate 0.2,
// 200 steps, printing the batch's cost every 20 steps, then the cost and the accuracy on
// the whole training set.
//
//	go run ./examples/mlp                   # writes the data to $TMPDIR/lanes-mlp
//	/usr/bin/python3 examples/mlp/mlp.py    # the NumPy twin: the same data, the same output
//
// The layout is example-major: X is 8192×784 (a batch is 256 consecutive rows, the batches
// taken in order, 32 of them, then again from the first), W1 784×128, b1 128, W2 128×10,
// b2 10. W1 is kept as 784×128 (inputs × units) so that the forward product is a plain
// MatMul, X·W1, of the shape lanes' MatMul is tuned and benchmarked at (256×784 by 784×128),
// the weight gradient Xᵀ·dZ1 a MatMulTransA into W1's own layout, and both layers have the
// same orientation, as the twin's `X @ W1` does; W1 as 128×784 would need MatMulTransB
// forward and a transposed gradient. The data, the teacher, the labels and the initial
// weights (randn·√(2/fan-in), biases 0) come from a generator written here (math/rand/v2's
// PCG source and Box–Muller), so they are the same bits in every Go release; they are
// written as raw little-endian files (X.f32, W1.f32, b1.f32, W2.f32, b2.f32, and the labels
// as int32s, y.i32) for the twin to read.
//
// Flags: -data DIR (default $TMPDIR/lanes-mlp), -steps N (200), -every K (20).
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
	m       = 8192 // examples
	inputs  = 784
	hidden  = 128
	classes = 10
	batch   = 256
	lr      = 0.2
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
	X              []float32 // m×inputs
	y              []int32   // m labels in [0, classes)
	W1, b1, W2, b2 []float32 // inputs×hidden, hidden, hidden×classes, classes
}

// generate makes the inputs, the teacher's labels and the initial weights.
func generate() data {
	g := newNormal(0x3e7b, 784)
	d := data{
		X: make([]float32, m*inputs), y: make([]int32, m),
		W1: make([]float32, inputs*hidden), b1: make([]float32, hidden),
		W2: make([]float32, hidden*classes), b2: make([]float32, classes),
	}
	T := make([]float64, inputs*classes) // the teacher
	for i := range T {
		T[i] = g.next()
	}
	for i := range d.X {
		d.X[i] = float32(g.next())
	}
	// The labels, in float64 from the float32 inputs: a tie or a near-tie rounds the same
	// way on every machine, and the twin reads them, never recomputes them.
	var s [classes]float64
	for i := range m {
		s = [classes]float64{}
		for k, x := range d.X[i*inputs : (i+1)*inputs] {
			for c, t := range T[k*classes : (k+1)*classes] {
				s[c] += float64(x) * t
			}
		}
		best := 0
		for c := range s {
			if s[c] > s[best] {
				best = c
			}
		}
		d.y[i] = int32(best)
	}
	he := func(w []float32, fanIn int) {
		sd := math.Sqrt(2 / float64(fanIn))
		for i := range w {
			w[i] = float32(sd * g.next())
		}
	}
	he(d.W1, inputs)
	he(d.W2, hidden)
	return d
}

// write stores the data set and the initial parameters in dir as raw little-endian numbers.
func (d data) write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		x    any
	}{{"X.f32", d.X}, {"y.i32", d.y}, {"W1.f32", d.W1}, {"b1.f32", d.b1}, {"W2.f32", d.W2}, {"b2.f32", d.b2}} {
		var b bytes.Buffer
		if err := binary.Write(&b, binary.LittleEndian, f.x); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, f.name), b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// model is the network with every buffer a training step needs, allocated once.
type model struct {
	X      lanes.Matrix[float32]   // m×inputs
	y      []int                   // m
	xb     []lanes.Matrix[float32] // the batches: views of X, batch×inputs
	next   int                     // the batch the next step trains on
	W1, W2 lanes.Matrix[float32]   // inputs×hidden, hidden×classes
	b1, b2 []float32               // hidden, classes
	loss   float32                 // the last step's batch's mean loss, before its update

	Z1, A1, dZ1 lanes.Matrix[float32] // batch×hidden (dZ1 is dA1, then the gradient through ReLU)
	Z2, dZ2     lanes.Matrix[float32] // batch×classes
	dW1, dW2    lanes.Matrix[float32] // inputs×hidden, hidden×classes
	db1, db2    []float32             // hidden, classes
}

func newModel(d data) *model {
	clone := func(x []float32) []float32 { return append([]float32(nil), x...) }
	nm := lanes.NewMatrix[float32]
	md := &model{
		X: lanes.MatrixOf(m, inputs, clone(d.X)), y: make([]int, m),
		W1: lanes.MatrixOf(inputs, hidden, clone(d.W1)), b1: clone(d.b1),
		W2: lanes.MatrixOf(hidden, classes, clone(d.W2)), b2: clone(d.b2),
		Z1: nm(batch, hidden), A1: nm(batch, hidden), dZ1: nm(batch, hidden),
		Z2: nm(batch, classes), dZ2: nm(batch, classes),
		dW1: nm(inputs, hidden), dW2: nm(hidden, classes),
		db1: make([]float32, hidden), db2: make([]float32, classes),
	}
	for i, c := range d.y {
		md.y[i] = int(c)
	}
	for off := 0; off < m; off += batch {
		md.xb = append(md.xb, lanes.MatrixOf(batch, inputs, md.X.Data[off*inputs:(off+batch)*inputs]))
	}
	return md
}

// step is one step of minibatch gradient descent on the next batch: forward, backward,
// update. Lanes calls only, no allocation. It keeps the batch's mean loss in md.loss.
func (md *model) step() {
	k := md.next
	md.next = (k + 1) % len(md.xb)
	x, y := md.xb[k], md.y[k*batch:(k+1)*batch]
	// Forward.
	lanes.MatMul(md.Z1, x, md.W1)                      // Z1 = X·W1
	lanes.AddRow(md.Z1, md.Z1, md.b1)                  //      + b1
	lanes.ReLU(md.A1.Data, md.Z1.Data)                 // A1 = ReLU(Z1)
	lanes.MatMul(md.Z2, md.A1, md.W2)                  // Z2 = A1·W2
	lanes.AddRow(md.Z2, md.Z2, md.b2)                  //      + b2
	sum := lanes.SoftmaxCrossEntropy(md.dZ2, md.Z2, y) // batch·dZ2 = softmax(Z2) − onehot(y)
	md.loss = sum / batch
	// Backward. The 1/batch of the gradients is folded into the update's factor.
	lanes.MatMulTransA(md.dW2, md.A1, md.dZ2)                // batch·dW2 = A1ᵀ·dZ2
	lanes.ColSums(md.db2, md.dZ2)                            // batch·db2 = Σ rows of dZ2
	lanes.MatMulTransB(md.dZ1, md.dZ2, md.W2)                // batch·dA1 = dZ2·W2ᵀ
	lanes.ReLUBackward(md.dZ1.Data, md.dZ1.Data, md.Z1.Data) // batch·dZ1 = dA1 where Z1 > 0
	lanes.MatMulTransA(md.dW1, x, md.dZ1)                    // batch·dW1 = Xᵀ·dZ1
	lanes.ColSums(md.db1, md.dZ1)                            // batch·db1
	// Update: w = w − lr·dw.
	const c = -lr / batch
	lanes.AddScaled(md.W1.Data, md.W1.Data, c, md.dW1.Data)
	lanes.AddScaled(md.b1, md.b1, c, md.db1)
	lanes.AddScaled(md.W2.Data, md.W2.Data, c, md.dW2.Data)
	lanes.AddScaled(md.b2, md.b2, c, md.db2)
}

// evaluate returns the mean loss and the accuracy, in percent, on the whole training set,
// with buffers of its own (it runs once, after training).
func (md *model) evaluate() (cost float32, accuracy float64) {
	Z1 := lanes.NewMatrix[float32](m, hidden)
	Z2 := lanes.NewMatrix[float32](m, classes)
	lanes.MatMul(Z1, md.X, md.W1)
	lanes.AddRow(Z1, Z1, md.b1)
	lanes.ReLU(Z1.Data, Z1.Data)
	lanes.MatMul(Z2, Z1, md.W2)
	lanes.AddRow(Z2, Z2, md.b2)
	cost = lanes.SoftmaxCrossEntropy(lanes.Matrix[float32]{}, Z2, md.y) / m
	pred := make([]int, m)
	lanes.ArgMaxRows(pred, Z2)
	right := 0
	for i, p := range pred {
		if p == md.y[i] {
			right++
		}
	}
	return cost, 100 * float64(right) / m
}

func main() {
	dir := flag.String("data", filepath.Join(os.TempDir(), "lanes-mlp"), "write the data set and initial weights to `dir`")
	steps := flag.Int("steps", 200, "steps of minibatch gradient descent")
	every := flag.Int("every", 20, "print the batch's cost every `k` steps")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("mlp: ")

	d := generate()
	if err := d.write(*dir); err != nil {
		log.Fatal(err)
	}
	md := newModel(d)
	for i := range *steps {
		md.step()
		if i%*every == 0 {
			fmt.Printf("cost after step %d: %.7f\n", i, md.loss)
		}
	}
	cost, acc := md.evaluate()
	fmt.Printf("final cost: %.7f\n", cost)
	fmt.Printf("accuracy: %.2f%%\n", acc)
}
