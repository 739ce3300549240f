package racetest

import (
	"testing"

	"github.com/racelab/racelab/explore"
	rtcontext "github.com/racelab/racelab/rt/context"
	"github.com/racelab/racelab/rt/lang"
)

// RunTranslatedWith is RunTranslated with explicit settings instead of the
// flags, so a test can explore from chosen start seeds.
// Traces go to dir.
func RunTranslatedWith(t testing.TB, name string, fn func(t *T), cfg explore.Config, dir string) {
	t.Helper()
	runTranslated(t, name, fn, cfg, dir)
}

// DoneOf is the Done channel of t's context, as translated code gets it.
func DoneOf(t *T) lang.Chan[struct{}] { return rtcontext.Done(t.Context()) }
