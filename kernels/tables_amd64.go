//go:build !purego

package kernels

import (
	"golang.org/x/sys/cpu"

	"github.com/lanesimd/lanes/asm"
)

// The amd64 backends, registered when the CPU (and the OS, which must save the wider
// registers) supports every instruction their kernels execute: AVX2 and FMA for "avx2";
// for "avx512" also AVX-512 F, DQ (VRANGEPS, VANDPS on 512 bits), VL (EVEX forms on YMM and
// XMM in the horizontal sums), BW (not executed, but DESIGN's baseline: every CPU with DQ
// and VL has it) and BMI2 (BZHI builds the tail masks).
func init() {
	x := &cpu.X86
	if x.HasAVX2 && x.HasFMA {
		register(Backend{Name: "avx2", F32: &avx2F32, F64: &avx2F64}, 2)
		if x.HasAVX512F && x.HasAVX512DQ && x.HasAVX512BW && x.HasAVX512VL && x.HasBMI2 {
			register(Backend{Name: "avx512", F32: &avx512F32, F64: &avx512F64}, 3)
		}
	}
}

var (
	avx2F32 = tableOf(simd[float32]{
		dot:               asm.DotF32AVX2,
		l1:                asm.L1F32AVX2,
		l2:                asm.L2F32AVX2,
		sum:               asm.SumF32AVX2,
		sumSq:             asm.SumSqF32AVX2,
		max:               asm.MaxF32AVX2,
		add:               asm.AddF32AVX2,
		sub:               asm.SubF32AVX2,
		mul:               asm.MulF32AVX2,
		div:               asm.DivF32AVX2,
		maximum:           asm.MaximumF32AVX2,
		relu:              asm.ReLUF32AVX2,
		exp:               asm.ExpF32AVX2,
		log:               asm.LogF32AVX2,
		sigmoid:           asm.SigmoidF32AVX2,
		sigmoidDerivative: asm.SigmoidDerivativeF32AVX2,
		tanh:              asm.TanhF32AVX2,
		scale:             asm.ScaleF32AVX2,
		addConst:          asm.AddConstF32AVX2,
		divConst:          asm.DivConstF32AVX2,
		expSum:            asm.ExpSumF32AVX2,
		matVec4:           asm.MatVec4F32AVX2,
	})
	avx2F64 = tableOf(simd[float64]{
		dot:               asm.DotF64AVX2,
		l1:                asm.L1F64AVX2,
		l2:                asm.L2F64AVX2,
		sum:               asm.SumF64AVX2,
		sumSq:             asm.SumSqF64AVX2,
		max:               asm.MaxF64AVX2,
		add:               asm.AddF64AVX2,
		sub:               asm.SubF64AVX2,
		mul:               asm.MulF64AVX2,
		div:               asm.DivF64AVX2,
		maximum:           asm.MaximumF64AVX2,
		relu:              asm.ReLUF64AVX2,
		exp:               asm.ExpF64AVX2,
		log:               asm.LogF64AVX2,
		sigmoid:           asm.SigmoidF64AVX2,
		sigmoidDerivative: asm.SigmoidDerivativeF64AVX2,
		tanh:              asm.TanhF64AVX2,
		scale:             asm.ScaleF64AVX2,
		addConst:          asm.AddConstF64AVX2,
		divConst:          asm.DivConstF64AVX2,
		expSum:            asm.ExpSumF64AVX2,
		matVec4:           asm.MatVec4F64AVX2,
	})
	avx512F32 = tableOf(simd[float32]{
		dot:               asm.DotF32AVX512,
		l1:                asm.L1F32AVX512,
		l2:                asm.L2F32AVX512,
		sum:               asm.SumF32AVX512,
		sumSq:             asm.SumSqF32AVX512,
		max:               asm.MaxF32AVX512,
		add:               asm.AddF32AVX512,
		sub:               asm.SubF32AVX512,
		mul:               asm.MulF32AVX512,
		div:               asm.DivF32AVX512,
		maximum:           asm.MaximumF32AVX512,
		relu:              asm.ReLUF32AVX512,
		exp:               asm.ExpF32AVX512,
		log:               asm.LogF32AVX512,
		sigmoid:           asm.SigmoidF32AVX512,
		sigmoidDerivative: asm.SigmoidDerivativeF32AVX512,
		tanh:              asm.TanhF32AVX512,
		scale:             asm.ScaleF32AVX512,
		addConst:          asm.AddConstF32AVX512,
		divConst:          asm.DivConstF32AVX512,
		expSum:            asm.ExpSumF32AVX512,
		matVec4:           asm.MatVec4F32AVX512,
	})
	avx512F64 = tableOf(simd[float64]{
		dot:               asm.DotF64AVX512,
		l1:                asm.L1F64AVX512,
		l2:                asm.L2F64AVX512,
		sum:               asm.SumF64AVX512,
		sumSq:             asm.SumSqF64AVX512,
		max:               asm.MaxF64AVX512,
		add:               asm.AddF64AVX512,
		sub:               asm.SubF64AVX512,
		mul:               asm.MulF64AVX512,
		div:               asm.DivF64AVX512,
		maximum:           asm.MaximumF64AVX512,
		relu:              asm.ReLUF64AVX512,
		exp:               asm.ExpF64AVX512,
		log:               asm.LogF64AVX512,
		sigmoid:           asm.SigmoidF64AVX512,
		sigmoidDerivative: asm.SigmoidDerivativeF64AVX512,
		tanh:              asm.TanhF64AVX512,
		scale:             asm.ScaleF64AVX512,
		addConst:          asm.AddConstF64AVX512,
		divConst:          asm.DivConstF64AVX512,
		expSum:            asm.ExpSumF64AVX512,
		matVec4:           asm.MatVec4F64AVX512,
	})
)
