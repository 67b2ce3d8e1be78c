package main

import (
	"fmt"

	"github.com/lanesimd/lanes/gen/internal/vmath"
	"github.com/lanesimd/lanes/internal/catalog"
)

// fmaPeak writes the bench's measure of the FMA pipes. Each of the Unroll chains waits
// for its own last FMLA, so one chain runs at the FMLA's latency; it takes latency × pipes
// chains (4 × 4 on Neoverse V2) to keep every pipe busy. Every FMLA adds 1·1 to its lane,
// so the lanes' sum is the count of FMAs executed.
func (s *neon) fmaPeak() {
	k := catalog.KernelNamed("FMAPeak")
	chains := k.UnrollFor("neon")
	fr := s.frame(k.Signature())
	s.start(k, fr, fmt.Sprintf("Its chains: %d.", chains))
	f := s.f
	f.comment("R0 counts the steps; one holds 1 in every lane.")
	f.gp("MOVD\tn+%d(FP), R0", fr.off["n"])
	f.markSetup()
	one := s.C(1)
	acc := make([]*vreg, chains)
	for i := range acc {
		acc[i] = s.copyOf(s.Zero())
	}
	f.branch("CBZ\tR0", "done")
	f.label("step")
	for _, a := range acc {
		s.FmaTo(a, one, one)
	}
	f.gp("SUBS\t$1, R0, R0")
	f.branch("BNE", "step")

	f.label("done")
	f.comment("Sum the chains pairwise, then the lanes.")
	s.ret(s.hreduce(vmath.Tree(acc, s.Add), sums), fr.ret)
	f.ret()
}
