package mutate

import (
	"bytes"
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Mutant is one weakened copy of one file of a package.
type Mutant struct {
	// ID is "M1", "M2", ... in file, line and operator order.
	ID       string `json:"id"`
	Operator string `json:"operator"`
	// File is the file's name in the package directory, Line the line of
	// the change in the original.
	File string `json:"file"`
	Line int    `json:"line"`
	// Desc says what changed ("removes r.lock.Lock() and its Unlock").
	Desc string `json:"desc"`
	// Path is the original file's absolute path; Source the mutated file.
	Path   string `json:"-"`
	Source []byte `json:"-"`
}

// Generate returns the mutants of the non-test Go files of the package in
// dir, by the given operators (nil: every one). A site whose mutated file
// does not parse is left out; one that may not type-check is kept, and the
// build says so.
func Generate(dir string, ops []Operator) ([]Mutant, error) {
	if ops == nil {
		ops = Operators()
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	names, err := filepath.Glob(filepath.Join(abs, "*.go"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []Mutant
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		ms, err := generateFile(name, ops)
		if err != nil {
			return nil, err
		}
		out = append(out, ms...)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("mutate: %s: no Go files", dir)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	for i := range out {
		out[i].ID = fmt.Sprintf("M%d", i+1)
	}
	return out, nil
}

func generateFile(path string, ops []Operator) ([]Mutant, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	af, err := parser.ParseFile(fset, path, src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("mutate: %w", err)
	}
	f := &file{fset: fset, ast: af, src: src}
	orig, err := format.Source(src)
	if err != nil {
		orig = src
	}
	var out []Mutant
	seen := map[string]bool{}
	for _, op := range ops {
		for _, s := range op.sites(f) {
			changed, err := apply(src, s.edits)
			if err != nil {
				continue
			}
			formatted, err := format.Source(changed)
			if err != nil || bytes.Equal(formatted, orig) || seen[string(formatted)] {
				continue
			}
			seen[string(formatted)] = true
			out = append(out, Mutant{Operator: op.Name, File: filepath.Base(path), Line: f.line(s.pos), Desc: s.desc,
				Path: path, Source: formatted})
		}
	}
	return out, nil
}
