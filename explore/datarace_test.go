package explore_test

import (
	"context"
	"testing"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// racyFlags: two threads set two flags without a lock, then main checks
// nothing: the only failure is the data races, on two pairs of sites.
func racyFlags(w *sim.World) {
	a, b := sim.NewVar(w, "a", 0), sim.NewVar(w, "b", 0)
	wg := w.NewWaitGroup("wg")
	for _, name := range []string{"t1", "t2"} {
		wg.Go(name, func() {
			w.Yield("work")
			a.Store(1)
			w.Yield("work")
			b.Store(1)
		})
	}
	wg.Wait()
}

func TestExploreReportsEachDataRaceOnce(t *testing.T) {
	tg := scenario(t, "test/racy-flags", racyFlags)
	run, err := explore.Explore(context.Background(), tg, explore.Config{Seed: 1, Workers: 2, Schedules: 50, ScheduleTimeout: -1})
	require.NoError(t, err)
	assert.Equal(t, results.Clean, run.Verdict, "without the detector the races are invisible")

	run, err = explore.Explore(context.Background(), tg, explore.Config{Seed: 1, Workers: 2, Schedules: 50, All: true, Race: true, ScheduleTimeout: -1})
	require.NoError(t, err)
	require.Equal(t, results.Violation, run.Verdict)
	require.Len(t, run.Findings, 2, "one finding per racing pair of sites, over 50 schedules")
	for _, f := range run.Findings {
		assert.Equal(t, string(sim.DataRace), f.Kind)
		require.Len(t, f.DataRace, 2, "both accesses")
		assert.NotEqual(t, f.DataRace[0].Thread, f.DataRace[1].Thread)
		assert.Contains(t, f.DataRace[0].Site, "datarace_test.go:")
		assert.NotNil(t, f.MinTrace, "shrunk")
	}
	assert.NotEqual(t, run.Findings[0].DataRace[0].Site, run.Findings[1].DataRace[0].Site)

	again, err := explore.Explore(context.Background(), tg, explore.Config{Seed: 1, Workers: 1, Schedules: 50, All: true, Race: true, ScheduleTimeout: -1})
	require.NoError(t, err)
	require.Len(t, again.Findings, 2)
	for i := range run.Findings {
		assert.Equal(t, run.Findings[i].Schedule, again.Findings[i].Schedule, "the same races whatever the workers")
		assert.Equal(t, run.Findings[i].Message, again.Findings[i].Message)
	}
}
