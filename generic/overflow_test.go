package generic

import (
	"math"
	"testing"
)

// TestSmallDoesNotOverflow checks the direct path's size test on shapes whose m·n·k
// overflows int (as 2¹²·2¹²·2¹² does on a 32-bit platform): written as a product it would
// wrap and send a huge product down the direct path.
func TestSmallDoesNotOverflow(t *testing.T) {
	huge := 1 << 22
	if math.MaxInt == math.MaxInt32 {
		huge = 1 << 12
	}
	for _, s := range [][3]int{{huge, huge, huge}, {1, huge * huge, huge}, {huge, 1, huge * huge}} {
		if small(s[0], s[1], s[2]) {
			t.Errorf("small(%d, %d, %d) = true", s[0], s[1], s[2])
		}
	}
	if !small(8, 8, 8) {
		t.Errorf("small(8, 8, 8) = false")
	}
}
