// Command logreg trains a logistic regression with lanes: 2000 examples × 500 features drawn
// from two Gaussian blobs, float32, batch gradient descent on the cross-entropy with
// learning rate 1.0 for 300 iterations (it has converged: from iteration 250 on the cost,
// 0.4351189, no longer changes in its seventh digit; lr 0.5 needs twice as many), printing
// the cost every 50 iterations and the final accuracy (79.75%).
//
//	go run ./examples/logreg                   # writes the data to $TMPDIR/lanes-logreg
//	/usr/bin/python3 examples/logreg/logreg.py # the NumPy twin: the same data, the same output
//
// The layout is the course's, features × examples: X is 500×2000, Y 1×2000, w 1×500, b 1.
// Class 1 (the second 1000 examples) is centred on μ, class 0 on −μ, each feature of each
// example μⱼ or −μⱼ plus a standard normal number, with μ a fixed random vector of norm about
// 0.45 (the classes overlap: no linear rule separates them). The data and the initial weights
// (0.01·randn, bias 0) come from a generator written here (math/rand/v2's PCG source and
// Box–Muller), so they are the same bits in every Go release; they are written as raw
// little-endian float32 files (X.f32, Y.f32, w.f32, b.f32) for the twin to read.
//
// Flags: -data DIR (default $TMPDIR/lanes-logreg), -iters N (300), -every K (50).
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
	m        = 2000 // examples
	features = 500
	lr       = 1.0
	spread   = 0.02 // μⱼ = spread·randn
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
	X, Y []float32 // features×m, 1×m
	w, b []float32 // 1×features, 1
}

// generate makes the two blobs and the initial weights.
func generate() data {
	g := newNormal(0x1a2e5, 500)
	d := data{
		X: make([]float32, features*m), Y: make([]float32, m),
		w: make([]float32, features), b: make([]float32, 1),
	}
	mu := make([]float64, features)
	for j := range mu {
		mu[j] = spread * g.next()
	}
	for i := range m {
		sign := -1.0
		if i >= m/2 {
			sign, d.Y[i] = 1, 1
		}
		for j := range features {
			d.X[j*m+i] = float32(sign*mu[j] + g.next())
		}
	}
	for j := range d.w {
		d.w[j] = float32(0.01 * g.next())
	}
	return d
}

// write stores the data set and the initial parameters in dir as raw little-endian float32s.
func (d data) write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		x    []float32
	}{{"X", d.X}, {"Y", d.Y}, {"w", d.w}, {"b", d.b}} {
		var b bytes.Buffer
		if err := binary.Write(&b, binary.LittleEndian, f.x); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, f.name+".f32"), b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// model is the regression with every buffer a training step needs, allocated once.
type model struct {
	X, Y     lanes.Matrix[float32] // features×m, 1×m
	w        lanes.Matrix[float32] // 1×features
	b        []float32             // 1
	Z, A, dZ lanes.Matrix[float32] // 1×m each
	dw       lanes.Matrix[float32] // 1×features
	db       []float32             // 1
}

func newModel(d data) *model {
	clone := func(x []float32) []float32 { return append([]float32(nil), x...) }
	nm := lanes.NewMatrix[float32]
	return &model{
		X: lanes.MatrixOf(features, m, clone(d.X)), Y: lanes.MatrixOf(1, m, clone(d.Y)),
		w: lanes.MatrixOf(1, features, clone(d.w)), b: clone(d.b),
		Z: nm(1, m), A: nm(1, m), dZ: nm(1, m),
		dw: nm(1, features), db: make([]float32, 1),
	}
}

// forward sets A = σ(w·X + b), keeping Z.
func (md *model) forward() {
	lanes.MatMul(md.Z, md.w, md.X) // Z = w·X
	lanes.AddCol(md.Z, md.Z, md.b) //     + b
	lanes.Sigmoid(md.A.Data, md.Z.Data)
}

// step is one iteration of batch gradient descent: forward, backward, update. Lanes calls
// only, no allocation. Z and A keep this iteration's values (before the update) for cost.
func (md *model) step() {
	md.forward()
	// Backward. The 1/m of the gradients is folded into the update's factor.
	lanes.Sub(md.dZ.Data, md.A.Data, md.Y.Data) // dZ = A − Y
	lanes.MatVec(md.dw.Data, md.X, md.dZ.Data)  // m·dw = X·dZᵀ
	lanes.RowSums(md.db, md.dZ)                 // m·db = Σ dZ
	// Update: w = w − lr·dw.
	const c = -lr / m
	lanes.AddScaled(md.w.Data, md.w.Data, c, md.dw.Data)
	lanes.AddScaled(md.b, md.b, c, md.db)
}

// cost is the cross-entropy −(1/m)·Σ(y·log a + (1 − y)·log(1 − a)), a = σ(z), from the
// logits in Z in one stable pass: finite where float32 rounds σ(z) to 0 or 1, which the
// course's formula turns into NaN. It is printed, never differentiated.
func (md *model) cost() float32 { return lanes.LogLossLogits(md.Z.Data, md.Y.Data) / m }

// accuracy is the share of examples, in percent, whose prediction (A > 0.5) is the label.
func (md *model) accuracy() float64 {
	right := 0
	for i, a := range md.A.Data {
		if (a > 0.5) == (md.Y.Data[i] == 1) {
			right++
		}
	}
	return 100 * float64(right) / m
}

func main() {
	dir := flag.String("data", filepath.Join(os.TempDir(), "lanes-logreg"), "write the data set and initial weights to `dir`")
	iters := flag.Int("iters", 300, "iterations of gradient descent")
	every := flag.Int("every", 50, "print the cost every `k` iterations")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("logreg: ")

	d := generate()
	if err := d.write(*dir); err != nil {
		log.Fatal(err)
	}
	md := newModel(d)
	for i := range *iters {
		md.step()
		if i%*every == 0 {
			fmt.Printf("cost after iteration %d: %.7f\n", i, md.cost())
		}
	}
	md.forward()
	fmt.Printf("final cost: %.7f\n", md.cost())
	fmt.Printf("accuracy: %.2f%%\n", md.accuracy())
}
