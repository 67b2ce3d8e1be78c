// Command amd64 writes lanes' AVX2+FMA and AVX-512 kernels with Avo: one .s file and one
// file of Go stubs per instruction set, both precisions in each.
//
//	go run ./amd64 -isa avx2 -out ../asm/avx2_amd64.s -stubs ../asm/avx2_amd64.go -pkg asm
//
// The algorithms and constants come from package generic, the kernels' reference.
package main

import (
	"flag"
	"log"
	"math"

	. "github.com/mmcloughlin/avo/build"
)

var negInf = math.Inf(-1)

func main() {
	name := flag.String("isa", "", "instruction set: avx2 or avx512")
	flag.Parse()
	var avx512 bool
	switch *name {
	case "avx2":
	case "avx512":
		avx512 = true
	default:
		log.Fatalf("-isa must be avx2 or avx512, not %q", *name)
	}
	ConstraintExpr("!purego")
	for _, f64 := range []bool{false, true} {
		s := &isa{name: map[bool]string{false: "AVX2", true: "AVX512"}[avx512], avx512: avx512, f64: f64}
		s.generate()
	}
	Generate()
}
