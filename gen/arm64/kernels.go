package main

import (
	"fmt"

	"github.com/lanesimd/lanes/gen/internal/vmath"
	"github.com/lanesimd/lanes/internal/catalog"
)

// own are the kernels of kind Own, written here for NEON.
var own = map[string]func(s *neon){"MatVec4": (*neon).matVec4}

// Overrides of the catalogue's bodies: L1 by FABD, |a−b| in one instruction.
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
	for _, k := range catalog.Kernels {
		switch k.Kind {
		case catalog.Sum:
			step, ok := stepOverrides[k.Name]
			if !ok {
				var err error
				if step, err = vmath.StepOf[*vreg, mask](k); err != nil {
					return err
				}
			}
			emit(func() { s.reduction(k, s.reductionOf(k, step)) })
		case catalog.Max:
			emit(func() { s.reduction(k, s.reductionOf(k, nil)) })
		case catalog.Map, catalog.MapSum:
			body, ok := bodyOverrides[k.Name]
			if !ok {
				var err error
				if body, err = vmath.BodyOf[*vreg, mask](k); err != nil {
					return err
				}
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
