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
	tidy(flag.Lookup("out").Value.String())
}

// selfMove matches a vector move from a register to itself: the allocator leaves one
// where an operation copied a value that was dead after it (isa.fma and friends copy their
// accumulator, not knowing whether it is still needed). Avo prunes such general-purpose
// moves but not vector ones.
var selfMove = regexp.MustCompile(`(?m)^\tVMOVAP[SD] +([XYZ][0-9]+), ([XYZ][0-9]+)\n`)

// padding is the run of spaces after an instruction's mnemonic with which Avo aligns the
// operands of a block: a tab aligns them nearly as well, and the spaces were 44 KB of the
// module that every user downloads.
var padding = regexp.MustCompile(`(?m)^\t([A-Z][A-Z0-9.]*) +`)

// zeros are the leading zeros Avo writes in every hexadecimal immediate ($0x00000080):
// 7.6 KB of the module, and $0x80 reads as well.
var zeros = regexp.MustCompile(`\$0x0+([0-9a-f])`)

// signature is the comment with a function's Go signature that Avo writes above its TEXT:
// the stubs have it, and it was 10 KB of the module.
var signature = regexp.MustCompile(`(?m)^// func .*\n`)

// offset0 is the +0 Avo writes in every operand at a constant's start (cF32_3f800000<>+0(SB)):
// 4 KB of the module. DATA lines keep theirs.
var offset0 = regexp.MustCompile(`<>\+0\(SB\)([^/])`)

// tidy deletes the vector self-moves and the signature comments from the assembly file,
// puts a tab for the spaces after each mnemonic, drops the immediates' leading zeros and
// the constants' +0 offsets.
func tidy(file string) {
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
	out = padding.ReplaceAll(out, []byte("\t$1\t"))
	out = zeros.ReplaceAll(out, []byte("$$0x$1"))
	out = signature.ReplaceAll(out, nil)
	out = offset0.ReplaceAll(out, []byte("<>(SB)$1"))
	if err := os.WriteFile(file, out, 0o644); err != nil {
		log.Fatal(err)
	}
}
