package scenarios

import (
	"context"
	"strings"
	"testing"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/require"
)

// Every clean variant of the catalogue, explored with the race detector on,
// reports no data race on the systems' annotated memory (sim.Shared).
func TestCleanVariantsHaveNoDataRace(t *testing.T) {
	targets, err := Default().Resolve(nil)
	require.NoError(t, err)
	schedules := 2000
	if testing.Short() {
		schedules = 300
	}
	for _, tg := range targets {
		if tg.Variant.Expect != results.Clean {
			continue
		}
		t.Run(tg.Name(), func(t *testing.T) {
			t.Parallel()
			run, err := explore.Explore(context.Background(), tg, explore.Config{Seed: 1, Workers: 1, Schedules: schedules, Race: true, ShrinkBudget: -1})
			require.NoError(t, err)
			for _, f := range run.Findings {
				require.NotEqual(t, sim.DataRace, f.Kind, "%s\n%s", f.Message, f.Replay)
			}
		})
	}
}

// The annotations are live: registry's state, read and written without
// its GIL by two threads, is a data race naming the location.
func TestSharedAnnotationReportsRace(t *testing.T) {
	res := sim.Run(sim.Options{Race: true}, func(w *sim.World) {
		loc := sim.NewShared(w.Runtime(), "registry.items")
		wg := w.NewWaitGroup("wg")
		for i := range 2 {
			wg.Add(1)
			w.Go("t", func() {
				defer wg.Done()
				if i == 0 {
					loc.Write()
				} else {
					loc.Read()
				}
			})
		}
		wg.Wait()
	})
	var msgs []string
	for _, f := range res.Findings {
		if f.Kind == sim.DataRace {
			msgs = append(msgs, f.Message)
		}
	}
	require.Len(t, msgs, 1)
	require.True(t, strings.Contains(msgs[0], "registry.items"), msgs[0])
}
