package lanes_test

import (
	"testing"

	"github.com/lanesimd/lanes/bench/cases"
)

// Benchmarks are named Op/type=f32/n=N/impl=I (matrices: rows=R/cols=C), with impl each
// backend this CPU runs, "lanes" (the public API) and "loop" (a plain Go loop), so that
//
//	go test -run "^$" -bench "Dot/type=f32" -count 10 . | tee new.txt
//	benchstat -col /impl new.txt
//
// puts them side by side. The cases are bench/cases", shared with `go run ./bench`.

func benchOp(b *testing.B, op string) {
	for _, c := range cases.All([]string{op}, cases.Sizes, cases.Shapes) {
		b.Run(c.Sub(), c.Run)
	}
}

func BenchmarkCopy(b *testing.B)              { benchOp(b, "Copy") }
func BenchmarkDot(b *testing.B)               { benchOp(b, "Dot") }
func BenchmarkSum(b *testing.B)               { benchOp(b, "Sum") }
func BenchmarkMax(b *testing.B)               { benchOp(b, "Max") }
func BenchmarkNorm(b *testing.B)              { benchOp(b, "Norm") }
func BenchmarkL1(b *testing.B)                { benchOp(b, "L1") }
func BenchmarkL2(b *testing.B)                { benchOp(b, "L2") }
func BenchmarkAdd(b *testing.B)               { benchOp(b, "Add") }
func BenchmarkSub(b *testing.B)               { benchOp(b, "Sub") }
func BenchmarkMul(b *testing.B)               { benchOp(b, "Mul") }
func BenchmarkDiv(b *testing.B)               { benchOp(b, "Div") }
func BenchmarkMaximum(b *testing.B)           { benchOp(b, "Maximum") }
func BenchmarkReLU(b *testing.B)              { benchOp(b, "ReLU") }
func BenchmarkScale(b *testing.B)             { benchOp(b, "Scale") }
func BenchmarkAddConst(b *testing.B)          { benchOp(b, "AddConst") }
func BenchmarkExp(b *testing.B)               { benchOp(b, "Exp") }
func BenchmarkLog(b *testing.B)               { benchOp(b, "Log") }
func BenchmarkSigmoid(b *testing.B)           { benchOp(b, "Sigmoid") }
func BenchmarkSigmoidDerivative(b *testing.B) { benchOp(b, "SigmoidDerivative") }
func BenchmarkTanh(b *testing.B)              { benchOp(b, "Tanh") }
func BenchmarkMatVec(b *testing.B)            { benchOp(b, "MatVec") }
func BenchmarkOuter(b *testing.B)             { benchOp(b, "Outer") }
func BenchmarkRowSums(b *testing.B)           { benchOp(b, "RowSums") }
func BenchmarkSoftmax(b *testing.B)           { benchOp(b, "Softmax") }
func BenchmarkNormalizeRows(b *testing.B)     { benchOp(b, "NormalizeRows") }
func BenchmarkAddRow(b *testing.B)            { benchOp(b, "AddRow") }
func BenchmarkMulCol(b *testing.B)            { benchOp(b, "MulCol") }
func BenchmarkSubRow(b *testing.B)            { benchOp(b, "SubRow") }
func BenchmarkMulRow(b *testing.B)            { benchOp(b, "MulRow") }
func BenchmarkDivRow(b *testing.B)            { benchOp(b, "DivRow") }
func BenchmarkAddCol(b *testing.B)            { benchOp(b, "AddCol") }
func BenchmarkSubCol(b *testing.B)            { benchOp(b, "SubCol") }
func BenchmarkDivCol(b *testing.B)            { benchOp(b, "DivCol") }
