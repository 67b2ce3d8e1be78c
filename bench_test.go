package lanes_test

import (
	"testing"

	"github.com/lanesimd/lanes/bench/cases"
)

// Benchmarks are named Op/type=f32/n=N/impl=I (matrices: rows=R/cols=C), with impl each
// backend this CPU runs, "lanes" (the public API) and "loop" (a plain Go loop), so that
//
//	go test -run "^$" -bench "Dot/type=f32" -count 10 . | tee new.txt
//	benchstat -col /impl new.txt
//
// puts them side by side. The cases are bench/cases, shared with `go run ./bench`; the
// Benchmark function of each op is in bench_ops_test.go, written by gen/publicops.

func benchOp(b *testing.B, op string) {
	for _, c := range cases.All([]string{op}, cases.Sizes, cases.Shapes) {
		b.Run(c.Sub(), c.Run)
	}
}
