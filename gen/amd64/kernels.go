package main

import (
	"log"

	. "github.com/mmcloughlin/avo/operand"

	"github.com/lanesimd/lanes/gen/internal/vmath"
	"github.com/lanesimd/lanes/internal/catalog"
)

// own are the kernels of kind Own, written here for amd64.
var own = map[string]func(s *isa){"MatVec4": (*isa).matVec4}

// Overrides of the catalogue's bodies where amd64 has a better way: none today.
var (
	bodyOverrides = map[string]vmath.Body[Op, mask]{}
	stepOverrides = map[string]vmath.Step[Op, mask]{}
)

// generate writes every kernel of the catalogue for one ISA at one precision.
func (s *isa) generate() {
	for _, k := range catalog.Kernels {
		switch k.Kind {
		case catalog.Sum:
			step, ok := stepOverrides[k.Name]
			if !ok {
				var err error
				if step, err = vmath.StepOf[Op, mask](k); err != nil {
					log.Fatal(err)
				}
			}
			s.reduction(k, s.reductionOf(k, step))
		case catalog.Max:
			s.reduction(k, s.reductionOf(k, nil))
		case catalog.Map, catalog.MapSum:
			body, ok := bodyOverrides[k.Name]
			if !ok {
				var err error
				if body, err = vmath.BodyOf[Op, mask](k); err != nil {
					log.Fatal(err)
				}
			}
			s.elementwise(k, body)
		case catalog.Own:
			write, ok := own[k.Name]
			if !ok {
				log.Fatalf("kernel %s: amd64 does not write it", k.Name)
			}
			write(s)
		}
	}
}
