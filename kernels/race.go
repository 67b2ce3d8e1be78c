//go:build race

package kernels

import (
	"runtime"
	"unsafe"
)

// raceEnabled is true in race builds, where the assembly kernels are wrapped to report
// what they read and write: the detector sees no memory access made from assembly.
const raceEnabled = true

func raceRead[T Float](s []T) {
	if len(s) > 0 {
		runtime.RaceReadRange(unsafe.Pointer(&s[0]), len(s)*int(unsafe.Sizeof(s[0])))
	}
}

func raceWrite[T Float](s []T) {
	if len(s) > 0 {
		runtime.RaceWriteRange(unsafe.Pointer(&s[0]), len(s)*int(unsafe.Sizeof(s[0])))
	}
}
