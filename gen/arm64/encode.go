package main

import "fmt"

// Encoders for the NEON instructions Go's assembler does not know (it has VFMLA and VFMLS
// but no other floating-point vector arithmetic). Each returns the instruction word and
// its GNU mnemonic, which the generator prints beside the WORD directive and which
// encode_test.go assembles with binutils to check the word. The field layouts are those of
// the encoding groups of the Arm Architecture Reference Manual for A-profile (DDI 0487),
// chapter "A64 Instruction Set Encoding", Advanced SIMD data processing.

// word is one encoded instruction.
type word struct {
	bits uint32
	asm  string // GNU syntax, for the comment and the test
}

func (w word) String() string { return fmt.Sprintf("WORD\t$0x%08x // %s", w.bits, w.asm) }

// arrangement is a vector's lane shape: 4S (four float32) or 2D (two float64), always the
// full 128 bits (Q = 1). sz is the instructions' size bit: 0 for single, 1 for double.
type arrangement struct {
	sz   uint32
	name string // GNU spelling: "4s", "2d"
}

var (
	s4 = arrangement{0, "4s"}
	d2 = arrangement{1, "2d"}
)

func checkReg(rs ...int) {
	for _, r := range rs {
		if r < 0 || r > 31 {
			panic(fmt.Sprintf("vector register V%d out of range", r))
		}
	}
}

// fp3 is an instruction of the group "Advanced SIMD three same", floating
// point, single and double precision:
//
//	31 30 29 28-24 23 22 21 20-16 15-11  10 9-5 4-0
//	 0  Q  U 01110  a sz  1   Rm  opcode  1  Rn  Rd
type fp3 struct {
	name      string
	u, a, opc uint32
}

var (
	fadd  = fp3{"fadd", 0, 0, 0b11010}  // FADD (vector): Rd = Rn + Rm
	fsub  = fp3{"fsub", 0, 1, 0b11010}  // FSUB (vector): Rd = Rn − Rm
	fmul  = fp3{"fmul", 1, 0, 0b11011}  // FMUL (vector): Rd = Rn · Rm
	fdiv  = fp3{"fdiv", 1, 0, 0b11111}  // FDIV (vector): Rd = Rn / Rm
	fabd  = fp3{"fabd", 1, 1, 0b11010}  // FABD: Rd = |Rn − Rm|, the difference rounded once
	fmax  = fp3{"fmax", 0, 0, 0b11110}  // FMAX (vector): NaN if either is NaN, +0 over −0
	fmin  = fp3{"fmin", 0, 1, 0b11110}  // FMIN (vector): NaN if either is NaN, −0 under +0
	faddp = fp3{"faddp", 1, 0, 0b11010} // FADDP (vector): pairwise sums of Rn, then of Rm
	fmaxp = fp3{"fmaxp", 1, 0, 0b11110} // FMAXP (vector): pairwise maxima, as FMAX
	fcmeq = fp3{"fcmeq", 0, 0, 0b11100} // FCMEQ (register): all ones where Rn = Rm
	fcmge = fp3{"fcmge", 1, 0, 0b11100} // FCMGE (register): all ones where Rn ≥ Rm
	fcmgt = fp3{"fcmgt", 1, 1, 0b11100} // FCMGT (register): all ones where Rn > Rm
)

func (o fp3) enc(a arrangement, d, n, m int) word {
	checkReg(d, n, m)
	b := 1<<30 | o.u<<29 | 0b01110<<24 | o.a<<23 | a.sz<<22 | 1<<21 | uint32(m)<<16 | o.opc<<11 | 1<<10 | uint32(n)<<5 | uint32(d)
	return word{b, fmt.Sprintf("%s v%d.%s, v%d.%s, v%d.%s", o.name, d, a.name, n, a.name, m, a.name)}
}

// fp2 is an instruction of the group "Advanced SIMD two-register miscellaneous"
// , floating point:
//
//	31 30 29 28-24 23 22 21-17 16-12  11-10 9-5 4-0
//	 0  Q  U 01110  a sz 10000 opcode    10  Rn  Rd
type fp2 struct {
	name      string
	u, a, opc uint32
}

var (
	frintn = fp2{"frintn", 0, 0, 0b11000} // FRINTN (vector): round to nearest, ties to even
	frintz = fp2{"frintz", 0, 1, 0b11001} // FRINTZ (vector): round toward zero
)

func (o fp2) enc(a arrangement, d, n int) word {
	checkReg(d, n)
	b := 1<<30 | o.u<<29 | 0b01110<<24 | o.a<<23 | a.sz<<22 | 0b10000<<17 | o.opc<<12 | 0b10<<10 | uint32(n)<<5 | uint32(d)
	return word{b, fmt.Sprintf("%s v%d.%s, v%d.%s", o.name, d, a.name, n, a.name)}
}

// pairScalar is an instruction of the group "Advanced SIMD scalar pairwise",
// floating point: it combines the two lanes of Vn.2S (sz = 0) or Vn.2D (sz = 1) into
// scalar Sd or Dd.
//
//	31 30 29 28-24 23 22 21-17 16-12  11-10 9-5 4-0
//	 0  1  U 11110  a sz 11000 opcode    10  Rn  Rd
type pairScalar struct {
	name      string
	u, a, opc uint32
}

var (
	faddpScalar = pairScalar{"faddp", 1, 0, 0b01101} // FADDP (scalar): Vn[0] + Vn[1]
	fmaxpScalar = pairScalar{"fmaxp", 1, 0, 0b01111} // FMAXP (scalar): max(Vn[0], Vn[1]), as FMAX
)

func (o pairScalar) enc(a arrangement, d, n int) word {
	checkReg(d, n)
	b := 1<<30 | o.u<<29 | 0b11110<<24 | o.a<<23 | a.sz<<22 | 0b11000<<17 | o.opc<<12 | 0b10<<10 | uint32(n)<<5 | uint32(d)
	scalar, src := "s", "2s"
	if a.sz == 1 {
		scalar, src = "d", "2d"
	}
	return word{b, fmt.Sprintf("%s %s%d, v%d.%s", o.name, scalar, d, n, src)}
}
