package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedOutput checks that package kernels' generated files are what the
// generator writes from the catalogue now; `go generate ./...` from the root rewrites them.
func TestCommittedOutput(t *testing.T) {
	files, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	again, _ := generate()
	for name, src := range files {
		if !bytes.Equal(src, again[name]) {
			t.Errorf("%s differs between two runs of the generator", name)
		}
		committed, err := os.ReadFile(filepath.Join("..", "..", "kernels", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(src, committed) {
			t.Errorf("kernels/%s is not what the generator writes: run go generate ./... from the root", name)
		}
	}
}
