package main

import (
	"fmt"

	"github.com/lanesimd/lanes/gen/internal/vmath"
	"github.com/lanesimd/lanes/internal/catalog"
)

// own are the kernels of kind Own, written here for NEON.
var own = map[string]func(s *neon){"MatVec4": (*neon).matVec4}

// Overrides of vmath's bodies and steps: L1 by FABD, |a−b| in one instruction.
var (
	bodyOverrides = map[string]vmath.Body[*vreg, mask]{}
	stepOverrides = map[string]vmath.Step[*vreg, mask]{
		"L1": func(m vmath.Machine[*vreg, mask], acc *vreg, in []*vreg) {
			s := m.(*neon)
			s.AddTo(acc, s.three(fabd, in[0], in[1]))
		},
	}
)

// generate writes every kernel of the catalogue at one precision, each through emit.
func (s *neon) generate(emit func(write func())) error {
	bodies, steps := vmath.Bodies[*vreg, mask](), vmath.Steps[*vreg, mask]()
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
				return fmt.Errorf("kernel %s: no step in vmath.Steps or arm64's stepOverrides", k.Name)
			}
			emit(func() { s.reduction(k, s.reductionOf(k, step)) })
		case catalog.Max:
			emit(func() { s.reduction(k, s.reductionOf(k, nil)) })
		case catalog.Map, catalog.MapSum:
			body, ok := bodies[k.Name]
			if !ok {
				return fmt.Errorf("kernel %s: no body in vmath.Bodies or arm64's bodyOverrides", k.Name)
			}
			emit(func() { s.elementwise(k, body) })
		case catalog.Own:
			write, ok := own[k.Name]
			if !ok {
				return fmt.Errorf("kernel %s: arm64 does not write it", k.Name)
			}
			emit(func() { write(s) })
		}
	}
	return nil
}
