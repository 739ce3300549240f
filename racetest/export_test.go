package racetest

import (
	"testing"

	"github.com/racelab/racelab/explore"
)

// RunTranslatedWith is RunTranslated with explicit settings instead of the
// flags, so a test can explore from chosen start seeds.
// Traces go to dir.
func RunTranslatedWith(t testing.TB, name string, fn func(t *T), cfg explore.Config, dir string) {
	runTranslated(t, name, fn, cfg, dir)
}
