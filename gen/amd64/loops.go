package main

import (
	"fmt"
	"strings"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"

	"github.com/lanesimd/lanes/generic"
)

// The loop skeletons every kernel is built from. Each walks its slices with unaligned
// loads from the first element (no alignment prologue, so a result never depends on where
// a slice starts), a main loop over several whole vectors, a loop over single vectors, and
// a last partial vector through masked loads and stores (AVX-512) or a stack buffer (AVX2),
// which neither read nor write past the slices' ends and run the same vector code as the
// loops.

// signature writes a Go function type with T standing for the element type.
func (s *isa) signature(params, result string) string {
	sig := "func(" + strings.ReplaceAll(params, "T", s.goType()) + ")"
	if result != "" {
		sig += " " + strings.ReplaceAll(result, "T", s.goType())
	}
	return sig
}

// text starts a kernel: its TEXT line, its doc comment (doc[0] completes a sentence that
// starts with the function's name) and //go:noescape, since no kernel keeps a pointer.
func (s *isa) text(op, params, result string, doc ...string) {
	TEXT(s.fn(op), NOSPLIT, s.signature(params, result))
	doc[0] = s.fn(op) + " " + doc[0]
	Doc(append(doc, "", "It checks nothing: call package lanes, or the tables of package kernels.")...)
	Pragma("noescape")
}

// tailMask returns the mask of the first n lanes, 0 < n < lanes.
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
	if fill == nil {
		fill = s.zero()
	} else {
		fill = s.load(fill.(Mem))
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

// elementwise describes a kernel that writes dst[i] from the i-th element of its inputs.
type elementwise struct {
	op     string   // the kernel's name
	params string   // Go parameters, T for the element type; dst comes first
	doc    string   // what it computes, as the Go loop does
	in     []string // the slices read, each at least len(dst) long
	scalar []string // scalar parameters, broadcast to every lane
	unroll int      // vectors per iteration of the main loop
	sum    bool     // also return Σ dst[i], summed in one accumulator per unrolled vector
	// body emits what comes before the loop (constants held in registers) and returns the
	// code for one vector of results from one vector of each input.
	body func(s *isa, scalars []V) func(in []V) V
}

func (s *isa) elementwise(k elementwise) {
	result := ""
	if k.sum {
		result = "T"
	}
	how := "masked loads and stores"
	if !s.avx512 {
		how = "a stack buffer"
	}
	s.text(k.op, k.params, result, k.doc, "", "The last len(dst) mod "+fmt.Sprint(s.lanes())+
		" elements go through the same vector code by way of "+how+", so each result is the same whatever its position.")
	Comment("Pointers advance through dst and the inputs; n counts the elements left.")
	dst := Load(Param("dst").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	ptrs := []reg.Register{dst}
	for _, name := range k.in {
		ptrs = append(ptrs, Load(Param(name).Base(), GP64()))
	}
	var scalars []V
	for _, name := range k.scalar {
		scalars = append(scalars, s.broadcast(name))
	}
	body := k.body(s, scalars)
	var acc []V
	if k.sum {
		for range k.unroll {
			acc = append(acc, s.zero())
		}
	}

	// one computes a vector of results at offset u (in vectors) from the pointers; with m
	// set it reads and writes only m's lanes and adds only those to the sum.
	one := func(u int, m *mask) {
		var in []V
		for _, p := range ptrs[1:] {
			mem := Mem{Base: p}.Offset(u * s.width())
			if m != nil {
				in = append(in, s.loadMasked(*m, mem, nil))
			} else {
				in = append(in, s.load(mem))
			}
		}
		r := body(in)
		out := Mem{Base: dst}.Offset(u * s.width())
		if m != nil {
			s.storeMasked(*m, r, out)
			if k.sum {
				s.addTo(acc[0], s.keep(*m, r))
			}
			return
		}
		s.store(r, out)
		if k.sum {
			s.addTo(acc[u], r)
		}
	}
	advance := func(vectors int) {
		for _, p := range ptrs {
			ADDQ(U32(vectors*s.width()), p)
		}
		SUBQ(U32(vectors*s.lanes()), n)
	}

	Commentf("Main loop: %d vectors a step, to spread the loop's own instructions; the CPU renames the registers, so the vectors' latencies overlap.", k.unroll)
	Label("many")
	CMPQ(n, U32(k.unroll*s.lanes()))
	JB(LabelRef("single"))
	for u := range k.unroll {
		one(u, nil)
	}
	advance(k.unroll)
	JMP(LabelRef("many"))

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

	Label("done")
	if k.sum {
		Comment("Sum the accumulators pairwise, then the lanes.")
		total := s.hreduce(s.tree(acc, s.add), func(a, b V) V { return s.add(a, b) })
		s.ret(total)
	}
	VZEROUPPER()
	RET()
}

// tree combines values pairwise, like the generic code's (s0 + s1) + (s2 + s3).
func (s *isa) tree(v []V, combine func(a V, b Op) V) V {
	for len(v) > 1 {
		var next []V
		for i := 0; i+1 < len(v); i += 2 {
			next = append(next, combine(v[i], v[i+1]))
		}
		if len(v)%2 == 1 {
			next = append(next, v[len(v)-1])
		}
		v = next
	}
	return v[0]
}

// reduction describes a kernel that folds its inputs into one number.
type reduction struct {
	op     string
	params string
	doc    string
	in     []string // the slices read; all as long as the first
	accs   int      // accumulators: enough independent chains to keep the ports busy
	// init is the accumulators' start and the value of masked-off lanes: 0 for sums, −Inf
	// for max.
	init float64
	// blocked sums in blocks of generic.Block elements and adds each block's result to a
	// running total, as the generic kernels do, which bounds the rounding error.
	blocked bool
	// step folds one vector of each input into acc, in place. The inputs are memory operands
	// in the loops (an instruction that loads as it computes costs one micro-op less, which
	// the two-input kernels need to reach two loads a cycle) and registers in the tail.
	step    func(s *isa, acc V, in []Op)
	combine func(s *isa, a, b V) V // joins two accumulators
	// nanFlag records in one flag, apart from the accumulators, the lanes read that held
	// a NaN, and then returns NaN. Step and combine need not carry NaNs themselves, which
	// keeps the chain through each accumulator one instruction long (Max). The inputs
	// reach step in registers, loaded once for both.
	nanFlag bool
}

func (s *isa) reduction(k reduction) {
	note := fmt.Sprintf("It keeps %d accumulators of %d lanes; no step depends on the slices' alignment.", k.accs, s.lanes())
	if k.blocked {
		note = fmt.Sprintf("It keeps %d accumulators of %d lanes, sums blocks of %d elements and adds the blocks' results in order; no step depends on the slices' alignment.",
			k.accs, s.lanes(), generic.Block)
	}
	s.text(k.op, k.params, "T", k.doc, "", note)
	Comment("Pointers advance through the inputs; n counts the elements left.")
	var ptrs []reg.Register
	for _, name := range k.in {
		ptrs = append(ptrs, Load(Param(name).Base(), GP64()))
	}
	n := Load(Param(k.in[0]).Len(), GP64()).(reg.GPVirtual)
	initial := s.c(k.init)
	combine := func(a V, b Op) V { return k.combine(s, a, b.(V)) }

	total := XMM()
	block := n
	if k.blocked {
		Commentf("total holds the sum of the blocks done; blk counts the elements left in this block (at most %d).", generic.Block)
		VXORPS(total, total, total)
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
		Comment("flag records the lanes read that held a NaN.")
		flag = s.nanFlag()
	}
	acc := make([]V, k.accs)
	for i := range acc {
		if k.init == 0 {
			acc[i] = s.zero()
		} else {
			acc[i] = s.load(initial)
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
			if k.init != 0 {
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
		k.step(s, acc[a], in)
	}
	advance := func(vectors int) {
		for _, p := range ptrs {
			ADDQ(U32(vectors*s.width()), p)
		}
		SUBQ(U32(vectors*s.lanes()), block)
	}

	Commentf("Main loop: %d vectors a step, one per accumulator; short blocks skip it and the join.", k.accs)
	CMPQ(block, U32(k.accs*s.lanes()))
	JB(LabelRef("single"))
	Label("many")
	for a := range k.accs {
		one(a, a, nil)
	}
	advance(k.accs)
	CMPQ(block, U32(k.accs*s.lanes()))
	JAE(LabelRef("many"))
	Comment("Join the accumulators pairwise into the first.")
	s.set(acc[0], s.tree(acc, combine))

	Comment("Whole vectors left over, into the first accumulator.")
	Label("single")
	CMPQ(block, U32(s.lanes()))
	JB(LabelRef("tail"))
	one(0, 0, nil)
	advance(1)
	JMP(LabelRef("single"))

	Commentf("The last elements under a mask, the other lanes holding %v. Only the last block", k.init)
	Comment("can be partial, so the pointers need not advance past it.")
	Label("tail")
	TESTQ(block, block)
	JZ(LabelRef("fold"))
	m := s.tailMask(block)
	one(0, 0, &m)

	Label("fold")
	Comment("Join the lanes pairwise.")
	r := s.hreduce(acc[0], func(a, b V) V { return k.combine(s, a, b) })
	if k.nanFlag {
		Comment("A NaN read makes the result NaN.")
		s.jumpIfNoNaN(flag, "result")
		s.pick(VMOVSS, VMOVSD)(s.constBits(s.quietNaN()), r)
		Label("result")
	}
	if k.blocked {
		s.pick(VADDSS, VADDSD)(r, total, total)
		TESTQ(n, n)
		JNZ(LabelRef("block"))
		r = total
	}
	s.ret(r)
	VZEROUPPER()
	RET()
}
