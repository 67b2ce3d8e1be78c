package main

import (
	"fmt"
	"strings"

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
	s.matVecArgs(fr)
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

// matVecNarrow writes the kernel for rows of one or two vectors: a row's products fill its
// vector, and FADDP's pairwise sums of two vectors at once turn the vectors of V rows into
// one vector of their V sums (one round for float64's two rows, two for float32's four),
// one store. MatVec4 reduces each row's vector alone, most of its work when a row is a
// vector or less.
func (s *neon) matVecNarrow() {
	k := catalog.KernelNamed("MatVecNarrow")
	fr := s.frame(k.Signature())
	s.start(k, fr, "Rows of a vector or two, V rows a step; it reads whole vectors of each row.")
	f, v := s.f, s.lanes()
	f.comment("R0 walks dst and R2 w, %d rows a step; R1 counts the rows left; R3 is the row stride in bytes; R4, R5 are x and len(x).", v)
	s.matVecArgs(fr)
	f.markSetup()
	s.useBuffer()
	zero := s.Zero()
	rows := []string{"R6", "R7", "R8", "R15"}[:v]

	// loop writes the steps for rows of n vectors: x0 (and x1) hold x, zeros after it; m
	// keeps the columns of a row's last vector (nil: it is whole).
	loop := func(n int, x0, x1, m *vreg, name string) {
		f.label(name)
		f.branch("CBZ\tR1", "done")
		f.comment("%s walk the step's rows.", strings.Join(rows, ", "))
		f.gp("MOVD\tR2, R6")
		for i := 1; i < v; i++ {
			f.gp("ADD\tR3, %s, %s", rows[i-1], rows[i])
		}
		var p []*vreg
		for _, r := range rows {
			last := s.load(r, 16*(n-1))
			if m != nil {
				last = s.And(last, m)
			}
			if n == 1 {
				p = append(p, s.Mul(last, x0))
				continue
			}
			pr := s.Mul(s.load(r, 0), x0)
			s.FmaTo(pr, last, x1)
			p = append(p, pr)
		}
		for len(p) > 1 {
			var q []*vreg
			for i := 0; i < len(p); i += 2 {
				q = append(q, s.three(faddp, p[i], p[i+1]))
			}
			p = q
		}
		s.store(p[0], "R0", 0)
		f.gp("ADD\t$16, R0")
		f.gp("ADD\tR3<<%d, R2", map[int]int{2: 1, 4: 2}[v])
		f.gp("SUBS\t$%d, R1, R1", v) // the rows left; loopstat reads the step here
		f.branch("B", name)
	}

	f.comment("Rows of one vector: x through the stack buffer (a whole-vector load could fault); the mask keeps len(x) lanes, where there are fewer than %d.", v)
	f.gp("CMP\t$%d, R5", v)
	f.branch("BGT", "two")
	x0 := s.loadPartial("R5", "R4", zero)
	f.gp("CMP\t$%d, R5", v)
	f.branch("BEQ", "onewhole")
	loop(1, x0, nil, s.firstLanes("R5"), "one")
	loop(1, x0, nil, nil, "onewhole")

	f.comment("Rows of two vectors: the first whole, the second's len(x)−%d lanes kept.", v)
	f.label("two")
	x0 = s.load("R4", 0)
	f.gp("ADD\t$16, R4")
	f.gp("SUB\t$%d, R5", v)
	x1 := s.loadPartial("R5", "R4", zero)
	f.gp("CMP\t$%d, R5", v)
	f.branch("BEQ", "pairswhole")
	loop(2, x0, x1, s.firstLanes("R5"), "pairs")
	loop(2, x0, x1, nil, "pairswhole")

	f.label("done")
	f.ret()
}

// matVecArgs loads the matrix-vector kernels' arguments: R0 dst, R1 its length in rows,
// R2 w, R3 the row stride in bytes, R4 x and R5 len(x).
func (s *neon) matVecArgs(fr frame) {
	f := s.f
	f.gp("MOVD\tdst_base+%d(FP), R0", fr.off["dst"])
	f.gp("MOVD\tdst_len+%d(FP), R1", fr.off["dst"]+8)
	f.gp("MOVD\tw_base+%d(FP), R2", fr.off["w"])
	f.gp("MOVD\tstride+%d(FP), R3", fr.off["stride"])
	f.gp("LSL\t$%d, R3", s.shift())
	f.gp("MOVD\tx_base+%d(FP), R4", fr.off["x"])
	f.gp("MOVD\tx_len+%d(FP), R5", fr.off["x"]+8)
}
