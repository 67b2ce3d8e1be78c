package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommittedOutput runs the generator for each instruction set twice and checks that
// it writes the same bytes both times, and the same as the files committed in asm/ but
// for the first line (the header names the command, and so the output paths). When the
// committed files differ, `go generate ./...` from the repository's root rewrites them.
func TestCommittedOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the generator")
	}
	dir := t.TempDir()
	for _, isa := range []string{"avx2", "avx512"} {
		t.Run(isa, func(t *testing.T) {
			names := []string{isa + "_amd64.s", isa + "_amd64.go"}
			var runs [2][][]byte
			for run := range runs {
				out, stubs := filepath.Join(dir, names[0]), filepath.Join(dir, names[1])
				cmd := exec.Command("go", "run", ".", "-isa", isa, "-out", out, "-stubs", stubs, "-pkg", "asm")
				if msg, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("generator failed: %v\n%s", err, msg)
				}
				for _, f := range []string{out, stubs} {
					b, err := os.ReadFile(f)
					if err != nil {
						t.Fatal(err)
					}
					runs[run] = append(runs[run], b)
				}
			}
			for i, name := range names {
				if !bytes.Equal(runs[0][i], runs[1][i]) {
					t.Errorf("%s differs between two runs of the generator", name)
				}
				committed, err := os.ReadFile(filepath.Join("..", "..", "asm", name))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(body(runs[0][i]), body(committed)) {
					t.Errorf("asm/%s is not what the generator writes: run go generate ./... from the root", name)
				}
			}
		})
	}
}

// body drops the first line.
func body(b []byte) []byte {
	_, rest, _ := bytes.Cut(b, []byte("\n"))
	return rest
}

// TestConstantsBroadcast checks the committed AVX-512 file: its constants hold one element
// each, so every instruction that reads one must broadcast it (a .BCST form or
// VBROADCASTSS/SD) or read that one element (VMOVSS/SD). A whole-vector read would take
// its neighbours' bytes for lanes.
func TestConstantsBroadcast(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "asm", "avx512_amd64.s"))
	if err != nil {
		t.Fatal(err)
	}
	reads := 0
	for i, line := range strings.Split(string(src), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || f[0] == "DATA" || f[0] == "GLOBL" || !strings.Contains(line, "cF32_") && !strings.Contains(line, "cF64_") {
			continue
		}
		reads++
		op := f[0]
		if !strings.HasSuffix(op, ".BCST") && !strings.HasPrefix(op, "VBROADCASTS") && op != "VMOVSS" && op != "VMOVSD" {
			t.Errorf("line %d reads a one-element constant whole: %s", i+1, strings.TrimSpace(line))
		}
	}
	if reads == 0 {
		t.Error("no instruction reads a constant")
	}
}
