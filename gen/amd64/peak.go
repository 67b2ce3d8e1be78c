package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"

	"github.com/lanesimd/lanes/gen/internal/vmath"
	"github.com/lanesimd/lanes/internal/catalog"
)

// fmaPeak writes the bench's measure of the FMA ports. Each of the Unroll chains waits
// for its own last FMA, so one chain runs at the FMA's latency; it takes latency × ports
// chains (4 × 2 on the CPUs lanes targets) to keep every port busy, and Unroll leaves a
// margin. Every FMA adds 1·1 to its lane, so the lanes' sum is the count of FMAs executed.
func (s *isa) fmaPeak() {
	k := catalog.KernelNamed("FMAPeak")
	s.text(k, "Its chains: "+itoa(k.UnrollFor(s.backend()))+".")
	Comment("one holds 1 in every lane; acc are the chains; n counts the steps.")
	n := Load(Param("n"), GP64())
	one := s.load(s.c(1))
	acc := make([]V, k.UnrollFor(s.backend()))
	for i := range acc {
		acc[i] = s.zero()
	}
	TESTQ(n, n)
	JZ(LabelRef("done"))
	Label("step")
	for _, a := range acc {
		s.fmaAcc(a, one, one)
	}
	DECQ(n)
	JNZ(LabelRef("step"))

	Label("done")
	Comment("Sum the chains pairwise, then the lanes.")
	s.ret(s.hreduce(vmath.Tree(acc, s.sum), s.sum))
	VZEROUPPER()
	RET()
}
