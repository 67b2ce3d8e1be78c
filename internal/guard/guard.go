//go:build unix

// Package guard places slices flush against inaccessible memory, so that a kernel that
// reads or writes one element past either end faults at once instead of quietly using its
// neighbour's memory. Only tests import it.
package guard

import (
	"fmt"
	"syscall"
	"testing"
	"unsafe"
)

// Supported reports whether this platform has guard pages.
const Supported = true

// Buffer is read-write memory between two PROT_NONE pages. It is not Go heap memory: the
// slices it hands out must not hold pointers, and must not be used after Free.
type Buffer struct {
	mem  []byte // the whole mapping, guard pages included
	data []byte // the accessible pages between them
}

// New maps a Buffer with at least size accessible bytes.
func New(size int) (*Buffer, error) {
	page := syscall.Getpagesize()
	n := (size + page - 1) / page * page
	if n == 0 {
		n = page
	}
	mem, err := syscall.Mmap(-1, 0, n+2*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return nil, fmt.Errorf("guard: mmap %d bytes: %w", n+2*page, err)
	}
	for _, g := range [][]byte{mem[:page], mem[page+n:]} {
		if err := syscall.Mprotect(g, syscall.PROT_NONE); err != nil {
			syscall.Munmap(mem)
			return nil, fmt.Errorf("guard: mprotect: %w", err)
		}
	}
	return &Buffer{mem: mem, data: mem[page : page+n]}, nil
}

// Free unmaps the buffer.
func (b *Buffer) Free() error { return syscall.Munmap(b.mem) }

// Tail returns n elements of T whose last element ends where the guard page after the
// buffer begins; len and cap are n.
func Tail[T any](b *Buffer, n int) []T {
	size := int(unsafe.Sizeof(*new(T)))
	if n*size > len(b.data) {
		panic(fmt.Sprintf("guard: Tail: %d elements of %d bytes exceed %d", n, size, len(b.data)))
	}
	if n == 0 {
		return []T{}
	}
	p := unsafe.Pointer(&b.data[len(b.data)-n*size])
	return unsafe.Slice((*T)(p), n)
}

// Head returns n elements of T whose first element starts where the guard page before the
// buffer ends; len and cap are n.
func Head[T any](b *Buffer, n int) []T {
	size := int(unsafe.Sizeof(*new(T)))
	if n*size > len(b.data) {
		panic(fmt.Sprintf("guard: Head: %d elements of %d bytes exceed %d", n, size, len(b.data)))
	}
	if n == 0 {
		return []T{}
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&b.data[0])), n)
}

// Buffers maps count buffers of size bytes each for a test, which fails at once if that
// is impossible, and unmaps them when the test ends.
func Buffers(tb testing.TB, count, size int) []*Buffer {
	tb.Helper()
	bufs := make([]*Buffer, count)
	for i := range bufs {
		b, err := New(size)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { b.Free() })
		bufs[i] = b
	}
	return bufs
}

// Sides are the two placements a guard-page test tries: each slice ending flush against
// the guard page after it, then starting flush against the one before it.
var Sides = []string{"after", "before"}

// Slicer hands out slices from bufs in turn, placed as side says ("after": Tail, "before":
// Head). reset starts again from the first buffer, for the next case.
func Slicer[T any](bufs []*Buffer, side string) (next func(n int) []T, reset func()) {
	used := 0
	next = func(n int) []T {
		b := bufs[used]
		used++
		if side == "after" {
			return Tail[T](b, n)
		}
		return Head[T](b, n)
	}
	return next, func() { used = 0 }
}
