//go:build race

package kernels

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/lanesimd/lanes/generic"
)

// TestRaceAnnotations proves that the race detector sees what the assembly kernels write:
// a child process lets a kernel write a slice in one goroutine and reads it in another
// with no synchronisation, and must be reported. Without the annotations the detector sees
// no write at all (assembly is invisible to it) and stays silent. The products are checked
// on each of their paths, and so is the converse the issue asks: a read of dst's padding,
// which no path writes, must not be reported (an annotation of whole strides would be).
func TestRaceAnnotations(t *testing.T) {
	if name := os.Getenv("LANES_RACE_CHILD"); name != "" {
		racyChild(name, os.Getenv("LANES_RACE_CASE"))
		return
	}
	cases := []struct {
		name string
		race bool
	}{{"Mul", true}, {"packed", true}, {"direct", true}, {"row", true}, {"packed-padding", false}, {"row-padding", false}}
	for _, b := range Backends() {
		for _, c := range cases {
			if b.Name == "generic" && c.race && c.name != "Mul" {
				// Its products are Go, which the detector sees without annotations
				// (though not a copy() into dst's full tiles, seen missed in Go 1.26).
				continue
			}
			t.Run(b.Name+"/"+c.name, func(t *testing.T) {
				cmd := exec.Command(os.Args[0], "-test.run=^TestRaceAnnotations$", "-test.count=1")
				cmd.Env = append(os.Environ(), "LANES_RACE_CHILD="+b.Name, "LANES_RACE_CASE="+c.name, "GORACE=halt_on_error=1 atexit_sleep_ms=0")
				out, err := cmd.CombinedOutput()
				raced := strings.Contains(string(out), "DATA RACE")
				switch {
				case c.race && (err == nil || !raced):
					t.Errorf("no race reported for a kernel's unsynchronised write (err %v):\n%s", err, out)
				case !c.race && (err != nil || raced):
					t.Errorf("a read of dst's padding, which nothing writes, was reported (err %v):\n%s", err, out)
				}
			})
		}
	}
}

// racyChild runs the case's kernel on one goroutine and reads an element of its result, or
// of the padding past a row of it, on another, with no happens-before edge between them.
func racyChild(name, which string) {
	b, ok := Lookup(name)
	if !ok {
		panic("no backend " + name)
	}
	if which == "Mul" {
		a, dst := make([]float32, 64), make([]float32, 64)
		racy(func() { b.F32.Mul(dst, a, a) }, func() { raceSink = dst[7] })
		return
	}
	// m×n products into a dst of stride n+3: the packed path, the direct one (fewer rows
	// than a tile) and a row against bᵀ. The element read lies in a whole tile or vector of
	// every backend (row 5, column 7), where the assembly writes dst itself: edge tiles and
	// tails go through a scratch that Go code copies, which the detector sees anyway.
	m, n, k, transB := 70, 45, 300, false
	row, col := 5, 7
	switch which {
	case "direct":
		m, n, k, row = 3, 45, 20, 2
	case "row", "row-padding":
		m, n, k, transB, row = 1, 192, 64, true, 0 // every column through MatMulRowTransB
	}
	ldd, ldb := n+3, n
	if transB {
		ldb = k // b is n×k
	}
	if strings.HasSuffix(which, "padding") {
		col = n + 1
	}
	a, bm, dst := make([]float32, m*k), make([]float32, k*n), make([]float32, m*ldd)
	racy(func() { b.F32.MatMul(dst, ldd, a, k, false, bm, ldb, transB, m, n, k, generic.Serial) },
		func() { raceSink = dst[row*ldd+col] })
}

// racy runs write on another goroutine and read on this one, with no happens-before edge
// between them, then waits for write to end: the detector reports the pair whichever came
// first (generic's float32 products take longer than the sleep), and the child exits only
// after both.
func racy(write, read func()) {
	done := make(chan struct{})
	go func() {
		write()
		close(done)
	}()
	time.Sleep(100 * time.Millisecond)
	read()
	<-done
}

var raceSink float32
