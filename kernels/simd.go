package kernels

import "github.com/lanesimd/lanes/generic"

// simd is what one instruction set's assembly provides at one precision; tableOf composes
// the rest of a Table from it, so each ISA lists its kernels and nothing else.
type simd[T Float] struct {
	dot, l1, l2                                      func(a, b []T) T
	sum, sumSq, max                                  func(x []T) T
	add, sub, mul, div, maximum                      func(dst, a, b []T)
	relu, exp, log, sigmoid, sigmoidDerivative, tanh func(dst, x []T)
	scale, addConst, divConst                        func(dst, x []T, c T)
	expSum                                           func(dst, x []T, m T) T             // dst[i] = exp(x[i]−m), returns Σ dst[i]
	matVec4                                          func(dst, w []T, stride int, x []T) // len(dst) a multiple of 4
}

// tableOf returns the table of an ISA's kernels. The single kernels go in as they are
// (wrapped only in race builds, to tell the detector what the assembly reads and writes,
// which it cannot see); the ops that loop over rows or fall back on a careful path are
// composed here, the same way as in package generic, so they round the same way.
func tableOf[T Float](k simd[T]) Table[T] {
	dot, sum, scale := reads2(k.dot), reads1(k.sum), writesScalar(k.scale)
	return Table[T]{
		Dot:   dot,
		Sum:   sum,
		SumSq: reads1(k.sumSq),
		Norm: func(x []T) T {
			raceRead(x)
			return generic.NormOf(x, k.sumSq(x))
		},
		Max: reads1(k.max),
		L1:  reads2(k.l1),
		L2:  reads2(k.l2),

		Add:      writes2(k.add),
		Sub:      writes2(k.sub),
		Mul:      writes2(k.mul),
		Div:      writes2(k.div),
		Maximum:  writes2(k.maximum),
		ReLU:     writes1(k.relu),
		Scale:    writesScalar(k.scale),
		AddConst: writesScalar(k.addConst),
		DivConst: writesScalar(k.divConst),

		Exp:               writes1(k.exp),
		Log:               writes1(k.log),
		Sigmoid:           writes1(k.sigmoid),
		SigmoidDerivative: writes1(k.sigmoidDerivative),
		Tanh:              writes1(k.tanh),
		SoftmaxRow: func(dst, x []T) {
			x = x[:len(dst)]
			raceRead(x)
			raceWrite(dst)
			s := k.expSum(dst, x, k.max(x))
			k.scale(dst, dst, 1/s)
		},

		MatVec: func(dst, w []T, stride int, x []T) {
			// Four rows share each load of x; rows longer than a block go one at a time
			// through the blocked dot product, for its error bound.
			four := 0
			if len(x) <= generic.Block {
				four = len(dst) &^ 3
			}
			if four > 0 {
				for i := range four {
					raceRead(w[i*stride : i*stride+len(x)])
				}
				raceRead(x)
				raceWrite(dst[:four])
				k.matVec4(dst[:four], w, stride, x)
			}
			for i := four; i < len(dst); i++ {
				dst[i] = dot(w[i*stride:i*stride+len(x)], x)
			}
		},
		Outer: func(dst []T, stride int, a, b []T) {
			for i, v := range a {
				scale(dst[i*stride:i*stride+len(b)], b, v)
			}
		},
		RowSums: func(dst, m []T, stride, cols int) {
			for i := range dst {
				dst[i] = sum(m[i*stride : i*stride+cols])
			}
		},
	}
}

// The wrappers below return the kernel itself unless the race detector is on.

func reads1[T Float](f func(x []T) T) func(x []T) T {
	if !raceEnabled {
		return f
	}
	return func(x []T) T {
		raceRead(x)
		return f(x)
	}
}

func reads2[T Float](f func(a, b []T) T) func(a, b []T) T {
	if !raceEnabled {
		return f
	}
	return func(a, b []T) T {
		raceRead(a)
		raceRead(b[:len(a)])
		return f(a, b)
	}
}

func writes1[T Float](f func(dst, x []T)) func(dst, x []T) {
	if !raceEnabled {
		return f
	}
	return func(dst, x []T) {
		raceRead(x[:len(dst)])
		raceWrite(dst)
		f(dst, x)
	}
}

func writes2[T Float](f func(dst, a, b []T)) func(dst, a, b []T) {
	if !raceEnabled {
		return f
	}
	return func(dst, a, b []T) {
		raceRead(a[:len(dst)])
		raceRead(b[:len(dst)])
		raceWrite(dst)
		f(dst, a, b)
	}
}

func writesScalar[T Float](f func(dst, x []T, c T)) func(dst, x []T, c T) {
	if !raceEnabled {
		return f
	}
	return func(dst, x []T, c T) {
		raceRead(x[:len(dst)])
		raceWrite(dst)
		f(dst, x, c)
	}
}
