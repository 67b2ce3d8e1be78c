//go:build !purego

package kernels

import (
	"golang.org/x/sys/cpu"

	"github.com/lanesimd/lanes/asm"
)

// The arm64 backend: NEON (ASIMD) and its floating point are part of every ARMv8-A CPU
// that runs Go, but the check costs nothing and keeps a broken report from crashing.
func init() {
	if cpu.ARM64.HasASIMD && cpu.ARM64.HasFP {
		register(Backend{Name: "neon", F32: &neonF32, F64: &neonF64}, 2)
	}
}

var (
	neonF32 = tableOf(simd[float32]{
		dot:               asm.DotF32NEON,
		l1:                asm.L1F32NEON,
		l2:                asm.L2F32NEON,
		sum:               asm.SumF32NEON,
		sumSq:             asm.SumSqF32NEON,
		max:               asm.MaxF32NEON,
		add:               asm.AddF32NEON,
		sub:               asm.SubF32NEON,
		mul:               asm.MulF32NEON,
		div:               asm.DivF32NEON,
		maximum:           asm.MaximumF32NEON,
		relu:              asm.ReLUF32NEON,
		exp:               asm.ExpF32NEON,
		log:               asm.LogF32NEON,
		sigmoid:           asm.SigmoidF32NEON,
		sigmoidDerivative: asm.SigmoidDerivativeF32NEON,
		tanh:              asm.TanhF32NEON,
		scale:             asm.ScaleF32NEON,
		addConst:          asm.AddConstF32NEON,
		divConst:          asm.DivConstF32NEON,
		expSum:            asm.ExpSumF32NEON,
		matVec4:           asm.MatVec4F32NEON,
	})
	neonF64 = tableOf(simd[float64]{
		dot:               asm.DotF64NEON,
		l1:                asm.L1F64NEON,
		l2:                asm.L2F64NEON,
		sum:               asm.SumF64NEON,
		sumSq:             asm.SumSqF64NEON,
		max:               asm.MaxF64NEON,
		add:               asm.AddF64NEON,
		sub:               asm.SubF64NEON,
		mul:               asm.MulF64NEON,
		div:               asm.DivF64NEON,
		maximum:           asm.MaximumF64NEON,
		relu:              asm.ReLUF64NEON,
		exp:               asm.ExpF64NEON,
		log:               asm.LogF64NEON,
		sigmoid:           asm.SigmoidF64NEON,
		sigmoidDerivative: asm.SigmoidDerivativeF64NEON,
		tanh:              asm.TanhF64NEON,
		scale:             asm.ScaleF64NEON,
		addConst:          asm.AddConstF64NEON,
		divConst:          asm.DivConstF64NEON,
		expSum:            asm.ExpSumF64NEON,
		matVec4:           asm.MatVec4F64NEON,
	})
)
