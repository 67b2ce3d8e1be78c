package publicops

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lanesimd/lanes"
)

// TestEveryExportedOpIsListed reads package lanes' source and checks that the list holds
// exactly what it exports that does something when called. The rule: every exported
// function, and every exported method of an exported type (named Type.Method), is on the
// list; types, their fields, constants and variables are not, since nothing calls them. A
// file excluded by build constraints on this platform counts too: an op exported only
// somewhere else must be listed as well.
func TestEveryExportedOpIsListed(t *testing.T) {
	exported := exportedOps(t, filepath.Join("..", ".."))
	listed := names(Ops[float64]())
	if f32 := names(Ops[float32]()); !slices.Equal(f32, listed) {
		t.Errorf("the float32 and float64 lists differ:\n%v\n%v", f32, listed)
	}
	for _, name := range exported {
		if !slices.Contains(listed, name) {
			t.Errorf("lanes exports %s, which is not in publicops.Ops: add its entry", name)
		}
	}
	for _, name := range listed {
		if !slices.Contains(exported, name) {
			t.Errorf("publicops.Ops lists %s, which lanes does not export", name)
		}
	}
	if len(exported) < 30 {
		t.Errorf("found only %d exported ops in package lanes: %v; is the source where this test looks?", len(exported), exported)
	}
}

// exportedOps returns the exported functions and methods (Type.Method) of the package
// in dir, test files left out.
func exportedOps(t *testing.T, dir string) []string {
	t.Helper()
	pkg, err := build.ImportDir(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	if pkg.Name != "lanes" {
		t.Fatalf("%s holds package %s, not lanes", dir, pkg.Name)
	}
	var ops []string
	fset := token.NewFileSet()
	for _, name := range append(pkg.GoFiles, pkg.IgnoredGoFiles...) {
		if strings.HasSuffix(name, "_test.go") {
			continue // IgnoredGoFiles has the test files that build constraints exclude
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || !fn.Name.IsExported() {
				continue
			}
			if fn.Recv == nil {
				ops = append(ops, fn.Name.Name)
				continue
			}
			if recv := receiverType(fn.Recv.List[0].Type); ast.IsExported(recv) {
				ops = append(ops, recv+"."+fn.Name.Name)
			}
		}
	}
	return ops
}

// receiverType returns the name of a receiver's type: T, *T, T[P] or *T[P].
func receiverType(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

func names[T lanes.Float](ops []Op[T]) []string {
	var ns []string
	for _, op := range ops {
		ns = append(ns, op.Name)
	}
	return ns
}

// Each entry has one kind, and a name no other entry has: consumers dispatch on the kind
// and key their per-op data by name.
func TestEntriesAreWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, op := range Ops[float64]() {
		if op.Kind() == "" {
			t.Errorf("%s: not exactly one kind field set", op.Name)
		}
		if seen[op.Name] {
			t.Errorf("%s is listed twice", op.Name)
		}
		seen[op.Name] = true
		if op.Helper != nil && !op.NonEmpty {
			t.Errorf("%s: a helper returns an element of its result, so it needs NonEmpty", op.Name)
		}
	}
}
