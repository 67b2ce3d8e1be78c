package lanes

// What the tests in package lanes_test need from inside: they live outside the package
// so that internal/publicops, which imports lanes, can feed them the list of ops.

// Use installs a backend's tables; see use.
var Use = use

// Is32 reports whether T is float32-shaped; see is32.
func Is32[T Float]() bool { return is32[T]() }
