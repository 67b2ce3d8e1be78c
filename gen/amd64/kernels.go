package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/lanesimd/lanes/gen/internal/vmath"
)

// sumAccs is the accumulator count of the sums: with 2 loads and 2 adds or FMAs a cycle
// and a latency of 3–4 cycles, 8 independent chains keep both ports busy. The tests'
// error bound for sums assumes at most 8 (a tree 7 deep over 8 vectors of 16 lanes).
const sumAccs = 8

// generate writes every kernel of one ISA at one precision.
func (s *isa) generate() {
	add := func(s *isa, a, b V) V { return s.add(a, b) }
	sum := func(op, doc string, in []string, step func(s *isa, acc V, in []Op)) {
		params := "x []T"
		if len(in) == 2 {
			params = "a, b []T"
		}
		s.reduction(reduction{op: op, params: params, doc: doc, in: in, accs: sumAccs, blocked: true, step: step, combine: add})
	}
	sum("Sum", "returns Σ x[i].", []string{"x"}, func(s *isa, acc V, in []Op) { s.addTo(acc, in[0]) })
	sum("SumSq", "returns Σ x[i]².", []string{"x"}, func(s *isa, acc V, in []Op) {
		x := s.reg(in[0])
		s.fmaAcc(acc, x, x)
	})
	sum("Dot", "returns Σ a[i]·b[i] for i < len(a); len(b) ≥ len(a).", []string{"a", "b"},
		func(s *isa, acc V, in []Op) { s.fmaAcc(acc, s.reg(in[0]), in[1]) })
	sum("L1", "returns Σ |a[i]−b[i]| for i < len(a); len(b) ≥ len(a).", []string{"a", "b"},
		func(s *isa, acc V, in []Op) { s.addTo(acc, s.and(s.sub(s.reg(in[0]), in[1]), vmath.AbsMask(s))) })
	sum("L2", "returns Σ (a[i]−b[i])² for i < len(a); len(b) ≥ len(a).", []string{"a", "b"},
		func(s *isa, acc V, in []Op) {
			d := s.sub(s.reg(in[0]), in[1])
			s.fmaAcc(acc, d, d)
		})
	s.reduction(reduction{
		op: "Max", params: "x []T", doc: "returns the largest x[i] as Go's max builtin has it (NaN wins, +0 over −0); len(x) > 0.",
		in: []string{"x"}, accs: 8, init: negInf, nanFlag: true,
		step:    func(s *isa, acc V, in []Op) { s.maxTo(acc, in[0].(V)) },
		combine: func(s *isa, a, b V) V { return s.maxOrdered(a, b) },
	})

	binary := func(op, sym string, f func(s *isa, a, b V) V) {
		s.elementwise(elementwise{
			op: op, params: "dst, a, b []T", doc: "sets dst[i] = " + sym + " for i < len(dst).",
			in: []string{"a", "b"}, unroll: 4,
			body: func(s *isa, _ []V) func([]V) V { return func(in []V) V { return f(s, in[0], in[1]) } },
		})
	}
	binary("Add", "a[i] + b[i]", func(s *isa, a, b V) V { return s.add(a, b) })
	binary("Sub", "a[i] − b[i]", func(s *isa, a, b V) V { return s.sub(a, b) })
	binary("Mul", "a[i] · b[i]", func(s *isa, a, b V) V { return s.mul(a, b) })
	binary("Div", "a[i] / b[i]", func(s *isa, a, b V) V { return s.div(a, b) })
	binary("Maximum", "max(a[i], b[i]) as Go's max builtin (NaN wins, +0 over −0)", func(s *isa, a, b V) V { return s.maxGo(a, b) })

	withConst := func(op, params, doc string, f func(s *isa, c, x V) V) {
		s.elementwise(elementwise{
			op: op, params: params, doc: doc, in: []string{"x"}, scalar: []string{"c"}, unroll: 4,
			body: func(s *isa, c []V) func([]V) V { return func(in []V) V { return f(s, c[0], in[0]) } },
		})
	}
	withConst("Scale", "dst, x []T, c T", "sets dst[i] = c·x[i] for i < len(dst).",
		func(s *isa, c, x V) V { return s.mul(c, x) })
	withConst("AddConst", "dst, x []T, c T", "sets dst[i] = x[i] + c for i < len(dst).",
		func(s *isa, c, x V) V { return s.add(x, c) })
	withConst("DivConst", "dst, x []T, c T", "sets dst[i] = x[i] / c for i < len(dst).",
		func(s *isa, c, x V) V { return s.div(x, c) })

	unary := func(op, doc string, unroll int, body func(s *isa, _ []V) func([]V) V) {
		s.elementwise(elementwise{op: op, params: "dst, x []T", doc: doc, in: []string{"x"}, unroll: unroll, body: body})
	}
	unary("ReLU", "sets dst[i] = max(x[i], 0) as Go's max builtin (NaN stays NaN, −0 becomes +0).", 4,
		func(s *isa, _ []V) func([]V) V {
			zero := s.zero()
			return func(in []V) V { return s.maxGo(in[0], zero) }
		})
	transcendental := func(op, doc string, f func(m vmath.Machine[Op, mask], c *vmath.ExpClamp[Op], x Op) Op) {
		unary(op, doc, 2, func(s *isa, _ []V) func([]V) V {
			c := vmath.ExpSetup(s)
			return func(in []V) V { return f(s, &c, in[0]).(V) }
		})
	}
	transcendental("Exp", "sets dst[i] = exp(x[i]) for i < len(dst), within 1 ULP (the algorithm of generic.Exp).",
		vmath.Exp)
	transcendental("Sigmoid", "sets dst[i] = 1/(1+exp(−x[i])) for i < len(dst), within 2 ULP (generic.Sigmoid).",
		vmath.Sigmoid)
	transcendental("SigmoidDerivative", "sets dst[i] = σ(x[i])·σ(−x[i]) for i < len(dst), within 4 ULP (generic.SigmoidDerivative).",
		vmath.SigmoidDerivative)
	unary("Log", "sets dst[i] = log(x[i]) for i < len(dst), within 1 ULP (the algorithm of generic.Log).", 2,
		func(s *isa, _ []V) func([]V) V { return func(in []V) V { return vmath.Log[Op, mask](s, in[0]).(V) } })
	unary("Tanh", "sets dst[i] = tanh(x[i]) for i < len(dst), within 2 ULP (the algorithm of generic.Tanh).", 2,
		func(s *isa, _ []V) func([]V) V {
			hi := vmath.TanhSetup(s)
			return func(in []V) V { return vmath.Tanh[Op, mask](s, hi, in[0]).(V) }
		})

	s.elementwise(elementwise{
		op: "ExpSum", params: "dst, x []T, m T",
		doc: "sets dst[i] = exp(x[i] − m) for i < len(dst) and returns their sum: softmax's pass over a row.",
		in:  []string{"x"}, scalar: []string{"m"}, unroll: 2, sum: true,
		body: func(s *isa, m []V) func([]V) V {
			c := vmath.ExpSetup(s)
			return func(in []V) V { return vmath.Exp[Op, mask](s, &c, s.sub(in[0], m[0])).(V) }
		},
	})

	s.matVec4()
}

// matVec4 writes the matrix-vector kernel for groups of four rows: each vector of x is
// loaded once and serves four rows' FMAs, two vectors a step into eight accumulators (two
// per row) to cover the FMA latency.
func (s *isa) matVec4() {
	s.text("MatVec4", "dst, w []T, stride int, x []T", "",
		"sets dst[i] = Σⱼ w[i·stride+j]·x[j] for i < len(dst), j < len(x); len(dst) is a multiple of 4.",
		"", "Four rows at a time, so that each load of x serves four FMAs.")
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
		v := s.hreduce(s.add(acc[r][0], acc[r][1]), func(a, b V) V { return s.add(a, b) })
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
