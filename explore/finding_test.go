package explore_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/scenarios"
	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The flip point names two steps of the system, never one of the harness:
// the catalogue's main thread only starts, waits for and checks the others
// (wg add, wg wait, quiesce), and swapping one of those with a system step
// says nothing about the race.
func TestTheRaceIsNeverAHarnessStep(t *testing.T) {
	targets, err := scenarios.Default().Resolve(nil)
	require.NoError(t, err)
	var races atomic.Int32 // subtests run in parallel
	for _, tg := range targets {
		if tg.Variant.Expect != results.Violation {
			continue
		}
		t.Run(tg.Name(), func(t *testing.T) {
			t.Parallel()
			for seed := range uint64(3) {
				run, err := explore.Explore(context.Background(), tg, explore.Config{Seed: seed + 1, Workers: 1})
				require.NoError(t, err)
				require.NotEmpty(t, run.Findings)
				f := run.Findings[0]
				assert.NotContains(t, f.Race, "main `", "seed %d", seed+1)
				assert.NotContains(t, f.Race, "main (starting)", "seed %d", seed+1)
				if f.Race != "" {
					races.Add(1)
				}
			}
		})
	}
	t.Cleanup(func() { assert.Positive(t, races.Load(), "some findings still name their race") })
}

// Every finding names, for each thread it is about, the file and line of
// its code where the thread last yielded, and its stack.
func TestFindingsNameWhereEachInvolvedThreadStood(t *testing.T) {
	for _, name := range []string{"demo/lock-order:inverted", "demo/counter:racy", "demo/bank:read-committed", "demo/leak:unbuffered", "registry/concurrent-populate:buggy"} {
		t.Run(name, func(t *testing.T) {
			ts, err := scenarios.Default().Resolve([]string{name})
			if err != nil {
				t.Skipf("no %s in the catalogue: %v", name, err)
			}
			run, err := explore.Explore(context.Background(), ts[0], explore.Config{Seed: 1, Workers: 1})
			require.NoError(t, err)
			require.NotEmpty(t, run.Findings)
			f := run.Findings[0]
			involved := 0
			for _, th := range f.Threads {
				if !th.Involved {
					continue
				}
				involved++
				assert.Regexp(t, `^\w+/\w+\.go:\d+$`, th.At, "thread %s: %s", th.Name, th.Stack)
				assert.False(t, strings.HasPrefix(th.At, "sim/"), th.At)
				assert.Contains(t, th.Stack, "goroutine ")
			}
			assert.Positive(t, involved, "%+v", f.Threads)
			if f.Kind == "deadlock" {
				for _, th := range f.Threads[:involved] {
					assert.NotEmpty(t, th.WaitsOn, th.Name)
				}
			}
		})
	}
}

// An exploration cut short by its context (Ctrl-C) is partial; one cut
// short by its own time budget is not.
func TestInterruptedExplorationIsPartial(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	run, err := explore.Explore(ctx, target(t, "demo/counter:locked"), explore.Config{Seed: 1})
	require.NoError(t, err)
	assert.True(t, run.Partial)
	assert.Contains(t, run.Note, "interrupted")

	run, err = explore.Explore(context.Background(), target(t, "demo/counter:locked"), explore.Config{Seed: 1, Schedules: 5})
	require.NoError(t, err)
	assert.False(t, run.Partial)
}

// A fault kind no fault point offers is an error, not a plan that
// silently injects nothing.
func TestCheckFaultsRejectsAKindNothingOffers(t *testing.T) {
	c := scenarios.Default()
	ts, err := c.Resolve([]string{"demo/bank"})
	require.NoError(t, err)
	typo, err := sim.ParseFaultPlan("db.disconect:0.1:1")
	require.NoError(t, err)
	_, err = explore.CheckFaults(ts, typo)
	assert.ErrorContains(t, err, `fault kind "db.disconect": no fault point of the 2 runs offers it`)

	good, err := sim.ParseFaultPlan("sleep:0.1:1,db.disconnect:0.1:1")
	require.NoError(t, err)
	warnings, err := explore.CheckFaults(ts, good)
	require.NoError(t, err)
	assert.Empty(t, warnings)

	mixed, err := c.Resolve([]string{"demo/bank:read-committed", "demo/counter:racy"})
	require.NoError(t, err)
	warnings, err = explore.CheckFaults(mixed, good)
	require.NoError(t, err)
	assert.Equal(t, []string{"demo/counter:racy: no fault point offers db.disconnect; that rule injects nothing there"}, warnings)
}
