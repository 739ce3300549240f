package translate

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Config says where and how packages are loaded.
type Config struct {
	// Dir is the directory go list runs in (the user's module).
	Dir string
	// Tags are build tags (go test's -tags).
	Tags string
	_    struct{}
}

// Package is one package of the main module as `racelab test` needs it.
type Package struct {
	// Path is the import path; Dir its directory; Tests whether it has
	// test files (go test builds a binary only for those).
	Path, Dir string
	Tests     bool
}

// Listing is what go list says about the packages a pattern matches and
// the main module's packages they import, tests included: enough to key
// the translation cache without type-checking anything.
type Listing struct {
	Module, ModuleDir string
	// Roots are the packages the patterns matched.
	Roots []Package
	// Files are the Go files of every package of the main module that is
	// translated (absolute paths, sorted).
	Files []string
}

// Key is the content address of the translation: the hash of every file
// that is translated, with its path, of the module's go.mod and go.sum
// (the versions of the dependencies, whose types the translation reads),
// and of extra (the translator's own identity and the build tags).
func (l *Listing) Key(extra ...string) (string, error) {
	h := sha256.New()
	for _, e := range extra {
		fmt.Fprintf(h, "%q\n", e)
	}
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(l.ModuleDir, f))
		if err != nil && !os.IsNotExist(err) {
			return "", fmt.Errorf("translate: %w", err)
		}
		fmt.Fprintf(h, "%s %d\n", f, len(data))
		h.Write(data)
	}
	for _, f := range l.Files {
		fh, err := os.Open(f)
		if err != nil {
			return "", fmt.Errorf("translate: %w", err)
		}
		fmt.Fprintf(h, "%q\n", f)
		_, err = io.Copy(h, fh)
		fh.Close()
		if err != nil {
			return "", fmt.Errorf("translate: %w", err)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:32], nil
}

func (c Config) packagesConfig(mode packages.LoadMode) *packages.Config {
	pc := &packages.Config{Mode: mode, Dir: c.Dir, Tests: true}
	if c.Tags != "" {
		pc.BuildFlags = []string{"-tags=" + c.Tags}
	}
	return pc
}

// never are racelab's own packages, which translated code calls: they are
// never translated, even when the main module is racelab itself.
var never = []string{"/rt", "/sim", "/racetest", "/explore", "/results", "/linearize", "/model", "/translate", "/cmd", "/reports", "/scenarios", "/impl"}

// translated reports whether the package with this path, in a main module
// of path mod, is translated.
func translated(mod, path string) bool {
	if path != mod && !strings.HasPrefix(path, mod+"/") {
		return false
	}
	if mod == Module && !strings.Contains(path, "/testdata/") && !strings.Contains(path, "/examples/") {
		for _, n := range never {
			if strings.HasPrefix(path, Module+n) {
				return false
			}
		}
	}
	return true
}

// List lists the packages patterns match (cheaply: go list, no type
// checking).
func List(cfg Config, patterns ...string) (*Listing, error) {
	pkgs, err := packages.Load(cfg.packagesConfig(packages.NeedName|packages.NeedFiles|packages.NeedImports|packages.NeedDeps|packages.NeedModule), patterns...)
	if err != nil {
		return nil, fmt.Errorf("translate: loading %s: %w", strings.Join(patterns, " "), err)
	}
	l := &Listing{}
	for _, p := range pkgs {
		if p.Module != nil && p.Module.Main {
			l.Module, l.ModuleDir = p.Module.Path, p.Module.Dir
			break
		}
	}
	if l.Module == "" {
		return nil, fmt.Errorf("translate: %s: no package of the main module", strings.Join(patterns, " "))
	}
	roots := map[string]*Package{}
	var order []string
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			return nil, fmt.Errorf("%s", p.Errors[0])
		}
		if strings.HasSuffix(p.PkgPath, ".test") && p.Name == "main" {
			continue
		}
		path := strings.TrimSuffix(p.PkgPath, "_test")
		r := roots[path]
		if r == nil {
			r = &Package{Path: path}
			roots[path] = r
			order = append(order, path)
		}
		for _, f := range p.GoFiles {
			r.Dir = dirOf(f)
			if strings.HasSuffix(f, "_test.go") {
				r.Tests = true
			}
		}
	}
	for _, path := range order {
		l.Roots = append(l.Roots, *roots[path])
	}
	files := map[string]bool{}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if translated(l.Module, strings.TrimSuffix(p.PkgPath, "_test")) {
			for _, f := range p.GoFiles {
				if strings.HasSuffix(f, ".go") {
					files[f] = true
				}
			}
		}
	})
	for f := range files {
		l.Files = append(l.Files, f)
	}
	sort.Strings(l.Files)
	return l, nil
}

func dirOf(file string) string {
	if i := strings.LastIndexByte(file, os.PathSeparator); i >= 0 {
		return file[:i]
	}
	return "."
}

// Translate loads the packages patterns match with their tests, and the
// main module's packages they import, type-checks them and translates
// every file of the main module's packages. It returns the translations
// (Printed.Source) by the absolute path of the file they replace. A type
// error or a construct that cannot be translated is an error naming
// file:line.
func Translate(cfg Config, patterns ...string) (map[string][]byte, error) {
	const mode = packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes |
		packages.NeedTypesInfo | packages.NeedImports | packages.NeedModule
	l, err := List(cfg, patterns...)
	if err != nil {
		return nil, err
	}
	// The main module's packages beyond the roots are loaded too, by path:
	// types of everything else come from export data, which is fast.
	want := map[string]bool{}
	for _, f := range l.Files {
		want[dirOf(f)] = true
	}
	var paths []string
	for dir := range want {
		paths = append(paths, dir)
	}
	sort.Strings(paths)
	pkgs, err := packages.Load(cfg.packagesConfig(mode), paths...)
	if err != nil {
		return nil, fmt.Errorf("translate: loading: %w", err)
	}
	// Test variants first: "p [p.test]" holds the package's files and its
	// in-package tests. A file is translated once (go/packages shares one
	// syntax tree between variants, and the translation changes it).
	isTest := func(p *packages.Package) bool { return strings.Contains(p.ID, " [") }
	sort.SliceStable(pkgs, func(i, j int) bool { return isTest(pkgs[i]) && !isTest(pkgs[j]) })
	out := map[string][]byte{}
	isTranslated := func(path string) bool { return translated(l.Module, path) }
	for _, p := range pkgs {
		if strings.HasSuffix(p.PkgPath, ".test") && p.Name == "main" || !isTranslated(strings.TrimSuffix(p.PkgPath, "_test")) {
			continue
		}
		if len(p.Errors) > 0 {
			return nil, fmt.Errorf("%s", p.Errors[0])
		}
		in := &Input{Fset: p.Fset, Pkg: p.Types, Info: p.TypesInfo, Files: p.Syntax, Translated: isTranslated}
		for _, f := range p.Syntax {
			name := p.Fset.PositionFor(f.Package, false).Filename
			if _, done := out[name]; done || !strings.HasSuffix(name, ".go") {
				continue
			}
			printed, err := File(in, f)
			if err != nil {
				return nil, err
			}
			out[name] = printed.Source
		}
	}
	return out, nil
}
