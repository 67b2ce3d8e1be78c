package main

import (
	"bytes"
	"math"
	"math/big"
	"os"
	"testing"
)

// TestCommittedPolynomials checks that generic/poly.go holds what the tool writes now.
func TestCommittedPolynomials(t *testing.T) {
	src, _, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("../../generic/poly.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(src, committed) {
		t.Errorf("generic/poly.go is not what go run ./minimax -out ../generic/poly.go writes: run it")
	}
}

// TestRemezEquioscillates fits a case with a known answer: the best linear approximation
// of x² on [0, 1] is x − 1/8, with error 1/8.
func TestRemezEquioscillates(t *testing.T) {
	p := problem{Name: "square", Lo: 0, Hi: 1, Degree: 1,
		F: func(x *big.Float) *big.Float { return new(big.Float).SetPrec(prec).Mul(x, x) },
		W: func(*big.Float) *big.Float { return bf(1) }}
	c, e, err := remez(p)
	if err != nil {
		t.Fatal(err)
	}
	c0, _ := c[0].Float64()
	c1, _ := c[1].Float64()
	if math.Abs(c0+0.125) > 1e-12 || math.Abs(c1-1) > 1e-12 || math.Abs(e-0.125) > 1e-12 {
		t.Errorf("x² on [0, 1]: %v + %v·x, error %v; want −0.125 + x, 0.125", c0, c1, e)
	}
}
