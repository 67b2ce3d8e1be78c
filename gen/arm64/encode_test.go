package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/lanesimd/lanes/gen/internal/vmath"
)

// wordLine matches a WORD directive as the generator writes it, with its mnemonic.
var wordLine = regexp.MustCompile(`WORD\t\$0x([0-9a-f]{8}) // (.+)`)

// usedEncodings returns every encoded instruction the generator writes, and a sweep of
// each encoder over both arrangements and the registers at the ends of their fields.
func usedEncodings(t *testing.T) []word {
	asm, _, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var words []word
	add := func(w word) {
		if !seen[w.asm] {
			seen[w.asm] = true
			words = append(words, w)
		}
	}
	for _, m := range wordLine.FindAllStringSubmatch(asm, -1) {
		b, err := strconv.ParseUint(m[1], 16, 32)
		if err != nil {
			t.Fatal(err)
		}
		add(word{uint32(b), m[2]})
	}
	if len(words) == 0 {
		t.Fatal("the generator wrote no WORD directives")
	}
	regs := [][3]int{{0, 1, 2}, {31, 30, 29}, {7, 16, 24}}
	for _, a := range []arrangement{s4, d2} {
		for _, r := range regs {
			for _, o := range []fp3{fadd, fsub, fmul, fdiv, fabd, fmax, fmin, faddp, fmaxp, fcmeq, fcmge, fcmgt} {
				add(o.enc(a, r[0], r[1], r[2]))
			}
			for _, o := range []fp2{frintn, frintz} {
				add(o.enc(a, r[0], r[1]))
			}
			for _, o := range []pairScalar{faddpScalar, fmaxpScalar} {
				add(o.enc(a, r[0], r[1]))
			}
		}
	}
	return words
}

// TestEncodingsAgainstBinutils assembles the mnemonic of every encoding with GNU as for
// aarch64 and checks that objdump shows the generator's word for each. Without binutils
// (Debian's binutils-aarch64-linux-gnu) it skips, unless CI is set: CI must run it.
func TestEncodingsAgainstBinutils(t *testing.T) {
	as, errAs := exec.LookPath("aarch64-linux-gnu-as")
	objdump, errObjdump := exec.LookPath("aarch64-linux-gnu-objdump")
	if errAs != nil || errObjdump != nil {
		msg := "aarch64-linux-gnu-as and -objdump are needed (apt-get install binutils-aarch64-linux-gnu)"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	words := usedEncodings(t)
	dir := t.TempDir()
	src, obj := filepath.Join(dir, "words.s"), filepath.Join(dir, "words.o")
	var b strings.Builder
	for _, w := range words {
		fmt.Fprintf(&b, "\t%s\n", w.asm)
	}
	if err := os.WriteFile(src, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(as, "-o", obj, src).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", as, err, out)
	}
	out, err := exec.Command(objdump, "-d", obj).Output()
	if err != nil {
		t.Fatalf("%s: %v", objdump, err)
	}
	// objdump -d prints "   0:\t4e20d400 \tfadd\tv0.4s, v0.4s, v0.4s".
	dumped := regexp.MustCompile(`(?m)^\s*[0-9a-f]+:\s+([0-9a-f]{8})\s`).FindAllStringSubmatch(string(out), -1)
	if len(dumped) != len(words) {
		t.Fatalf("objdump shows %d instructions, want %d:\n%s", len(dumped), len(words), out)
	}
	for i, w := range words {
		got, _ := strconv.ParseUint(dumped[i][1], 16, 32)
		if uint32(got) != w.bits {
			t.Errorf("%s: binutils encodes %08x, the generator %08x", w.asm, got, w.bits)
		}
	}
	t.Logf("%d encodings checked", len(words))
}

func TestEncodersCheckRegisters(t *testing.T) {
	for _, f := range []func(){
		func() { fadd.enc(s4, 32, 0, 0) },
		func() { fmul.enc(d2, 0, -1, 0) },
		func() { frintn.enc(s4, 0, 32) },
		func() { faddpScalar.enc(d2, 40, 0) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("an encoder accepted a register outside V0–V31")
				}
			}()
			f()
		}()
	}
}

// TestAllocatorRefuses checks that the allocator reports what it cannot do rather than
// emitting wrong code: more than 32 live registers, and a register read before it is set.
func TestAllocatorRefuses(t *testing.T) {
	s := &neon{pool: &pool{offsets: map[[2]uint64]int{}}}
	s.f = &fn{name: "tooMany"}
	var live []*vreg
	for range 33 {
		live = append(live, s.Zero())
	}
	s.Add(vmath.Tree(live, s.Add), live[0])
	if err := s.f.alloc(); err == nil {
		t.Error("33 live registers allocated")
	}

	s.f = &fn{name: "undefined"}
	s.Add(s.f.v(), s.Zero())
	if err := s.f.alloc(); err == nil {
		t.Error("a register read before any definition allocated")
	}
}

// TestAllocatorKeepsLiveValues checks on a loop that a value used on the next iteration
// keeps its register while the body's temporaries come and go.
func TestAllocatorKeepsLiveValues(t *testing.T) {
	s := &neon{pool: &pool{offsets: map[[2]uint64]int{}}}
	s.f = &fn{name: "loop"}
	acc := s.Zero()
	s.f.label("loop")
	a := s.load("R2", 0)
	b := s.Mul(a, a)
	s.AddTo(acc, b)
	s.f.branch("BNE", "loop")
	s.ret(acc, 0)
	if err := s.f.alloc(); err != nil {
		t.Fatal(err)
	}
	if acc.phys == a.phys || acc.phys == b.phys {
		t.Errorf("the accumulator shares V%d with a temporary (a V%d, b V%d)", acc.phys, a.phys, b.phys)
	}
}

// TestCommittedOutput checks that the generator is deterministic and writes the files
// committed in asm/, but for the first line (which names the output paths). When they
// differ, `go generate ./...` from the repository's root rewrites them.
func TestCommittedOutput(t *testing.T) {
	asm1, decls1, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	asm2, decls2, _ := generate()
	if asm1 != asm2 || decls1 != decls2 {
		t.Fatal("two runs of the generator differ")
	}
	for file, want := range map[string]string{"neon_arm64.s": asm1, "neon_arm64.go": decls1} {
		b, err := os.ReadFile(filepath.Join("..", "..", "asm", file))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(string(b), want) {
			t.Errorf("asm/%s is not what the generator writes: run go generate ./... from the root", file)
		}
	}
}
