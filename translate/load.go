package translate

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
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
	// Overlay replaces the contents of files by absolute path, as go
	// build -overlay does (racelab mutate gives a mutant's file this way):
	// the translation, and its cache key, read these contents instead.
	Overlay map[string][]byte
	_       struct{}
}

// Package is one package of the main module as `racelab test` needs it.
type Package struct {
	// Path is the import path; Dir its directory; Tests whether it has
	// test files (go test builds a binary only for those).
	Path, Dir string
	Tests     bool
}

// Listing is what go list says about the packages a pattern matches and
// the packages they import, tests included: enough to key the translation
// cache without type-checking anything.
type Listing struct {
	Module, ModuleDir string
	// Roots are the packages the patterns matched.
	Roots []Package
	// Files are the Go files of every package that is translated, of the
	// main module and of its dependencies (absolute paths, sorted).
	Files []string
	// Deps are the dependency modules with packages to translate.
	Deps []DepModule

	translated map[string]bool     // import paths
	imports    map[string][]string // of the dependency packages
	overlay    map[string][]byte   // Config.Overlay
}

// DepModule is a dependency module (not the standard library, not
// racelab's runtime) whose packages are translated. Go refuses overlays of
// files in the module cache, so racelab test builds a copy (Dir's package
// directories with the translated files) in its place with a replace
// directive.
type DepModule struct {
	Path, Version, Dir string
	// PkgDirs are the directories of its packages the build uses.
	PkgDirs []string
}

// runtimeModules are the modules racetest and rt/ are built from
// (runtime_test.go checks the list against go list -deps): translating
// them would make racelab's runtime import itself.
var runtimeModules = []string{Module, "github.com/anishathalye/porcupine", "pgregory.net/rapid"}

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
		if data, ok := l.overlay[f]; ok {
			fmt.Fprintf(h, "%q overlaid\n", f)
			h.Write(data)
			continue
		}
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
	pc := &packages.Config{Mode: mode, Dir: c.Dir, Tests: true, Overlay: c.Overlay}
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
	l := &Listing{overlay: cfg.Overlay}
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			return nil, pkgError(p.Errors[0])
		}
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
			return nil, pkgError(p.Errors[0])
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
	l.translated, l.imports = map[string]bool{}, map[string][]string{}
	deps := map[string]*DepModule{}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		path := strings.TrimSuffix(p.PkgPath, "_test")
		switch {
		case p.Module == nil || strings.HasSuffix(p.PkgPath, ".test"):
			return // the standard library, a test main
		case p.Module.Main:
			if !translated(l.Module, path) {
				return
			}
		case slices.Contains(runtimeModules, p.Module.Path):
			return
		default:
			m := deps[p.Module.Path]
			if m == nil {
				m = &DepModule{Path: p.Module.Path, Version: p.Module.Version, Dir: p.Module.Dir}
				deps[p.Module.Path] = m
			}
			if len(p.GoFiles) > 0 && !slices.Contains(m.PkgDirs, dirOf(p.GoFiles[0])) {
				m.PkgDirs = append(m.PkgDirs, dirOf(p.GoFiles[0]))
			}
			for imp := range p.Imports {
				l.imports[path] = append(l.imports[path], imp)
			}
		}
		l.translated[path] = true
		for _, f := range p.GoFiles {
			if strings.HasSuffix(f, ".go") {
				files[f] = true
			}
		}
	})
	for _, m := range deps {
		sort.Strings(m.PkgDirs)
		l.Deps = append(l.Deps, *m)
	}
	sort.Slice(l.Deps, func(i, j int) bool { return l.Deps[i].Path < l.Deps[j].Path })
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

// Translation is the translated form of the packages a pattern matches.
type Translation struct {
	// Files are the translations (Printed.Source) by the absolute path of
	// the file they replace.
	Files map[string][]byte
	// Skipped are dependency packages left as they are, each with why (a
	// construct that cannot be translated, or a package it imports was
	// skipped). Their goroutines and channels are not controlled.
	Skipped []string
}

// Translate loads the packages patterns match with their tests, and the
// packages they import, type-checks them and translates every package of
// the main module and of its dependencies (not the standard library, not
// racelab's runtime). A dependency package that cannot be translated is
// left as it is (Translation.Skipped), with every dependency package it
// imports; in the main module, a type error or a construct that cannot be
// translated is an error naming file:line.
func Translate(cfg Config, patterns ...string) (*Translation, error) {
	l, err := List(cfg, patterns...)
	if err != nil {
		return nil, err
	}
	skipped := map[string]string{}
	for attempt := 0; ; attempt++ {
		files, failed, err := translateOnce(cfg, l, skipped)
		if failed == "" || attempt > len(l.translated) {
			if err != nil {
				return nil, err
			}
			t := &Translation{Files: files}
			for p, why := range skipped {
				t.Skipped = append(t.Skipped, p+": "+why)
			}
			sort.Strings(t.Skipped)
			return t, nil
		}
		l.skip(failed, err.Error(), skipped)
	}
}

// skip leaves a dependency package untranslated, and with it every
// dependency package it imports (which it would call with real channels).
func (l *Listing) skip(path, why string, skipped map[string]string) {
	if _, done := skipped[path]; done || !l.translated[path] {
		return
	}
	skipped[path] = why
	for _, imp := range l.imports[path] {
		l.skip(imp, "imported by "+path+", which is not translated", skipped)
	}
}

// translateOnce translates what l lists but skipped. A failure in a
// dependency package returns its path, to be skipped.
func translateOnce(cfg Config, l *Listing, skipped map[string]string) (map[string][]byte, string, error) {
	const mode = packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes |
		packages.NeedTypesInfo | packages.NeedImports | packages.NeedModule
	isTranslated := func(path string) bool { _, s := skipped[path]; return l.translated[path] && !s }
	// The main module's packages by directory, with their tests; the
	// dependencies' by import path, without. Types of everything else come
	// from export data, which is fast.
	want := map[string]bool{}
	var deps []string
	for path := range l.translated {
		if isTranslated(path) && path != l.Module && !strings.HasPrefix(path, l.Module+"/") {
			deps = append(deps, path)
		}
	}
	for _, f := range l.Files {
		if !l.inDep(f) {
			want[dirOf(f)] = true
		}
	}
	var dirs []string
	for dir := range want {
		dirs = append(dirs, dir)
	}
	sort.Strings(dirs)
	sort.Strings(deps)
	pkgs, err := packages.Load(cfg.packagesConfig(mode), dirs...)
	if err != nil {
		return nil, "", fmt.Errorf("translate: loading: %w", err)
	}
	if len(deps) > 0 {
		dc := cfg.packagesConfig(mode)
		dc.Tests = false
		dpkgs, err := packages.Load(dc, deps...)
		if err != nil {
			return nil, "", fmt.Errorf("translate: loading: %w", err)
		}
		pkgs = append(pkgs, dpkgs...)
	}
	// Test variants first: "p [p.test]" holds the package's files and its
	// in-package tests. A file is translated once (go/packages shares one
	// syntax tree between variants, and the translation changes it).
	isTest := func(p *packages.Package) bool { return strings.Contains(p.ID, " [") }
	sort.SliceStable(pkgs, func(i, j int) bool { return isTest(pkgs[i]) && !isTest(pkgs[j]) })
	out := map[string][]byte{}
	for _, p := range pkgs {
		path := strings.TrimSuffix(p.PkgPath, "_test")
		if strings.HasSuffix(p.PkgPath, ".test") && p.Name == "main" || !isTranslated(path) {
			continue
		}
		dep := p.Module != nil && !p.Module.Main
		if len(p.Errors) > 0 {
			if dep {
				return nil, path, pkgError(p.Errors[0])
			}
			return nil, "", pkgError(p.Errors[0])
		}
		in := &Input{Fset: p.Fset, Pkg: p.Types, Info: p.TypesInfo, Files: p.Syntax, Translated: isTranslated,
			TestHelpers: func(path string) bool { return translated(l.Module, strings.TrimSuffix(path, "_test")) }}
		for _, f := range p.Syntax {
			name := p.Fset.PositionFor(f.Package, false).Filename
			if _, done := out[name]; done || !strings.HasSuffix(name, ".go") {
				continue
			}
			printed, err := File(in, f)
			if err != nil {
				if dep {
					return nil, path, err
				}
				return nil, "", err
			}
			out[name] = printed.Source
		}
	}
	return out, "", nil
}

// inDep reports whether file belongs to a dependency module.
func (l *Listing) inDep(file string) bool {
	for _, m := range l.Deps {
		if strings.HasPrefix(file, m.Dir+string(os.PathSeparator)) {
			return true
		}
	}
	return false
}

// pkgError is a load error as one line, with its position when it has one.
func pkgError(e packages.Error) error {
	if e.Pos == "" || e.Pos == "-" {
		return errors.New(e.Msg)
	}
	return fmt.Errorf("%s: %s", e.Pos, e.Msg)
}
