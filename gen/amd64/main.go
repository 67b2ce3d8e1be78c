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
	"os"
	"regexp"

	. "github.com/mmcloughlin/avo/build"
)

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
		s := &isa{avx512: avx512, f64: f64}
		s.generate()
	}
	Generate()
	pruneVectorSelfMoves(flag.Lookup("out").Value.String())
}

// selfMove matches a vector move from a register to itself: the allocator leaves one
// where an operation copied a value that was dead after it (isa.fma and friends copy their
// accumulator, not knowing whether it is still needed). Avo prunes such general-purpose
// moves but not vector ones.
var selfMove = regexp.MustCompile(`(?m)^\tVMOVAP[SD] +([XYZ][0-9]+), ([XYZ][0-9]+)\n`)

// pruneVectorSelfMoves deletes the vector self-moves from the assembly file.
func pruneVectorSelfMoves(file string) {
	if file == "" {
		return
	}
	src, err := os.ReadFile(file)
	if err != nil {
		log.Fatal(err)
	}
	out := selfMove.ReplaceAllFunc(src, func(line []byte) []byte {
		m := selfMove.FindSubmatch(line)
		if string(m[1]) == string(m[2]) {
			return nil
		}
		return line
	})
	if err := os.WriteFile(file, out, 0o644); err != nil {
		log.Fatal(err)
	}
}
