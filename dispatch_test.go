package lanes

import (
	"os"
	"os/exec"
	"slices"
	"testing"

	"github.com/lanesimd/lanes/kernels"
)

func TestBackendIsBestOrChosen(t *testing.T) {
	all := kernels.Backends()
	var names []string
	for _, b := range all {
		names = append(names, b.Name)
	}
	if !slices.Contains(names, Backend()) {
		t.Fatalf("Backend() = %q, not one of %v", Backend(), names)
	}
	if !slices.Contains([]string{"avx512", "avx2", "neon", "generic"}, Backend()) {
		t.Errorf("Backend() = %q, not a documented name", Backend())
	}
}

func TestChoose(t *testing.T) {
	best := kernels.Backends()[0].Name
	for _, c := range []struct{ env, want string }{
		{"", best},
		{"generic", "generic"},
		{"no-such-backend", best},
		{"GENERIC", best}, // names are exact
	} {
		if got := choose(c.env).Name; got != c.want {
			t.Errorf("LANES_BACKEND=%q chooses %q, want %q", c.env, got, c.want)
		}
	}
	// Every backend the CPU runs can be chosen by name.
	for _, b := range kernels.Backends() {
		if got := choose(b.Name).Name; got != b.Name {
			t.Errorf("LANES_BACKEND=%q chooses %q", b.Name, got)
		}
	}
}

func TestUseInstallsTables(t *testing.T) {
	saved, _ := kernels.Lookup(Backend())
	defer use(saved)
	g, _ := kernels.Lookup("generic")
	use(g)
	if Backend() != "generic" {
		t.Fatalf("Backend() = %q after use(generic)", Backend())
	}
	// The installed table is the generic one: Dot gives generic's bits.
	a := []float32{1, 2, 3}
	if got, want := Dot(a, a), kernels.Generic32.Dot(a, a); got != want {
		t.Errorf("Dot = %v, generic gives %v", got, want)
	}
}

// TestEnvironment runs this test binary again with LANES_BACKEND and LANES_REQUIRE_BACKEND
// set, as a user or CI would: init must honour the first, TestMain enforce the second.
func TestEnvironment(t *testing.T) {
	if os.Getenv("LANES_TEST_CHILD") != "" {
		t.Skip("in the child process")
	}
	run := func(env ...string) error {
		cmd := exec.Command(os.Args[0], "-test.run=^TestChildDispatch$", "-test.count=1")
		cmd.Env = append(os.Environ(), "LANES_TEST_CHILD=1", "LANES_BACKEND=", "LANES_REQUIRE_BACKEND=")
		cmd.Env = append(cmd.Env, env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Logf("%v: %v\n%s", env, err, out)
		}
		return err
	}
	if err := exec.Command(os.Args[0], "-test.run=^$").Run(); err != nil {
		t.Skipf("cannot run the test binary again here (emulated?): %v", err)
	}
	if err := run("LANES_BACKEND=generic", "LANES_REQUIRE_BACKEND=generic"); err != nil {
		t.Error("LANES_BACKEND=generic did not select generic")
	}
	if err := run("LANES_CHILD_WANT=best"); err != nil {
		t.Error("without LANES_BACKEND, dispatch did not choose the best backend")
	}
	if err := run("LANES_BACKEND=no-such-backend", "LANES_CHILD_WANT=best"); err != nil {
		t.Error("an unknown LANES_BACKEND was not ignored")
	}
	if err := run("LANES_REQUIRE_BACKEND=no-such-backend"); err == nil {
		t.Error("LANES_REQUIRE_BACKEND with the wrong name did not fail the suite")
	}
}

// TestChildDispatch is TestEnvironment's child: with LANES_CHILD_WANT=best, dispatch must
// have chosen the best backend of the CPU it runs on (which, under emulation, is not the
// parent's).
func TestChildDispatch(t *testing.T) {
	if os.Getenv("LANES_CHILD_WANT") == "best" {
		if best := kernels.Backends()[0].Name; Backend() != best {
			t.Fatalf("dispatch chose %s, the best this CPU runs is %s", Backend(), best)
		}
	}
}
