// bench/results holds the report shown in the README: raw results, plots, the summary.
// This go.mod makes it a module of its own, with no code, so that it stays out of the
// module zip `go get github.com/lanesimd/lanes` downloads (1.5 MB of a 2.4 MB module).
module github.com/lanesimd/lanes/bench/results

go 1.26.0
