package main

import (
	"log"

	. "github.com/mmcloughlin/avo/operand"

	"github.com/lanesimd/lanes/gen/internal/vmath"
	"github.com/lanesimd/lanes/internal/catalog"
)

// own are the kernels of kind Own, written here for amd64.
var own = map[string]func(s *isa){"MatVec4": (*isa).matVec4}

// overrides replace vmath's bodies and steps where amd64 has a better way: none today.
var (
	bodyOverrides = map[string]vmath.Body[Op, mask]{}
	stepOverrides = map[string]vmath.Step[Op, mask]{}
)

// generate writes every kernel of the catalogue for one ISA at one precision.
func (s *isa) generate() {
	bodies, steps := vmath.Bodies[Op, mask](), vmath.Steps[Op, mask]()
	for name, b := range bodyOverrides {
		bodies[name] = b
	}
	for name, st := range stepOverrides {
		steps[name] = st
	}
	for _, k := range catalog.Kernels {
		switch k.Kind {
		case catalog.Sum:
			step, ok := steps[k.Name]
			if !ok {
				log.Fatalf("kernel %s: no step in vmath.Steps or amd64's stepOverrides", k.Name)
			}
			s.reduction(k, s.reductionOf(k, step))
		case catalog.Max:
			s.reduction(k, s.reductionOf(k, nil))
		case catalog.Map, catalog.MapSum:
			body, ok := bodies[k.Name]
			if !ok {
				log.Fatalf("kernel %s: no body in vmath.Bodies or amd64's bodyOverrides", k.Name)
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
