package racetest_test

import (
	"testing"

	"github.com/racelab/racelab/racetest"
	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lastWriter: two threads store to one variable, guarded or not; the final
// value is either's, so only the race detector can tell.
func lastWriter(guarded bool) func(w *sim.World) {
	return func(w *sim.World) {
		x := sim.NewVar(w, "x", 0)
		mu := w.NewMutex("mu")
		wg := w.NewWaitGroup("wg")
		for i, name := range []string{"a", "b"} {
			wg.Go(name, func() {
				if guarded {
					mu.Lock()
					defer mu.Unlock()
				}
				x.Store(i)
			})
		}
		wg.Wait()
	}
}

func TestCheckWithRaceReportsTheDataRace(t *testing.T) {
	rec := &recorder{name: "TestLastWriter"}
	racetest.Check(rec, lastWriter(false), racetest.Options{Dir: t.TempDir(), Schedules: 20})
	assert.Empty(t, rec.failed, "without the detector the race is invisible")

	rec = &recorder{name: "TestLastWriter"}
	racetest.Check(rec, lastWriter(false), racetest.Options{Dir: t.TempDir(), Schedules: 20, Race: true})
	require.Len(t, rec.failed, 1)
	assert.Contains(t, rec.failed[0], "racelab: data-race: data race: write by ")
	assert.Contains(t, rec.failed[0], "race_test.go:")

	rec = &recorder{name: "TestLastWriterGuarded"}
	racetest.Check(rec, lastWriter(true), racetest.Options{Dir: t.TempDir(), Schedules: 50, Race: true})
	assert.Empty(t, rec.failed)
}
