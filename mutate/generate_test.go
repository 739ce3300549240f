package mutate

import (
	"flag"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/fixture.golden")

// TestGenerateFixture generates every mutant of a fixture that holds each
// pattern once, and compares the list with the golden file (regenerate it
// with -update and review the diff).
func TestGenerateFixture(t *testing.T) {
	ms, err := Generate(filepath.Join("testdata", "fixture"), nil)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	byOp := map[string]int{}
	for _, m := range ms {
		fmt.Fprintf(&b, "%s %s %s:%d %s\n", m.ID, m.Operator, m.File, m.Line, m.Desc)
		byOp[m.Operator]++
	}
	for _, op := range Operators() {
		if byOp[op.Name] == 0 {
			t.Errorf("operator %s made no mutant of the fixture", op.Name)
		}
	}
	golden := filepath.Join("testdata", "fixture.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("mutants differ from %s (run with -update and review the diff):\n%s", golden, b.String())
	}
}

// TestMutantsTypeCheck type-checks every mutant of the fixture: an
// operator must produce code that compiles where its pattern is met.
func TestMutantsTypeCheck(t *testing.T) {
	ms, err := Generate(filepath.Join("testdata", "fixture"), nil)
	if err != nil {
		t.Fatal(err)
	}
	imp := importer.ForCompiler(token.NewFileSet(), "source", nil)
	for _, m := range ms {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, m.File, m.Source, 0)
		if err != nil {
			t.Errorf("%s %s: %v", m.ID, m.Operator, err)
			continue
		}
		conf := types.Config{Importer: imp}
		if _, err := conf.Check("fixture", fset, []*ast.File{f}, nil); err != nil {
			t.Errorf("%s %s (%s): %v", m.ID, m.Operator, m.Desc, err)
		}
	}
}

func TestSelectOperators(t *testing.T) {
	ops, err := SelectOperators("remove-lock, drop-retry")
	if err != nil || len(ops) != 2 || ops[0].Name != "remove-lock" || ops[1].Name != "drop-retry" {
		t.Fatalf("SelectOperators = %v, %v", ops, err)
	}
	if _, err := SelectOperators("remove-lok"); err == nil || !strings.Contains(err.Error(), `unknown operator "remove-lok"`) {
		t.Fatalf("an unknown operator: err = %v", err)
	}
}

func TestApplyRejectsOverlap(t *testing.T) {
	if _, err := apply([]byte("abcdef"), []edit{{0, 3, "x"}, {2, 4, "y"}}); err == nil {
		t.Fatal("overlapping edits were applied")
	}
	out, err := apply([]byte("abcdef"), []edit{{4, 4, "-"}, {0, 2, ""}})
	if err != nil || string(out) != "cd-ef" {
		t.Fatalf("apply = %q, %v", out, err)
	}
}
