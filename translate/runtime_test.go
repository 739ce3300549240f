package translate

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestRuntimeModulesAreWhatTheRuntimeIsBuiltFrom: racelab test never
// translates the modules racetest and rt/ import (translated, they would
// import the runtime that imports them); the list must follow go list.
func TestRuntimeModulesAreWhatTheRuntimeIsBuiltFrom(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{with .Module}}{{.Path}}{{end}}", "../racetest", "../rt/...").Output()
	if err != nil {
		t.Fatal(err)
	}
	var mods []string
	for _, m := range strings.Fields(string(out)) {
		if !slices.Contains(mods, m) {
			mods = append(mods, m)
		}
	}
	slices.Sort(mods)
	want := slices.Clone(runtimeModules)
	slices.Sort(want)
	if !slices.Equal(mods, want) {
		t.Errorf("racetest and rt/ are built from %v; runtimeModules says %v", mods, want)
	}
}
