// Package kernels holds the kernel tables of lanes, one per instruction set and precision,
// and the registry that lists every table this CPU can run.
//
// A kernel checks nothing: it trusts the lengths documented on each field of Table (package
// lanes checks them and panics on misuse). Tests and benchmarks, in this module or another,
// reach every backend through Backends; package lanes dispatches to the first.
//
// The tables are generated from the kernel catalogue (internal/catalog) into table.go and
// tables_*.go; the registration of each backend (backends_*.go), the race wrappers
// (wrap.go) and the entries composed of several kernels (compose.go) are written by hand.
// Regenerate from the repository's root with
//
//	go generate ./...
package kernels

// Float is the element type of a table: float32 or float64.
type Float interface{ float32 | float64 }

//go:generate go -C ../gen run ./tables -dir ../kernels
