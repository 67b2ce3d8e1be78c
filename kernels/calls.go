package kernels

// The longest call: every assembly kernel is handed at most a chunk of work a call
// (chunk elements, or fewer; the generated functions of chunked_*.go and the compositions
// split longer slices), so that a goroutine in lanes can be preempted between calls and a
// garbage collection never waits long for it. Tests built with -tags lanes_checkchunks
// record the longest call to prove it.

// noteCall records that one assembly call handled n elements. It compiles to nothing
// unless the tests check the chunks.
func noteCall(n int) {
	if checkChunks {
		recordCall(n)
	}
}

// rowsPerCall is how many rows of cols elements one call of a row kernel may take: as many
// as fit a chunk, a multiple of group, at least one group.
func rowsPerCall(cols, group int) int {
	return max(group, chunk/max(cols, 1)/group*group)
}
