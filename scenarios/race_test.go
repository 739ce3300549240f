package scenarios

import (
	"context"
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
