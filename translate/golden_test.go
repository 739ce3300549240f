package translate_test

import (
	"bytes"
	"flag"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/racelab/racelab/translate"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden outputs of testdata/*.txtar")

// check type-checks one file of package p the way go/packages would.
func check(t *testing.T, name string, src []byte) (*translate.Input, *ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{},
		Implicits: map[ast.Node]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}, Scopes: map[ast.Node]*types.Scope{},
		Instances: map[*ast.Ident]types.Instance{},
	}
	conf := types.Config{Importer: importer.Default()}
	pkg, err := conf.Check("example.com/p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatalf("the input does not type-check: %v", err)
	}
	return &translate.Input{Fset: fset, Pkg: pkg, Info: info, Files: []*ast.File{f}}, f
}

// goldenInput is the input of one golden file, type-checked.
type goldenInput struct {
	file, name string
	input      *translate.Input
	f          *ast.File
}

// goldenInputs are the inputs of every testdata/*.txtar.
func goldenInputs(t *testing.T) []goldenInput {
	t.Helper()
	files, _ := filepath.Glob("testdata/*.txtar")
	var ins []goldenInput
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		in := ar.Files[0]
		input, f := check(t, in.Name, in.Data)
		ins = append(ins, goldenInput{file: file, name: in.Name, input: input, f: f})
	}
	return ins
}

// TestGolden translates the input of every testdata/*.txtar and compares
// the result with the archive's output (or its expected error).
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			in := ar.Files[0]
			in2, f := check(t, in.Name, in.Data)
			var got []byte
			outName := "output"
			out, err := translate.File(in2, f)
			if err != nil {
				got, outName = []byte(err.Error()+"\n"), "error"
			} else {
				got = out.Format
			}
			if *update {
				ar.Files = []txtar.File{in, {Name: outName, Data: got}}
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if len(ar.Files) < 2 {
				t.Fatalf("%s has no output section (run with -update)", file)
			}
			want := ar.Files[1]
			if want.Name != outName || !bytes.Equal(want.Data, got) {
				t.Errorf("%s: translation differs from the golden %s (run go test -update and review the diff)\ngot %s:\n%s", file, want.Name, outName, got)
			}
		})
	}
}
