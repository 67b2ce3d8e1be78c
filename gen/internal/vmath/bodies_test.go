package vmath

import (
	"strings"
	"testing"

	"github.com/lanesimd/lanes/internal/catalog"
)

// TestBodyOfRejects checks that a body vmath cannot compile is refused with the kernel's
// name, before any code is written.
func TestBodyOfRejects(t *testing.T) {
	x := catalog.In("x")
	for _, body := range []catalog.Expr{
		catalog.Op("Nope", x),                 // no such operation
		catalog.Op("Add", x),                  // wrong arity
		catalog.Op("Mul", x, catalog.In("y")), // not a parameter
	} {
		k := catalog.Kernel{Name: "K", Kind: catalog.Map, Inputs: []string{"x"}, Unroll: 1, Body: body}
		if _, err := BodyOf[int, bool](k); err == nil || !strings.Contains(err.Error(), "kernel K") {
			t.Errorf("body %v: error %v, want one naming kernel K", body, err)
		}
		k.Kind = catalog.Sum
		if _, err := StepOf[int, bool](k); err == nil {
			t.Errorf("step %v: no error", body)
		}
	}
}

// TestEveryCatalogueBodyCompiles checks every body of the catalogue against vmath's
// operations.
func TestEveryCatalogueBodyCompiles(t *testing.T) {
	for _, k := range catalog.Kernels {
		var err error
		switch k.Kind {
		case catalog.Sum:
			_, err = StepOf[int, bool](k)
		case catalog.Map, catalog.MapSum:
			_, err = BodyOf[int, bool](k)
		}
		if err != nil {
			t.Error(err)
		}
	}
}
