//go:build race

package kernels

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestRaceAnnotations proves that the race detector sees what the assembly kernels write:
// a child process lets a kernel write a slice in one goroutine and reads it in another
// with no synchronisation, and must be reported. Without the annotations the detector sees
// no write at all (assembly is invisible to it) and stays silent.
func TestRaceAnnotations(t *testing.T) {
	if name := os.Getenv("LANES_RACE_CHILD"); name != "" {
		racyChild(name)
		return
	}
	for _, b := range Backends() {
		t.Run(b.Name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestRaceAnnotations$", "-test.count=1")
			cmd.Env = append(os.Environ(), "LANES_RACE_CHILD="+b.Name, "GORACE=halt_on_error=1")
			out, err := cmd.CombinedOutput()
			if err == nil || !strings.Contains(string(out), "DATA RACE") {
				t.Errorf("no race reported for a kernel's unsynchronised write (err %v):\n%s", err, out)
			}
		})
	}
}

func racyChild(name string) {
	b, ok := Lookup(name)
	if !ok {
		panic("no backend " + name)
	}
	a, dst := make([]float32, 64), make([]float32, 64)
	go b.F32.Mul(dst, a, a)
	time.Sleep(100 * time.Millisecond) // no happens-before edge: the read below races
	raceSink = dst[7]
}

var raceSink float32
