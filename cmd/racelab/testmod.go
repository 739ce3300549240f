package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"

	"github.com/racelab/racelab/translate"
)

// modfile writes, for a module other than racelab, a copy of its go.mod
// (and go.sum) that requires racelab, whose drop-ins the translated code
// imports, replaced by racelab's source directory; go test uses it with
// -modfile, and the user's go.mod is not touched.
func modfile(l *translate.Listing, dir string) (string, error) {
	src, err := racelabSource()
	if err != nil {
		return "", err
	}
	gomod, err := os.ReadFile(filepath.Join(l.ModuleDir, "go.mod"))
	if err != nil {
		return "", fmt.Errorf("racelab test: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("translation cache: %w", err)
	}
	gomod = fmt.Appendf(gomod, "\nrequire %s v0.0.0\n\nreplace %s => %s\n", translate.Module, translate.Module, src)
	out := filepath.Join(dir, "go.mod")
	if err := os.WriteFile(out, gomod, 0o644); err != nil {
		return "", fmt.Errorf("translation cache: %w", err)
	}
	var sum []byte
	for _, f := range []string{filepath.Join(l.ModuleDir, "go.sum"), filepath.Join(src, "go.sum")} {
		if data, err := os.ReadFile(f); err == nil {
			sum = append(append(sum, data...), '\n')
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		return "", fmt.Errorf("translation cache: %w", err)
	}
	return out, nil
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
