//go:build !race

package kernels

// raceEnabled is false outside race builds: the tables hold the assembly kernels
// themselves, one indirect call from package lanes.
const raceEnabled = false

func raceRead[T Float](s []T)  {}
func raceWrite[T Float](s []T) {}
