package lanes

import (
	"math"
	"runtime"
	"testing"
)

// TestThresholdsDoNotOverflow checks the size tests on shapes whose m·n·k overflows int
// (2⁶⁶ here, as 2¹²·2¹²·2¹² does on a 32-bit platform): written as a product, each would
// wrap to a small or negative number and send the product to one goroutine.
func TestThresholdsDoNotOverflow(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	defer SetMaxThreads(SetMaxThreads(2))
	huge := 1 << 22
	if math.MaxInt == math.MaxInt32 {
		huge = 1 << 12
	}
	for _, s := range [][3]int{{huge, huge, huge}, {1, huge * huge, huge}, {huge, 1, huge * huge}} {
		if got := threadsFor(s[0], s[1], s[2]); got != 2 {
			t.Errorf("threadsFor(%d, %d, %d) = %d, want 2: the product is far above the split size", s[0], s[1], s[2], got)
		}
	}
	if got := threadsFor(8, 8, 8); got != 1 {
		t.Errorf("threadsFor(8, 8, 8) = %d, want 1", got)
	}
}
