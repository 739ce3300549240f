package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/racelab/racelab/translate"
)

// copyDeps writes, for each dependency module with packages to
// translate, a copy of its go.mod and of its packages' directories with
// the translated files in place (go refuses overlays of the module cache),
// and returns the replace directives that point the build at them.
func copyDeps(dir string, l *translate.Listing, files map[string][]byte) ([]string, error) {
	var replaces []string
	for _, m := range l.Deps {
		dst := filepath.Join(dir, "mod", strings.ReplaceAll(m.Path, "/", "_")+"@"+m.Version)
		if err := os.MkdirAll(dst, 0o755); err != nil {
			return nil, fmt.Errorf("translation cache: %w", err)
		}
		if data, err := os.ReadFile(filepath.Join(m.Dir, "go.mod")); err == nil {
			err = os.WriteFile(filepath.Join(dst, "go.mod"), data, 0o644)
			if err != nil {
				return nil, fmt.Errorf("translation cache: %w", err)
			}
		}
		for _, pkgDir := range m.PkgDirs {
			rel, err := filepath.Rel(m.Dir, pkgDir)
			if err != nil {
				return nil, fmt.Errorf("translation cache: %w", err)
			}
			entries, err := os.ReadDir(pkgDir)
			if err != nil {
				return nil, fmt.Errorf("translation cache: %w", err)
			}
			if err := os.MkdirAll(filepath.Join(dst, rel), 0o755); err != nil {
				return nil, fmt.Errorf("translation cache: %w", err)
			}
			for _, e := range entries {
				if !e.Type().IsRegular() {
					continue
				}
				src := filepath.Join(pkgDir, e.Name())
				data, ok := files[src]
				if !ok {
					if data, err = os.ReadFile(src); err != nil {
						return nil, fmt.Errorf("translation cache: %w", err)
					}
				}
				if err := os.WriteFile(filepath.Join(dst, rel, e.Name()), data, 0o644); err != nil {
					return nil, fmt.Errorf("translation cache: %w", err)
				}
			}
		}
		if _, err := os.Stat(filepath.Join(dst, "go.mod")); err != nil {
			if err := os.WriteFile(filepath.Join(dst, "go.mod"), fmt.Appendf(nil, "module %s\n", m.Path), 0o644); err != nil {
				return nil, fmt.Errorf("translation cache: %w", err)
			}
		}
		replaces = append(replaces, fmt.Sprintf("replace %s => %s", m.Path, dst))
	}
	return replaces, nil
}

// writeModfile writes dir/go.mod (and go.sum): the main module's go.mod
// with the replace directives of the translated dependencies and, for a
// module other than racelab, a requirement of racelab (whose drop-ins the
// translated code imports) replaced by racelab's source directory. go
// test uses it with -modfile; the user's go.mod is not touched.
func writeModfile(l *translate.Listing, dir string, replaces []string) error {
	gomod, err := os.ReadFile(filepath.Join(l.ModuleDir, "go.mod"))
	if err != nil {
		return fmt.Errorf("racelab test: %w", err)
	}
	sums := []string{filepath.Join(l.ModuleDir, "go.sum")}
	if l.Module != translate.Module {
		src, err := racelabSource()
		if err != nil {
			return err
		}
		gomod = fmt.Appendf(gomod, "\nrequire %s v0.0.0\n", translate.Module)
		replaces = append(replaces, fmt.Sprintf("replace %s => %s", translate.Module, src))
		sums = append(sums, filepath.Join(src, "go.sum"))
	}
	gomod = append(gomod, "\n"+strings.Join(replaces, "\n")+"\n"...)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), gomod, 0o644); err != nil {
		return fmt.Errorf("translation cache: %w", err)
	}
	var sum []byte
	for _, f := range sums {
		if data, err := os.ReadFile(f); err == nil {
			sum = append(append(sum, data...), '\n')
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		return fmt.Errorf("translation cache: %w", err)
	}
	return nil
}

// racelabSource is the directory of racelab's module: $RACELAB_ROOT, else
// the module cache's copy of the version this binary was built from, else
// the source tree it was built in.
func racelabSource() (string, error) {
	if d := os.Getenv("RACELAB_ROOT"); d != "" {
		return d, nil
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Path == translate.Module && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		cache := os.Getenv("GOMODCACHE")
		if cache == "" {
			cache = filepath.Join(os.Getenv("HOME"), "go", "pkg", "mod")
		}
		if d := filepath.Join(cache, translate.Module+"@"+bi.Main.Version); exists(d) {
			return d, nil
		}
	}
	if _, file, _, ok := runtime.Caller(0); ok {
		if d := filepath.Dir(filepath.Dir(filepath.Dir(file))); exists(filepath.Join(d, "go.mod")) {
			return d, nil
		}
	}
	return "", badInput("racelab test: cannot find racelab's source for the drop-ins; set RACELAB_ROOT to its directory")
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
