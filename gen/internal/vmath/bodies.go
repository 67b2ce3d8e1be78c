package vmath

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/lanesimd/lanes/internal/catalog"
)

// The vector bodies of the catalogue's kernels (internal/catalog), by kernel name: what
// one vector of results is, written once for every instruction set. The per-ISA loop
// skeletons run them; an ISA overrides a body where it has a better instruction (NEON's
// FABD for L1) and writes the kernels of kind Own itself.

// Body emits what a Map kernel needs before its loop (constants held in registers) and
// returns the code for one vector of results from one vector of each input; scalars are
// the kernel's scalar parameters, in every lane.
type Body[V, M any] func(m Machine[V, M], scalars []V) func(in []V) V

// Step folds one vector of each input into the accumulator acc of a Sum kernel, in place.
// The inputs may be memory operands: m.Reg loads one where an instruction needs it in a
// register.
type Step[V, M any] func(m Machine[V, M], acc V, in []V)

// Bodies returns the body of every Map and MapSum kernel.
func Bodies[V, M any]() map[string]Body[V, M] {
	binary := func(f func(m Machine[V, M], a, b V) V) Body[V, M] {
		return func(m Machine[V, M], _ []V) func([]V) V {
			return func(in []V) V { return f(m, in[0], in[1]) }
		}
	}
	// withScalar: f(x, c) for the kernels of one input and one scalar.
	withScalar := func(f func(m Machine[V, M], x, c V) V) Body[V, M] {
		return func(m Machine[V, M], c []V) func([]V) V {
			return func(in []V) V { return f(m, in[0], c[0]) }
		}
	}
	// exp: the kernels built on exp, with its bounds held in registers.
	exp := func(f func(m Machine[V, M], c *ExpClamp[V], x V) V) Body[V, M] {
		return func(m Machine[V, M], _ []V) func([]V) V {
			c := ExpSetup(m)
			return func(in []V) V { return f(m, &c, in[0]) }
		}
	}
	return map[string]Body[V, M]{
		"Add":      binary(func(m Machine[V, M], a, b V) V { return m.Add(a, b) }),
		"Sub":      binary(func(m Machine[V, M], a, b V) V { return m.Sub(a, b) }),
		"Mul":      binary(func(m Machine[V, M], a, b V) V { return m.Mul(a, b) }),
		"Div":      binary(func(m Machine[V, M], a, b V) V { return m.Div(a, b) }),
		"Maximum":  binary(func(m Machine[V, M], a, b V) V { return m.MaxGo(a, b) }),
		"Scale":    withScalar(func(m Machine[V, M], x, c V) V { return m.Mul(c, x) }),
		"AddConst": withScalar(func(m Machine[V, M], x, c V) V { return m.Add(x, c) }),
		"DivConst": withScalar(func(m Machine[V, M], x, c V) V { return m.Div(x, c) }),
		"ReLU": func(m Machine[V, M], _ []V) func([]V) V {
			zero := m.Zero()
			return func(in []V) V { return m.MaxGo(in[0], zero) }
		},
		"Exp":               exp(Exp[V, M]),
		"Sigmoid":           exp(Sigmoid[V, M]),
		"SigmoidDerivative": exp(SigmoidDerivative[V, M]),
		"Log": func(m Machine[V, M], _ []V) func([]V) V {
			return func(in []V) V { return Log(m, in[0]) }
		},
		"Tanh": func(m Machine[V, M], _ []V) func([]V) V {
			hi := TanhSetup(m)
			return func(in []V) V { return Tanh(m, hi, in[0]) }
		},
		// softmax's pass: exp(x − max), summed by the skeleton.
		"ExpSum": func(m Machine[V, M], s []V) func([]V) V {
			c := ExpSetup(m)
			return func(in []V) V { return Exp(m, &c, m.Sub(in[0], s[0])) }
		},
	}
}

// Steps returns the step of every Sum kernel.
func Steps[V, M any]() map[string]Step[V, M] {
	return map[string]Step[V, M]{
		"Sum": func(m Machine[V, M], acc V, in []V) { m.AddTo(acc, in[0]) },
		"SumSq": func(m Machine[V, M], acc V, in []V) {
			x := m.Reg(in[0])
			m.FmaTo(acc, x, x)
		},
		"Dot": func(m Machine[V, M], acc V, in []V) { m.FmaTo(acc, m.Reg(in[0]), in[1]) },
		"L1": func(m Machine[V, M], acc V, in []V) {
			m.AddTo(acc, m.And(m.Sub(m.Reg(in[0]), in[1]), AbsMask(m)))
		},
		"L2": func(m Machine[V, M], acc V, in []V) {
			d := m.Sub(m.Reg(in[0]), in[1])
			m.FmaTo(acc, d, d)
		},
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

// Coverage reports how an ISA's bodies and the catalogue disagree: a catalogue kernel
// without a body, step or own writer on that ISA, or a body, step or writer whose kernel
// the catalogue lacks or lists under another kind. Max kernels have their skeleton's own
// step on each ISA.
func Coverage[V, M any](bodyOverrides map[string]Body[V, M], stepOverrides map[string]Step[V, M], own []string) error {
	have := map[string][]catalog.Kind{}
	for name := range Bodies[V, M]() {
		have[name] = append(have[name], catalog.Map, catalog.MapSum)
	}
	for name := range bodyOverrides {
		have[name] = append(have[name], catalog.Map, catalog.MapSum)
	}
	for name := range Steps[V, M]() {
		have[name] = append(have[name], catalog.Sum)
	}
	for name := range stepOverrides {
		have[name] = append(have[name], catalog.Sum)
	}
	for _, name := range own {
		have[name] = append(have[name], catalog.Own)
	}
	var errs []string
	listed := map[string]bool{}
	for _, k := range catalog.Kernels {
		listed[k.Name] = true
		if k.Kind != catalog.Max && !slices.Contains(have[k.Name], k.Kind) {
			errs = append(errs, fmt.Sprintf("kernel %s (kind %d) has no body", k.Name, k.Kind))
		}
	}
	for name, kinds := range have {
		if !listed[name] {
			errs = append(errs, fmt.Sprintf("%s has a body but no catalogue entry", name))
			continue
		}
		if !slices.Contains(kinds, catalog.KernelNamed(name).Kind) {
			errs = append(errs, fmt.Sprintf("%s has a body for another kind than the catalogue's", name))
		}
	}
	if len(errs) > 0 {
		slices.Sort(errs)
		return errors.New(strings.Join(errs, "; "))
	}
	return nil
}
