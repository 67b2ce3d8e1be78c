package main

import (
	"fmt"
	"math/bits"
	"strings"
)

// A kernel is written as a list of instructions over virtual vector registers, like the
// amd64 kernels are with Avo; alloc then maps them onto V0–V31 from their liveness, so
// that the math reads as the generic Go code does. General-purpose registers are few and
// fixed (see loops.go), so they are named directly.

// vreg is a virtual vector register.
type vreg struct {
	id   int
	phys int   // V0–V31, set by alloc
	hint *vreg // a move's source: sharing its register makes the move vanish
}

// inst is one line of a kernel.
type inst struct {
	label   string // "name:" when set
	comment string // a comment line when set
	jump    string // the label a branch goes to
	uncond  bool   // B: never falls through
	ret     bool   // RET: no successor
	move    bool   // a vector copy from uses[0] to defs[0]
	defs    []*vreg
	uses    []*vreg
	text    func() string // the instruction, once registers are assigned
}

// fn is a kernel being written.
type fn struct {
	name, sig string // symbol and Go signature
	frame     int    // bytes of locals (the tail's stack buffer)
	args      int    // bytes of arguments and results
	doc       []string
	code      []*inst
	setup     int // where loop-invariant instructions go: after the arguments are loaded
	hoisted   []*inst
	vregs     []*vreg
	labels    int
	usesPool  bool // some instruction reads the constant pool through R9
}

func (f *fn) v() *vreg {
	r := &vreg{id: len(f.vregs), phys: -1}
	f.vregs = append(f.vregs, r)
	return r
}

func (f *fn) emit(i *inst) { f.code = append(f.code, i) }

// op emits an instruction with its registers' roles; text renders it after allocation.
func (f *fn) op(defs, uses []*vreg, text func() string) {
	f.emit(&inst{defs: defs, uses: uses, text: text})
}

// gp emits an instruction that touches no vector register.
func (f *fn) gp(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	f.emit(&inst{text: func() string { return s }})
}

func (f *fn) label(name string) { f.emit(&inst{label: name}) }
func (f *fn) comment(format string, args ...any) {
	f.emit(&inst{comment: fmt.Sprintf(format, args...)})
}

// branch emits a branch ("B", "BLT", "CBZ R1", …) to a label.
func (f *fn) branch(mnemonic, target string) {
	f.emit(&inst{jump: target, uncond: mnemonic == "B", text: func() string {
		if strings.ContainsAny(mnemonic, " \t") { // CBZ/CBNZ with their register
			return mnemonic + ", " + target
		}
		return mnemonic + "\t" + target
	}})
}

func (f *fn) ret() { f.emit(&inst{ret: true, text: func() string { return "RET" }}) }

// unique returns a label name not used before in this function.
func (f *fn) unique(prefix string) string {
	f.labels++
	return fmt.Sprintf("%s%d", prefix, f.labels)
}

// markSetup notes where loop invariants are to be inserted; hoist puts one there.
func (f *fn) markSetup()    { f.setup = len(f.code) }
func (f *fn) hoist(i *inst) { f.hoisted = append(f.hoisted, i) }

type bitset []uint64

func newBitset(n int) bitset    { return make(bitset, (n+63)/64) }
func (b bitset) set(i int)      { b[i/64] |= 1 << (i % 64) }
func (b bitset) clear(i int)    { b[i/64] &^= 1 << (i % 64) }
func (b bitset) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }
func (b bitset) each(visit func(int)) {
	for w, word := range b {
		for word != 0 {
			visit(w*64 + bits.TrailingZeros64(word))
			word &= word - 1
		}
	}
}

// alloc assigns V0–V31 to the virtual registers: liveness by the usual backward data
// flow over the branches, an interference graph, and a greedy colouring in the order of
// definition that gives a move's destination its source's register where it can. It fails
// if the kernel needs more than 32 registers at once; the caller then writes it with less
// in registers.
func (f *fn) alloc() error {
	code := append(append(append([]*inst{}, f.code[:f.setup]...), f.hoisted...), f.code[f.setup:]...)
	f.code, f.hoisted = code, nil
	at := map[string]int{}
	for i, in := range code {
		if in.label != "" {
			at[in.label] = i
		}
	}
	succ := make([][]int, len(code))
	for i, in := range code {
		if in.jump != "" {
			t, ok := at[in.jump]
			if !ok {
				return fmt.Errorf("%s: no label %s", f.name, in.jump)
			}
			succ[i] = append(succ[i], t)
		}
		if !in.ret && !in.uncond && i+1 < len(code) {
			succ[i] = append(succ[i], i+1)
		}
	}
	n := len(f.vregs)
	liveIn, liveOut := make([]bitset, len(code)), make([]bitset, len(code))
	for i := range code {
		liveIn[i], liveOut[i] = newBitset(n), newBitset(n)
	}
	for changed := true; changed; {
		changed = false
		for i := len(code) - 1; i >= 0; i-- {
			out := liveOut[i]
			for _, s := range succ[i] {
				for w := range out {
					out[w] |= liveIn[s][w]
				}
			}
			in := newBitset(n)
			copy(in, out)
			for _, d := range code[i].defs {
				in.clear(d.id)
			}
			for _, u := range code[i].uses {
				in.set(u.id)
			}
			for w := range in {
				if in[w] != liveIn[i][w] {
					changed = true
				}
			}
			liveIn[i] = in
		}
	}
	if len(code) > 0 {
		var undefined []int
		liveIn[0].each(func(id int) { undefined = append(undefined, id) })
		if len(undefined) > 0 {
			return fmt.Errorf("%s: registers %v used before any definition", f.name, undefined)
		}
	}

	interferes := make([]bitset, n)
	for i := range interferes {
		interferes[i] = newBitset(n)
	}
	edge := func(a, b int) {
		if a != b {
			interferes[a].set(b)
			interferes[b].set(a)
		}
	}
	for i, in := range code {
		for _, d := range in.defs {
			liveOut[i].each(func(l int) {
				if in.move && l == in.uses[0].id {
					return // a copy may share its source's register until one of them changes
				}
				edge(d.id, l)
			})
			for _, d2 := range in.defs {
				edge(d.id, d2.id)
			}
		}
	}
	for _, r := range f.vregs {
		var taken uint32
		interferes[r.id].each(func(o int) {
			if p := f.vregs[o].phys; p >= 0 {
				taken |= 1 << p
			}
		})
		if h := r.hint; h != nil && h.phys >= 0 && taken&(1<<h.phys) == 0 {
			r.phys = h.phys
			continue
		}
		if taken == ^uint32(0) {
			return fmt.Errorf("%s: more than 32 vector registers live at once", f.name)
		}
		r.phys = bits.TrailingZeros32(^taken)
	}
	return nil
}

// render writes the kernel's TEXT block; moves between one register and itself vanish.
func (f *fn) render(b *strings.Builder) {
	// No "// func" line with the signature: the stubs have it, and it was 4 KB of the module.
	fmt.Fprintf(b, "\nTEXT ·%s(SB), NOSPLIT, $%d-%d\n", f.name, f.frame, f.args)
	for _, in := range f.code {
		switch {
		case in.label != "":
			fmt.Fprintf(b, "\n%s:\n", in.label)
		case in.comment != "":
			fmt.Fprintf(b, "\t// %s\n", in.comment)
		case in.move && in.defs[0].phys == in.uses[0].phys:
		default:
			fmt.Fprintf(b, "\t%s\n", in.text())
		}
	}
}
