// Package peers benchmarks other implementations of lanes' ops under lanes' benchmark
// names, so that their results merge into `go run ./bench -peers FILE` and compare with
// benchstat: gonum (impl=gonum: floats for float64; blas/gonum for float32 dot, gemv and
// ger), Go 1.26's experimental simd/archsimd (impl=archsimd: dot and mul, built with
// GOEXPERIMENT=simd), and NumPy (impl=numpy, numpy_bench.py). It is a module of its own, so
// that lanes' users never download its dependencies.
//
//	cd bench/peers
//	GOEXPERIMENT=simd GODEBUG=asyncpreemptoff=1 go test -run '^$' -bench . -count 5 > peers.txt
//	/usr/bin/python3 numpy_bench.py > numpy.txt
//	cd ../.. && go run ./bench -out results -peers bench/peers/peers.txt bench/peers/numpy.txt
//
// GODEBUG=asyncpreemptoff=1: in a GOEXPERIMENT=simd build the runtime's asynchronous
// preemption leaves the AVX upper state dirty, which slows every scalar floating-point
// instruction after it (the loops here by 1.7–2.7×); the option keeps the comparison fair.
package peers
