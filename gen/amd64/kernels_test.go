package main

import (
	"testing"

	"github.com/lanesimd/lanes/gen/internal/vmath"
)

// TestEveryKernelHasABody checks that amd64 writes every kernel of the catalogue and has
// no body the catalogue does not list.
func TestEveryKernelHasABody(t *testing.T) {
	if err := vmath.Coverage((&isa{}).writers()); err != nil {
		t.Error(err)
	}
}
