package main

import (
	"log"

	. "github.com/mmcloughlin/avo/operand"

	"github.com/lanesimd/lanes/gen/internal/vmath"
	"github.com/lanesimd/lanes/internal/catalog"
)

// writers are amd64's skeletons and its own kernels (MatVec4); it overrides no body.
func (s *isa) writers() vmath.Writers[Op, mask] {
	return vmath.Writers[Op, mask]{
		Reduction:   func(k catalog.Kernel, step vmath.Step[Op, mask]) { s.reduction(k, s.reductionOf(k, step)) },
		Elementwise: s.elementwise,
		Own:         map[string]func(){"MatVec4": s.matVec4, "MatVecNarrow": s.matVecNarrow, "MatMulTile": s.matMulTile, "MatMulRows": s.matMulRows, "MatMulRowTransB": s.matMulRowTransB, "PackCopy": s.packCopy, "PackRows": s.packRows, "TransposeTile": s.transposeTile, "FMAPeak": s.fmaPeak},
	}
}

// generate writes every kernel of the catalogue for one ISA at one precision.
func (s *isa) generate() {
	if err := vmath.Generate(s.writers(), func(write func()) { write() }); err != nil {
		log.Fatal(err)
	}
}
