package lanes_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/lanesimd/lanes"
	"github.com/lanesimd/lanes/kernels"
)

// TestMain is the one TestMain of both package lanes' and package lanes_test's tests.
func TestMain(m *testing.M) {
	// LANES_REQUIRE_BACKEND=name fails the suite at once unless dispatch chose that
	// backend: under an emulated CPU, a silent fall-back to a lower table is a failure.
	if want := os.Getenv("LANES_REQUIRE_BACKEND"); want != "" && lanes.Backend() != want {
		fmt.Fprintf(os.Stderr, "LANES_REQUIRE_BACKEND=%s, but dispatch chose %s (LANES_BACKEND=%q, CPU features: %s)\n",
			want, lanes.Backend(), os.Getenv("LANES_BACKEND"), kernels.Features())
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// eachBackend runs f once with every backend this CPU runs installed, then restores the
// one dispatch chose. Tests that call it must not run in parallel.
func eachBackend(t *testing.T, f func(t *testing.T)) {
	saved, _ := kernels.Lookup(lanes.Backend())
	defer lanes.Use(saved)
	for _, b := range kernels.Backends() {
		lanes.Use(b)
		t.Run(b.Name, f)
	}
}

// both runs a generic test in both precisions.
func both(t *testing.T, f32 func(*testing.T), f64 func(*testing.T)) {
	t.Run("f32", f32)
	t.Run("f64", f64)
}
