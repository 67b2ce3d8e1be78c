//go:build !purego

package kernels

import "golang.org/x/sys/cpu"

// The arm64 backend: NEON (ASIMD) and its floating point are part of every ARMv8-A CPU
// that runs Go, but the check costs nothing and keeps a broken report from crashing.
func init() {
	if cpu.ARM64.HasASIMD && cpu.ARM64.HasFP {
		register(Backend{Name: "neon", F32: &neonF32, F64: &neonF64}, 2)
	}
}
