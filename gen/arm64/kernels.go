package main

import (
	"fmt"
	"math"

	"github.com/lanesimd/lanes/gen/internal/vmath"
)

// sumAccs is the accumulator count of the sums: NEON cores issue two to four 128-bit adds
// or FMAs a cycle with a latency of 2–4 cycles, and load two or three vectors a cycle;
// 8 chains cover the loads' pace. The tests' error bound for sums assumes at most 8.
const sumAccs = 8

// generate writes every kernel of one precision, in the order of the amd64 files.
func (s *neon) generate(emit func(write func())) {
	sum := func(op, doc string, in []string, step func(s *neon, acc *vreg, in []*vreg)) {
		params := "x []T"
		if len(in) == 2 {
			params = "a, b []T"
		}
		emit(func() {
			s.reduction(reduction{op: op, params: params, doc: doc, in: in, accs: sumAccs, blocked: true, step: step, how: sums})
		})
	}
	sum("Sum", "returns Σ x[i].", []string{"x"}, func(s *neon, acc *vreg, in []*vreg) { s.addTo(acc, in[0]) })
	sum("SumSq", "returns Σ x[i]².", []string{"x"}, func(s *neon, acc *vreg, in []*vreg) { s.fmaAcc(acc, in[0], in[0]) })
	sum("Dot", "returns Σ a[i]·b[i] for i < len(a); len(b) ≥ len(a).", []string{"a", "b"},
		func(s *neon, acc *vreg, in []*vreg) { s.fmaAcc(acc, in[0], in[1]) })
	sum("L1", "returns Σ |a[i]−b[i]| for i < len(a); len(b) ≥ len(a).", []string{"a", "b"},
		func(s *neon, acc *vreg, in []*vreg) { s.addTo(acc, s.three(fabd, in[0], in[1])) })
	sum("L2", "returns Σ (a[i]−b[i])² for i < len(a); len(b) ≥ len(a).", []string{"a", "b"},
		func(s *neon, acc *vreg, in []*vreg) {
			d := s.Sub(in[0], in[1])
			s.fmaAcc(acc, d, d)
		})
	emit(func() {
		s.reduction(reduction{
			op: "Max", params: "x []T", doc: "returns the largest x[i] as Go's max builtin has it (NaN wins, +0 over −0); len(x) > 0.",
			in: []string{"x"}, accs: 4, init: math.Inf(-1), how: maxima,
			step: func(s *neon, acc *vreg, in []*vreg) { s.set(acc, s.maxGo(acc, in[0])) },
		})
	})

	ew := func(k elementwise) { emit(func() { s.elementwise(k) }) }
	binary := func(op, sym string, f func(s *neon, a, b *vreg) *vreg) {
		ew(elementwise{
			op: op, params: "dst, a, b []T", doc: "sets dst[i] = " + sym + " for i < len(dst).",
			in: []string{"a", "b"}, unroll: 4,
			body: func(s *neon, _ []*vreg) func([]*vreg) *vreg {
				return func(in []*vreg) *vreg { return f(s, in[0], in[1]) }
			},
		})
	}
	binary("Add", "a[i] + b[i]", (*neon).Add)
	binary("Sub", "a[i] − b[i]", (*neon).Sub)
	binary("Mul", "a[i] · b[i]", (*neon).Mul)
	binary("Div", "a[i] / b[i]", (*neon).Div)
	binary("Maximum", "max(a[i], b[i]) as Go's max builtin (NaN wins, +0 over −0)", (*neon).maxGo)

	withConst := func(op, params, doc string, f func(s *neon, c, x *vreg) *vreg) {
		ew(elementwise{
			op: op, params: params, doc: doc, in: []string{"x"}, scalar: []string{"c"}, unroll: 4,
			body: func(s *neon, c []*vreg) func([]*vreg) *vreg {
				return func(in []*vreg) *vreg { return f(s, c[0], in[0]) }
			},
		})
	}
	withConst("Scale", "dst, x []T, c T", "sets dst[i] = c·x[i] for i < len(dst).",
		func(s *neon, c, x *vreg) *vreg { return s.Mul(c, x) })
	withConst("AddConst", "dst, x []T, c T", "sets dst[i] = x[i] + c for i < len(dst).",
		func(s *neon, c, x *vreg) *vreg { return s.Add(x, c) })
	withConst("DivConst", "dst, x []T, c T", "sets dst[i] = x[i] / c for i < len(dst).",
		func(s *neon, c, x *vreg) *vreg { return s.Div(x, c) })

	unary := func(op, doc string, unroll int, body func(s *neon, _ []*vreg) func([]*vreg) *vreg) {
		ew(elementwise{op: op, params: "dst, x []T", doc: doc, in: []string{"x"}, unroll: unroll, body: body})
	}
	unary("ReLU", "sets dst[i] = max(x[i], 0) as Go's max builtin (NaN stays NaN, −0 becomes +0).", 4,
		func(s *neon, _ []*vreg) func([]*vreg) *vreg {
			zero := s.Zero()
			return func(in []*vreg) *vreg { return s.maxGo(in[0], zero) }
		})
	type expFunc = func(m vmath.Machine[*vreg, mask], c *vmath.ExpClamp[*vreg], x *vreg) *vreg
	transcendental := func(op, doc string, f expFunc) {
		unary(op, doc, 2, func(s *neon, _ []*vreg) func([]*vreg) *vreg {
			c := vmath.ExpSetup(s)
			return func(in []*vreg) *vreg { return f(s, &c, in[0]) }
		})
	}
	transcendental("Exp", "sets dst[i] = exp(x[i]) for i < len(dst), within 1 ULP (the algorithm of generic.Exp).", vmath.Exp)
	transcendental("Sigmoid", "sets dst[i] = 1/(1+exp(−x[i])) for i < len(dst), within 2 ULP (generic.Sigmoid).", vmath.Sigmoid)
	transcendental("SigmoidDerivative", "sets dst[i] = σ(x[i])·σ(−x[i]) for i < len(dst), within 4 ULP (generic.SigmoidDerivative).", vmath.SigmoidDerivative)
	unary("Log", "sets dst[i] = log(x[i]) for i < len(dst), within 1 ULP (the algorithm of generic.Log).", 2,
		func(s *neon, _ []*vreg) func([]*vreg) *vreg {
			return func(in []*vreg) *vreg { return vmath.Log[*vreg, mask](s, in[0]) }
		})
	unary("Tanh", "sets dst[i] = tanh(x[i]) for i < len(dst), within 2 ULP (the algorithm of generic.Tanh).", 2,
		func(s *neon, _ []*vreg) func([]*vreg) *vreg {
			hi := vmath.TanhSetup(s)
			return func(in []*vreg) *vreg { return vmath.Tanh[*vreg, mask](s, hi, in[0]) }
		})

	ew(elementwise{
		op: "ExpSum", params: "dst, x []T, m T",
		doc: "sets dst[i] = exp(x[i] − m) for i < len(dst) and returns their sum: softmax's pass over a row.",
		in:  []string{"x"}, scalar: []string{"m"}, unroll: 2, sum: true,
		body: func(s *neon, m []*vreg) func([]*vreg) *vreg {
			c := vmath.ExpSetup(s)
			return func(in []*vreg) *vreg { return vmath.Exp[*vreg, mask](s, &c, s.Sub(in[0], m[0])) }
		},
	})

	emit(s.matVec4)
}

// matVec4 writes the matrix-vector kernel for groups of four rows: each vector of x is
// loaded once and serves four rows' FMAs, two vectors a step into eight accumulators (two
// per row) to cover the FMA latency.
func (s *neon) matVec4() {
	fr := s.frame("dst, w []T, stride int, x []T", "")
	s.start("MatVec4", fr, "sets dst[i] = Σⱼ w[i·stride+j]·x[j] for i < len(dst), j < len(x); len(dst) is a multiple of 4.",
		"", "Four rows at a time, so that each load of x serves four FMAs.")
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
		s.fmaAcc(acc[r][0], x[0], w[0])
		s.fmaAcc(acc[r][1], x[1], w[1])
	}
	f.gp("SUBS\t$%d, R14, R14", 2*s.lanes())
	f.branch("BGE", "pairs")

	f.label("single")
	f.gp("ADDS\t$%d, R14, R14", s.lanes())
	f.branch("BLT", "tail")
	xv := s.load("R13", 0)
	f.gp("ADD\t$16, R13")
	for r, p := range rows {
		s.fmaAcc(acc[r][0], xv, s.load(p, 0))
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
		s.fmaAcc(acc[r][0], xt, s.loadPartial("R14", p, zero))
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
