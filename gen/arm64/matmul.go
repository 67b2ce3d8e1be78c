package main

import (
	"fmt"
	"math/bits"

	"github.com/lanesimd/lanes/internal/catalog"
)

// matMulTile writes the product's register-blocked tile: MR rows × NV vectors of
// accumulators, one FMA chain each over the block of k. A step loads the NV vectors of
// row p of b's sliver once and each of the MR elements of column p of a's sliver once
// into every lane (LD1R, post-indexed by rsa: the MR loads step through the column, and
// one ADD takes the pointer to the next), so that a step is MR·NV FMAs for MR+NV loads.
// a's element (i, p) is at a + i·rsa + p·csa, b's row p at b + p·ldb, packed or in place
// (amd64's matMulTile says when).
func (s *neon) matMulTile() {
	k := catalog.KernelNamed("MatMulTile")
	shape := k.Tile["neon"]
	mr, nv := shape[0], shape[1]
	fr := s.frame(k.Signature())
	s.start(k, fr, fmt.Sprintf("Its tile: MR = %d rows, NR = %d vectors of %d elements.", mr, nv, s.lanes()))
	f := s.f
	f.comment("R0 walks a's sliver, R6 (rsa in bytes) a load and R7 (csa − MR·rsa in bytes) a step, so that")
	f.comment("it goes a column a step; R1 walks b's sliver, R9 (ldb in bytes) a step; R2 counts the steps.")
	f.gp("MOVD\ta_base+%d(FP), R0", fr.off["a"])
	f.gp("MOVD\tb_base+%d(FP), R1", fr.off["b"])
	f.gp("MOVD\tk+%d(FP), R2", fr.off["k"])
	f.gp("MOVD\trsa+%d(FP), R6", fr.off["rsa"])
	f.gp("MOVD\tcsa+%d(FP), R7", fr.off["csa"])
	f.gp("MOVD\tldb+%d(FP), R9", fr.off["ldb"])
	f.gp("LSL\t$%d, R9", s.shift())
	f.gp("LSL\t$%d, R6", s.shift())
	f.gp("LSL\t$%d, R7", s.shift())
	f.gp("MOVD\t$%d, R8", mr)
	f.gp("MUL\tR6, R8")
	f.gp("SUB\tR8, R7")
	f.markSetup()
	acc := make([][]*vreg, mr)
	for r := range acc {
		for range nv {
			acc[r] = append(acc[r], s.copyOf(s.Zero()))
		}
	}
	f.branch("CBZ\tR2", "stored")
	f.label("step")
	var bv []*vreg
	for v := range nv {
		bv = append(bv, s.load("R1", 16*v))
	}
	for r := range mr {
		ar := s.loadReplicated("R0", "R6")
		for v := range nv {
			s.FmaTo(acc[r][v], ar, bv[v])
		}
	}
	f.gp("ADD\tR7, R0")
	f.gp("ADD\tR9, R1")
	f.gp("SUBS\t$1, R2, R2")
	f.branch("BNE", "step")

	f.label("stored")
	f.comment("Store the tile, or add it to c: R3 walks the rows of c, R4 is their stride in bytes.")
	f.gp("MOVD\tc_base+%d(FP), R3", fr.off["c"])
	f.gp("MOVD\tldc+%d(FP), R4", fr.off["ldc"])
	f.gp("LSL\t$%d, R4", s.shift())
	f.gp("MOVD\tadd+%d(FP), R5", fr.off["add"])
	f.branch("CBNZ\tR5", "add")
	for r := range acc {
		for v := range nv {
			s.store(acc[r][v], "R3", 16*v)
		}
		f.gp("ADD\tR4, R3")
	}
	f.branch("B", "done")
	f.label("add")
	for r := range acc {
		for v := range nv {
			s.AddTo(acc[r][v], s.load("R3", 16*v))
			s.store(acc[r][v], "R3", 16*v)
		}
		f.gp("ADD\tR4, R3")
	}
	f.label("done")
	f.ret()
}

// loadReplicated loads the element at (base) into every lane and advances base by step
// (an immediate, or a register's bytes).
func (s *neon) loadReplicated(base, step string) *vreg {
	d := s.f.v()
	arr := s.goArr()
	addr := fmt.Sprintf("%s(%s)", step, base)
	if step[0] == 'R' {
		addr = fmt.Sprintf("(%s)(%s)", base, step)
	}
	s.f.op([]*vreg{d}, nil, func() string { return fmt.Sprintf("VLD1R.P\t%s, [V%d.%s]", addr, d.phys, arr) })
	return d
}

// matMulRows writes the product's direct path: for each row of c, its columns four vectors
// at a time, then one at a time, each vector one FMA chain over the block of k with the
// element of a loaded into every lane and the vectors of b read in place, row p at p·ldb;
// a product narrower than four vectors four rows at a time (amd64's matMulRows says why).
func (s *neon) matMulRows() {
	k := catalog.KernelNamed("MatMulRows")
	fr := s.frame(k.Signature())
	s.start(k, fr)
	f := s.f
	f.comment("R0 walks the rows of c, R1 those of a; R2, R3, R4 are lda, astep, ldb in bytes; R5 counts")
	f.comment("the rows left; R6 is ldc in bytes, R7 b's base.")
	f.gp("MOVD\tc_base+%d(FP), R0", fr.off["c"])
	f.gp("MOVD\ta_base+%d(FP), R1", fr.off["a"])
	f.gp("MOVD\tlda+%d(FP), R2", fr.off["lda"])
	f.gp("MOVD\tastep+%d(FP), R3", fr.off["astep"])
	f.gp("MOVD\tldb+%d(FP), R4", fr.off["ldb"])
	f.gp("MOVD\tm+%d(FP), R5", fr.off["m"])
	f.gp("MOVD\tldc+%d(FP), R6", fr.off["ldc"])
	f.gp("MOVD\tb_base+%d(FP), R7", fr.off["b"])
	for _, r := range []string{"R2", "R3", "R4", "R6"} {
		f.gp("LSL\t$%d, %s", s.shift(), r)
	}
	f.markSetup()

	f.comment("Narrow products (n below four vectors), and chains continued (add = 2: a few rows of b")
	f.comment("a call) go four rows at a time while there are four: each vector of columns four")
	f.comment("chains, which share each load of b.")
	f.gp("MOVD\tadd+%d(FP), R15", fr.off["add"])
	f.gp("CMP\t$2, R15")
	f.branch("BEQ", "quad")
	f.gp("MOVD\tn+%d(FP), R11", fr.off["n"])
	f.gp("CMP\t$%d, R11", 4*s.lanes())
	f.branch("BGE", "row")
	f.label("quad")
	f.gp("CMP\t$4, R5")
	f.branch("BLT", "row")
	f.comment("R8 and R10 walk the columns of b and of c's first row; R11 counts the columns left.")
	f.gp("MOVD\tR7, R8")
	f.gp("MOVD\tR0, R10")
	f.gp("MOVD\tn+%d(FP), R11", fr.off["n"])
	f.label("quadcol")
	f.gp("CMP\t$%d, R11", s.lanes())
	f.branch("BLT", "quadnext")
	f.comment("R12, R19, R20, R21 walk the four rows of a, R13 the rows of b; R14 counts the steps.")
	f.gp("MOVD\tR1, R12")
	f.gp("ADD\tR2, R12, R19")
	f.gp("ADD\tR2, R19, R20")
	f.gp("ADD\tR2, R20, R21")
	f.gp("MOVD\tR8, R13")
	f.gp("MOVD\tk+%d(FP), R14", fr.off["k"])
	acc := make([]*vreg, 4)
	for r := range acc {
		acc[r] = s.copyOf(s.Zero())
	}
	f.comment("add = 2 continues the chains from the values in c (R22 walks its rows).")
	f.gp("MOVD\tadd+%d(FP), R15", fr.off["add"])
	f.gp("CMP\t$2, R15")
	f.branch("BNE", "quadstep")
	f.gp("MOVD\tR10, R22")
	for r := range acc {
		s.loadInto(acc[r], "R22", 0)
		if r < len(acc)-1 {
			f.gp("ADD\tR6, R22")
		}
	}
	f.label("quadstep")
	bv := s.load("R13", 0)
	for r, base := range []string{"R12", "R19", "R20", "R21"} {
		s.FmaTo(acc[r], s.loadReplicated(base, "R3"), bv)
	}
	f.gp("ADD\tR4, R13")
	f.gp("SUBS\t$1, R14, R14")
	f.branch("BNE", "quadstep")
	f.comment("The four rows of c, ldc apart (R22 walks them): stored, or added to (add).")
	f.gp("MOVD\tadd+%d(FP), R15", fr.off["add"])
	f.gp("MOVD\tR10, R22")
	f.gp("CMP\t$1, R15")
	f.branch("BNE", "quadstore")
	for r := range acc {
		s.AddTo(acc[r], s.load("R22", 0))
		if r < len(acc)-1 {
			f.gp("ADD\tR6, R22")
		}
	}
	f.gp("MOVD\tR10, R22")
	f.label("quadstore")
	for r := range acc {
		s.store(acc[r], "R22", 0)
		if r < len(acc)-1 {
			f.gp("ADD\tR6, R22")
		}
	}
	f.gp("ADD\t$16, R8")
	f.gp("ADD\t$16, R10")
	f.gp("SUB\t$%d, R11", s.lanes())
	f.branch("B", "quadcol")
	f.label("quadnext")
	f.gp("ADD\tR6<<2, R0")
	f.gp("ADD\tR2<<2, R1")
	f.gp("SUB\t$4, R5")
	f.branch("B", "quad")

	f.label("row")
	f.branch("CBZ\tR5", "done")
	f.comment("R8 and R10 walk the columns of b and c; R11 counts the columns left in the row.")
	f.gp("MOVD\tR7, R8")
	f.gp("MOVD\tR0, R10")
	f.gp("MOVD\tn+%d(FP), R11", fr.off["n"])

	chunk := func(label, next string, vectors int) {
		f.label(label)
		f.gp("CMP\t$%d, R11", vectors*s.lanes())
		f.branch("BLT", next)
		f.comment("R12 walks row i of a, R13 the rows of b; R14 counts the steps.")
		f.gp("MOVD\tR1, R12")
		f.gp("MOVD\tR8, R13")
		f.gp("MOVD\tk+%d(FP), R14", fr.off["k"])
		acc := make([]*vreg, vectors)
		for v := range acc {
			acc[v] = s.copyOf(s.Zero())
		}
		f.gp("MOVD\tadd+%d(FP), R15", fr.off["add"])
		f.gp("CMP\t$2, R15")
		f.branch("BNE", label+"step")
		for v := range acc {
			s.loadInto(acc[v], "R10", 16*v)
		}
		f.label(label + "step")
		av := s.loadReplicated("R12", "R3")
		for v := range acc {
			s.FmaTo(acc[v], av, s.load("R13", 16*v))
		}
		f.gp("ADD\tR4, R13")
		f.gp("SUBS\t$1, R14, R14")
		f.branch("BNE", label+"step")
		f.gp("CMP\t$1, R15")
		f.branch("BNE", label+"store")
		for v := range acc {
			s.AddTo(acc[v], s.load("R10", 16*v))
		}
		f.label(label + "store")
		for v := range acc {
			s.store(acc[v], "R10", 16*v)
		}
		f.gp("ADD\t$%d, R8", 16*vectors)
		f.gp("ADD\t$%d, R10", 16*vectors)
		f.gp("SUB\t$%d, R11", vectors*s.lanes())
		f.branch("B", label)
	}
	chunk("four", "one", 4)
	chunk("one", "next", 1)

	f.label("next")
	f.gp("ADD\tR6, R0")
	f.gp("ADD\tR2, R1")
	f.gp("SUB\t$1, R5")
	f.branch("B", "row")

	f.label("done")
	f.ret()
}

// packCopy writes MatMul's packing copy (amd64's packCopy says why): each row in 16-byte
// moves, then an 8- and (float32) a 4-byte one for what is left of it; rows of a sliver
// of aᵀ (MR elements) and of b (NR) in loops of their own, their moves written out.
func (s *neon) packCopy() {
	k := catalog.KernelNamed("PackCopy")
	fr := s.frame(k.Signature())
	s.start(k, fr)
	f := s.f
	f.comment("R0 and R1 walk the rows of dst and src, R2 and R3 apart in bytes; R4 counts the rows")
	f.comment("left, R5 is a row's bytes; R8 and R9 walk a row of src and of dst, R7 counts its bytes left.")
	f.gp("MOVD\tdst_base+%d(FP), R0", fr.off["dst"])
	f.gp("MOVD\tsrc_base+%d(FP), R1", fr.off["src"])
	f.gp("MOVD\tldd+%d(FP), R2", fr.off["ldd"])
	f.gp("MOVD\tlds+%d(FP), R3", fr.off["lds"])
	f.gp("MOVD\trows+%d(FP), R4", fr.off["rows"])
	f.gp("MOVD\tcols+%d(FP), R5", fr.off["cols"])
	for _, r := range []string{"R2", "R3", "R5"} {
		f.gp("LSL\t$%d, %s", s.shift(), r)
	}
	f.markSetup()
	shape := catalog.KernelNamed("MatMulTile").Tile["neon"]
	widths := []int{shape[0] << s.shift(), shape[1] * 16}
	for _, w := range widths {
		f.gp("CMP\t$%d, R5", w)
		f.branch("BEQ", fmt.Sprintf("rows%d", w))
	}
	f.label("row")
	f.branch("CBZ\tR4", "done")
	f.gp("MOVD\tR1, R8")
	f.gp("MOVD\tR0, R9")
	f.gp("MOVD\tR5, R7")
	f.label("wide")
	f.gp("CMP\t$16, R7")
	f.branch("BLT", "eight")
	s.store(s.load("R8", 0), "R9", 0)
	f.gp("ADD\t$16, R8")
	f.gp("ADD\t$16, R9")
	f.gp("SUB\t$16, R7")
	f.branch("B", "wide")
	f.label("eight")
	f.gp("CMP\t$8, R7")
	f.branch("BLT", "four")
	f.gp("MOVD.P\t8(R8), R10")
	f.gp("MOVD.P\tR10, 8(R9)")
	f.gp("SUB\t$8, R7")
	f.label("four")
	f.branch("CBZ\tR7", "next")
	f.gp("MOVWU\t(R8), R10")
	f.gp("MOVW\tR10, (R9)")
	f.label("next")
	f.gp("ADD\tR2, R0")
	f.gp("ADD\tR3, R1")
	f.gp("SUB\t$1, R4")
	f.branch("B", "row")
	for _, w := range widths {
		f.label(fmt.Sprintf("rows%d", w))
		f.comment("Rows of %d bytes, their moves written out.", w)
		f.branch("CBZ\tR4", "done")
		for off := 0; off < w; {
			switch {
			case w-off >= 32:
				a, b := s.loadPair("R1", off)
				s.storePair(a, b, "R0", off)
				off += 32
			case w-off >= 16:
				s.store(s.load("R1", off), "R0", off)
				off += 16
			case w-off >= 8:
				f.gp("MOVD\t%d(R1), R10", off)
				f.gp("MOVD\tR10, %d(R0)", off)
				off += 8
			default:
				f.gp("MOVWU\t%d(R1), R10", off)
				f.gp("MOVW\tR10, %d(R0)", off)
				off += 4
			}
		}
		f.gp("ADD\tR2, R0")
		f.gp("ADD\tR3, R1")
		f.gp("SUB\t$1, R4")
		f.branch("B", fmt.Sprintf("rows%d", w))
	}
	f.label("done")
	f.ret()
}

// matMulRowTransB writes a row of a against bᵀ (amd64's matMulRowTransB says why): a
// group of V rows of b (4 float32s or 2 float64s) read 16 bytes a row a step, transposed
// by TRN1/TRN2 as transposeTile's blocks are, an FMA for each of the step's columns with
// a's element in every lane, in k order; four groups at a time.
func (s *neon) matMulRowTransB() {
	k := catalog.KernelNamed("MatMulRowTransB")
	fr := s.frame(k.Signature())
	s.start(k, fr)
	f := s.f
	v := 16 >> s.shift()
	f.comment("R0 walks c, R1 a; R2 is ldb in bytes; R3 counts the rows of b left; R7 is the first")
	f.comment("row of the groups at hand, R5 walks it along k and R6 down their rows; R4 counts the steps.")
	f.gp("MOVD\tc_base+%d(FP), R0", fr.off["c"])
	f.gp("MOVD\tb_base+%d(FP), R7", fr.off["b"])
	f.gp("MOVD\tldb+%d(FP), R2", fr.off["ldb"])
	f.gp("MOVD\tn+%d(FP), R3", fr.off["n"])
	f.gp("LSL\t$%d, R2", s.shift())
	f.markSetup()
	f.comment("Four groups a pass: rows R7, R7 + ldb, … of b, each read 16 bytes")
	f.comment("on from the last step's, a group's rows transposed by TRN1/TRN2 (transposeTile's).")
	f.label("quad")
	f.branch("CBZ\tR3", "done")
	f.gp("MOVD\ta_base+%d(FP), R1", fr.off["a"])
	f.gp("MOVD\tk+%d(FP), R4", fr.off["k"])
	f.gp("LSR\t$%d, R4", 4-s.shift())
	f.gp("MOVD\tR7, R5")
	acc := make([]*vreg, 4)
	for i := range acc {
		acc[i] = s.copyOf(s.Zero())
	}
	f.label("step")
	as := make([]*vreg, v)
	for q := range as {
		as[q] = s.loadReplicated("R1", fmt.Sprint(1<<s.shift()))
	}
	f.gp("MOVD\tR5, R6")
	for i := range acc {
		r := make([]*vreg, v)
		for j := range r {
			d := f.v()
			f.op([]*vreg{d}, nil, func() string { return fmt.Sprintf("VLD1.P\t(R6)(R2), [V%d.%s]", d.phys, s.goArr()) })
			r[j] = d
		}
		for q, c := range s.columns(r) {
			s.FmaTo(acc[i], as[q], c)
		}
	}
	f.gp("ADD\t$16, R5")
	f.gp("SUBS\t$1, R4, R4")
	f.branch("BNE", "step")
	f.comment("The groups' results: stored, or added to c (add); then the next four groups.")
	f.gp("MOVD\tadd+%d(FP), R8", fr.off["add"])
	f.branch("CBZ\tR8", "store")
	for i := range acc {
		s.AddTo(acc[i], s.load("R0", 16*i))
	}
	f.label("store")
	for i := range acc {
		s.store(acc[i], "R0", 16*i)
	}
	f.gp("ADD\t$64, R0")
	f.gp("SUB\t$%d, R3", 4*v)
	f.gp("ADD\tR2<<%d, R7, R7", bits.TrailingZeros(uint(4*v)))
	f.branch("B", "quad")
	f.label("done")
	f.ret()
}

// transposeTile writes Transpose's blocks (amd64's transposeTile says why): V rows of src
// (4 float32s or 2 float64s) read a vector a row, transposed by TRN1/TRN2, written a
// vector a row of dst.
func (s *neon) transposeTile() {
	k := catalog.KernelNamed("TransposeTile")
	fr := s.frame(k.Signature())
	s.start(k, fr)
	f := s.f
	v := 16 >> s.shift()
	f.comment("R0 and R1: the block column of dst and the block row of src; R2 and R3 their")
	f.comment("strides in bytes; R4 counts the rows of src left. R6 walks the blocks of the block")
	f.comment("row, R7 the rows of dst they go to; R5 counts the columns left; R8, R9, R11 and")
	f.comment("R12 address a block's rows.")
	f.gp("MOVD\tdst_base+%d(FP), R0", fr.off["dst"])
	f.gp("MOVD\tsrc_base+%d(FP), R1", fr.off["src"])
	f.gp("MOVD\tldd+%d(FP), R2", fr.off["ldd"])
	f.gp("MOVD\tlds+%d(FP), R3", fr.off["lds"])
	f.gp("MOVD\trows+%d(FP), R4", fr.off["rows"])
	for _, r := range []string{"R2", "R3"} {
		f.gp("LSL\t$%d, %s", s.shift(), r)
	}
	f.markSetup()
	f.label("blockrow")
	f.branch("CBZ\tR4", "done")
	f.gp("MOVD\tR1, R6")
	f.gp("MOVD\tR0, R7")
	f.gp("MOVD\tcols+%d(FP), R5", fr.off["cols"])
	f.label("block")
	f.branch("CBZ\tR5", "nextrow")
	at := []string{"R8", "R9", "R11", "R12"}[:v]
	// addresses sets at[0..v) to base, base+ld, …
	addresses := func(base, ld string) {
		f.gp("MOVD\t%s, %s", base, at[0])
		for i := 1; i < v; i++ {
			f.gp("ADD\t%s, %s, %s", ld, at[i-1], at[i])
		}
	}
	addresses("R6", "R3")
	r := make([]*vreg, v)
	for i := range r {
		r[i] = s.load(at[i], 0)
	}
	if s.f64 {
		f.comment("Rows r0, r1: the even lanes of each, then the odd ones, are the columns.")
	} else {
		f.comment("Rows r0..r3: TRN1/TRN2 of pairs of rows give (r0ⱼ r1ⱼ) for j = 0, 2 and 1, 3;")
		f.comment("of pairs of those, as 64-bit lanes, the columns.")
	}
	cols := s.columns(r)
	addresses("R7", "R2")
	for i, c := range cols {
		s.store(c, at[i], 0)
	}
	f.comment("The next block: 16 bytes on along src's rows, V rows on down dst.")
	f.gp("ADD\t$16, R6")
	f.gp("ADD\tR2<<%d, R7, R7", 4-s.shift())
	f.gp("SUB\t$%d, R5", v)
	f.branch("B", "block")
	f.label("nextrow")
	f.comment("The next block row: V rows on down src, 16 bytes on along dst's rows.")
	f.gp("ADD\tR3<<%d, R1, R1", 4-s.shift())
	f.gp("ADD\t$16, R0")
	f.gp("SUB\t$%d, R4", v)
	f.branch("B", "blockrow")
	f.label("done")
	f.ret()
}

// loadInto reads the vector at off(base) into acc, a register that holds a value already:
// the chains that add = 2 continues.
func (s *neon) loadInto(acc *vreg, base string, off int) {
	s.f.op([]*vreg{acc}, []*vreg{acc}, func() string { return fmt.Sprintf("FMOVQ\t%d(%s), F%d", off, base, acc.phys) })
}

// packRows writes the packing of MR = 8 rows of a stored row by row into a sliver
// (amd64's packRows says why): V columns a step, each group of rows (four float32s, two
// float64s) transposed by TRN1/TRN2 as transposeTile's blocks are, a column's 8 elements
// stored by pairs of vectors; the last columns an element at a time.
func (s *neon) packRows() {
	k := catalog.KernelNamed("PackRows")
	fr := s.frame(k.Signature())
	s.start(k, fr)
	f := s.f
	mr := catalog.KernelNamed("MatMulTile").Tile["neon"][0]
	v, size := 16>>s.shift(), 1<<s.shift()
	rows := []string{"R4", "R5", "R6", "R7", "R8", "R10", "R11", "R12"}
	if mr != len(rows) {
		panic("packRows: NEON's MatMulTile has " + fmt.Sprint(mr) + " rows, not 8")
	}
	f.comment("R0 walks the sliver's columns, 8 elements each; R4–R8 and R10–R12 walk the rows of")
	f.comment("src, R2 apart in bytes; R3 counts the columns left.")
	f.gp("MOVD\tdst_base+%d(FP), R0", fr.off["dst"])
	f.gp("MOVD\tsrc_base+%d(FP), R4", fr.off["src"])
	f.gp("MOVD\tlds+%d(FP), R2", fr.off["lds"])
	f.gp("MOVD\tkc+%d(FP), R3", fr.off["kc"])
	f.gp("LSL\t$%d, R2", s.shift())
	for i := 1; i < mr; i++ {
		f.gp("ADD\tR2, %s, %s", rows[i-1], rows[i])
	}
	f.markSetup()
	f.label("block")
	f.gp("CMP\t$%d, R3", v)
	f.branch("BLT", "tail")
	r := make([]*vreg, mr)
	for i := range r {
		r[i] = s.load(rows[i], 0)
		f.gp("ADD\t$16, %s", rows[i])
	}
	// cols[g][j] is column j's elements of group g of rows.
	var cols [][]*vreg
	if s.f64 {
		f.comment("Each pair of rows: the even lanes of the two, then the odd ones, are columns 0")
		f.comment("and 1; a column's four pairs are stored by two pairs of vectors.")
		for g := 0; g < mr; g += v {
			cols = append(cols, s.columns(r[g:g+v]))
		}
		for j := range v {
			s.storePair(cols[0][j], cols[1][j], "R0", j*mr*size)
			s.storePair(cols[2][j], cols[3][j], "R0", j*mr*size+32)
		}
	} else {
		f.comment("Rows 0..3 and 4..7: TRN1/TRN2 of pairs of rows give (rᵢ rᵢ₊₁) of columns 0, 2 and")
		f.comment("1, 3; of pairs of those, as 64-bit lanes, the columns; a column's two halves are")
		f.comment("stored as a pair of vectors.")
		for g := 0; g < mr; g += v {
			cols = append(cols, s.columns(r[g:g+v]))
		}
		for j := range v {
			s.storePair(cols[0][j], cols[1][j], "R0", j*mr*size)
		}
	}
	f.comment("The next V columns.")
	f.gp("ADD\t$%d, R0", v*mr*size)
	f.gp("SUB\t$%d, R3", v)
	f.branch("B", "block")
	f.label("tail")
	f.comment("The last columns, fewer than V: an element of each row at a time.")
	f.branch("CBZ\tR3", "done")
	for i, row := range rows {
		if s.f64 {
			f.gp("MOVD.P\t8(%s), R13", row)
			f.gp("MOVD\tR13, %d(R0)", i*size)
		} else {
			f.gp("MOVWU.P\t4(%s), R13", row)
			f.gp("MOVW\tR13, %d(R0)", i*size)
		}
	}
	f.gp("ADD\t$%d, R0", mr*size)
	f.gp("SUB\t$1, R3")
	f.branch("B", "tail")
	f.label("done")
	f.ret()
}

// columns transposes V rows held a vector each (4 float32s or 2 float64s), the columns
// in order: float64, the even lanes of the two rows, then the odd ones; float32, TRN1/TRN2
// of pairs of rows give (rᵢ rᵢ₊₁) of columns 0, 2 and 1, 3, and of pairs of those, as
// 64-bit lanes, the columns.
func (s *neon) columns(r []*vreg) []*vreg {
	if s.f64 {
		return []*vreg{s.trn("VTRN1", "D2", r[0], r[1]), s.trn("VTRN2", "D2", r[0], r[1])}
	}
	a0, a1 := s.trn("VTRN1", "S4", r[0], r[1]), s.trn("VTRN2", "S4", r[0], r[1])
	a2, a3 := s.trn("VTRN1", "S4", r[2], r[3]), s.trn("VTRN2", "S4", r[2], r[3])
	return []*vreg{s.trn("VTRN1", "D2", a0, a2), s.trn("VTRN1", "D2", a1, a3), s.trn("VTRN2", "D2", a0, a2), s.trn("VTRN2", "D2", a1, a3)}
}

// trn writes TRN1 or TRN2 (mnemonic) of a and b, arranged as arr (S4, D2): the even (or
// odd) lanes of a and b interleaved, the step of a transpose in registers.
func (s *neon) trn(mnemonic, arr string, a, b *vreg) *vreg {
	d := s.f.v()
	s.f.op([]*vreg{d}, []*vreg{a, b}, func() string {
		return fmt.Sprintf("%s\tV%d.%s, V%d.%s, V%d.%s", mnemonic, b.phys, arr, a.phys, arr, d.phys, arr)
	})
	return d
}
