package lanes

import "testing"

// No op allocates, in either precision, on any backend.
func TestNoAllocation(t *testing.T) {
	eachBackend(t, func(t *testing.T) { both(t, noAllocation[float32], noAllocation[float64]) })
}

func noAllocation[T Float](t *testing.T) {
	const n = 100
	a, b, dst := make([]T, n), make([]T, n), make([]T, n)
	for i := range a {
		a[i], b[i] = T(i+1), T(n-i)
	}
	m, out := MatrixOf(10, 10, make([]T, n)), NewMatrix[T](10, 10)
	v := make([]T, 10)
	for i := range v {
		v[i] = 1
	}
	var sink T
	ops := map[string]func(){
		"Dot": func() { sink += Dot(a, b) }, "Sum": func() { sink += Sum(a) }, "Max": func() { sink += Max(a) },
		"Norm": func() { sink += Norm(a) }, "L1": func() { sink += L1(a, b) }, "L2": func() { sink += L2(a, b) },
		"Add": func() { Add(dst, a, b) }, "Sub": func() { Sub(dst, a, b) }, "Mul": func() { Mul(dst, a, b) },
		"Div": func() { Div(dst, a, b) }, "Maximum": func() { Maximum(dst, a, b) },
		"Scale": func() { Scale(dst, 2, a) }, "AddConst": func() { AddConst(dst, 2, a) },
		"ReLU": func() { ReLU(dst, a) }, "Exp": func() { Exp(dst, a) }, "Tanh": func() { Tanh(dst, a) }, "Log": func() { Log(dst, a) }, "Sigmoid": func() { Sigmoid(dst, a) },
		"SigmoidDerivative": func() { SigmoidDerivative(dst, a) },
		"Outer":             func() { Outer(out, v, v) }, "MatVec": func() { MatVec(v, m, a[:10]) },
		"RowSums": func() { RowSums(v, m) }, "Softmax": func() { Softmax(out, m) },
		"NormalizeRows": func() { NormalizeRows(out, m) },
		"AddCol":        func() { AddCol(out, m, v) }, "SubCol": func() { SubCol(out, m, v) },
		"MulCol": func() { MulCol(out, m, v) }, "DivCol": func() { DivCol(out, m, v) },
		"AddRow": func() { AddRow(out, m, v) }, "SubRow": func() { SubRow(out, m, v) },
		"MulRow": func() { MulRow(out, m, v) }, "DivRow": func() { DivRow(out, m, v) },
		"Reshape": func() { sink += Reshape(m, 5, 20).At(0, 0) }, "Row": func() { sink += m.Row(3)[0] },
		"Image2Vector": func() { sink += Image2Vector(a, 5, 5, 4).At(0, 0) },
		"MatrixOf":     func() { sink += MatrixOf(4, 25, a).At(0, 0) },
		"Backend":      func() { _ = Backend() },
	}
	for name, f := range ops {
		if allocs := testing.AllocsPerRun(20, f); allocs != 0 {
			t.Errorf("%s allocates %v times per call", name, allocs)
		}
	}
	_ = sink
}
