package kernels

// The race wrappers of the assembly kernels, one per signature (gen/tables names them by
// signature): the race detector sees no memory access made from assembly, so in race
// builds each kernel reports what it reads and writes first. Elsewhere each returns the
// kernel itself: one indirect call from package lanes.

func reads1[T Float](f func(x []T) T) func(x []T) T {
	if !raceEnabled {
		return f
	}
	return func(x []T) T {
		raceRead(x)
		return f(x)
	}
}

func reads2[T Float](f func(a, b []T) T) func(a, b []T) T {
	if !raceEnabled {
		return f
	}
	return func(a, b []T) T {
		raceRead(a)
		raceRead(b[:len(a)])
		return f(a, b)
	}
}

func writes1[T Float](f func(dst, x []T)) func(dst, x []T) {
	if !raceEnabled {
		return f
	}
	return func(dst, x []T) {
		raceRead(x[:len(dst)])
		raceWrite(dst)
		f(dst, x)
	}
}

func writes2[T Float](f func(dst, a, b []T)) func(dst, a, b []T) {
	if !raceEnabled {
		return f
	}
	return func(dst, a, b []T) {
		raceRead(a[:len(dst)])
		raceRead(b[:len(dst)])
		raceWrite(dst)
		f(dst, a, b)
	}
}

func writesScalar[T Float](f func(dst, x []T, c T)) func(dst, x []T, c T) {
	if !raceEnabled {
		return f
	}
	return func(dst, x []T, c T) {
		raceRead(x[:len(dst)])
		raceWrite(dst)
		f(dst, x, c)
	}
}
