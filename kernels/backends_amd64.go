//go:build !purego

package kernels

import "golang.org/x/sys/cpu"

// The amd64 backends, registered when the CPU (and the OS, which must save the wider
// registers) supports every instruction their kernels execute: AVX2 and FMA for "avx2";
// for "avx512" also AVX-512 F, DQ (VRANGEPS, VANDPS on 512 bits), VL (EVEX forms on YMM and
// XMM in the horizontal sums), BW (not executed, but every CPU with DQ and VL has it, so
// requiring it excludes none) and BMI2 (BZHI builds the tail masks).
func init() {
	x := &cpu.X86
	if x.HasAVX2 && x.HasFMA {
		register(Backend{Name: "avx2", F32: &avx2F32, F64: &avx2F64}, 2)
		if x.HasAVX512F && x.HasAVX512DQ && x.HasAVX512BW && x.HasAVX512VL && x.HasBMI2 {
			register(Backend{Name: "avx512", F32: &avx512F32, F64: &avx512F64}, 3)
		}
	}
}
