// Package asm holds lanes' generated assembly kernels and their Go declarations: AVX2+FMA
// and AVX-512 on amd64 (written by gen/amd64 with Avo), NEON on arm64 (written by gen/arm64).
//
// Nothing here checks anything: a kernel trusts the lengths its doc comment states and
// reads and writes through them. It is public only because of the repository's layout.
// Call package lanes, or the tables of package kernels, which check, annotate for the race
// detector, and pick what this CPU runs.
//
// Every file but this one is generated; regenerate them all from the repository's root with
//
//	go generate ./...
package asm

//go:generate go -C ../gen run ./amd64 -isa avx2 -out ../asm/avx2_amd64.s -stubs ../asm/avx2_amd64.go -pkg asm
//go:generate go -C ../gen run ./amd64 -isa avx512 -out ../asm/avx512_amd64.s -stubs ../asm/avx512_amd64.go -pkg asm
//go:generate go -C ../gen run ./arm64 -out ../asm/neon_arm64.s -stubs ../asm/neon_arm64.go -pkg asm
