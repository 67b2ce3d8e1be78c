package generic

// PeakChains is FMAPeak's chains, as many as the catalogue gives the assembly kernels on
// amd64, so that a scalar CPU's FMA units are kept as busy as its vector units are.
const PeakChains = 12

// FMAPeak runs n steps of PeakChains independent chains x = 1·1 + x from zero and returns
// the sum of the chains: n·PeakChains, the FMAs it executed. It exists for the bench, which
// holds the matrix product's rate against the assembly kernels' version of it.
func FMAPeak[T Float](n int) T {
	var x [PeakChains]T
	for range n {
		for i := range x {
			x[i] = fmaOnce(1, 1, x[i])
		}
	}
	var s T
	for _, v := range x {
		s += v
	}
	return s
}
