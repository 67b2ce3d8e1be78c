package main

import (
	"fmt"
	"strings"

	"github.com/lanesimd/lanes/gen/internal/elem"
	"github.com/lanesimd/lanes/gen/internal/vmath"
	"github.com/lanesimd/lanes/generic"
	"github.com/lanesimd/lanes/internal/catalog"
)

// The loop skeletons every kernel is built from, as on amd64: unaligned loads from the
// first element (no alignment prologue, so a result never depends on where a slice
// starts), a main loop over several whole vectors, a loop over single vectors, and a last
// partial vector through a 16-byte stack buffer, which neither reads nor writes past the
// slices' ends and runs the same vector code as the loops.
//
// General-purpose registers: R0 dst, R1 the elements left, R2–R3 the inputs, R4 the
// elements left in a reduction's block, R9 the constant pool, R10 the stack buffer,
// R11–R12 the tail's copy loop; MatVec4 uses R5–R8 and R13–R15 as well.

// frame lays out a Go signature's arguments as ABI0 passes them on the stack.
type frame struct {
	sig  string         // func(…) …, T replaced by the element type
	off  map[string]int // each parameter's offset; a slice's base is there, its len 8 bytes on
	ret  int            // the result's offset
	size int            // bytes of arguments and results
}

func (s *neon) frame(params, result string) frame {
	fr := frame{off: map[string]int{}}
	fr.sig = elem.Func(params, result, s.f64)
	sizeOf := func(typ string) int {
		switch typ {
		case "[]T":
			return 24
		case "int":
			return 8
		case "T":
			return s.size()
		case "float64":
			return 8
		}
		panic("unknown parameter type " + typ)
	}
	align := func(off, a int) int { return (off + a - 1) / a * a }
	var pending []string
	off := 0
	for _, p := range strings.Split(params, ",") {
		f := strings.Fields(p)
		pending = append(pending, f[0])
		if len(f) == 1 {
			continue
		}
		n := sizeOf(f[1])
		a := min(n, 8)
		for _, name := range pending {
			off = align(off, a)
			fr.off[name] = off
			off += n
		}
		pending = nil
	}
	fr.size = off
	if result != "" {
		fr.ret = align(off, 8)
		fr.size = fr.ret + sizeOf(result)
	}
	return fr
}

// start begins a kernel: its Go signature, its doc comment (the catalogue's, then note) and
// the marker for loop invariants.
func (s *neon) start(k catalog.Kernel, fr frame, note ...string) {
	name := catalog.Symbol(k.Name, "neon", s.f64)
	doc := []string{name + " " + k.Doc}
	if s.f64 {
		// Said once, of the float32 kernel above: 3 KB of the file of stubs.
		doc = []string{name + " is " + catalog.Symbol(k.Name, "neon", false) + " for float64s."}
	}
	if len(note) > 0 {
		doc = append(append(doc, ""), note...)
	}
	s.f = &fn{name: name, sig: fr.sig, args: fr.size, doc: doc}
	s.consts = map[uint64]*vreg{}
	s.said = map[string]bool{}
}

// copyElements copies the count (a register) of elements from src to dst, by way of a
// general-purpose register; R11 indexes, R12 carries.
func (s *neon) copyElements(count, src, dst string) {
	loop := s.f.unique("copy")
	mov, sh := "MOVWU", 2
	if s.f64 {
		mov, sh = "MOVD", 3
	}
	s.f.gp("MOVD\t$0, R11")
	s.f.label(loop)
	s.f.gp("%s\t(%s)(R11<<%d), R12", mov, src, sh)
	s.f.gp("%s\tR12, (%s)(R11<<%d)", strings.TrimSuffix(mov, "U"), dst, sh)
	s.f.gp("ADD\t$1, R11")
	s.f.gp("CMP\t%s, R11", count)
	s.f.branch("BLT", loop)
}

// useBuffer points R10 at the 16-byte stack buffer of the tails.
func (s *neon) useBuffer() {
	s.f.frame = 16
	s.f.gp("MOVD\t$buf-16(SP), R10")
}

// loadPartial reads count (< lanes) elements at src into the lanes they start and fill
// into the others, touching no memory past them: through the stack buffer.
func (s *neon) loadPartial(count, src string, fill *vreg) *vreg {
	s.store(fill, "R10", 0)
	s.copyElements(count, src, "R10")
	return s.load("R10", 0)
}

// storePartial writes v's first count lanes to dst, through the stack buffer.
func (s *neon) storePartial(v *vreg, count, dst string) {
	s.store(v, "R10", 0)
	s.copyElements(count, "R10", dst)
}

// firstLanes returns ones in the first count lanes and zeros in the others: the 16 bytes
// of neontail<> (16 bytes of ones, then 16 of zeros) that end count elements into the zeros.
func (s *neon) firstLanes(count string) *vreg {
	s.pool.tail = true
	s.f.gp("MOVD\t$neontail<>+16(SB), R12")
	s.f.gp("SUB\t%s<<%d, R12, R12", count, s.shift())
	return s.load("R12", 0)
}

// unpaired are the kernels whose two bodies a step are written one after the other, not
// interleaved, on NEON: interleaved, they need more than 32 registers with their constants
// held in registers, and load the constants at each use instead (loopstat, instructions
// per element, f32/f64: Log 10/25 → 12/29, Log1p 10.8/26.5 → 12.8/30.5, Tanh 10.2/26.5 →
// 10.2/29.2), which no NEON core at hand could show to pay.
var unpaired = map[string]bool{"Log": true, "Log1p": true, "Tanh": true}

// rest finishes a kernel of a long body (unroll 2: the transcendentals), after its main
// loop, with the elements left (R1 runs the main loop's step ahead): the tail's code, by
// way of the stack buffer, on R6 = min(R1, lanes) elements at a time. A long body written
// once more rather than twice (a loop of whole vectors, then the tail) keeps the module
// small; the one or two vectors past the main loop pay the buffer's copies.
func (s *neon) rest(ptrs []string, ahead int, acc *vreg, vector func([]*vreg) *vreg) {
	f := s.f
	f.comment("The elements left, at most %d at a time, by way of the stack buffer; R6 counts them.", s.lanes())
	f.label("single")
	f.gp("ADD\t$%d, R1, R1", ahead)
	s.useBuffer()
	f.label("rest")
	f.branch("CBZ\tR1", "done")
	f.gp("MOVD\t$%d, R6", s.lanes())
	f.gp("CMP\tR6, R1")
	f.gp("CSEL\tLT, R1, R6, R6")
	zero := s.Zero()
	var args []*vreg
	for _, p := range ptrs[1:] {
		args = append(args, s.loadPartial("R6", p, zero))
	}
	r := vector(args)
	s.storePartial(r, "R6", "R0")
	if acc != nil {
		s.AddTo(acc, s.And(r, s.firstLanes("R6")))
	}
	for _, p := range ptrs {
		f.gp("ADD\tR6<<%d, %s", s.shift(), p)
	}
	f.gp("SUB\tR6, R1")
	f.branch("B", "rest")
}

// elementwise writes a Map or MapSum kernel: dst[i] from the i-th element of its inputs
// by body, and for MapSum also Σ dst[i], summed in one accumulator per unrolled vector
// over blocks of generic.Block elements, each block's sum added to a float64 total that
// starts from the carry (the reductions' blocking). The unroll is even, to load and store
// in pairs.
func (s *neon) elementwise(k catalog.Kernel, body vmath.Body[*vreg, mask], paired vmath.PairedBody[*vreg, mask]) {
	sum, unroll := k.Kind == catalog.MapSum, k.UnrollFor("neon")
	fr := s.frame(k.Signature())
	s.start(k, fr) // the package doc says how the tails go, once for every kernel
	f := s.f
	f.comment("R0 walks dst and R2, R3 the inputs; R1 counts the elements left.")
	f.gp("MOVD\tdst_base+%d(FP), R0", fr.off["dst"])
	f.gp("MOVD\tdst_len+%d(FP), R1", fr.off["dst"]+8)
	ptrs := []string{"R0"}
	for i, name := range k.Inputs {
		p := fmt.Sprintf("R%d", 2+i)
		f.gp("MOVD\t%s_base+%d(FP), %s", name, fr.off[name], p)
		ptrs = append(ptrs, p)
	}
	var scalars []*vreg
	for _, name := range k.Scalars {
		scalars = append(scalars, s.broadcast(name, fr.off[name]))
	}
	f.markSetup()
	vector := body(s, scalars)
	// Two vectors a step of a long body go through it together, their operations
	// interleaved (vmath's pair says why).
	var pvector func(in [][2]*vreg) [2]*vreg
	if unroll == 2 && paired != nil && !unpaired[k.Name] {
		pvector = paired(s, scalars)
	}
	var acc []*vreg
	var total *vreg
	if sum {
		f.comment("total holds the carry plus the sum of the blocks done, in float64; R1 counts the")
		f.comment("elements left in this block (at most %d), R5 those after it.", generic.Block)
		total = s.loadCarry(fr.off["carry"])
		f.gp("MOVD\tR1, R5")
		f.label("block")
		s.sizeBlock("R5", "R1")
		for range unroll {
			acc = append(acc, s.Zero())
		}
	}
	step := unroll * s.lanes()

	f.comment("Main loop: %d vectors a step, loaded and stored in pairs, the pointers advanced by the", unroll)
	f.comment("last pair's post-index; R1 runs %d elements ahead, so that one SUBS both counts and tests.", step)
	f.gp("SUBS\t$%d, R1, R1", step)
	f.branch("BLT", "single")
	f.label("many")
	var in [][]*vreg
	for _, p := range ptrs[1:] {
		in = append(in, s.loadVectorsPost(p, unroll))
	}
	out := make([]*vreg, unroll)
	if pvector != nil {
		var args [][2]*vreg
		for _, v := range in {
			args = append(args, [2]*vreg{v[0], v[1]})
		}
		r := pvector(args)
		out[0], out[1] = r[0], r[1]
	} else {
		for u := range out {
			var args []*vreg
			for _, v := range in {
				args = append(args, v[u])
			}
			out[u] = vector(args)
		}
	}
	if sum {
		for u := range out {
			s.AddTo(acc[u], out[u])
		}
	}
	s.storeVectorsPost(out, "R0")
	f.gp("SUBS\t$%d, R1, R1", step)
	f.branch("BGE", "many")

	if unroll <= 2 {
		var sumAcc *vreg
		if sum {
			sumAcc = acc[0]
		}
		s.rest(ptrs, step, sumAcc, vector)
	} else {
		f.comment("Whole vectors left over.")
		f.label("single")
		f.gp("ADDS\t$%d, R1, R1", step-s.lanes())
		f.branch("BLT", "tail")
		f.label("singles")
		var args []*vreg
		for _, p := range ptrs[1:] {
			args = append(args, s.load(p, 0))
		}
		r := vector(args)
		if sum {
			s.AddTo(acc[0], r)
		}
		s.store(r, "R0", 0)
		for _, p := range ptrs {
			f.gp("ADD\t$16, %s", p)
		}
		f.gp("SUBS\t$%d, R1, R1", s.lanes())
		f.branch("BGE", "singles")

		f.comment("The last R1 < %d elements, through the same code by way of the stack buffer.", s.lanes())
		f.label("tail")
		f.gp("ADDS\t$%d, R1, R1", s.lanes())
		f.branch("BEQ", "done")
		s.useBuffer()
		zero := s.Zero()
		args = nil
		for _, p := range ptrs[1:] {
			args = append(args, s.loadPartial("R1", p, zero))
		}
		r = vector(args)
		s.storePartial(r, "R1", "R0")
		if sum {
			s.AddTo(acc[0], s.And(r, s.firstLanes("R1")))
		}
	}

	f.label("done")
	if sum {
		f.comment("Sum the accumulators pairwise, then the lanes, into the total; then the next block.")
		s.addTotal(total, s.hreduce(vmath.Tree(acc, s.Add), sums))
		f.branch("CBNZ\tR5", "block")
		s.retTotal(total, fr.ret)
	}
	f.ret()
}

// sizeBlock sets block to the elements of the next block, at most generic.Block of the
// left, and takes them from left.
func (s *neon) sizeBlock(left, block string) {
	f := s.f
	f.gp("MOVD\t%s, %s", left, block)
	f.gp("CMP\t$%d, %s", generic.Block, block)
	f.branch("BLE", "sized")
	f.gp("MOVD\t$%d, %s", generic.Block, block)
	f.label("sized")
	f.gp("SUB\t%s, %s", block, left)
}

// loadCarry returns the float64 parameter carry, a running total, in lane 0.
func (s *neon) loadCarry(off int) *vreg {
	d := s.f.v()
	s.f.op([]*vreg{d}, nil, func() string { return fmt.Sprintf("FMOVD\tcarry+%d(FP), F%d", off, d.phys) })
	return d
}

// addTotal adds a block's sum r (lane 0) to the float64 total in place: a float32 sum is
// widened first, exactly, so that the blocks' totals lose nothing to float32's rounding.
func (s *neon) addTotal(total, r *vreg) {
	if !s.f64 {
		w := s.f.v()
		s.f.op([]*vreg{w}, []*vreg{r}, func() string { return fmt.Sprintf("FCVTSD\tF%d, F%d", r.phys, w.phys) })
		r = w
	}
	s.f.op([]*vreg{total}, []*vreg{total, r}, func() string {
		return fmt.Sprintf("FADDD\tF%d, F%d, F%d", r.phys, total.phys, total.phys)
	})
}

// retTotal returns the float64 total.
func (s *neon) retTotal(total *vreg, off int) {
	s.f.op(nil, []*vreg{total}, func() string { return fmt.Sprintf("FMOVD\tF%d, ret+%d(FP)", total.phys, off) })
}

// loadVectorsPost reads k (even) consecutive vectors from the pointer p in pairs and
// advances p past them with the last pair's post-index.
func (s *neon) loadVectorsPost(p string, k int) []*vreg {
	v := make([]*vreg, k)
	for i := 2; i < k; i += 2 {
		v[i], v[i+1] = s.loadPair(p, 16*i)
	}
	a, b := s.f.v(), s.f.v()
	s.f.op([]*vreg{a, b}, nil, func() string { return fmt.Sprintf("FLDPQ.P\t%d(%s), (F%d, F%d)", 16*k, p, a.phys, b.phys) })
	v[0], v[1] = a, b
	return v
}

func (s *neon) storeVectorsPost(v []*vreg, p string) {
	for i := 2; i < len(v); i += 2 {
		s.storePair(v[i], v[i+1], p, 16*i)
	}
	a, b := v[0], v[1]
	s.f.op(nil, []*vreg{a, b}, func() string { return fmt.Sprintf("FSTPQ.P\t(F%d, F%d), %d(%s)", a.phys, b.phys, 16*len(v), p) })
}

// reduction is how a Sum or Max kernel runs on NEON.
type reduction struct {
	// fromCarry starts the accumulators from the carry parameter in every lane and fills
	// the lanes past the end in the tail with it (Max); otherwise they start from 0 (sums).
	fromCarry bool
	// blocked sums in blocks of generic.Block elements and adds each block's result, in
	// float64, to a running total that starts from the carry, as the generic kernels do,
	// which bounds the rounding error.
	blocked bool
	step    func(acc *vreg, in []*vreg) // folds one vector of each input into acc, in place
	how     fold                        // joins the accumulators and then the lanes
}

// reductionOf returns how kernel k runs: a Sum kernel by its step, Max by FMAX, which
// has Go's max semantics itself.
func (s *neon) reductionOf(k catalog.Kernel, step vmath.Step[*vreg, mask]) reduction {
	if k.Kind == catalog.Max {
		return reduction{fromCarry: true, how: maxima,
			step: func(acc *vreg, in []*vreg) { s.set(acc, s.MaxGo(acc, in[0])) }}
	}
	return reduction{blocked: true, how: sums, step: func(acc *vreg, in []*vreg) { step(s, acc, in) }}
}

// reduction writes a Sum or Max kernel: it folds its inputs into one number.
func (s *neon) reduction(kernel catalog.Kernel, k reduction) {
	accs := kernel.UnrollFor("neon")
	fr := s.frame(kernel.Signature())
	s.start(kernel, fr, fmt.Sprintf("%d accumulators of %d lanes.", accs, s.lanes())) // the blocks: the package doc
	f := s.f
	f.comment("R2, R3 walk the inputs; R1 counts the elements left.")
	var ptrs []string
	for i, name := range kernel.Inputs {
		p := fmt.Sprintf("R%d", 2+i)
		f.gp("MOVD\t%s_base+%d(FP), %s", name, fr.off[name], p)
		ptrs = append(ptrs, p)
	}
	f.gp("MOVD\t%s_len+%d(FP), R1", kernel.Inputs[0], fr.off[kernel.Inputs[0]]+8)
	f.markSetup()
	initial := func() *vreg {
		if k.fromCarry {
			return s.broadcast("carry", fr.off["carry"])
		}
		return s.Zero()
	}
	combine := func(a, b *vreg) *vreg { return s.three(k.how.combine, a, b) }

	var total *vreg
	block := "R1"
	if k.blocked {
		f.comment("total holds the carry plus the sum of the blocks done, in float64; R4 counts the")
		f.comment("elements left in this block (at most %d).", generic.Block)
		total = s.loadCarry(fr.off["carry"])
		block = "R4"
		f.label("block")
		s.sizeBlock("R1", "R4")
	}
	acc := make([]*vreg, accs)
	for i := range acc {
		acc[i] = s.copyOf(initial())
	}
	step := accs * s.lanes()

	f.comment("Main loop: %d vectors a step, one per accumulator, loaded in pairs with the pointers", accs)
	f.comment("advanced by the last pair's post-index; %s runs %d elements ahead so that one SUBS counts", block, step)
	f.comment("and tests. Short blocks skip it and the join.")
	f.gp("SUBS\t$%d, %s, %s", step, block, block)
	f.branch("BLT", "single")
	f.label("many")
	var in [][]*vreg
	for _, p := range ptrs {
		in = append(in, s.loadVectorsPost(p, accs))
	}
	for a := range acc {
		var args []*vreg
		for _, v := range in {
			args = append(args, v[a])
		}
		k.step(acc[a], args)
	}
	f.gp("SUBS\t$%d, %s, %s", step, block, block)
	f.branch("BGE", "many")
	f.comment("Join the accumulators pairwise into the first.")
	s.set(acc[0], vmath.Tree(acc, combine))

	f.comment("Whole vectors left over, into the first accumulator.")
	f.label("single")
	f.gp("ADDS\t$%d, %s, %s", step-s.lanes(), block, block)
	f.branch("BLT", "tail")
	f.label("singles")
	var args []*vreg
	for _, p := range ptrs {
		args = append(args, s.load(p, 0))
		f.gp("ADD\t$16, %s", p)
	}
	k.step(acc[0], args)
	f.gp("SUBS\t$%d, %s, %s", s.lanes(), block, block)
	f.branch("BGE", "singles")

	if k.fromCarry {
		f.comment("The last elements through the stack buffer, the other lanes holding the carry.")
	} else {
		f.comment("The last elements through the stack buffer, the other lanes holding 0. Only the last")
		f.comment("block can be partial, so the pointers need not advance past it.")
	}
	f.label("tail")
	f.gp("ADDS\t$%d, %s, %s", s.lanes(), block, block)
	f.branch("BEQ", "fold")
	s.useBuffer()
	fill := initial()
	args = nil
	for _, p := range ptrs {
		args = append(args, s.loadPartial(block, p, fill))
	}
	k.step(acc[0], args)

	f.label("fold")
	f.comment("Join the lanes pairwise.")
	r := s.hreduce(acc[0], k.how)
	if k.blocked {
		s.addTotal(total, r)
		f.branch("CBNZ\tR1", "block")
		s.retTotal(total, fr.ret)
	} else {
		s.ret(r, fr.ret)
	}
	f.ret()
}
