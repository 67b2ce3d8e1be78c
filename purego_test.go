//go:build purego

package lanes

import (
	"testing"

	"github.com/lanesimd/lanes/kernels"
)

// With -tags purego no assembly is compiled, so generic is the only backend there is.
func TestPuregoIsGeneric(t *testing.T) {
	if Backend() != "generic" {
		t.Errorf("Backend() = %q under -tags purego", Backend())
	}
	if n := len(kernels.Backends()); n != 1 {
		t.Errorf("%d backends under -tags purego, want generic alone", n)
	}
}
