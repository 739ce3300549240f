package explore_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/scenarios"
	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func target(t testing.TB, name string) explore.Target {
	t.Helper()
	ts, err := scenarios.Default().Resolve([]string{name})
	require.NoError(t, err)
	require.Len(t, ts, 1)
	return ts[0]
}

// Every variant meets its expectation within its default budget, from 10
// start seeds, under random and pct (and dfs where that is the default).
// With -short, clean-expected variants (which run their whole budget) are
// explored from 3 seeds with a fifth of it; violation-expected ones stop at
// their finding and are checked in full.
func TestEveryScenarioMeetsItsExpectationFromAnySeed(t *testing.T) {
	targets, err := scenarios.Default().Resolve(nil)
	require.NoError(t, err)
	for _, tg := range targets {
		strategies := []string{"random", "pct"}
		if tg.Scenario.Strategy == "dfs" {
			strategies = []string{"dfs"}
		}
		for _, strategy := range strategies {
			t.Run(tg.Name()+"/"+strategy, func(t *testing.T) {
				t.Parallel()
				seeds, budget := 10, 0
				if strategy == "dfs" {
					seeds = 1 // dfs does not depend on the seed
				}
				if testing.Short() && tg.Variant.Expect == results.Clean {
					seeds, budget = min(seeds, 3), max(tg.Scenario.DefaultBudget()/5, 1)
				}
				for seed := range uint64(seeds) {
					run, err := explore.Explore(context.Background(), tg, explore.Config{Strategy: strategy, Seed: seed, Workers: 1, Schedules: budget})
					require.NoError(t, err)
					require.True(t, run.Met(), "seed %d: expected %s, got %s after %d schedules", seed, run.Expect, run.Verdict, run.Schedules)
					if run.Verdict == results.Clean && strategy == "dfs" && budget == 0 {
						assert.True(t, run.Exhausted, "dfs explored the whole space")
					}
				}
			})
		}
	}
}

func TestResultsDoNotDependOnTheNumberOfWorkers(t *testing.T) {
	tg := target(t, "demo/counter:racy")
	var hashes []string
	for _, workers := range []int{1, 2, 4} {
		for range 3 {
			run, err := explore.Explore(context.Background(), tg, explore.Config{Seed: 7, Workers: workers})
			require.NoError(t, err)
			require.Len(t, run.Findings, 1)
			f := run.Findings[0]
			hashes = append(hashes, fmt.Sprintf("schedule %d, %d schedules, %s", f.Schedule, run.Schedules, f.TraceHash))
		}
	}
	for _, h := range hashes {
		assert.Equal(t, hashes[0], h)
	}
}

func TestShardsCoverExactlyTheUnshardedSchedules(t *testing.T) {
	tg := target(t, "demo/counter:racy")
	cfg := explore.Config{Seed: 3, Schedules: 60, All: true, Workers: 2}
	whole, err := explore.Explore(context.Background(), tg, cfg)
	require.NoError(t, err)
	var parts []*results.File
	for shard := range 2 {
		c := cfg
		c.Shard, c.Shards = shard, 2
		run, err := explore.Explore(context.Background(), tg, c)
		require.NoError(t, err)
		parts = append(parts, &results.File{Runs: []results.Run{run}})
	}
	merged := results.Merge(parts...)
	require.Len(t, merged.Runs, 1)
	assert.Equal(t, whole.Schedules, merged.Runs[0].Schedules)
	schedules := func(r results.Run) []int {
		var out []int
		for _, f := range r.Findings {
			out = append(out, f.Schedule)
		}
		sort.Ints(out)
		return out
	}
	assert.Equal(t, schedules(whole), schedules(merged.Runs[0]))
	assert.NotEmpty(t, schedules(whole))
}

// Every violation-expected variant's finding replays, from its trace file
// and from its seed and schedule, to the same run and the same finding.
func TestFindingsReplayToTheSameViolation(t *testing.T) {
	c := scenarios.Default()
	targets, err := c.Resolve(nil)
	require.NoError(t, err)
	for _, tg := range targets {
		if tg.Variant.Expect != results.Violation {
			continue
		}
		t.Run(tg.Name(), func(t *testing.T) {
			t.Parallel()
			cfg := explore.Config{Seed: 5, Workers: 1}
			run, err := explore.Explore(context.Background(), tg, cfg)
			require.NoError(t, err)
			require.Len(t, run.Findings, 1)
			f := run.Findings[0]

			data, err := f.Trace.Marshal()
			require.NoError(t, err)
			tr, err := sim.ParseTrace(data)
			require.NoError(t, err)
			byTrace, err := c.ReplayTrace(tr)
			require.NoError(t, err)
			assert.True(t, byTrace.Violated())
			assert.Equal(t, f.Kind, byTrace.Kind)
			assert.Equal(t, f.TraceHash, byTrace.Trace.Hash)
			assert.Empty(t, byTrace.Note)

			// What the finding says is said of the run it shows, the
			// shrunk one: its message, explanation and history.
			require.NotNil(t, f.MinTrace)
			byMin, err := c.ReplayTrace(f.MinTrace)
			require.NoError(t, err)
			assert.Equal(t, f.MinTrace.Hash, byMin.Trace.Hash)
			assert.Equal(t, f.Message, byMin.Message)
			assert.Equal(t, f.Explanation, byMin.Explanation)
			assert.Len(t, f.History, len(byMin.Result.History))

			// The shrunk run's own command line replays it.
			flags := strings.Fields(f.MinReplay)
			require.GreaterOrEqual(t, len(flags), 5, f.MinReplay)
			assert.Equal(t, []string{"racelab", "replay", tg.Name(), "--decisions"}, flags[:4])
			choices, err := explore.ParseDecisions(flags[4])
			require.NoError(t, err)
			byLine, err := explore.ReplayDecisions(tg, cfg, choices)
			require.NoError(t, err)
			assert.Equal(t, f.MinTrace.Hash, byLine.Trace.Hash, f.MinReplay)

			bySchedule, err := explore.ReplaySchedule(tg, cfg, f.Schedule)
			require.NoError(t, err)
			assert.Equal(t, f.TraceHash, bySchedule.Trace.Hash)
			assert.NotEmpty(t, f.Log)
			assert.Contains(t, f.Replay, fmt.Sprintf("--seed 5 --schedule %d", f.Schedule))
		})
	}
}

// A trace whose decisions do not give the run it recorded was edited, or
// its program changed: the replay says both, blames neither, and runs what
// the decisions give.
func TestReplayOfAnEditedTraceSaysSo(t *testing.T) {
	c := scenarios.Default()
	run, err := explore.Explore(context.Background(), target(t, "demo/counter:racy"), explore.Config{Seed: 1})
	require.NoError(t, err)
	orig := run.Findings[0].Trace

	tr := orig
	tr.Hash = "0123456789abcdef"
	r, err := c.ReplayTrace(&tr)
	require.NoError(t, err)
	assert.Contains(t, r.Note, "the trace was edited, or the program changed since it was recorded")
	assert.True(t, r.Violated())

	// One decision edited: another thread runs there.
	tr = orig
	tr.Decisions = append([]sim.Choice(nil), orig.Decisions...)
	edited := -1
	for i, d := range tr.Decisions {
		if d.Kind == sim.DecideThread && d.N > 1 {
			tr.Decisions[i].Choice = (d.Choice + 1) % d.N
			edited = i
			break
		}
	}
	require.GreaterOrEqual(t, edited, 0)
	r, err = c.ReplayTrace(&tr)
	if err != nil { // the edit made the rest of the trace not fit
		assert.ErrorContains(t, err, "the trace was edited, or the program changed since it was recorded")
	} else {
		assert.Contains(t, r.Note, "the trace was edited, or the program changed since it was recorded")
		assert.NotEqual(t, orig.Hash, r.Trace.Hash)
	}

	tr.Variant = "nope"
	_, err = c.ReplayTrace(&tr)
	assert.ErrorContains(t, err, `has no variant "nope"`)
}

func TestResolveNamesWhatIsUnknown(t *testing.T) {
	c := scenarios.Default()
	_, err := c.Resolve([]string{"demo/nothing"})
	assert.EqualError(t, err, `unknown scenario "demo/nothing" (racelab list shows them)`)
	_, err = c.Resolve([]string{"demo/counter:fast"})
	assert.EqualError(t, err, `scenario demo/counter has no variant "fast" (it has racy, locked)`)
	ts, err := c.Resolve([]string{"demo/counter"})
	require.NoError(t, err)
	assert.Len(t, ts, 2)
}

func TestMalformedScenariosAreRejected(t *testing.T) {
	prog := func(*sim.World, string) {}
	good := []explore.Variant{{Name: "v", Expect: results.Clean}}
	tests := []struct {
		name string
		sc   *explore.Scenario
		want string
	}{
		{"no system", &explore.Scenario{Name: "counter", Variants: good, Program: prog}, "system/name"},
		{"no variants", &explore.Scenario{Name: "a/b", Program: prog}, "no variants"},
		{"bad expectation", &explore.Scenario{Name: "a/b", Variants: []explore.Variant{{Name: "v", Expect: "maybe"}}, Program: prog}, `expects "maybe"`},
		{"no program", &explore.Scenario{Name: "a/b", Variants: good}, "no program"},
		{"bad strategy", &explore.Scenario{Name: "a/b", Variants: good, Program: prog, Strategy: "bfs"}, `unknown strategy "bfs"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := explore.NewCatalogue(tt.sc)
			assert.ErrorContains(t, err, tt.want)
		})
	}
	_, err := explore.NewCatalogue(&explore.Scenario{Name: "a/b", Variants: good, Program: prog}, &explore.Scenario{Name: "a/b", Variants: good, Program: prog})
	assert.ErrorContains(t, err, "already in the catalogue")
}

func TestInterruptedExplorationKeepsWhatItHas(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := 0
	run, err := explore.Explore(ctx, target(t, "demo/counter:locked"), explore.Config{Seed: 1, Workers: 1, Schedules: 100_000,
		Progress: func(n, _ int) {
			done = n
			if n == 50 {
				cancel()
			}
		}})
	require.NoError(t, err)
	assert.Equal(t, "interrupted: results so far", run.Note)
	assert.Equal(t, 50, run.Schedules)
	assert.Equal(t, 50, done)
}

func TestDFSCannotBeSharded(t *testing.T) {
	_, err := explore.Explore(context.Background(), target(t, "demo/lock-order:ordered"), explore.Config{Shard: 0, Shards: 2})
	assert.ErrorContains(t, err, "cannot be sharded")
}

// Small scenarios are explored exhaustively with a preemption bound of 2:
// the bug of a violation-expected variant is found, and a clean-expected
// variant's whole space runs clean and says so.
func TestSmallScenariosUnderExhaustiveDFS(t *testing.T) {
	names := []string{"registry/lazy-instance", "cachesync/failed-add"}
	if !testing.Short() {
		names = append(names, "registry/concurrent-populate", "demo/counter")
	}
	for _, name := range names {
		ts, err := scenarios.Default().Resolve([]string{name})
		require.NoError(t, err)
		for _, tg := range ts {
			t.Run(tg.Name(), func(t *testing.T) {
				run, err := explore.Explore(context.Background(), tg, explore.Config{Strategy: "dfs", Bound: 2, Schedules: 100_000, ShrinkBudget: -1})
				require.NoError(t, err)
				require.True(t, run.Met(), "expected %s, got %s", run.Expect, run.Verdict)
				if run.Expect == results.Clean {
					assert.True(t, run.Exhausted, "all schedules within the bound explored (%d)", run.Schedules)
				}
				t.Logf("%s: %d schedules, exhausted %v", run.Verdict, run.Schedules, run.Exhausted)
			})
		}
	}
}
