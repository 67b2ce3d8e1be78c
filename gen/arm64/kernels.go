package main

import (
	"github.com/lanesimd/lanes/gen/internal/vmath"
	"github.com/lanesimd/lanes/internal/catalog"
)

// writers are NEON's skeletons and its own kernels (MatVec4), and L1 by FABD, |a−b| in
// one instruction.
func (s *neon) writers() vmath.Writers[*vreg, mask] {
	return vmath.Writers[*vreg, mask]{
		Reduction:   func(k catalog.Kernel, step vmath.Step[*vreg, mask]) { s.reduction(k, s.reductionOf(k, step)) },
		Elementwise: s.elementwise,
		Own:         map[string]func(){"MatVec4": s.matVec4, "MatVecNarrow": s.matVecNarrow, "MatMulTile": s.matMulTile, "MatMulRows": s.matMulRows, "MatMulRowTransB": s.matMulRowTransB, "PackCopy": s.packCopy, "PackRows": s.packRows, "TransposeTile": s.transposeTile, "FMAPeak": s.fmaPeak},
		Steps: map[string]vmath.Step[*vreg, mask]{
			"L1": func(_ vmath.Machine[*vreg, mask], acc *vreg, in []*vreg) { s.AddTo(acc, s.three(fabd, in[0], in[1])) },
		},
	}
}

// generate writes every kernel of the catalogue at one precision, each through emit.
func (s *neon) generate(emit func(write func())) error { return vmath.Generate(s.writers(), emit) }
