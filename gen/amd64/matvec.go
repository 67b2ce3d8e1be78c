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
	dst, rows, w, sb, sb3, cols := s.matVecArgs()
	xbase := Load(Param("x").Base(), GP64())

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

// matVecNarrow writes the kernel for rows of one or two 256-bit vectors, on AVX-512 too:
// a row's products fill its vector, and rounds of pairwise adds (within 128-bit halves,
// then across them after a blend and a swap of halves) turn the vectors of V rows into one
// vector of their V sums, one store. MatVec4 reduces each row's vector alone, most of its
// work when a row is a vector or less.
func (s *isa) matVecNarrow() {
	k := catalog.KernelNamed("MatVecNarrow")
	s.text(k, "Rows of a vector or two, V rows a step; it reads whole vectors of each row.")
	v := 32 / s.size() // lanes of a YMM register, the rows of a step
	Comment("dst and w advance by V rows a step; sb is the row stride in bytes, sb3 three of them.")
	dst, rows, w, sb, sb3, cols := s.matVecArgs()

	Comment("x0, x1: x and zeros after it, two vectors, copied through the stack once a call",
		"(x ends where len(x) does; a whole-vector load could fault).")
	buf := AllocLocal(64)
	z := YMM()
	VXORPS(z, z, z)
	VMOVUPS(z, buf)
	VMOVUPS(z, buf.Offset(32))
	s.copyElements(cols, buf, Mem{Base: Load(Param("x").Base(), GP64())})
	x0, x1 := YMM(), YMM()
	VMOVUPD(buf, x0)
	VMOVUPD(buf.Offset(32), x1)

	wp := GP64() // the step's fifth row: float32's eight rows need two bases

	row := func(r, off int) Mem {
		base := w
		if r >= 4 {
			base, r = wp, r-4
		}
		switch r {
		case 0:
			return Mem{Base: base, Disp: off}
		case 1:
			return Mem{Base: base, Index: sb, Scale: 1, Disp: off}
		case 2:
			return Mem{Base: base, Index: sb, Scale: 2, Disp: off}
		}
		return Mem{Base: base, Index: sb3, Scale: 1, Disp: off}
	}
	and, mul, fma := s.pick(VANDPS, VANDPD), s.pick(VMULPS, VMULPD), s.pick(VFMADD231PS, VFMADD231PD)
	// pairSums returns VHADDP's result, a's pair sums then b's in each 128-bit half, as
	// two shuffles (the even lanes of a and b, the odd ones) and an add: the same bits, and
	// the shuffles go to two ports on Zen, where VHADDPD's four µops take two cycles.
	pairSums := func(a, b V) V {
		even, odd, sum := YMM(), YMM(), YMM()
		if s.f64 {
			VUNPCKLPD(b, a, even)
			VUNPCKHPD(b, a, odd)
			VADDPD(odd, even, sum)
		} else {
			VSHUFPS(U8(0b10_00_10_00), b, a, even)
			VSHUFPS(U8(0b11_01_11_01), b, a, odd)
			VADDPS(odd, even, sum)
		}
		return sum
	}
	// sums returns the vector of the V rows' sums p holds: rounds of pair sums within
	// 128-bit halves until two vectors are left, whose halves hold the same rows' partial
	// sums crosswise: a blend and a swap of halves line them up for the last add.
	sums := func(p []V) V {
		for len(p) > 2 {
			var q []V
			for i := 0; i < len(p); i += 2 {
				q = append(q, pairSums(p[i], p[i+1]))
			}
			p = q
		}
		lo, hi, sum := YMM(), YMM(), YMM()
		if s.f64 {
			VBLENDPD(U8(0b1100), p[1], p[0], lo) // the rows' first halves from p[0], second from p[1]
		} else {
			VBLENDPS(U8(0xf0), p[1], p[0], lo)
		}
		VPERM2F128(U8(0x21), p[1], p[0], hi)
		s.pick(VADDPS, VADDPD)(hi, lo, sum)
		return sum
	}
	// loop writes the steps for rows of n vectors, the last one's columns kept by m (nil:
	// the last vector is whole, no AND).
	loop := func(n int, m V, name string) {
		Label(name)
		TESTQ(rows, rows)
		JZ(LabelRef("done"))
		if v > 4 {
			LEAQ(Mem{Base: w, Index: sb, Scale: 4}, wp)
		}
		p := make([]V, v)
		for r := range p {
			p[r] = YMM()
			var last Op = row(r, 32*(n-1))
			if m != nil {
				t := YMM()
				and(row(r, 32*(n-1)), m, t)
				last = t
			}
			if n == 1 {
				mul(last, x0, p[r])
				continue
			}
			mul(row(r, 0), x0, p[r])
			fma(last, x1, p[r])
		}
		VMOVUPD(sums(p), Mem{Base: dst})
		ADDQ(U32(32), dst)
		LEAQ(Mem{Base: w, Index: sb, Scale: uint8(v)}, w)
		SUBQ(U32(v), rows)
		JMP(LabelRef(name))
	}

	Comment("Rows of one vector: m keeps its first len(x) lanes (rows of exactly one need no mask).")
	CMPQ(cols, U32(v))
	JA(LabelRef("two"))
	JE(LabelRef("onewhole"))
	loop(1, s.firstLanes(cols), "one")
	loop(1, nil, "onewhole")

	Comment("Rows of two vectors: the first is whole, m keeps the second's first len(x)−V lanes.")
	Label("two")
	CMPQ(cols, U32(2*v))
	JE(LabelRef("pairswhole"))
	SUBQ(U32(v), cols)
	loop(2, s.firstLanes(cols), "pairs")
	loop(2, nil, "pairswhole")

	Label("done")
	VZEROUPPER()
	RET()
}

// matVecArgs loads the matrix-vector kernels' arguments: dst and its length in rows, w,
// the row stride in bytes and three times it (the rows of a step are addressed from one
// base), and len(x).
func (s *isa) matVecArgs() (dst, rows, w, sb, sb3, cols reg.GPVirtual) {
	dst = Load(Param("dst").Base(), GP64()).(reg.GPVirtual)
	rows = Load(Param("dst").Len(), GP64()).(reg.GPVirtual)
	w = Load(Param("w").Base(), GP64()).(reg.GPVirtual)
	sb = Load(Param("stride"), GP64()).(reg.GPVirtual)
	SHLQ(U8(s.shift()), sb)
	sb3 = GP64()
	LEAQ(Mem{Base: sb, Index: sb, Scale: 2}, sb3)
	cols = Load(Param("x").Len(), GP64()).(reg.GPVirtual)
	return dst, rows, w, sb, sb3, cols
}
