package main

import (
	"fmt"

	"github.com/lanesimd/lanes/internal/catalog"
)

// matVec4 writes the matrix-vector kernel for groups of four rows: each vector of x is
// loaded once and serves four rows' FMAs, two vectors a step into eight accumulators (two
// per row) to cover the FMA latency.
func (s *neon) matVec4() {
	fr := s.frame(catalog.KernelNamed("MatVec4").Signature())
	s.start(catalog.KernelNamed("MatVec4"), fr, "Four rows at a time, so that each load of x serves four FMAs.")
	f := s.f
	f.comment("R0 walks dst and R2 w, four rows a step; R3 is the row stride in bytes; R4, R5 are x and len(x).")
	f.gp("MOVD\tdst_base+%d(FP), R0", fr.off["dst"])
	f.gp("MOVD\tdst_len+%d(FP), R1", fr.off["dst"]+8)
	f.gp("MOVD\tw_base+%d(FP), R2", fr.off["w"])
	f.gp("MOVD\tstride+%d(FP), R3", fr.off["stride"])
	f.gp("LSL\t$%d, R3", s.shift())
	f.gp("MOVD\tx_base+%d(FP), R4", fr.off["x"])
	f.gp("MOVD\tx_len+%d(FP), R5", fr.off["x"]+8)
	f.markSetup()
	rows := []string{"R6", "R7", "R8", "R15"}

	f.label("rows")
	f.branch("CBZ\tR1", "done")
	f.comment("R6, R7, R8, R15 walk the four rows, R13 walks x, R14 counts the columns left.")
	f.gp("MOVD\tR2, R6")
	f.gp("ADD\tR3, R6, R7")
	f.gp("ADD\tR3, R7, R8")
	f.gp("ADD\tR3, R8, R15")
	f.gp("MOVD\tR4, R13")
	f.gp("MOVD\tR5, R14")
	var acc [4][2]*vreg
	for r := range acc {
		acc[r] = [2]*vreg{s.Zero(), s.Zero()}
	}

	f.comment("Two vectors of x a step, eight FMAs; R14 runs %d columns ahead.", 2*s.lanes())
	f.gp("SUBS\t$%d, R14, R14", 2*s.lanes())
	f.branch("BLT", "single")
	f.label("pairs")
	x := s.loadVectorsPost("R13", 2)
	for r, p := range rows {
		w := s.loadVectorsPost(p, 2)
		s.FmaTo(acc[r][0], x[0], w[0])
		s.FmaTo(acc[r][1], x[1], w[1])
	}
	f.gp("SUBS\t$%d, R14, R14", 2*s.lanes())
	f.branch("BGE", "pairs")

	f.label("single")
	f.gp("ADDS\t$%d, R14, R14", s.lanes())
	f.branch("BLT", "tail")
	xv := s.load("R13", 0)
	f.gp("ADD\t$16, R13")
	for r, p := range rows {
		s.FmaTo(acc[r][0], xv, s.load(p, 0))
		f.gp("ADD\t$16, %s", p)
	}
	f.gp("SUB\t$%d, R14", s.lanes())

	f.comment("The last columns through the stack buffer: zeros in the other lanes add nothing.")
	f.label("tail")
	f.gp("ADDS\t$%d, R14, R14", s.lanes())
	f.branch("BEQ", "sums")
	s.useBuffer()
	zero := s.Zero()
	xt := s.loadPartial("R14", "R13", zero)
	for r, p := range rows {
		s.FmaTo(acc[r][0], xt, s.loadPartial("R14", p, zero))
	}

	f.label("sums")
	for r := range acc {
		v := s.hreduce(s.Add(acc[r][0], acc[r][1]), sums)
		sc := s.scalar()
		off := r * s.size()
		f.op(nil, []*vreg{v}, func() string { return fmt.Sprintf("FMOV%s\tF%d, %d(R0)", sc, v.phys, off) })
	}
	f.gp("ADD\t$%d, R0", 4*s.size())
	f.gp("ADD\tR3<<2, R2")
	f.gp("SUB\t$4, R1")
	f.branch("B", "rows")

	f.label("done")
	f.ret()
}
