package main

import (
	"maps"
	"slices"
	"testing"

	"github.com/lanesimd/lanes/gen/internal/vmath"
)

// TestEveryKernelHasABody checks that arm64 writes every kernel of the catalogue and has
// no body the catalogue does not list.
func TestEveryKernelHasABody(t *testing.T) {
	if err := vmath.Coverage[*vreg, mask](bodyOverrides, stepOverrides, slices.Collect(maps.Keys(own))); err != nil {
		t.Error(err)
	}
}
