package translate_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/racelab/racelab/translate"
)

// TestGoldenOutputsTypeCheckAgainstTheDropIns type-checks the built form
// of every golden translation against the real rt/ packages and racetest,
// so a translation that calls what the drop-ins do not have fails here, not
// in a user's build.
func TestGoldenOutputsTypeCheckAgainstTheDropIns(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks racelab from source")
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "source", nil)
	for _, gi := range goldenInputs(t) {
		file := gi.file
		out, err := translate.File(gi.input, gi.f)
		if err != nil {
			continue // the error cases
		}
		g, err := parser.ParseFile(fset, file+"/"+gi.name, out.Source, 0)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		conf := types.Config{Importer: imp}
		if _, err := conf.Check("example.com/p", fset, []*ast.File{g}, nil); err != nil {
			t.Errorf("%s: the translation does not type-check: %v\n%s", file, err, out.Format)
		}
	}
}
