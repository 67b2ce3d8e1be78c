package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/lanesimd/lanes/internal/catalog"
)

// matMulTile writes the product's register-blocked tile: MR rows × NV vectors of
// accumulators, one FMA chain each over the block of k. A step loads the NV vectors of row
// p of b's sliver once and broadcasts each of the MR elements of column p of a's sliver
// once, so that a step is MR·NV FMAs for MR+NV loads: the FMA ports, not the loads, set
// the pace. a's element (i, p) is at a + i·rsa + p·csa, b's row p at b + p·ldb: packed
// slivers (rsa 1, csa MR; ldb NR), or the matrices in place where packing them would
// cost more than it saves.
// Rows i of each group of six are addressed from the group's base as 0, rsa, 2rsa, 3rsa,
// 4rsa and 5rsa, scaled indexes of rsa and of two multiples of it, so that a step
// advances one base a group.
func (s *isa) matMulTile() {
	k := catalog.KernelNamed("MatMulTile")
	shape := k.Tile[s.backend()]
	mr, nv := shape[0], shape[1]
	if mr%6 != 0 {
		panic("matMulTile: MR must be a multiple of 6")
	}
	s.text(k, "Its tile: MR = "+itoa(mr)+" rows, NR = "+itoa(nv)+" vectors of "+itoa(s.lanes())+" elements.")
	Comment("bases[g] walks rows 6g.. of a's sliver, csa bytes a step; rs, rs3 and rs5 are rsa, 3rsa and 5rsa",
		"in bytes. bp walks b's sliver, ldb bytes a step (packed: NR elements); kk counts the steps.")
	rs := Load(Param("rsa"), GP64())
	SHLQ(U8(s.shift()), rs)
	cs := Load(Param("csa"), GP64())
	SHLQ(U8(s.shift()), cs)
	rs3, rs5 := GP64(), GP64()
	LEAQ(Mem{Base: rs, Index: rs, Scale: 2}, rs3)
	LEAQ(Mem{Base: rs, Index: rs, Scale: 4}, rs5)
	bases := []reg.Register{Load(Param("a").Base(), GP64())}
	for g := 1; g < mr/6; g++ {
		b := GP64()
		LEAQ(Mem{Base: bases[g-1], Index: rs3, Scale: 2}, b)
		bases = append(bases, b)
	}
	row := func(r int) Mem {
		m := Mem{Base: bases[r/6]}
		switch r % 6 {
		case 1, 2, 4:
			m.Index, m.Scale = rs, uint8(r%6)
		case 3:
			m.Index, m.Scale = rs3, 1
		case 5:
			m.Index, m.Scale = rs5, 1
		}
		return m
	}
	bp := Load(Param("b").Base(), GP64())
	ldb := Load(Param("ldb"), GP64())
	SHLQ(U8(s.shift()), ldb)
	kk := Load(Param("k"), GP64())
	acc := make([][]V, mr)
	for r := range acc {
		for range nv {
			acc[r] = append(acc[r], s.zero())
		}
	}
	Comment("Prefetch the tile of c, which the stores (and adds) at the end would otherwise wait",
		"for: its rows lie ldc apart, seldom in L1, and the loads of a tile's last FMAs are long done.")
	pc := Load(Param("c").Base(), GP64())
	ld := Load(Param("ldc"), GP64())
	SHLQ(U8(s.shift()), ld)
	for r := range mr {
		for off := 0; off < nv*s.width(); off += 64 {
			PREFETCHT0(Mem{Base: pc, Disp: off})
		}
		if r < mr-1 {
			ADDQ(ld, pc)
		}
	}
	// One step of k: the NV vectors of b's row, then each element of a's column broadcast
	// and multiplied into its row of accumulators, the bases moved on to the next column.
	// at is the step's offset in the pass.
	step := func(at int) {
		var bv []V
		for v := range nv {
			m := Mem{Base: bp, Disp: v * s.width()}
			if at == 1 {
				m.Index, m.Scale = ldb, 1
			}
			bv = append(bv, s.load(m))
		}
		for r := range mr {
			ar := s.vec()
			s.pick(VBROADCASTSS, VBROADCASTSD)(row(r), ar)
			for v := range nv {
				s.fmaAcc(acc[r][v], ar, bv[v])
			}
		}
		for _, b := range bases {
			ADDQ(cs, b)
		}
	}
	Comment("Two steps a pass, so that b's pointer update and the branch are paid half as often; then the odd step left.")
	passes := GP64()
	MOVQ(kk, passes)
	SHRQ(U8(1), passes)
	JZ(LabelRef("rest"))
	Label("pass")
	for at := range 2 {
		step(at)
	}
	LEAQ(Mem{Base: bp, Index: ldb, Scale: 2}, bp)
	DECQ(passes)
	JNZ(LabelRef("pass"))
	Label("rest")
	ANDQ(U32(1), kk)
	JZ(LabelRef("stored"))
	step(0)

	Label("stored")
	s.storeTile(acc, nv)
	VZEROUPPER()
	RET()
}

// storeTile writes the accumulators to the rows of c, or adds them to what is there when
// the parameter add is not 0: cp walks the rows, ldc is their stride in bytes.
func (s *isa) storeTile(acc [][]V, nv int) {
	Comment("Store the tile, or add it to c: cp walks the rows of c, ldc is their stride in bytes.")
	cp := Load(Param("c").Base(), GP64())
	ldc := Load(Param("ldc"), GP64())
	SHLQ(U8(s.shift()), ldc)
	add := Load(Param("add"), GP64())
	TESTQ(add, add)
	JNZ(LabelRef("add"))
	for r := range acc {
		for v := range nv {
			s.store(acc[r][v], Mem{Base: cp, Disp: v * s.width()})
		}
		if r < len(acc)-1 {
			ADDQ(ldc, cp)
		}
	}
	JMP(LabelRef("done"))
	Label("add")
	for r := range acc {
		for v := range nv {
			m := Mem{Base: cp, Disp: v * s.width()}
			s.addTo(acc[r][v], m)
			s.store(acc[r][v], m)
		}
		if r < len(acc)-1 {
			ADDQ(ldc, cp)
		}
	}
	Label("done")
}

// matMulRows writes the product's direct path: for each row of c, its columns four vectors
// at a time, then one at a time, each vector one FMA chain over the block of k with the
// element of a broadcast and the vector of b read as the FMA's memory operand. b is read
// in place, row p at p·ldb, so no packing is needed; the four chains of a step hide the
// FMA latency. A product narrower than four vectors has too few chains a row: it goes four
// rows at a time, a vector of columns each, four chains that share each load of b (the
// planar network's 4×400·400×2 ran one chain of 400 dependent FMAs after another).
func (s *isa) matMulRows() {
	s.text(catalog.KernelNamed("MatMulRows"))
	Comment("Strides in bytes: lda and astep of a, ldb of b; m counts the rows left. (ldc, b's base,")
	Comment("k and add are read from the arguments where needed: the loops use at most thirteen registers.)")
	cRow := Load(Param("c").Base(), GP64())
	aRow := Load(Param("a").Base(), GP64())
	lda := Load(Param("lda"), GP64())
	astep := Load(Param("astep"), GP64())
	ldb := Load(Param("ldb"), GP64())
	m := Load(Param("m"), GP64())
	for _, r := range []reg.Register{lda, astep, ldb} {
		SHLQ(U8(s.shift()), r)
	}

	Comment("Narrow products (n below four vectors), and chains continued (add = 2: a few rows of")
	Comment("b a call, each load of b shared by four rows): four rows at a time while there are four.")
	CMPQ(addr(Param("add")), Imm(2))
	JE(LabelRef("quad"))
	CMPQ(addr(Param("n")), U32(4*s.lanes()))
	JAE(LabelRef("row"))
	Label("quad")
	CMPQ(m, U8(4))
	JB(LabelRef("row"))
	{
		Comment("bc and cc walk the columns of b and of c's first row; cols counts the columns left.")
		bc, cc, cols := GP64(), GP64(), GP64()
		Load(Param("b").Base(), bc)
		MOVQ(cRow, cc)
		Load(Param("n"), cols)
		Label("quadcol")
		CMPQ(cols, U32(s.lanes()))
		JB(LabelRef("quadnext"))
		Comment("ap walks the first of the four rows of a (the others lda, 2·lda and lda3 = 3·lda on),")
		Comment("bp the rows of b; kk counts the steps.")
		ap, bp, kk, lda3 := GP64(), GP64(), GP64(), GP64()
		MOVQ(aRow, ap)
		MOVQ(bc, bp)
		Load(Param("k"), kk)
		LEAQ(Mem{Base: lda, Index: lda, Scale: 2}, lda3)
		acc := make([]V, 4)
		for r := range acc {
			acc[r] = s.zero()
		}
		CMPQ(addr(Param("add")), Imm(2))
		JNE(LabelRef("quadstep"))
		{
			// c's rows at cc, +ldc, +2·ldc, +3·ldc: one register more than the loop's.
			ldc := GP64()
			Load(Param("ldc"), ldc)
			SHLQ(U8(s.shift()), ldc)
			load := s.pick(VMOVUPS, VMOVUPD)
			load(Mem{Base: cc}, acc[0])
			load(Mem{Base: cc, Index: ldc, Scale: 1}, acc[1])
			load(Mem{Base: cc, Index: ldc, Scale: 2}, acc[2])
			LEAQ(Mem{Base: ldc, Index: ldc, Scale: 2}, ldc)
			load(Mem{Base: cc, Index: ldc, Scale: 1}, acc[3])
		}
		Label("quadstep")
		bv := s.load(Mem{Base: bp})
		for r, a := range []Mem{{Base: ap}, {Base: ap, Index: lda, Scale: 1}, {Base: ap, Index: lda, Scale: 2}, {Base: ap, Index: lda3, Scale: 1}} {
			av := s.vec()
			s.pick(VBROADCASTSS, VBROADCASTSD)(a, av)
			s.fmaAcc(acc[r], av, bv)
		}
		ADDQ(astep, ap)
		ADDQ(ldb, bp)
		DECQ(kk)
		JNZ(LabelRef("quadstep"))
		Comment("The four rows of c, ldc apart: stored, or added to (add).")
		ldc, cp := GP64(), GP64()
		Load(Param("ldc"), ldc)
		SHLQ(U8(s.shift()), ldc)
		MOVQ(cc, cp)
		CMPQ(addr(Param("add")), Imm(1))
		JNE(LabelRef("quadstore"))
		for r := range acc {
			s.addTo(acc[r], Mem{Base: cp})
			if r < len(acc)-1 {
				ADDQ(ldc, cp)
			}
		}
		MOVQ(cc, cp)
		Label("quadstore")
		for r := range acc {
			s.store(acc[r], Mem{Base: cp})
			if r < len(acc)-1 {
				ADDQ(ldc, cp)
			}
		}
		ADDQ(U32(s.width()), bc)
		ADDQ(U32(s.width()), cc)
		SUBQ(U32(s.lanes()), cols)
		JMP(LabelRef("quadcol"))

		Label("quadnext")
		ldc4 := GP64()
		Load(Param("ldc"), ldc4)
		SHLQ(U8(s.shift()+2), ldc4)
		ADDQ(ldc4, cRow)
		ADDQ(lda, aRow)
		ADDQ(lda, aRow)
		ADDQ(lda, aRow)
		ADDQ(lda, aRow)
		SUBQ(U8(4), m)
		JMP(LabelRef("quad"))
	}

	Label("row")
	TESTQ(m, m)
	JZ(LabelRef("done"))
	Comment("bc and cc walk the columns of b and c; cols counts the columns left in the row.")
	bc, cc, cols := GP64(), GP64(), GP64()
	Load(Param("b").Base(), bc)
	MOVQ(cRow, cc)
	Load(Param("n"), cols)

	chunk := func(label, next string, vectors int) {
		Label(label)
		CMPQ(cols, U32(vectors*s.lanes()))
		JB(LabelRef(next))
		Comment("ap walks row i of a, bp walks the columns' rows of b; kk counts the steps.")
		ap, bp, kk := GP64(), GP64(), GP64()
		MOVQ(aRow, ap)
		MOVQ(bc, bp)
		Load(Param("k"), kk)
		acc := make([]V, vectors)
		for v := range acc {
			acc[v] = s.zero()
		}
		CMPQ(addr(Param("add")), Imm(2))
		JNE(LabelRef(label + "step"))
		for v := range acc {
			s.pick(VMOVUPS, VMOVUPD)(Mem{Base: cc, Disp: v * s.width()}, acc[v])
		}
		Label(label + "step")
		av := s.vec()
		s.pick(VBROADCASTSS, VBROADCASTSD)(Mem{Base: ap}, av)
		for v := range acc {
			s.fmaAcc(acc[v], av, Mem{Base: bp, Disp: v * s.width()})
		}
		ADDQ(astep, ap)
		ADDQ(ldb, bp)
		DECQ(kk)
		JNZ(LabelRef(label + "step"))
		CMPQ(addr(Param("add")), Imm(1))
		JNE(LabelRef(label + "store"))
		for v := range acc {
			s.addTo(acc[v], Mem{Base: cc, Disp: v * s.width()})
		}
		Label(label + "store")
		for v := range acc {
			s.store(acc[v], Mem{Base: cc, Disp: v * s.width()})
		}
		ADDQ(U32(vectors*s.width()), bc)
		ADDQ(U32(vectors*s.width()), cc)
		SUBQ(U32(vectors*s.lanes()), cols)
		JMP(LabelRef(label))
	}
	chunk("four", "one", 4)
	chunk("one", "next", 1)

	Label("next")
	ldc := Load(Param("ldc"), GP64())
	SHLQ(U8(s.shift()), ldc)
	ADDQ(ldc, cRow)
	ADDQ(lda, aRow)
	DECQ(m)
	JMP(LabelRef("row"))

	Label("done")
	VZEROUPPER()
	RET()
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}

// packCopy writes MatMul's packing copy: each row in 32-byte moves, then a 16-, an 8- and
// (float32) a 4-byte move for what is left of it. The packing's rows are 6 to 32
// elements, so a row takes one to four moves where Go's copy() made a call of memmove.
// Rows of a sliver of aᵀ (MR elements) and of b (NR) have loops of their own, their moves
// written out: the general loop's tests of the bytes left took three times their time
// (aᵀ's 784×256 in float32: 0.47 ns an element).
func (s *isa) packCopy() {
	s.text(catalog.KernelNamed("PackCopy"))
	shape := catalog.KernelNamed("MatMulTile").Tile[s.backend()]
	widths := []int{shape[0] * s.size(), shape[1] * s.width()}
	Comment("dp and sp walk the rows of dst and src, ldd and lds apart in bytes; size is a row's")
	Comment("bytes, rows counts the rows left, off the bytes of the row done.")
	dp := Load(Param("dst").Base(), GP64())
	sp := Load(Param("src").Base(), GP64())
	ldd := Load(Param("ldd"), GP64())
	lds := Load(Param("lds"), GP64())
	rows := Load(Param("rows"), GP64())
	size := Load(Param("cols"), GP64())
	for _, r := range []reg.Register{ldd, lds, size} {
		SHLQ(U8(s.shift()), r)
	}
	for _, w := range widths {
		CMPQ(size, U32(w))
		JEQ(LabelRef("rows" + itoa(w)))
	}
	Label("row")
	TESTQ(rows, rows)
	JZ(LabelRef("done"))
	off, end := GP64(), GP64()
	XORQ(off, off)
	Label("wide")
	LEAQ(Mem{Base: off, Disp: 32}, end)
	CMPQ(end, size)
	JA(LabelRef("half"))
	y := YMM()
	VMOVUPS(Mem{Base: sp, Index: off, Scale: 1}, y)
	VMOVUPS(y, Mem{Base: dp, Index: off, Scale: 1})
	MOVQ(end, off)
	JMP(LabelRef("wide"))
	Label("half")
	LEAQ(Mem{Base: off, Disp: 16}, end)
	CMPQ(end, size)
	JA(LabelRef("eight"))
	x := XMM()
	VMOVUPS(Mem{Base: sp, Index: off, Scale: 1}, x)
	VMOVUPS(x, Mem{Base: dp, Index: off, Scale: 1})
	MOVQ(end, off)
	Label("eight")
	LEAQ(Mem{Base: off, Disp: 8}, end)
	CMPQ(end, size)
	JA(LabelRef("four"))
	t := GP64()
	MOVQ(Mem{Base: sp, Index: off, Scale: 1}, t)
	MOVQ(t, Mem{Base: dp, Index: off, Scale: 1})
	MOVQ(end, off)
	Label("four")
	CMPQ(off, size)
	JAE(LabelRef("next"))
	w := GP32()
	MOVL(Mem{Base: sp, Index: off, Scale: 1}, w)
	MOVL(w, Mem{Base: dp, Index: off, Scale: 1})
	Label("next")
	ADDQ(ldd, dp)
	ADDQ(lds, sp)
	DECQ(rows)
	JMP(LabelRef("row"))
	for _, w := range widths {
		Label("rows" + itoa(w))
		Comment("Rows of " + itoa(w) + " bytes, their moves written out.")
		TESTQ(rows, rows)
		JZ(LabelRef("done"))
		for off := 0; off < w; {
			m, d := Mem{Base: sp, Disp: off}, Mem{Base: dp, Disp: off}
			switch {
			case w-off >= 32:
				y := YMM()
				VMOVUPS(m, y)
				VMOVUPS(y, d)
				off += 32
			case w-off >= 16:
				x := XMM()
				VMOVUPS(m, x)
				VMOVUPS(x, d)
				off += 16
			case w-off >= 8:
				t := GP64()
				MOVQ(m, t)
				MOVQ(t, d)
				off += 8
			default:
				t := GP32()
				MOVL(m, t)
				MOVL(t, d)
				off += 4
			}
		}
		ADDQ(ldd, dp)
		ADDQ(lds, sp)
		DECQ(rows)
		JMP(LabelRef("rows" + itoa(w)))
	}
	Label("done")
	VZEROUPPER()
	RET()
}

// matMulRowTransB writes a row of a against bᵀ, b stored n×k row by row, without a
// transposed copy of b. A group of V rows of b (8 float32s or 4 float64s: a YMM register
// of results, on AVX-512 too) is read 16 bytes a row a step, the first V/2 rows into the
// low 128-bit lanes and the others into the high ones, so that unpacking (and, float32,
// shuffling pairs, as columns4 does) gives the group's elements of each of the step's
// columns, each one FMA with a's element broadcast: the chains are MatMulRows', in k
// order. Four groups at a time, so that four chains hide the FMA latency.
func (s *isa) matMulRowTransB() {
	s.text(catalog.KernelNamed("MatMulRowTransB"))
	v, step := 32/s.size(), 16/s.size()
	Comment("cp walks c; n counts the rows of b left; ldb (and ldb3, ldb5, ldb7 times it) is b's")
	Comment("stride in bytes. p[g] walks group g's first row along k, ap walks a, kk counts the steps.")
	cp := Load(Param("c").Base(), GP64())
	n := Load(Param("n"), GP64())
	ldb := Load(Param("ldb"), GP64())
	SHLQ(U8(s.shift()), ldb)
	ldb3 := GP64()
	LEAQ(Mem{Base: ldb, Index: ldb, Scale: 2}, ldb3)
	var ldb5, ldb7 reg.GPVirtual
	if v == 8 {
		ldb5, ldb7 = GP64(), GP64()
		LEAQ(Mem{Base: ldb, Index: ldb, Scale: 4}, ldb5)
		LEAQ(Mem{Base: ldb3, Index: ldb, Scale: 4}, ldb7)
	}
	p := []reg.GPVirtual{GP64(), GP64(), GP64(), GP64()}
	Load(Param("b").Base(), p[0])
	ap, kk := GP64(), GP64()
	// row is row i of the group at base.
	row := func(base reg.Register, i int) Mem {
		idx := []struct {
			r reg.Register
			s uint8
		}{{nil, 0}, {ldb, 1}, {ldb, 2}, {ldb3, 1}, {ldb, 4}, {ldb5, 1}, {ldb3, 2}, {ldb7, 1}}[i]
		if idx.r == nil {
			return Mem{Base: base}
		}
		return Mem{Base: base, Index: idx.r, Scale: idx.s}
	}
	// halves loads row i into the low half of a register and row i + V/2 into the high
	// one. The low row goes into both halves (a load into the X register would not end the
	// Y register's life for Avo's allocator). AVX2 blends in the high row, which costs no
	// shuffle unit (the transposition's shuffles bound the loop); AVX-512 inserts it, since
	// Avo may hand out Y16–Y31, which VBLENDPS cannot encode.
	halves := func(base reg.Register, i int) reg.VecVirtual {
		y := YMM()
		if s.avx512 {
			VBROADCASTF32X4(row(base, i), y)
			VINSERTF32X4(U8(1), row(base, i+v/2), y, y)
			return y
		}
		hi := YMM()
		VBROADCASTF128(row(base, i), y)
		VBROADCASTF128(row(base, i+v/2), hi)
		VBLENDPS(U8(0xf0), hi, y, y)
		return y
	}

	Comment("Four groups a pass: the rows of group g are p[g] + i·ldb.")
	Label("quad")
	TESTQ(n, n)
	JZ(LabelRef("done"))
	for g := 1; g < len(p); g++ {
		LEAQ(Mem{Base: p[g-1], Index: ldb, Scale: uint8(v)}, p[g])
	}
	Load(Param("a").Base(), ap)
	Load(Param("k"), kk)
	SHRQ(U8(4-s.shift()), kk)
	acc := make([]reg.VecVirtual, len(p))
	for g := range acc {
		acc[g] = YMM()
		VXORPS(acc[g], acc[g], acc[g])
	}
	Comment("A step: a's 16 bytes, an element a register; each group's 16 bytes a row, transposed")
	if s.avx512 {
		Comment("into its columns, then the FMAs a column at a time across the four chains.")
	} else {
		Comment("into its columns and its FMAs a group at a time (16 registers).")
	}
	Label("step")
	as := make([]reg.VecVirtual, step)
	for q := range as {
		as[q] = YMM()
		s.pick(VBROADCASTSS, VBROADCASTSD)(Mem{Base: ap, Disp: q * s.size()}, as[q])
	}
	cols := make([][]reg.VecVirtual, len(p))
	for g, base := range p {
		y := make([]reg.VecVirtual, v/2)
		for i := range y {
			y[i] = halves(base, i)
		}
		if s.f64 {
			c0, c1 := YMM(), YMM()
			VUNPCKLPD(y[1], y[0], c0)
			VUNPCKHPD(y[1], y[0], c1)
			cols[g] = []reg.VecVirtual{c0, c1}
		} else {
			cols[g] = s.columns4(y)
		}
		if !s.avx512 {
			for q, c := range cols[g] {
				s.fmaAcc(acc[g], as[q], c)
			}
		}
	}
	if s.avx512 {
		for q := range step {
			for g := range p {
				s.fmaAcc(acc[g], as[q], cols[g][q])
			}
		}
	}
	ADDQ(U8(16), ap)
	for _, base := range p {
		ADDQ(U8(16), base)
	}
	DECQ(kk)
	JNZ(LabelRef("step"))
	Comment("The groups' results: stored, or added to c (add).")
	CMPQ(addr(Param("add")), Imm(0))
	JE(LabelRef("store"))
	for g := range acc {
		s.addTo(acc[g], Mem{Base: cp, Disp: 32 * g})
	}
	Label("store")
	for g := range acc {
		s.store(acc[g], Mem{Base: cp, Disp: 32 * g})
	}
	Comment("The next four groups: the last one's first row, back along k and V rows on down b.")
	ADDQ(U8(32*len(p)), cp)
	SUBQ(U8(v*len(p)), n)
	Load(Param("k"), kk)
	SHLQ(U8(s.shift()), kk)
	SUBQ(kk, p[len(p)-1])
	LEAQ(Mem{Base: p[len(p)-1], Index: ldb, Scale: uint8(v)}, p[0])
	JMP(LabelRef("quad"))
	Label("done")
	VZEROUPPER()
	RET()
}

// transposeTile writes Transpose's blocks: V rows of src (V = 8 float32s or 4 float64s,
// a YMM register each on AVX2 and AVX-512 alike) read a vector a row, transposed in
// registers, and written a vector a row of dst. The blocks go along a block row of src,
// so that src is read a line at a time; dst's rows, a power of two apart in the worst
// case, take one 32-byte store each per block.
func (s *isa) transposeTile() {
	s.text(catalog.KernelNamed("TransposeTile"))
	v := 32 / s.size()
	Comment("sp and dp: the block row of src and the block column of dst; ldd and lds (and")
	Comment("their triples) are the strides in bytes; rows counts the rows of src left.")
	sp := Load(Param("src").Base(), GP64())
	dp := Load(Param("dst").Base(), GP64())
	ldd := Load(Param("ldd"), GP64())
	lds := Load(Param("lds"), GP64())
	rows := Load(Param("rows"), GP64())
	SHLQ(U8(s.shift()), ldd)
	SHLQ(U8(s.shift()), lds)
	ldd3, lds3 := GP64(), GP64()
	LEAQ(Mem{Base: ldd, Index: ldd, Scale: 2}, ldd3)
	LEAQ(Mem{Base: lds, Index: lds, Scale: 2}, lds3)
	sb, db, cols, t := GP64(), GP64(), GP64(), GP64()
	// rowsAt are the V rows (or columns) of a block: base, base+ld, base+2ld, base+3ld,
	// then the same from base+4ld in t; off bytes on along each.
	rowsAt := func(base reg.Register, off int, ld, ld3 reg.Register) []Mem {
		ms := []Mem{{Base: base, Disp: off}, {Base: base, Index: ld, Scale: 1, Disp: off}, {Base: base, Index: ld, Scale: 2, Disp: off}, {Base: base, Index: ld3, Scale: 1, Disp: off}}
		if v == 8 {
			ms = append(ms, Mem{Base: t, Disp: off}, Mem{Base: t, Index: ld, Scale: 1, Disp: off}, Mem{Base: t, Index: ld, Scale: 2, Disp: off}, Mem{Base: t, Index: ld3, Scale: 1, Disp: off})
		}
		return ms
	}
	// block transposes the V×V block of src at src, soff bytes on, into V rows of dst at
	// dst, doff bytes on.
	block := func(src reg.Register, soff int, dst reg.Register, doff int, comment bool) {
		r := make([]reg.VecVirtual, v)
		if v == 8 {
			LEAQ(Mem{Base: src, Index: lds, Scale: 4}, t)
		}
		for i, m := range rowsAt(src, soff, lds, lds3) {
			r[i] = YMM()
			VMOVUPS(m, r[i])
		}
		var o []reg.VecVirtual
		switch {
		case s.f64:
			if comment {
				Comment("Rows r0..r3: unpacking pairs gives (r0ⱼ r1ⱼ) for j = 0, 2 and 1, 3 in each")
				Comment("128-bit lane; joining the lanes of the two pairs gives the columns.")
			}
			o = s.columns4(r)
		default:
			if comment {
				Comment("Rows r0..r7: unpacking pairs, then shuffling pairs of those, gives in each")
				Comment("128-bit lane four rows' element j (of 0..3, and 4..7 in the high lane); joining")
				Comment("the lanes of rows 0..3 and 4..7 gives the columns.")
			}
			u := append(s.columns4(r[:4]), s.columns4(r[4:])...)
			for j := range 8 {
				o = append(o, s.lanes128(u[j%4], u[4+j%4], j >= 4))
			}
		}
		if v == 8 {
			LEAQ(Mem{Base: dst, Index: ldd, Scale: 4}, t)
		}
		for j, m := range rowsAt(dst, doff, ldd, ldd3) {
			VMOVUPS(o[j], m)
		}
	}
	Comment("Two block rows at a time, so that each row of dst gets a whole line (64 bytes) at")
	Comment("once, not half of one, evicted before its other half where dst's rows are a power")
	Comment("of two apart. An odd last block row goes alone.")
	Label("blockrow")
	MOVQ(sp, sb)
	MOVQ(dp, db)
	Load(Param("cols"), cols)
	Label("block")
	TESTQ(cols, cols)
	JZ(LabelRef("nextrow"))
	x, y := GP64(), GP64()
	MOVQ(sb, x)
	MOVQ(db, y)
	Label("half")
	block(x, 0, y, 0, true)
	Comment("Then, once, the block below, unless this is the last block row.")
	CMPQ(rows, U8(2*v))
	JB(LabelRef("next"))
	CMPQ(y, db)
	JNE(LabelRef("next"))
	LEAQ(Mem{Base: sb, Index: lds, Scale: uint8(v)}, x)
	LEAQ(Mem{Base: db, Disp: 32}, y)
	JMP(LabelRef("half"))
	Label("next")
	Comment("The next blocks: 32 bytes on along src's rows, V rows on down dst.")
	ADDQ(U8(32), sb)
	LEAQ(Mem{Base: db, Index: ldd, Scale: uint8(v)}, db)
	SUBQ(U8(v), cols)
	JMP(LabelRef("block"))
	Label("nextrow")
	Comment("The next two block rows: 2V rows on down src, 64 bytes on along dst's rows.")
	SUBQ(U8(2*v), rows)
	JBE(LabelRef("done"))
	LEAQ(Mem{Base: sp, Index: lds, Scale: uint8(v)}, sp)
	LEAQ(Mem{Base: sp, Index: lds, Scale: uint8(v)}, sp)
	ADDQ(U8(64), dp)
	JMP(LabelRef("blockrow"))
	Label("done")
	VZEROUPPER()
	RET()
}

// packRows writes the packing of MR rows of a stored row by row into a sliver (MR = 6 on
// AVX2, 12 on AVX-512): V columns a step (8 float32s or 4 float64s, a YMM register a row
// on both), each four rows transposed in registers as transposeTile's blocks are and a
// pair of rows unpacked, so that a column's MR elements are written together; the last
// columns an element at a time.
func (s *isa) packRows() {
	s.text(catalog.KernelNamed("PackRows"))
	mr := catalog.KernelNamed("MatMulTile").Tile[s.backend()][0]
	v, size := 32/s.size(), s.size()
	Comment("sp walks the columns of src's rows, lds (and lds3) apart in bytes; dp the columns of")
	Comment("the sliver, MR elements each; kc counts the columns left; g addresses rows 4.. and 8...")
	dp := Load(Param("dst").Base(), GP64())
	sp := Load(Param("src").Base(), GP64())
	lds := Load(Param("lds"), GP64())
	kc := Load(Param("kc"), GP64())
	SHLQ(U8(s.shift()), lds)
	lds3, g := GP64(), GP64()
	LEAQ(Mem{Base: lds, Index: lds, Scale: 2}, lds3)
	// row is the address of row i at sp; the rows past 3 are at g, which holds sp+4·lds
	// (rows 4..7) or sp+8·lds (rows 8..11) when it is used.
	row := func(i int) Mem {
		base := reg.Register(sp)
		if i >= 4 {
			base = g
		}
		switch i % 4 {
		case 0:
			return Mem{Base: base}
		case 3:
			return Mem{Base: base, Index: lds3, Scale: 1}
		default:
			return Mem{Base: base, Index: lds, Scale: uint8(i % 4)}
		}
	}
	// at is where element i of the sliver's column j goes.
	at := func(j, i int) Mem { return Mem{Base: dp, Disp: (j*mr + i) * size} }
	// high stores the high 128-bit lane of y at m: VEX form on AVX2, EVEX on AVX-512,
	// where Avo may hand out Y16–Y31.
	high := func(y reg.VecVirtual, m Mem) {
		switch {
		case !s.avx512:
			VEXTRACTF128(U8(1), y, m)
		case s.f64:
			VEXTRACTF64X2(U8(1), y, m)
		default:
			VEXTRACTF32X4(U8(1), y, m)
		}
	}
	Label("block")
	CMPQ(kc, U8(v))
	JB(LabelRef("tail"))
	for i0 := 0; i0 < mr; i0 += 4 {
		if i0 == 4 {
			LEAQ(Mem{Base: sp, Index: lds, Scale: 4}, g)
		} else if i0 == 8 {
			LEAQ(Mem{Base: g, Index: lds, Scale: 4}, g)
		}
		n := min(4, mr-i0)
		r := make([]reg.VecVirtual, n)
		for i := range r {
			r[i] = YMM()
			VMOVUPS(row(i0+i), r[i])
		}
		switch {
		case n == 4 && !s.f64:
			if i0 == 0 {
				Comment("Rows i..i+3: unpacking pairs, then shuffling pairs of those, gives in each 128-bit")
				Comment("lane the four rows' element of column j (of 0..3, and 4..7 in the high lane).")
			}
			for j, u := range s.columns4(r) {
				VMOVUPS(u.AsX(), at(j, i0))
				high(u, at(j+4, i0))
			}
		case n == 4:
			if i0 == 0 {
				Comment("Rows i..i+3: unpacking pairs gives (rᵢ rᵢ₊₁) of columns 0, 2 and 1, 3 in each")
				Comment("128-bit lane; joining the lanes of the two pairs gives the columns.")
			}
			for j, c := range s.columns4(r) {
				VMOVUPS(c, at(j, i0))
			}
		case !s.f64:
			Comment("Rows 4 and 5: unpacking them gives their elements of columns 0, 1 and 2, 3 in")
			Comment("each 128-bit lane (4, 5 and 6, 7 in the high one), 8 bytes a column.")
			for h, unpack := range []func(...Op){VUNPCKLPS, VUNPCKHPS} {
				p := YMM()
				unpack(r[1], r[0], p)
				VMOVLPS(p.AsX(), at(2*h, i0))
				VMOVHPS(p.AsX(), at(2*h+1, i0))
				x := XMM()
				VEXTRACTF128(U8(1), p, x)
				VMOVLPS(x, at(2*h+4, i0))
				VMOVHPS(x, at(2*h+5, i0))
			}
		default:
			Comment("Rows 4 and 5: unpacking them gives their elements of columns 0 and 1 in the low")
			Comment("128-bit lane, 2 and 3 in the high one, 16 bytes a column.")
			for h, unpack := range []func(...Op){VUNPCKLPD, VUNPCKHPD} {
				p := YMM()
				unpack(r[1], r[0], p)
				VMOVUPS(p.AsX(), at(h, i0))
				high(p, at(h+2, i0))
			}
		}
	}
	Comment("The next V columns.")
	ADDQ(U8(32), sp)
	ADDQ(U32(v*mr*size), dp)
	SUBQ(U8(v), kc)
	JMP(LabelRef("block"))
	Label("tail")
	Comment("The last columns, fewer than V: an element of each row at a time.")
	TESTQ(kc, kc)
	JZ(LabelRef("done"))
	for i := range mr {
		if i == 4 {
			LEAQ(Mem{Base: sp, Index: lds, Scale: 4}, g)
		} else if i == 8 {
			LEAQ(Mem{Base: g, Index: lds, Scale: 4}, g)
		}
		if s.f64 {
			t := GP64()
			MOVQ(row(i), t)
			MOVQ(t, at(0, i))
		} else {
			t := GP32()
			MOVL(row(i), t)
			MOVL(t, at(0, i))
		}
	}
	ADDQ(U8(size), sp)
	ADDQ(U8(mr*size), dp)
	DECQ(kc)
	JMP(LabelRef("tail"))
	Label("done")
	VZEROUPPER()
	RET()
}

// columns4 transposes four rows held a vector each. float32, 8 elements a row: result j
// holds in each 128-bit lane the four rows' element j (of 0..3) and j+4 (in the high
// lane), by unpacking pairs of rows and shuffling pairs of those. float64, 4 a row: result
// j holds the four rows' element j, by unpacking pairs and joining the pairs' lanes.
func (s *isa) columns4(r []reg.VecVirtual) []reg.VecVirtual {
	if s.f64 {
		u := make([]reg.VecVirtual, 4)
		for p := 0; p < 4; p += 2 {
			u[p], u[p+1] = YMM(), YMM()
			VUNPCKLPD(r[p+1], r[p], u[p])
			VUNPCKHPD(r[p+1], r[p], u[p+1])
		}
		return []reg.VecVirtual{s.lanes128(u[0], u[2], false), s.lanes128(u[1], u[3], false), s.lanes128(u[0], u[2], true), s.lanes128(u[1], u[3], true)}
	}
	t0, t1, t2, t3 := YMM(), YMM(), YMM(), YMM()
	VUNPCKLPS(r[1], r[0], t0)
	VUNPCKHPS(r[1], r[0], t1)
	VUNPCKLPS(r[3], r[2], t2)
	VUNPCKHPS(r[3], r[2], t3)
	var u []reg.VecVirtual
	for _, pair := range [][3]any{{t0, t2, 0x44}, {t0, t2, 0xee}, {t1, t3, 0x44}, {t1, t3, 0xee}} {
		o := YMM()
		VSHUFPS(U8(pair[2].(int)), pair[1].(reg.VecVirtual), pair[0].(reg.VecVirtual), o)
		u = append(u, o)
	}
	return u
}

// lanes128 joins the low (hi = false) or high halves of a and b, on AVX2 with VPERM2F128,
// on AVX-512 with the EVEX shuffle, since Avo may hand out Y16–Y31.
func (s *isa) lanes128(a, b reg.VecVirtual, hi bool) reg.VecVirtual {
	o := YMM()
	switch {
	case !s.avx512 && !hi:
		VPERM2F128(U8(0x20), b, a, o)
	case !s.avx512:
		VPERM2F128(U8(0x31), b, a, o)
	case s.f64:
		VSHUFF64X2(U8(map[bool]uint8{false: 0, true: 3}[hi]), b, a, o)
	default:
		VSHUFF32X4(U8(map[bool]uint8{false: 0, true: 3}[hi]), b, a, o)
	}
	return o
}
