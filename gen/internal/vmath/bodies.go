package vmath

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/lanesimd/lanes/internal/catalog"
)

// The vector bodies of the catalogue's kernels (internal/catalog): each kernel's Body, an
// expression over Machine's operations and this package's functions, compiled here for
// every instruction set. The per-ISA loop skeletons run them; an ISA overrides a body where
// it has a better instruction (NEON's FABD for L1) and writes the kernels of kind Own
// itself.

// Body emits what a Map kernel needs before its loop (constants held in registers) and
// returns the code for one vector of results from one vector of each input; scalars are
// the kernel's scalar parameters, in every lane.
type Body[V, M any] func(m Machine[V, M], scalars []V) func(in []V) V

// Step folds one vector of each input into the accumulator acc of a Sum kernel, in place.
// The inputs may be memory operands: m.Reg loads one where an instruction needs it in a
// register.
type Step[V, M any] func(m Machine[V, M], acc V, in []V)

// BodyOf compiles a Map or MapSum kernel's catalogue body.
func BodyOf[V, M any](k catalog.Kernel) (Body[V, M], error) {
	if err := check(k.Body, k); err != nil {
		return nil, err
	}
	return func(m Machine[V, M], scalars []V) func([]V) V {
		eval := compile(m, k.Body, k, scalars)
		return func(in []V) V { return eval(in, map[string]V{}) }
	}, nil
}

// StepOf compiles a Sum kernel's catalogue body, the term it adds: a product goes into the
// accumulator by one FMA.
func StepOf[V, M any](k catalog.Kernel) (Step[V, M], error) {
	if err := check(k.Body, k); err != nil {
		return nil, err
	}
	return func(m Machine[V, M], acc V, in []V) {
		term := k.Body
		if term.Op == "Mul" {
			p, q := compile(m, term.Args[0], k, nil), compile(m, term.Args[1], k, nil)
			memo := map[string]V{}
			m.FmaTo(acc, p(in, memo), q(in, memo))
			return
		}
		m.AddTo(acc, compile(m, term, k, nil)(in, map[string]V{}))
	}, nil
}

// arity is the operations a body may apply, by their number of arguments.
var arity = map[string]int{
	"Add": 2, "Sub": 2, "Mul": 2, "Div": 2, "MaxGo": 2, "Abs": 1, "Fma": 3, "Fnma": 3, "KeepLess": 3,
	"Exp": 1, "Log": 1, "Log1p": 1, "Sigmoid": 1, "SigmoidDerivative": 1, "Tanh": 1,
	"C": 0, "Zero": 0,
}

// check reports an operation vmath does not know, a wrong number of arguments, or a name
// that is neither an input nor a scalar of k.
func check(e catalog.Expr, k catalog.Kernel) error {
	if e.Name != "" {
		if !slices.Contains(k.Inputs, e.Name) && !slices.Contains(k.Scalars, e.Name) {
			return fmt.Errorf("kernel %s: its body names %s, not a parameter", k.Name, e.Name)
		}
		return nil
	}
	if n, ok := arity[e.Op]; !ok || n != len(e.Args) {
		return fmt.Errorf("kernel %s: %s is no operation of vmath with %d arguments", k.Name, e.Op, len(e.Args))
	}
	for _, a := range e.Args {
		if err := check(a, k); err != nil {
			return err
		}
	}
	return nil
}

// compile emits what e needs before the loop (constants in registers, exp's bounds) and
// returns its evaluation for one vector of each input. An evaluation computes each distinct
// subexpression once (memo, by its text), and holds in a register an input the body
// reads more than once, so that it is loaded once.
func compile[V, M any](m Machine[V, M], e catalog.Expr, k catalog.Kernel, scalars []V) func(in []V, memo map[string]V) V {
	uses := map[string]int{}
	countLeaves(k.Body, map[string]bool{}, uses)
	consts := map[float64]V{}
	var walk func(e catalog.Expr) func(in []V, memo map[string]V) V
	walk = func(e catalog.Expr) func(in []V, memo map[string]V) V {
		key := e.String()
		memoized := func(f func(in []V, memo map[string]V) V) func(in []V, memo map[string]V) V {
			return func(in []V, memo map[string]V) V {
				if v, ok := memo[key]; ok {
					return v
				}
				v := f(in, memo)
				memo[key] = v
				return v
			}
		}
		if e.Name != "" {
			if i := slices.Index(k.Scalars, e.Name); i >= 0 {
				return func([]V, map[string]V) V { return scalars[i] }
			}
			i := slices.Index(k.Inputs, e.Name)
			return memoized(func(in []V, _ map[string]V) V {
				if uses[e.Name] > 1 {
					return m.Reg(in[i])
				}
				return in[i]
			})
		}
		switch e.Op {
		case "C":
			// In a register, loaded before the loop: on amd64 a constant that an
			// instruction needs as its first source (1 − y) was loaded anew each vector,
			// a load more per vector than Mul's, which put TanhBackward 17% behind Mul.
			c, ok := consts[e.Const]
			if !ok {
				c = m.Reg(m.C(e.Const))
				consts[e.Const] = c
			}
			return func([]V, map[string]V) V { return c }
		case "Zero":
			zero := m.Zero()
			return func([]V, map[string]V) V { return zero }
		}
		var args []func(in []V, memo map[string]V) V
		for _, a := range e.Args {
			args = append(args, walk(a))
		}
		var f func(v []V) V
		switch e.Op {
		case "Add":
			f = func(v []V) V { return m.Add(v[0], v[1]) }
		case "Sub":
			f = func(v []V) V { return m.Sub(v[0], v[1]) }
		case "Mul":
			f = func(v []V) V { return m.Mul(v[0], v[1]) }
		case "Div":
			f = func(v []V) V { return m.Div(v[0], v[1]) }
		case "MaxGo":
			f = func(v []V) V { return m.MaxGo(v[0], v[1]) }
		case "Abs":
			f = func(v []V) V { return m.And(v[0], AbsMask(m)) }
		case "Fma":
			f = func(v []V) V { return m.Fma(v[0], v[1], v[2]) }
		case "Fnma":
			f = func(v []V) V { return m.Fnma(v[0], v[1], v[2]) }
		case "KeepLess":
			f = func(v []V) V { return m.Keep(m.Less(v[0], v[1]), v[2]) }
		case "Exp", "Sigmoid", "SigmoidDerivative":
			c := ExpSetup(m)
			fn := map[string]func(Machine[V, M], *ExpClamp[V], V) V{"Exp": Exp[V, M], "Sigmoid": Sigmoid[V, M], "SigmoidDerivative": SigmoidDerivative[V, M]}[e.Op]
			f = func(v []V) V { return fn(m, &c, v[0]) }
		case "Log":
			f = func(v []V) V { return Log(m, v[0]) }
		case "Log1p":
			f = func(v []V) V { return Log1p(m, v[0]) }
		case "Tanh":
			hi := TanhSetup(m)
			f = func(v []V) V { return Tanh(m, hi, v[0]) }
		default:
			panic("vmath: no operation " + e.Op) // check rejected it before
		}
		return memoized(func(in []V, memo map[string]V) V {
			v := make([]V, len(args))
			for i, a := range args {
				v[i] = a(in, memo)
			}
			return f(v)
		})
	}
	return walk(e)
}

// countLeaves counts the uses of each name in the distinct subexpressions of e.
func countLeaves(e catalog.Expr, seen map[string]bool, uses map[string]int) {
	if key := e.String(); seen[key] && len(e.Args) > 0 {
		return
	} else {
		seen[key] = true
	}
	if e.Name != "" {
		uses[e.Name]++
	}
	for _, a := range e.Args {
		countLeaves(a, seen, uses)
	}
}

// Tree combines values pairwise, like the generic code's (s0 + s1) + (s2 + s3): how the
// skeletons join their accumulators.
func Tree[V any](v []V, combine func(a, b V) V) V {
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

// Writers are an ISA's loop skeletons and its own kernels, and its overrides of the
// catalogue's bodies where it has a better instruction.
type Writers[V comparable, M any] struct {
	Reduction func(k catalog.Kernel, step Step[V, M]) // a Sum kernel by its step; Max with none
	// Elementwise writes a Map or MapSum kernel from its body and the same body over two
	// vectors at once (nil where the ISA overrides the body).
	Elementwise func(k catalog.Kernel, body Body[V, M], paired PairedBody[V, M])
	Own         map[string]func()     // the kernels of kind Own, by name
	Bodies      map[string]Body[V, M] // overrides, by kernel name
	Steps       map[string]Step[V, M]
}

// Generate writes every kernel of the catalogue, in its order, each through emit: its body
// or step compiled from the catalogue or overridden, or its own writer.
func Generate[V comparable, M any](w Writers[V, M], emit func(write func())) error {
	for _, k := range catalog.Kernels {
		switch k.Kind {
		case catalog.Sum:
			step, ok := w.Steps[k.Name]
			if !ok {
				var err error
				if step, err = StepOf[V, M](k); err != nil {
					return err
				}
			}
			emit(func() { w.Reduction(k, step) })
		case catalog.Max:
			emit(func() { w.Reduction(k, nil) })
		case catalog.Map, catalog.MapSum:
			body, ok := w.Bodies[k.Name]
			var paired PairedBody[V, M]
			if !ok {
				var err error
				if body, err = BodyOf[V, M](k); err != nil {
					return err
				}
				if paired, err = PairedBodyOf[V, M](k); err != nil {
					return err
				}
			}
			emit(func() { w.Elementwise(k, body, paired) })
		case catalog.Own:
			write, ok := w.Own[k.Name]
			if !ok {
				return fmt.Errorf("kernel %s: no writer of its own on this ISA", k.Name)
			}
			emit(write)
		}
	}
	return nil
}

// Coverage reports how an ISA's writers and the catalogue disagree: a kernel of kind Own
// that the ISA does not write, or an override or writer whose kernel the catalogue lacks
// or lists under another kind. (A body of the catalogue vmath cannot compile fails the
// generator.)
func Coverage[V comparable, M any](w Writers[V, M]) error {
	var errs []string
	kindOf := map[string]catalog.Kind{}
	for _, k := range catalog.Kernels {
		kindOf[k.Name] = k.Kind
		if _, ok := w.Own[k.Name]; k.Kind == catalog.Own && !ok {
			errs = append(errs, "kernel "+k.Name+" of its own kind is not written")
		}
	}
	want := func(name string, kinds ...catalog.Kind) {
		if kind, ok := kindOf[name]; !ok || !slices.Contains(kinds, kind) {
			errs = append(errs, name+" has a body or writer but no catalogue kernel of its kind")
		}
	}
	for name := range w.Bodies {
		want(name, catalog.Map, catalog.MapSum)
	}
	for name := range w.Steps {
		want(name, catalog.Sum)
	}
	for name := range w.Own {
		want(name, catalog.Own)
	}
	if len(errs) > 0 {
		slices.Sort(errs)
		return errors.New(strings.Join(errs, "; "))
	}
	return nil
}
