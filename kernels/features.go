package kernels

import (
	"runtime"
	"strings"

	"golang.org/x/sys/cpu"
)

// Features lists the CPU features that matter to lanes' backends, as golang.org/x/sys/cpu
// reports them: what a benchmark report or a bug report should show.
func Features() string {
	var f []string
	add := func(name string, has bool) {
		if has {
			f = append(f, name)
		}
	}
	switch runtime.GOARCH {
	case "amd64", "386":
		x := &cpu.X86
		add("sse4.1", x.HasSSE41)
		add("avx", x.HasAVX)
		add("avx2", x.HasAVX2)
		add("fma", x.HasFMA)
		add("avx512f", x.HasAVX512F)
		add("avx512dq", x.HasAVX512DQ)
		add("avx512bw", x.HasAVX512BW)
		add("avx512vl", x.HasAVX512VL)
		add("bmi2", x.HasBMI2)
	case "arm64":
		add("asimd", cpu.ARM64.HasASIMD)
		add("fp", cpu.ARM64.HasFP)
		add("asimdhp", cpu.ARM64.HasASIMDHP)
		add("sve", cpu.ARM64.HasSVE)
	}
	if len(f) == 0 {
		return "none"
	}
	return strings.Join(f, " ")
}
