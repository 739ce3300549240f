package translate

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/printer"
	"go/token"
	"go/types"
	"strings"
)

// Module is racelab's module path; the drop-ins live under Module + "/rt".
const Module = "github.com/racelab/racelab"

// Import paths and local names of what translated code calls.
const (
	langPath    = Module + "/rt/lang"
	langName    = "racelablang"
	contextPath = Module + "/rt/context"
	contextName = "rtcontext"
	runtimePath = Module + "/rt/runtime"
	runtimeName = "rtruntime"
	testPath    = Module + "/racetest"
	testName    = "racetest"
)

// Swaps maps each standard package that has a drop-in to the drop-in's
// import path.
var Swaps = map[string]string{
	"sync":         Module + "/rt/sync",
	"sync/atomic":  Module + "/rt/sync/atomic",
	"time":         Module + "/rt/time",
	"context":      Module + "/rt/context",
	"math/rand":    Module + "/rt/math/rand",
	"math/rand/v2": Module + "/rt/math/rand/v2",
}

// Error is a construct that cannot be translated, at the user's file:line.
type Error struct {
	Pos token.Position
	Msg string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d: translate: %s", e.Pos.Filename, e.Pos.Line, e.Msg)
}

// Input is one type-checked package: its files, types and positions.
type Input struct {
	Fset  *token.FileSet
	Pkg   *types.Package
	Info  *types.Info
	Files []*ast.File
	// Translated reports whether the package with this import path is
	// translated too (so its channels are racelablang.Chan). Nil means only
	// Pkg is.
	Translated func(path string) bool
	// TestHelpers reports whether the package with this import path has its
	// *testing.T and testing.TB turned into racetest's in every file (the
	// main module's packages: a test helper outside the test files takes
	// what the translated tests pass it). Nil means only Pkg.
	TestHelpers func(path string) bool
}

// Printed is one translated file.
type Printed struct {
	// Format is the translation as gofmt prints it (what the golden tests
	// show).
	Format []byte
	// Source is the same code with //line directives that map every
	// statement back to the user's file:line; it is what is built.
	Source []byte
}

// File translates f, one of in.Files, in place (f is changed) and prints
// it. A construct that cannot be translated is an *Error.
func File(in *Input, f *ast.File) (Printed, error) {
	name := in.Fset.Position(f.Package).Filename
	r := newRewriter(in, f, strings.HasSuffix(name, "_test.go"))
	if err := r.rewrite(); err != nil {
		return Printed{}, err
	}
	var out Printed
	var b bytes.Buffer
	if err := format.Node(&b, in.Fset, f); err != nil {
		return out, fmt.Errorf("translate: printing %s: %w", name, err)
	}
	out.Format = append([]byte(nil), b.Bytes()...)
	b.Reset()
	cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent | printer.SourcePos, Tabwidth: 8}
	if err := cfg.Fprint(&b, in.Fset, f); err != nil {
		return out, fmt.Errorf("translate: printing %s: %w", name, err)
	}
	out.Source = b.Bytes()
	return out, nil
}
