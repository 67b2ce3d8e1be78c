package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedOutput checks that the generated lists are what the generator writes from
// lanes' source now; `go generate ./...` from the root rewrites them.
func TestCommittedOutput(t *testing.T) {
	root := filepath.Join("..", "..")
	files, err := generate(root)
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range files {
		committed, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(src, committed) {
			t.Errorf("%s is not what the generator writes: run go generate ./... from the root", name)
		}
	}
}
