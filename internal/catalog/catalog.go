// Package catalog lists lanes' kernels once: every assembly kernel (its name, doc,
// parameters, loop shape) and every entry of kernels.Table (the kernel it runs or the
// kernels it is composed of, and how the tests check it).
//
// Everything else is read from here: gen/amd64 and gen/arm64 write one assembly kernel
// per Kernel and the Go tables per Entry (kernels/table.go and kernels/tables_*.go), and
// the kernel tests run and check every Entry by its Spec. A new kernel is its entries
// here, its generic Go version and its public op; the generators look its vector body up
// by name (gen/internal/vmath, or a per-ISA override) and fail if there is none.
package catalog

import (
	"fmt"
	"strings"

	"github.com/lanesimd/lanes/generic"
)

// ISA is an instruction set with generated kernels.
type ISA struct {
	Name string // the backend's name: avx2
	Arch string // its GOARCH: amd64
}

// ISAs are the instruction sets with generated kernels, every kernel on each.
var ISAs = []ISA{{"avx2", "amd64"}, {"avx512", "amd64"}, {"neon", "arm64"}}

// Kind is the loop skeleton a kernel is built from.
type Kind int

const (
	// Sum folds its inputs into one number: several accumulators, blocks of generic.Block
	// elements whose results are added in order to a running total, as the generic kernels
	// do. The total is a float64 in both precisions; the kernel starts from its carry
	// parameter and returns the new total, so that a slice summed a chunk a call gives the
	// bits of one call over all of it.
	Sum Kind = iota
	// Max returns the largest element as Go's max builtin has it, of its carry parameter
	// and the slice.
	Max
	// Map writes dst[i] from the i-th element of each input and the scalars.
	Map
	// MapSum is a Map that also returns Σ dst[i], blocked and carried as Sum's.
	MapSum
	// Own is a kernel with a skeleton of its own on each ISA, named here all the same.
	Own
)

// Kernel is one assembly kernel, written for every ISA and both precisions.
type Kernel struct {
	Name string
	// Doc completes a sentence that starts with the kernel's function name.
	Doc  string
	Kind Kind
	// Inputs are the slices read and Scalars the scalar parameters, in the order of the
	// signature; a Map kernel's dst comes first, its scalars last.
	Inputs, Scalars []string
	// Params and Result are the Go signature of an Own kernel, T for the element type.
	Params, Result string
	// Unroll is the vectors a Map kernel computes per main-loop step, or the accumulators
	// of a reduction.
	Unroll int
	// UnrollOn overrides Unroll on the ISAs it names.
	UnrollOn map[string]int
	// Body is what a Map kernel computes for one vector, or what a Sum kernel adds to its
	// sum (a product is fused into the accumulator). An ISA may override it where it has
	// a better instruction.
	Body Expr
	// Tile is the shape of a tile kernel's register block on each ISA: rows and vectors of
	// columns (MatMulTile). Its width in elements is the vectors times VectorLanes.
	Tile map[string][2]int
	// Width is the bytes of the vectors an Own kernel works in on each ISA, where its
	// composition must know them: the tables pass it their lanes after the kernels.
	// (MatVecNarrow works in 256 bits on AVX-512 too: rows of a vector or two need no more.)
	Width map[string]int
	// Chunk is the most elements one call of a Sum, Max, Map or MapSum kernel is handed
	// (Chunk if 0): package kernels splits longer slices, so that no call runs long enough
	// to hold up a garbage collection (Go never preempts assembly).
	Chunk int
}

// The chunks, multiples of generic.Block so that chunks never split a sum's block: 64 Ki
// elements for the kernels of a few instructions an element, 16 Ki for the divisions and
// the transcendentals, so that a call of the slowest kernel takes at most about 50 µs on
// an amd64 backend.
const (
	Chunk      = 64 << 10
	ShortChunk = 16 << 10
)

// ChunkLen is the most elements one call of the kernel handles.
func (k Kernel) ChunkLen() int {
	if k.Chunk > 0 {
		return k.Chunk
	}
	return Chunk
}

// VectorLanes is the number of elements of one vector register of an ISA.
func VectorLanes(isa string, f64 bool) int {
	bytes := map[string]int{"avx2": 32, "avx512": 64, "neon": 16}[isa]
	if f64 {
		return bytes / 8
	}
	return bytes / 4
}

// Signature returns the kernel's Go parameters and result, T for the element type: the
// assembly function's, with the carry of a Sum, Max or MapSum last.
func (k Kernel) Signature() (params, result string) {
	params, result = k.Wrapped()
	switch k.Kind {
	case Sum, MapSum:
		return params + ", carry float64", "float64"
	case Max:
		return params + ", carry T", result
	}
	return params, result
}

// Wrapped returns the parameters and result of the kernel as a Table entry runs it, in
// chunks and without a carry: the Signature without its carry, the result a T.
func (k Kernel) Wrapped() (params, result string) {
	in := strings.Join(k.Inputs, ", ") + " []T"
	switch k.Kind {
	case Sum, Max:
		return in, "T"
	case Map, MapSum:
		params = "dst, " + in
		if len(k.Scalars) > 0 {
			params += ", " + strings.Join(k.Scalars, ", ") + " T"
		}
		if k.Kind == MapSum {
			result = "T"
		}
		return params, result
	}
	return k.Params, k.Result
}

// Chunked reports whether package kernels runs the kernel a chunk a call: every kind but
// Own, whose callers bound their calls themselves.
func (k Kernel) Chunked() bool { return k.Kind != Own }

// Func is the kernel's Go function type, T for the element type.
func (k Kernel) Func() string { return funcType(k.Signature()) }

// UnrollFor is Unroll on one ISA.
func (k Kernel) UnrollFor(isa string) int {
	if u, ok := k.UnrollOn[isa]; ok {
		return u
	}
	return k.Unroll
}

// Symbol is the name of the kernel's assembly function for an ISA and precision:
// DotF32AVX2.
func Symbol(kernel, isa string, f64 bool) string {
	p := "F32"
	if f64 {
		p = "F64"
	}
	return kernel + p + strings.ToUpper(isa)
}

// Entry is one field of kernels.Table: an assembly kernel as it is, or a Go function of
// package kernels composed of kernels. Every Table has the pure-Go function of package
// generic of the same name.
type Entry struct {
	Name string
	Doc  string // the field's comment
	// Kernel is the assembly kernel the entry runs as it is; the entry's signature is
	// the kernel's.
	Kernel string
	// Or Compose names the function of package kernels that builds the entry from the
	// kernels Uses names, passed in that order, and Func is the entry's signature. If Shape
	// names a kernel with a Tile, its rows, columns and vector length in elements follow,
	// and then, for an ISA that Narrow maps to another, that ISA's kernels NarrowUses
	// names and its Tile's rows and columns (nil and zeros for the other ISAs): the
	// composition's narrower tile, for products no wider than it.
	Compose    string
	Uses       []string
	Narrow     map[string]string
	NarrowUses []string
	// Raw passes the composition the assembly functions themselves, not the functions that
	// run them a chunk a call: it bounds its calls itself, and saves a call.
	Raw   bool
	Shape string
	Func  string
	Test  Spec
}

// Signature is the entry's Go function type, T for the element type.
func (e Entry) Signature() string {
	if e.Kernel != "" {
		return funcType(KernelNamed(e.Kernel).Wrapped())
	}
	return e.Func
}

// KernelNamed returns the kernel called name, and panics if there is none.
func KernelNamed(name string) Kernel {
	for _, k := range Kernels {
		if k.Name == name {
			return k
		}
	}
	panic("catalog: no kernel " + name)
}

// EntryNamed returns the Table entry called name, and panics if there is none.
func EntryNamed(name string) Entry {
	for _, e := range Table {
		if e.Name == name {
			return e
		}
	}
	panic("catalog: no entry " + name)
}

func funcType(params, result string) string {
	f := "func(" + params + ")"
	if result != "" {
		f += " " + result
	}
	return f
}

// Check reports what is inconsistent in the catalogue: duplicate names, entries that name
// missing kernels, signatures that are not what their kind implies.
func Check() error {
	var errs []string
	seen := map[string]bool{}
	for _, k := range Kernels {
		if seen[k.Name] {
			errs = append(errs, "kernel "+k.Name+" listed twice")
		}
		seen[k.Name] = true
		if k.Doc == "" || (k.Kind != Own && (len(k.Inputs) == 0 || k.Unroll <= 0)) {
			errs = append(errs, "kernel "+k.Name+" lacks a doc, inputs or an unroll")
		}
		if (k.Kind == Sum || k.Kind == Map || k.Kind == MapSum) && k.Body.Op == "" && k.Body.Name == "" {
			errs = append(errs, "kernel "+k.Name+" has no body")
		}
		if k.Kind == Own && k.Params == "" {
			errs = append(errs, "kernel "+k.Name+" of its own kind lacks Params")
		}
		if k.Chunk < 0 || k.Chunk%generic.Block != 0 {
			errs = append(errs, "kernel "+k.Name+"'s chunk is not a multiple of generic.Block")
		}
	}
	entries := map[string]bool{}
	for _, e := range Table {
		if entries[e.Name] {
			errs = append(errs, "entry "+e.Name+" listed twice")
		}
		entries[e.Name] = true
		switch {
		case (e.Kernel == "") == (e.Compose == ""):
			errs = append(errs, "entry "+e.Name+" needs exactly one of Kernel and Compose")
		case e.Kernel != "" && !seen[e.Kernel]:
			errs = append(errs, "entry "+e.Name+" runs kernel "+e.Kernel+", which is not listed")
		case e.Compose != "" && (e.Func == "" || len(e.Uses) == 0):
			errs = append(errs, "composed entry "+e.Name+" needs Func and Uses")
		}
		if e.Shape != "" && (!seen[e.Shape] || KernelNamed(e.Shape).Tile == nil) {
			errs = append(errs, "entry "+e.Name+" takes the shape of "+e.Shape+", which has no Tile")
		}
		for _, u := range e.Uses {
			if !seen[u] {
				errs = append(errs, "entry "+e.Name+" uses kernel "+u+", which is not listed")
			}
		}
		if e.Test.Family == 0 {
			errs = append(errs, "entry "+e.Name+" has no test family")
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("catalog: %s", strings.Join(errs, "; "))
	}
	return nil
}

// Expr is a kernel's vector body, read by gen/internal/vmath for every ISA: an operation
// on vectors (a method of vmath.Machine: Add, Sub, Mul, Div, MaxGo, Abs, Fma(a, b, c) =
// a·b + c and Fnma(a, b, c) = c − a·b, rounded once; KeepLess(a, b, t) = t where a < b,
// +0 elsewhere and where either is NaN; or one of its functions: Exp, Log, Log1p, Sigmoid,
// SigmoidDerivative, Tanh) applied to
// expressions, or a leaf: an input or scalar by name, a constant, or Zero.
type Expr struct {
	Op   string
	Args []Expr
	// Name is a leaf's input or scalar; Const a leaf's constant where Name is "".
	Name  string
	Const float64
}

// In is the input or scalar called name.
func In(name string) Expr { return Expr{Name: name} }

// C is the constant v, rounded to the precision, in every lane.
func C(v float64) Expr { return Expr{Op: "C", Const: v} }

// Zero is +0 in every lane, held in a register.
var Zero = Expr{Op: "Zero"}

// Op applies an operation to its arguments.
func Op(op string, args ...Expr) Expr { return Expr{Op: op, Args: args} }

func (e Expr) String() string {
	switch {
	case e.Name != "":
		return e.Name
	case e.Op == "C":
		return fmt.Sprint(e.Const)
	case len(e.Args) == 0:
		return e.Op
	}
	var args []string
	for _, a := range e.Args {
		args = append(args, a.String())
	}
	return e.Op + "(" + strings.Join(args, ", ") + ")"
}
