package explore_test

import (
	"context"
	"testing"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/scenarios"
	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every buggy scenario's finding shrinks to a trace that replays to the
// same kind of failure, with no more preemptions or faults than it had.
func TestShrunkFindingsReplayToTheSameFinding(t *testing.T) {
	c := scenarios.Default()
	targets, err := c.Resolve(nil)
	require.NoError(t, err)
	for _, tg := range targets {
		if tg.Variant.Expect != results.Violation {
			continue
		}
		t.Run(tg.Name(), func(t *testing.T) {
			t.Parallel()
			run, err := explore.Explore(context.Background(), tg, explore.Config{Seed: 3, Workers: 1})
			require.NoError(t, err)
			require.Len(t, run.Findings, 1)
			f := run.Findings[0]
			require.NotNil(t, f.MinTrace)
			assert.True(t, f.Minimal, "shrinking reached 1-minimality within its budget")
			assert.LessOrEqual(t, f.MinPreemptions, f.Preemptions)
			assert.LessOrEqual(t, f.MinFaults, f.Faults)
			// replica/random-ops's generated workload (two sessions per device,
			// scattered faults) keeps about a dozen; the others a handful.
			assert.LessOrEqual(t, f.MinPreemptions, 16, "a handful of preemptions")
			r, err := c.ReplayTrace(f.MinTrace)
			require.NoError(t, err)
			assert.Equal(t, f.Kind, r.Kind)
			t.Logf("%d -> %d preemptions, %d -> %d faults, %d -> %d steps", f.Preemptions, f.MinPreemptions, f.Faults, f.MinFaults, f.Steps, f.MinSteps)
		})
	}
}

// 1-minimality by brute force on small findings: taking back any single
// remaining choice makes the run pass or fail differently; the flip
// point's swap passes; the same input shrinks to the same output.
func TestShrinkIsOneMinimalAndDeterministic(t *testing.T) {
	c := scenarios.Default()
	for _, name := range []string{"demo/counter:racy", "demo/bank:read-committed", "leasequeue/double-release:buggy", "opsync/backup-vs-unpack:buggy"} {
		t.Run(name, func(t *testing.T) {
			tg := target(t, name)
			run, err := explore.Explore(context.Background(), tg, explore.Config{Seed: 11, Workers: 1, ShrinkBudget: -1})
			require.NoError(t, err)
			require.Len(t, run.Findings, 1)
			tr := run.Findings[0].Trace
			first, err := c.ShrinkTrace(context.Background(), &tr, 0)
			require.NoError(t, err)
			second, err := c.ShrinkTrace(context.Background(), &tr, 0)
			require.NoError(t, err)
			assert.Equal(t, first.Trace.Decisions, second.Trace.Decisions, "deterministic")
			require.True(t, first.Minimal)

			min := first.Trace.Decisions
			for i, d := range min {
				if d.Choice == 0 {
					continue
				}
				edited := append([]sim.Choice(nil), min...)
				edited[i].Choice = 0
				probe := first.Trace
				probe.Decisions, probe.Hash = edited, ""
				r, err := c.RetryTrace(&probe)
				require.NoError(t, err)
				assert.False(t, r.Violated() && r.Kind == first.Kind && r.Message == first.Message,
					"taking back decision %d (%v) still fails the same way", i, d)
			}
			if first.Flip != nil {
				swapped := append([]sim.Choice(nil), min...)
				swapped[first.Flip.Decision].Choice = 0
				probe := first.Trace
				probe.Decisions, probe.Hash = swapped, ""
				r, err := c.RetryTrace(&probe)
				require.NoError(t, err)
				assert.False(t, r.Violated(), "the flip point's swap passes: %s", first.Flip.Description)
			}
		})
	}
}
