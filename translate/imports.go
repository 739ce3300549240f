package translate

import (
	"go/ast"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// stdName is the package name of an import path of the standard library.
func stdName(path string) string {
	if path == "math/rand/v2" {
		return "rand"
	}
	return path[strings.LastIndex(path, "/")+1:]
}

// fixImports swaps the standard packages for their drop-ins, drops the
// imports the translation made unused and adds the ones it needs.
func (r *rewriter) fixImports() {
	for _, spec := range r.f.Imports {
		path, _ := strconv.Unquote(spec.Path.Value)
		if sw, ok := Swaps[path]; ok {
			spec.EndPos = spec.End()
			spec.Path.Value = strconv.Quote(sw)
			if spec.Name == nil {
				spec.Name = &ast.Ident{NamePos: spec.Path.Pos(), Name: stdName(path)}
			}
		}
	}
	if name, ok := r.imports["runtime"]; ok && r.removedRuntime && !usesName(r.f, name) {
		astutil.DeleteNamedImport(r.in.Fset, r.f, importName(r.f, "runtime"), "runtime")
	}
	if name, ok := r.imports["testing"]; ok && r.swapTesting && !usesName(r.f, name) {
		astutil.DeleteNamedImport(r.in.Fset, r.f, importName(r.f, "testing"), "testing")
	}
	if _, ok := r.need[testPath]; r.test && !ok {
		if _, has := r.imports[testPath]; !has {
			// Every test binary knows racelab's flags, even one with
			// only benchmarks or examples, so racelab test can pass them.
			r.need[testPath] = "_"
		}
	}
	paths := make([]string, 0, len(r.need))
	for p := range r.need {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		astutil.AddNamedImport(r.in.Fset, r.f, r.need[p], p)
	}
}

// usesName reports whether the file refers to the import named name
// (syntactically: go/packages does not resolve objects, and the nodes the
// translation made have no types).
func usesName(f *ast.File, name string) bool {
	used := false
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == name {
				used = true
			}
		}
		return !used
	})
	return used
}

// importName is the explicit name of the file's import of path, or "".
func importName(f *ast.File, path string) string {
	for _, spec := range f.Imports {
		if p, _ := strconv.Unquote(spec.Path.Value); p == path && spec.Name != nil {
			return spec.Name.Name
		}
	}
	return ""
}

// use returns the local name of an import the translation refers to,
// adding the import (as name) if the file lacks it.
func (r *rewriter) use(path, name string) string {
	if n, ok := r.imports[path]; ok {
		return n
	}
	r.need[path] = name
	r.imports[path] = name
	return name
}
