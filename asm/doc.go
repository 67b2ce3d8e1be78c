// Package asm holds lanes' generated assembly kernels and their Go declarations: AVX2+FMA
// and AVX-512 on amd64 (written by gen/amd64 with Avo), NEON on arm64 (written by gen/arm64).
//
// Nothing here checks anything: a kernel trusts the lengths and the preconditions its doc
// comment states, and reads and writes through them, so a wrong length reads or writes
// outside the slices. Call package lanes, which checks its arguments and picks what this
// CPU runs, or the tables of package kernels, which annotate each kernel for the race
// detector. A kernel runs only on a CPU with its instruction set: calling an AVX-512 kernel
// where kernels.Backends lists no "avx512" faults with an illegal instruction.
//
// The package is importable, not internal, because lanes' layout puts its three layers at
// the top for programs that need one of them: generic (pure Go), asm (one instruction
// set's kernel, for a benchmark or a composition of one's own) and kernels (the checked
// tables of every backend); the kernel names (DotF32AVX2: op, precision, instruction set)
// and their signatures come from the kernel catalogue and change only with it.
//
// What every kernel does at its slices' ends, said here once rather than in each doc: an
// elementwise kernel runs the elements its main loop leaves, a vector's lanes at a time,
// through the same vector code by way of masked loads and stores (AVX-512) or a stack
// buffer (AVX2, NEON), so that each result is the same whatever its position and nothing
// past a slice is touched. A reduction keeps the accumulators its doc names, sums blocks
// of 4096 elements (generic.Block) and adds the blocks' results in order to the carry (Max
// takes no blocks); no step depends on the slices' alignment.
//
// Every file but this one is generated; regenerate them all from the repository's root with
//
//	go generate ./...
package asm

//go:generate go -C ../gen run ./amd64 -isa avx2 -out ../asm/avx2_amd64.s -stubs ../asm/avx2_amd64.go -pkg asm
//go:generate go -C ../gen run ./amd64 -isa avx512 -out ../asm/avx512_amd64.s -stubs ../asm/avx512_amd64.go -pkg asm
//go:generate go -C ../gen run ./arm64 -out ../asm/neon_arm64.s -stubs ../asm/neon_arm64.go -pkg asm
