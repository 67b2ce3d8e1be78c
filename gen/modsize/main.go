// Command modsize reports the size of the module zip that `go get` downloads and unpacks
// into a user's module cache: the bytes of the files golang.org/x/mod/zip puts in it
// (nested modules, vendor and version-control files left out), from a git revision of the
// repository. It exits 1 above -max bytes.
//
//	go -C gen run ./modsize -repo .. -max 1500000
package main

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"path"
	"sort"
	"strings"

	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

func main() {
	repo := flag.String("repo", "..", "the repository's root")
	rev := flag.String("rev", "HEAD", "the git revision to measure")
	limit := flag.Int64("max", 0, "fail above this many bytes (0: report only)")
	flag.Parse()
	total, byDir, err := measure(*repo, *rev)
	if err != nil {
		log.Fatal(err)
	}
	dirs := make([]string, 0, len(byDir))
	for d := range byDir {
		dirs = append(dirs, d)
	}
	sort.Slice(dirs, func(i, j int) bool { return byDir[dirs[i]] > byDir[dirs[j]] })
	for _, d := range dirs {
		fmt.Printf("%9d  %s\n", byDir[d], d)
	}
	fmt.Printf("%9d  the unpacked module (%.2f MB)\n", total, float64(total)/1e6)
	if *limit > 0 && total > *limit {
		fmt.Printf("above the limit of %d bytes\n", *limit)
		os.Exit(1)
	}
}

// measure zips the module at rev and adds up its files' sizes, in all and by top-level
// directory.
func measure(repo, rev string) (int64, map[string]int64, error) {
	var buf bytes.Buffer
	m := module.Version{Path: "github.com/lanesimd/lanes", Version: "v0.0.0-00010101000000-000000000000"}
	if err := modzip.CreateFromVCS(&buf, m, repo, rev, ""); err != nil {
		return 0, nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		return 0, nil, err
	}
	var total int64
	byDir := map[string]int64{}
	for _, f := range zr.File {
		name := strings.TrimPrefix(f.Name, m.Path+"@"+m.Version+"/")
		dir, _, ok := strings.Cut(name, "/")
		if !ok {
			dir = "(root)"
		} else if path.Ext(dir) != "" {
			dir = name
		}
		total += int64(f.UncompressedSize64)
		byDir[dir] += int64(f.UncompressedSize64)
	}
	return total, byDir, nil
}
