package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommittedAssembly reads every generated file: each kernel must have a main loop
// with a count step, each ISA the same kernels in both precisions, and the counts must
// follow from the loops' shapes: with the same code, float64 needs twice the instructions
// per element of float32 (half the lanes), and AVX-512 half those of AVX2 where both run
// the same instructions, as in the sums' loops.
func TestCommittedAssembly(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "asm", "*.s"))
	if len(files) != 3 {
		t.Fatalf("found %v, want the avx2, avx512 and neon files", files)
	}
	by := map[string]loop{}
	kernels := map[string]map[string]bool{} // ISA → kernel+precision
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		ls, err := parse(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range ls {
			by[l.kernel+l.prec+l.isa] = l
			if kernels[l.isa] == nil {
				kernels[l.isa] = map[string]bool{}
			}
			kernels[l.isa][l.kernel+l.prec] = true
		}
	}
	for isa, ks := range kernels {
		if len(ks) != len(kernels["AVX512"]) {
			t.Errorf("%s has %d kernels, AVX512 %d", isa, len(ks), len(kernels["AVX512"]))
		}
		for k := range ks {
			other := strings.NewReplacer("F32", "F64", "F64", "F32").Replace(k)
			if !ks[other] {
				t.Errorf("%s: %s has no %s", isa, k, other)
			}
		}
	}
	for _, k := range []string{"Sum", "Dot", "Add", "MatVec4"} {
		for _, isa := range []string{"AVX2", "AVX512", "NEON"} {
			f32, f64 := by[k+"F32"+isa], by[k+"F64"+isa]
			if f64.insts != f32.insts || f64.elems*2 != f32.elems {
				t.Errorf("%s%s: f32 %d instructions for %d elements, f64 %d for %d", k, isa, f32.insts, f32.elems, f64.insts, f64.elems)
			}
		}
		if a, b := by[k+"F32AVX2"], by[k+"F32AVX512"]; a.insts != b.insts || 2*a.elems != b.elems {
			t.Errorf("%s: AVX2 %d instructions for %d elements, AVX512 %d for %d", k, a.insts, a.elems, b.insts, b.elems)
		}
	}
}

// TestParse counts a loop written by hand in each syntax.
func TestParse(t *testing.T) {
	src := `TEXT ·SumF32AVX512(SB), NOSPLIT, $0-28
	CMPQ DX, $0x00000080
	JB   single

many:
	// eight vectors a step
	VADDPS (AX), Z1, Z1
	VADDPS 64(AX), Z2, Z2
	ADDQ   $0x00000080, AX
	SUBQ   $0x00000020, DX
	CMPQ   DX, $0x00000020
	JAE    many

single:
	VADDPS (AX), Z1, Z1
	RET

TEXT ·ExpF64NEON(SB), NOSPLIT, $16-48
	SUBS	$4, R1, R1
	BLT	single

many:
	FLDPQ.P	32(R2), (F2, F3)
	WORD	$0x4e22f402 // fmax v2.2d, v0.2d, v2.2d
	FSTPQ.P	(F2, F3), 32(R0)
	SUBS	$4, R1, R1
	BGE	many

singles:
	SUBS	$2, R1, R1
	BGE	singles
	RET
`
	ls, err := parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []loop{{"Sum", "F32", "AVX512", 6, 32}, {"Exp", "F64", "NEON", 5, 4}}
	if len(ls) != len(want) {
		t.Fatalf("got %+v, want %+v", ls, want)
	}
	for i := range want {
		if ls[i] != want[i] {
			t.Errorf("got %+v, want %+v", ls[i], want[i])
		}
	}

	if _, err := parse(strings.NewReader("TEXT ·AddF32NEON(SB), NOSPLIT, $0-72\n\tRET\n")); err == nil {
		t.Error("a kernel without a main loop parsed")
	}
}
