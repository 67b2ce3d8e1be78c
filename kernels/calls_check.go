//go:build lanes_checkchunks

package kernels

import "sync/atomic"

// checkChunks is on in the chunk tests (-tags lanes_checkchunks): every assembly call
// records its length.
const checkChunks = true

// longestCall is the most elements any assembly call has handled since resetCalls.
var longestCall atomic.Int64

func recordCall(n int) {
	for {
		old := longestCall.Load()
		if int64(n) <= old || longestCall.CompareAndSwap(old, int64(n)) {
			return
		}
	}
}

func resetCalls() { longestCall.Store(0) }
