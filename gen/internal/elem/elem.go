// Package elem describes a kernel's element type, float32 or float64, as both generators
// write it: its size, its Go name, and Go signatures with T standing for it.
package elem

import "strings"

// Size is the bytes of one element.
func Size(f64 bool) int {
	if f64 {
		return 8
	}
	return 4
}

// Shift is log₂ of Size: a count of elements shifted left by it is bytes.
func Shift(f64 bool) int {
	if f64 {
		return 3
	}
	return 2
}

// GoType is the element type's Go name.
func GoType(f64 bool) string {
	if f64 {
		return "float64"
	}
	return "float32"
}

// Func writes a Go function type from parameters and a result with T for the element type.
func Func(params, result string, f64 bool) string {
	sig := "func(" + strings.ReplaceAll(params, "T", GoType(f64)) + ")"
	if result != "" {
		sig += " " + strings.ReplaceAll(result, "T", GoType(f64))
	}
	return sig
}
