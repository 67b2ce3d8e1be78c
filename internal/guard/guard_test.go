//go:build unix

package guard

import (
	"runtime/debug"
	"testing"
	"unsafe"
)

// faults runs f and reports whether it faulted.
func faults(f func()) (faulted bool) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() { faulted = recover() != nil }()
	f()
	return false
}

func TestGuardPagesFault(t *testing.T) {
	b, err := New(100)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Free()
	tail := Tail[float64](b, 10)
	head := Head[float32](b, 10)
	if faults(func() { tail[9] = 1; head[0] = 1; _ = tail[0] + float64(head[9]) }) {
		t.Fatal("access inside the slices faulted")
	}
	// Reach one element past each end through the underlying memory, as a kernel
	// writing past its slice would.
	if !faults(func() { sink = *(*float64)(ptrAdd(&tail[9], 8)) }) {
		t.Error("reading past the tail did not fault")
	}
	if !faults(func() { *(*float32)(ptrAdd(&head[0], -4)) = 1 }) {
		t.Error("writing before the head did not fault")
	}
}

func ptrAdd[T any](p *T, off int) unsafe.Pointer { return unsafe.Add(unsafe.Pointer(p), off) }

var sink float64
