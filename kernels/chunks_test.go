package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/lanesimd/lanes/generic"
	"github.com/lanesimd/lanes/internal/catalog"
)

// chunkedPairs holds each chunking function of chunked_*.go beside the assembly function
// it calls, by backend, kernel and precision ("avx2/Sum/float32"); the generated
// chunked_*_test.go files fill it.
var chunkedPairs = map[string][2]any{}

// chunkLens are the lengths that straddle a kernel's chunk boundaries (c elements a call)
// and the blocks of its sums.
func chunkLens(c int) []int {
	if raceEnabled {
		// The chunks' calls, each annotated for the detector, across one boundary; the
		// native run checks the rest (74 s here under the detector, 4 s natively).
		return []int{c + 1}
	}
	return []int{c - 1, c, c + 1, 2*c + generic.Block - 1, 2*c + generic.Block + 1, 3*c + 17}
}

// TestChunkedCallsMatchOneCall holds every chunking function, on every assembly backend
// this CPU runs, to the bits of one call of its kernel over the whole slice: elementwise
// results are position-independent, and a reduction's carry makes the chunks' calls one.
func TestChunkedCallsMatchOneCall(t *testing.T) {
	backends := 0
	for _, b := range Backends() {
		if b.Name == "generic" {
			continue
		}
		backends++
		for _, k := range catalog.Kernels {
			if !k.Chunked() {
				continue
			}
			for _, typ := range []string{"float32", "float64"} {
				key := b.Name + "/" + k.Name + "/" + typ
				pair, ok := chunkedPairs[key]
				if !ok {
					t.Fatalf("no chunked pair %s", key)
				}
				t.Run(key, func(t *testing.T) {
					var err error
					if typ == "float32" {
						err = matchOneCall[float32](k, pair)
					} else {
						err = matchOneCall[float64](k, pair)
					}
					if err != nil {
						t.Error(err)
					}
				})
			}
		}
	}
	if backends == 0 {
		t.Skip("no assembly backend on this CPU or build")
	}
}

func matchOneCall[T Float](k catalog.Kernel, pair [2]any) error {
	r := rand.New(rand.NewPCG(uint64(len(k.Name)), 7))
	for _, n := range chunkLens(k.ChunkLen()) {
		x, y, got, want := make([]T, n), make([]T, n), make([]T, n), make([]T, n)
		for i := range x {
			x[i], y[i] = moderate[T](r), moderate[T](r)
		}
		c := moderate[T](r)
		var g, w T // a reduction's results
		switch f := pair[0].(type) {
		case func(x []T) T:
			switch raw := pair[1].(type) {
			case func(x []T, carry float64) float64:
				g, w = f(x), T(raw(x, 0))
			case func(x []T, carry T) T:
				x[n-n/3] = T(math.NaN()) // in the last chunk: the carry must not lose it
				g, w = f(x), raw(x, x[0])
				x[n-n/3] = 0
				if !sameBits(g, w) {
					break
				}
				g, w = f(x), raw(x, x[0])
			}
		case func(a, b []T) T:
			g, w = f(x, y), T(pair[1].(func(a, b []T, carry float64) float64)(x, y, 0))
		case func(dst, x []T):
			f(got, x)
			pair[1].(func(dst, x []T))(want, x)
		case func(dst, a, b []T):
			f(got, x, y)
			pair[1].(func(dst, a, b []T))(want, x, y)
		case func(dst, x []T, c T):
			f(got, x, c)
			pair[1].(func(dst, x []T, c T))(want, x, c)
		case func(dst, a, b []T, c T):
			f(got, x, y, c)
			pair[1].(func(dst, a, b []T, c T))(want, x, y, c)
		case func(dst, x []T, m T) T:
			g = f(got, x, c)
			w = T(pair[1].(func(dst, x []T, m T, carry float64) float64)(want, x, c, 0))
		case func(dst, a, b []T) T:
			g = f(got, x, y)
			w = T(pair[1].(func(dst, a, b []T, carry float64) float64)(want, x, y, 0))
		default:
			return fmt.Errorf("%s: no test for %T", k.Name, f)
		}
		if !sameBits(g, w) {
			return fmt.Errorf("n=%d: chunked %v, one call %v", n, g, w)
		}
		for i := range got {
			if !sameBits(got[i], want[i]) {
				return fmt.Errorf("n=%d: dst[%d] chunked %v, one call %v", n, i, got[i], want[i])
			}
		}
	}
	return nil
}
