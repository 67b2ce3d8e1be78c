//go:build !unix

package guard

import (
	"errors"
	"testing"
)

// Supported reports whether this platform has guard pages.
const Supported = false

// Buffer is not available on this platform.
type Buffer struct{}

// New fails on this platform.
func New(size int) (*Buffer, error) { return nil, errors.New("guard: no mmap on this platform") }

// Free does nothing.
func (b *Buffer) Free() error { return nil }

// Tail is not available on this platform.
func Tail[T any](b *Buffer, n int) []T { panic("guard: unsupported platform") }

// Head is not available on this platform.
func Head[T any](b *Buffer, n int) []T { panic("guard: unsupported platform") }

// Buffers fails the test on this platform.
func Buffers(tb testing.TB, count, size int) []*Buffer {
	tb.Helper()
	tb.Fatal("guard: no mmap on this platform")
	return nil
}

// Sides are the two placements a guard-page test tries.
var Sides = []string{"after", "before"}

// Slicer is not available on this platform.
func Slicer[T any](bufs []*Buffer, side string) (next func(n int) []T, reset func()) {
	panic("guard: unsupported platform")
}
