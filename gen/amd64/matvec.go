package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/lanesimd/lanes/internal/catalog"
)

// matVec4 writes the matrix-vector kernel for groups of four rows: each vector of x is
// loaded once and serves four rows' FMAs, two vectors a step into eight accumulators (two
// per row) to cover the FMA latency.
func (s *isa) matVec4() {
	s.text(catalog.KernelNamed("MatVec4"), "Four rows at a time, so that each load of x serves four FMAs.")
	Comment("dst and w advance by four rows a step; sb is the row stride in bytes, sb3 three of them.")
	dst := Load(Param("dst").Base(), GP64())
	rows := Load(Param("dst").Len(), GP64())
	w := Load(Param("w").Base(), GP64())
	sb := Load(Param("stride"), GP64())
	SHLQ(U8(s.shift()), sb)
	sb3 := GP64()
	LEAQ(Mem{Base: sb, Index: sb, Scale: 2}, sb3)
	xbase := Load(Param("x").Base(), GP64())
	cols := Load(Param("x").Len(), GP64())

	Label("rows")
	TESTQ(rows, rows)
	JZ(LabelRef("done"))
	Comment("wp walks the four rows together, xp walks x, m counts the columns left.")
	wp, xp, m := GP64(), GP64(), GP64()
	MOVQ(w, wp)
	MOVQ(xbase, xp)
	MOVQ(cols, m)
	row := func(r, off int) Mem {
		switch r {
		case 0:
			return Mem{Base: wp, Disp: off}
		case 1:
			return Mem{Base: wp, Index: sb, Scale: 1, Disp: off}
		case 2:
			return Mem{Base: wp, Index: sb, Scale: 2, Disp: off}
		}
		return Mem{Base: wp, Index: sb3, Scale: 1, Disp: off}
	}
	var acc [4][2]V
	for r := range acc {
		acc[r] = [2]V{s.zero(), s.zero()}
	}
	advance := func(vectors int) {
		ADDQ(U32(vectors*s.width()), wp)
		ADDQ(U32(vectors*s.width()), xp)
		SUBQ(U32(vectors*s.lanes()), m)
	}

	Comment("Two vectors of x a step, eight FMAs.")
	Label("pairs")
	CMPQ(m, U32(2*s.lanes()))
	JB(LabelRef("single"))
	x0, x1 := s.load(Mem{Base: xp}), s.load(Mem{Base: xp, Disp: s.width()})
	for r := range acc {
		s.fmaAcc(acc[r][0], x0, row(r, 0))
		s.fmaAcc(acc[r][1], x1, row(r, s.width()))
	}
	advance(2)
	JMP(LabelRef("pairs"))

	Label("single")
	CMPQ(m, U32(s.lanes()))
	JB(LabelRef("tail"))
	xv := s.load(Mem{Base: xp})
	for r := range acc {
		s.fmaAcc(acc[r][0], xv, row(r, 0))
	}
	advance(1)

	Comment("The last columns under a mask: zeros in the other lanes add nothing.")
	Label("tail")
	TESTQ(m, m)
	JZ(LabelRef("sums"))
	mk := s.tailMask(m.(reg.GPVirtual))
	xt := s.loadMasked(mk, Mem{Base: xp}, nil)
	for r := range acc {
		s.fmaAcc(acc[r][0], xt, s.loadMasked(mk, row(r, 0), nil))
	}

	Label("sums")
	for r := range acc {
		v := s.hreduce(s.add(acc[r][0], acc[r][1]), s.sum)
		s.pick(VMOVSS, VMOVSD)(v, Mem{Base: dst, Disp: r * s.size()})
	}
	ADDQ(U32(4*s.size()), dst)
	LEAQ(Mem{Base: w, Index: sb, Scale: 4}, w)
	SUBQ(U32(4), rows)
	JMP(LabelRef("rows"))

	Label("done")
	VZEROUPPER()
	RET()
}
