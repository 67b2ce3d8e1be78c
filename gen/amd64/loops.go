package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/lanesimd/lanes/gen/internal/elem"
	"github.com/lanesimd/lanes/gen/internal/vmath"
	"github.com/lanesimd/lanes/generic"
	"github.com/lanesimd/lanes/internal/catalog"
)

// The loop skeletons every kernel is built from. Each walks its slices with unaligned
// loads from the first element (no alignment prologue, so a result never depends on where
// a slice starts), a main loop over several whole vectors, a loop over single vectors, and
// a last partial vector through masked loads and stores (AVX-512) or a stack buffer (AVX2),
// which neither read nor write past the slices' ends and run the same vector code as the
// loops.

// signature writes a Go function type with T standing for the element type.
func (s *isa) signature(params, result string) string { return elem.Func(params, result, s.f64) }

// text starts a kernel: its TEXT line, its doc comment (the catalogue's, then note) and
// //go:noescape, since no kernel keeps a pointer.
func (s *isa) text(k catalog.Kernel, note ...string) {
	s.said = map[string]bool{}
	TEXT(s.fn(k.Name), NOSPLIT, s.signature(k.Signature()))
	doc := []string{s.fn(k.Name) + " " + k.Doc}
	if s.f64 {
		// Said once, of the float32 kernel above: 3 KB of each file of stubs.
		doc = []string{s.fn(k.Name) + " is " + catalog.Symbol(k.Name, s.backend(), false) + " for float64s."}
	}
	if len(note) > 0 {
		doc = append(append(doc, ""), note...)
	}
	Doc(doc...)
	Pragma("noescape")
}

// tailMask returns the mask of the first n lanes, 0 < n ≤ lanes.
func (s *isa) tailMask(n reg.GPVirtual) mask {
	if s.avx512 {
		ones, t := GP32(), GP32()
		MOVL(U32(0xffff), ones)
		BZHIL(n.As32(), ones, t)
		k := K()
		KMOVW(t, k)
		return mask{k: k}
	}
	// The copies through the stack need only n; keep builds the lanes' vector if it must.
	return mask{n: n}
}

// firstLanes returns a vector with ones in its first n lanes and zeros in the others.
// tailOnes is 32 bytes of ones followed by 32 of zeros: the vector that ends n elements
// into the zeros is that one.
func (s *isa) firstLanes(n reg.Register) V {
	tbl, off := GP64(), GP64()
	LEAQ(tailOnes(), tbl)
	MOVQ(n, off)
	SHLQ(U8(s.shift()), off)
	NEGQ(off)
	m := YMM()
	VMOVDQU(Mem{Base: tbl, Index: off, Scale: 1, Disp: 32}, m)
	return m
}

var tailOnesMem *Mem

func tailOnes() Mem {
	if tailOnesMem == nil {
		m := GLOBL("tailOnes", RODATA|NOPTR)
		for off := 0; off < 64; off += 8 {
			DATA(off, U64(^uint64(0)*uint64(off/32^1)))
		}
		tailOnesMem = &m
	}
	return *tailOnesMem
}

// loadMasked reads the lanes of m and returns fill in the others (+0 if fill is nil), and
// touches no other lane's memory. AVX-512 masked loads suppress faults on masked-off
// lanes. AVX2's VMASKMOVPS need not (AMD documents that it may fault on them, and qemu's
// does), so AVX2 copies the n elements into a stack buffer holding fill and loads that.
func (s *isa) loadMasked(m mask, mem Mem, fill Op) V {
	d := s.vec()
	if m.k != nil {
		if fill == nil {
			s.pick(VMOVUPS_Zf, VMOVUPD_Zf)(mem, m.k, d)
		} else {
			s.with(vload, fill)(fill, d)
			s.pick(VMOVUPS, VMOVUPD)(mem, m.k, d)
		}
		return d
	}
	buf := AllocLocal(s.width())
	switch f := fill.(type) {
	case nil:
		fill = s.zero()
	case Mem:
		fill = s.load(f)
	}
	s.store(fill.(V), buf)
	s.copyElements(m.n, buf, mem)
	s.pick(VMOVUPS, VMOVUPD)(buf, d)
	return d
}

// storeMasked writes the lanes of m and no other memory: AVX-512 by a masked store, AVX2
// through a stack buffer copied out element by element.
func (s *isa) storeMasked(m mask, v V, mem Mem) {
	if m.k != nil {
		s.pick(VMOVUPS, VMOVUPD)(v, m.k, mem)
		return
	}
	buf := AllocLocal(s.width())
	s.store(v, buf)
	s.copyElements(m.n, mem, buf)
}

var copies int

// copyElements copies n elements from src to dst, one general-purpose move each.
func (s *isa) copyElements(n reg.Register, dst, src Mem) {
	copies++
	loop := fmt.Sprintf("copy%d", copies)
	for _, m := range []*Mem{&dst, &src} {
		if m.Index != nil { // the copy needs the index register for itself
			p := GP64()
			LEAQ(*m, p)
			*m = Mem{Base: p}
		}
	}
	i, t := GP64(), GP64()
	XORQ(i, i)
	Label(loop)
	at := func(m Mem) Mem { m.Index, m.Scale = i, uint8(s.size()); return m }
	if s.f64 {
		MOVQ(at(src), t)
		MOVQ(t, at(dst))
	} else {
		MOVL(at(src), t.(reg.GPVirtual).As32())
		MOVL(t.(reg.GPVirtual).As32(), at(dst))
	}
	INCQ(i)
	CMPQ(i, n)
	JB(LabelRef(loop))
}

// addTo sets acc += b in place, for values carried around a loop.
func (s *isa) addTo(acc V, b Op) { s.pick(VADDPS, VADDPD)(b, acc, acc) }

// set moves v into acc, for loop-carried values computed into a new register.
func (s *isa) set(acc, v V) { s.pick(VMOVAPS, VMOVAPD)(v, acc) }

// elementwise writes a Map or MapSum kernel: dst[i] from the i-th element of its inputs
// by body, and for MapSum also Σ dst[i], summed in one accumulator per unrolled vector
// over blocks of generic.Block elements, each block's sum added to a float64 total that
// starts from the carry (the reductions' blocking).
func (s *isa) elementwise(k catalog.Kernel, body vmath.Body[Op, mask], paired vmath.PairedBody[Op, mask]) {
	sum, unroll := k.Kind == catalog.MapSum, k.UnrollFor(s.backend())
	s.text(k) // the package doc says how the tails go, once for every kernel
	Comment("Pointers advance through dst and the inputs; n counts the elements left.")
	dst := Load(Param("dst").Base(), GP64())
	n := Load(Param("dst").Len(), GP64()).(reg.GPVirtual)
	ptrs := []reg.Register{dst}
	for _, name := range k.Inputs {
		ptrs = append(ptrs, Load(Param(name).Base(), GP64()))
	}
	var scalars []Op
	for _, name := range k.Scalars {
		scalars = append(scalars, s.broadcast(name))
	}
	vector := body(s, scalars)
	// Two vectors a step of a long body go through it together, their operations
	// interleaved (vmath's pair says why).
	var pvector func(in [][2]Op) [2]Op
	if unroll == 2 && paired != nil {
		pvector = paired(s, scalars)
	}
	var acc []V
	total, left := XMM(), n
	if sum {
		Commentf("total holds the carry plus the sum of the blocks done, in float64; n counts the elements left in this block (at most %d), left those after it.", generic.Block)
		VMOVSD(addr(Param("carry")), total)
		left = GP64()
		MOVQ(n, left)
		Label("block")
		MOVQ(left, n)
		CMPQ(n, U32(generic.Block))
		JBE(LabelRef("sized"))
		MOVQ(U32(generic.Block), n)
		Label("sized")
		SUBQ(n, left)
		for range unroll {
			acc = append(acc, s.zero())
		}
	}

	// one computes a vector of results at offset u (in vectors) from the pointers; with m
	// set it reads and writes only m's lanes and adds only those to the sum.
	one := func(u int, m *mask) {
		var in []Op
		for _, p := range ptrs[1:] {
			mem := Mem{Base: p}.Offset(u * s.width())
			if m != nil {
				in = append(in, s.loadMasked(*m, mem, nil))
			} else {
				in = append(in, s.load(mem))
			}
		}
		r := vector(in).(V)
		out := Mem{Base: dst}.Offset(u * s.width())
		if m != nil {
			s.storeMasked(*m, r, out)
			if sum {
				s.addTo(acc[0], s.keep(*m, r))
			}
			return
		}
		s.store(r, out)
		if sum {
			s.addTo(acc[u], r)
		}
	}
	advance := func(vectors int) {
		for _, p := range ptrs {
			ADDQ(U32(vectors*s.width()), p)
		}
		SUBQ(U32(vectors*s.lanes()), n)
	}

	Commentf("Main loop: %d vectors a step, for fewer loop instructions a vector and overlapped latencies.", unroll)
	Label("many")
	CMPQ(n, U32(unroll*s.lanes()))
	JB(LabelRef("single"))
	if pvector != nil {
		var in [][2]Op
		for _, p := range ptrs[1:] {
			in = append(in, [2]Op{s.load(Mem{Base: p}), s.load(Mem{Base: p}.Offset(s.width()))})
		}
		r := pvector(in)
		for u := range r {
			s.store(r[u].(V), Mem{Base: dst}.Offset(u*s.width()))
			if sum {
				s.addTo(acc[u], r[u])
			}
		}
	} else {
		for u := range unroll {
			one(u, nil)
		}
	}
	advance(unroll)
	JMP(LabelRef("many"))

	if unroll <= 2 {
		// A long body (the transcendentals) is written once more rather than twice (a
		// loop of whole vectors, then the tail): the one or two vectors past the main
		// loop go through the tail's code too, which keeps the module small.
		Commentf("The elements left, at most %d at a time (c of them), through the same code under a mask.", s.lanes())
		Label("single")
		TESTQ(n, n)
		JZ(LabelRef("done"))
		c, bytes := GP64(), GP64()
		MOVQ(U32(s.lanes()), c)
		CMPQ(n, c)
		CMOVQLT(n, c)
		m := s.tailMask(c.(reg.GPVirtual))
		one(0, &m)
		MOVQ(c, bytes)
		SHLQ(U8(s.shift()), bytes)
		for _, p := range ptrs {
			ADDQ(bytes, p)
		}
		SUBQ(c, n)
		JMP(LabelRef("single"))
	} else {
		Comment("Whole vectors left over.")
		Label("single")
		CMPQ(n, U32(s.lanes()))
		JB(LabelRef("tail"))
		one(0, nil)
		advance(1)
		JMP(LabelRef("single"))

		Comment("The last n < lanes elements, through the same code under a mask.")
		Label("tail")
		TESTQ(n, n)
		JZ(LabelRef("done"))
		m := s.tailMask(n.(reg.GPVirtual))
		one(0, &m)
	}

	Label("done")
	if sum {
		Comment("Sum the accumulators pairwise, then the lanes, into the total; then the next block.")
		s.addTotal(s.hreduce(vmath.Tree(acc, s.sum), s.sum), total)
		TESTQ(left, left)
		JNZ(LabelRef("block"))
		VMOVSD(total, addr(ReturnIndex(0)))
	}
	VZEROUPPER()
	RET()
}

// reduction is how a Sum or Max kernel runs on amd64.
type reduction struct {
	// fromCarry starts the accumulators from the carry parameter in every lane and fills
	// masked-off lanes with it (Max); otherwise they start from 0 (sums).
	fromCarry bool
	// blocked sums in blocks of generic.Block elements and adds each block's result, in
	// float64, to a running total that starts from the carry, as the generic kernels do,
	// which bounds the rounding error.
	blocked bool
	// step folds one vector of each input into acc, in place. The inputs are memory operands
	// in the loops (an instruction that loads as it computes costs one micro-op less, which
	// the two-input kernels need to reach two loads a cycle) and registers in the tail.
	step    func(acc V, in []Op)
	combine func(a, b V) V // joins two accumulators
	// nanFlag records in one flag, apart from the accumulators, the lanes read that held
	// a NaN, and then returns NaN. Step and combine need not carry NaNs themselves, which
	// keeps the chain through each accumulator one instruction long (Max). The inputs
	// reach step in registers, loaded once for both.
	nanFlag bool
}

// reductionOf returns how kernel k runs: a Sum kernel by its step from vmath, Max by
// ordered maxima and a NaN flag.
func (s *isa) reductionOf(k catalog.Kernel, step vmath.Step[Op, mask]) reduction {
	if k.Kind == catalog.Max {
		return reduction{fromCarry: true, nanFlag: true,
			step:    func(acc V, in []Op) { s.maxTo(acc, in[0].(V)) },
			combine: s.maxOrdered,
		}
	}
	return reduction{blocked: true, step: func(acc V, in []Op) { step(s, acc, in) }, combine: s.sum}
}

// sum is the combination of sums' accumulators.
func (s *isa) sum(a, b V) V { return s.add(a, b) }

// reduction writes a Sum or Max kernel: it folds its inputs into one number.
func (s *isa) reduction(kernel catalog.Kernel, k reduction) {
	accs := kernel.UnrollFor(s.backend())
	s.text(kernel, fmt.Sprintf("%d accumulators of %d lanes.", accs, s.lanes())) // the blocks: the package doc
	Comment("Pointers advance through the inputs; n counts the elements left.")
	var ptrs []reg.Register
	for _, name := range kernel.Inputs {
		ptrs = append(ptrs, Load(Param(name).Base(), GP64()))
	}
	n := Load(Param(kernel.Inputs[0]).Len(), GP64()).(reg.GPVirtual)
	var initial V
	if k.fromCarry {
		Comment("initial is the carry in every lane: the accumulators' start and the masked-off lanes.")
		initial = s.broadcast("carry")
	}

	total := XMM()
	block := n
	if k.blocked {
		Commentf("total holds the carry plus the sum of the blocks done, in float64; block counts the elements left in this block (at most %d).", generic.Block)
		VMOVSD(addr(Param("carry")), total)
		block = GP64()
		Label("block")
		MOVQ(n, block)
		CMPQ(block, U32(generic.Block))
		JBE(LabelRef("sized"))
		MOVQ(U32(generic.Block), block)
		Label("sized")
		SUBQ(block, n)
	}
	var flag Op
	if k.nanFlag {
		Comment("flag records the lanes read that held a NaN, the carry's included.")
		flag = s.nanFlag()
		s.markNaN(flag, initial)
	}
	acc := make([]V, accs)
	for i := range acc {
		if k.fromCarry {
			acc[i] = s.copy(initial)
		} else {
			acc[i] = s.zero()
		}
	}
	one := func(a, u int, m *mask) {
		var in []Op
		for _, p := range ptrs {
			mem := Mem{Base: p}.Offset(u * s.width())
			if m == nil {
				in = append(in, mem)
				continue
			}
			var fill Op
			if k.fromCarry {
				fill = initial
			}
			in = append(in, s.loadMasked(*m, mem, fill))
		}
		if k.nanFlag {
			for i := range in {
				in[i] = s.reg(in[i])
				s.markNaN(flag, in[i].(V))
			}
		}
		k.step(acc[a], in)
	}
	advance := func(vectors int) {
		for _, p := range ptrs {
			ADDQ(U32(vectors*s.width()), p)
		}
		SUBQ(U32(vectors*s.lanes()), block)
	}

	Commentf("Main loop: %d vectors a step, one per accumulator; short blocks skip it and the join.", accs)
	CMPQ(block, U32(accs*s.lanes()))
	JB(LabelRef("single"))
	Label("many")
	for a := range accs {
		one(a, a, nil)
	}
	advance(accs)
	CMPQ(block, U32(accs*s.lanes()))
	JAE(LabelRef("many"))
	Comment("Join the accumulators pairwise into the first.")
	s.set(acc[0], vmath.Tree(acc, k.combine))

	Comment("Whole vectors left over, into the first accumulator.")
	Label("single")
	CMPQ(block, U32(s.lanes()))
	JB(LabelRef("tail"))
	one(0, 0, nil)
	advance(1)
	JMP(LabelRef("single"))

	if k.fromCarry {
		Comment("The last elements under a mask, the other lanes holding the carry.")
	} else {
		Comment("The last elements under a mask, the other lanes holding 0. Only the last block")
		Comment("can be partial, so the pointers need not advance past it.")
	}
	Label("tail")
	TESTQ(block, block)
	JZ(LabelRef("fold"))
	m := s.tailMask(block)
	one(0, 0, &m)

	Label("fold")
	Comment("Join the lanes pairwise.")
	r := s.hreduce(acc[0], k.combine)
	if k.nanFlag {
		Comment("A NaN read makes the result NaN.")
		s.jumpIfNoNaN(flag, "result")
		s.pick(VMOVSS, VMOVSD)(s.constBits(s.quietNaN()), r)
		Label("result")
	}
	if k.blocked {
		s.addTotal(r, total)
		TESTQ(n, n)
		JNZ(LabelRef("block"))
		VMOVSD(total, addr(ReturnIndex(0)))
	} else {
		s.ret(r)
	}
	VZEROUPPER()
	RET()
}

// addTotal adds the block's sum r (lane 0) to the float64 total: a float32 sum is widened
// first, exactly, so that the blocks' totals lose nothing to float32's rounding.
func (s *isa) addTotal(r, total V) {
	if !s.f64 {
		VCVTSS2SD(r, r, r)
	}
	VADDSD(r, total, total)
}
