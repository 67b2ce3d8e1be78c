package vmath

import "github.com/lanesimd/lanes/internal/catalog"

// pair is a Machine over two vectors at once: each operation is emitted for the first
// vector and then for the second, so that a body of long dependency chains (exp's
// polynomial, log's division) is written as two interleaved chains. Out-of-order cores
// hold only a few dozen vector operations in their schedulers: a transcendental's body
// written whole, then written again, leaves the second copy waiting behind the first's
// latencies; interleaved, every other operation is independent of its predecessor.
//
// A pair whose halves are the same operand (a constant, a broadcast scalar, a zero) is
// loaded into one register, not two. The operations that may overwrite an operand
// (Horner, FnmaAcc) compute the second half without overwriting when the halves share it.
type pair[V comparable, M any] struct{ m Machine[V, M] }

// PairedBody is a Map kernel's body over two vectors of each input at once.
type PairedBody[V comparable, M any] func(m Machine[V, M], scalars []V) func(in [][2]V) [2]V

// PairedBodyOf compiles a Map or MapSum kernel's catalogue body for two vectors at once.
func PairedBodyOf[V comparable, M any](k catalog.Kernel) (PairedBody[V, M], error) {
	b, err := BodyOf[[2]V, [2]M](k)
	if err != nil {
		return nil, err
	}
	return func(m Machine[V, M], scalars []V) func([][2]V) [2]V {
		ps := make([][2]V, len(scalars))
		for i, s := range scalars {
			ps[i] = [2]V{s, s}
		}
		return b(&pair[V, M]{m: m}, ps)
	}, nil
}

func (p *pair[V, M]) both(f func(V) V, a [2]V) [2]V {
	if a[0] == a[1] {
		v := f(a[0])
		return [2]V{v, v}
	}
	return [2]V{f(a[0]), f(a[1])}
}

func (p *pair[V, M]) two(f func(a, b V) V, a, b [2]V) [2]V { return [2]V{f(a[0], b[0]), f(a[1], b[1])} }

func (p *pair[V, M]) three(f func(a, b, c V) V, a, b, c [2]V) [2]V {
	return [2]V{f(a[0], b[0], c[0]), f(a[1], b[1], c[1])}
}

func (p *pair[V, M]) F64() bool           { return p.m.F64() }
func (p *pair[V, M]) Comment(text string) { p.m.Comment(text) }
func (p *pair[V, M]) C(v float64) [2]V {
	c := p.m.C(v)
	return [2]V{c, c}
}
func (p *pair[V, M]) Bits(b uint64) [2]V {
	c := p.m.Bits(b)
	return [2]V{c, c}
}
func (p *pair[V, M]) Reg(v [2]V) [2]V { return p.both(p.m.Reg, v) }
func (p *pair[V, M]) Zero() [2]V {
	z := p.m.Zero()
	return [2]V{z, z}
}

func (p *pair[V, M]) Add(a, b [2]V) [2]V     { return p.two(p.m.Add, a, b) }
func (p *pair[V, M]) Sub(a, b [2]V) [2]V     { return p.two(p.m.Sub, a, b) }
func (p *pair[V, M]) Mul(a, b [2]V) [2]V     { return p.two(p.m.Mul, a, b) }
func (p *pair[V, M]) Div(a, b [2]V) [2]V     { return p.two(p.m.Div, a, b) }
func (p *pair[V, M]) And(a, b [2]V) [2]V     { return p.two(p.m.And, a, b) }
func (p *pair[V, M]) Or(a, b [2]V) [2]V      { return p.two(p.m.Or, a, b) }
func (p *pair[V, M]) Max(a, b [2]V) [2]V     { return p.two(p.m.Max, a, b) }
func (p *pair[V, M]) Min(a, b [2]V) [2]V     { return p.two(p.m.Min, a, b) }
func (p *pair[V, M]) MaxGo(a, b [2]V) [2]V   { return p.two(p.m.MaxGo, a, b) }
func (p *pair[V, M]) Fma(a, b, c [2]V) [2]V  { return p.three(p.m.Fma, a, b, c) }
func (p *pair[V, M]) Fnma(a, b, c [2]V) [2]V { return p.three(p.m.Fnma, a, b, c) }
func (p *pair[V, M]) RoundEven(a [2]V) [2]V  { return p.both(p.m.RoundEven, a) }
func (p *pair[V, M]) Trunc(a [2]V) [2]V      { return p.both(p.m.Trunc, a) }
func (p *pair[V, M]) Scale(a, n [2]V) [2]V   { return p.two(p.m.Scale, a, n) }
func (p *pair[V, M]) AddInt(a, b [2]V) [2]V  { return p.two(p.m.AddInt, a, b) }
func (p *pair[V, M]) SubInt(a, b [2]V) [2]V  { return p.two(p.m.SubInt, a, b) }
func (p *pair[V, M]) Shl(a [2]V, n uint64) [2]V {
	return p.both(func(v V) V { return p.m.Shl(v, n) }, a)
}
func (p *pair[V, M]) Shr(a [2]V, n uint64) [2]V {
	return p.both(func(v V) V { return p.m.Shr(v, n) }, a)
}

// Horner and FnmaAcc may overwrite their first operand: where its halves are one register,
// the second half is computed by Fma or Fnma, which overwrite nothing, before the first.
func (p *pair[V, M]) Horner(a, r, c [2]V) [2]V {
	if a[0] == a[1] {
		second := p.m.Fma(a[1], r[1], c[1])
		return [2]V{p.m.Horner(a[0], r[0], c[0]), second}
	}
	return p.three(p.m.Horner, a, r, c)
}

func (p *pair[V, M]) FnmaAcc(acc, a, b [2]V) [2]V {
	if acc[0] == acc[1] {
		second := p.m.Fnma(a[1], b[1], acc[1])
		return [2]V{p.m.FnmaAcc(acc[0], a[0], b[0]), second}
	}
	return p.three(p.m.FnmaAcc, acc, a, b)
}

func (p *pair[V, M]) Less(a, b [2]V) [2]M  { return [2]M{p.m.Less(a[0], b[0]), p.m.Less(a[1], b[1])} }
func (p *pair[V, M]) Equal(a, b [2]V) [2]M { return [2]M{p.m.Equal(a[0], b[0]), p.m.Equal(a[1], b[1])} }
func (p *pair[V, M]) GreaterEq(a, b [2]V) [2]M {
	return [2]M{p.m.GreaterEq(a[0], b[0]), p.m.GreaterEq(a[1], b[1])}
}
func (p *pair[V, M]) NotLess(a, b [2]V) [2]M {
	return [2]M{p.m.NotLess(a[0], b[0]), p.m.NotLess(a[1], b[1])}
}
func (p *pair[V, M]) Blend(m [2]M, t, f [2]V) [2]V {
	return [2]V{p.m.Blend(m[0], t[0], f[0]), p.m.Blend(m[1], t[1], f[1])}
}
func (p *pair[V, M]) Keep(m [2]M, a [2]V) [2]V {
	return [2]V{p.m.Keep(m[0], a[0]), p.m.Keep(m[1], a[1])}
}

func (p *pair[V, M]) AddTo(acc, b [2]V) {
	p.m.AddTo(acc[0], b[0])
	p.m.AddTo(acc[1], b[1])
}

func (p *pair[V, M]) FmaTo(acc, a, b [2]V) {
	p.m.FmaTo(acc[0], a[0], b[0])
	p.m.FmaTo(acc[1], a[1], b[1])
}
