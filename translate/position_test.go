package translate_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"github.com/racelab/racelab/translate"
)

// identLines maps each identifier that occurs once in f to its line, as
// the file set reports it (through //line directives).
func identLines(fset *token.FileSet, f *ast.File) map[string]int {
	lines, count := map[string]int{}, map[string]int{}
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			count[id.Name]++
			lines[id.Name] = fset.Position(id.Pos()).Line
		}
		return true
	})
	for name, n := range count {
		if n != 1 {
			delete(lines, name)
		}
	}
	return lines
}

// TestSourceKeepsTheUsersLines parses the built form of every golden
// translation and checks that each identifier of the user's (one that
// occurs once in input and output) is still reported at its line, so
// panics, test failures and compile errors name the user's file:line.
func TestSourceKeepsTheUsersLines(t *testing.T) {
	for _, gi := range goldenInputs(t) {
		file, in := gi.file, struct{ Name string }{gi.name}
		want := identLines(gi.input.Fset, gi.f)
		out, err := translate.File(gi.input, gi.f)
		if err != nil {
			continue // the error cases
		}
		fset := token.NewFileSet()
		g, err := parser.ParseFile(fset, in.Name, out.Source, parser.ParseComments)
		if err != nil {
			t.Fatalf("%s: the translation does not parse: %v\n%s", file, err, out.Source)
		}
		checked := 0
		for name, line := range identLines(fset, g) {
			if strings.HasPrefix(name, "racelab") {
				continue
			}
			if w, ok := want[name]; ok {
				checked++
				if w != line {
					t.Errorf("%s: %s is at line %d of the translation's positions, at line %d of the input", file, name, line, w)
				}
			}
		}
		if checked == 0 {
			t.Errorf("%s: no identifier to check", file)
		}
	}
}
