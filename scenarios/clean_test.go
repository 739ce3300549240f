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

// heavierPlans are the fault plans, heavier than each system's own, under
// which its clean variants must stay clean: more faults of the same kinds,
// and the kinds its harness is built for (crashes where the harness waits
// for quiescence, sleeps everywhere).
var heavierPlans = map[string]string{
	"cachesync":  "cache.error:0.4:4,sleep:0.2:3",
	"opsync":     "db.serialization:0.5:12,db.disconnect:0.3:4,sleep:0.2:3",
	"registry":   "sleep:0.3:4",
	"replica":    "crash:0.1:2,db.disconnect:0.3:4,sleep:0.2:3",
	"leasequeue": "crash:0.1:2,db.disconnect:0.3:4,sleep:0.2:3",
}

// notUnderHeavierPlans are clean variants that a heavier plan is known to
// break, each for a reason the catalogue shows elsewhere.
var notUnderHeavierPlans = map[string]string{
	// the shipped close's residual race: leasequeue/close-under-faults:fixed
	"leasequeue/close-vs-acquire:fixed": "shipped close",
	"leasequeue/random-ops:fixed":       "shipped close",
	// its crons poll a bounded number of times; under twelve serialization
	// failures a step can be left for a later poll than the last
	"opsync/pipeline:fixed":            "bounded polls",
	"opsync/pipeline:fixed-idempotent": "bounded polls",
	// its read-after-save check holds only while the cache works: a save
	// whose mark_updated fails cannot expire anyone (spec 2.5)
	"cachesync/save-order:fixed-order": "fault-free by design",
	// it checks that no push is refused when no fault is injected
	"replica/first-push:fixed":     "fault-free by design",
	"replica/first-push:lock-only": "fault-free by design",
}

// Every clean variant stays clean from 10 start seeds with its own fault
// plan (explore's catalogue test runs the default budgets) and with its
// system's heavier plan; -short runs a few hundred schedules per seed, the
// full test a few thousand.
func TestCleanVariantsStayCleanUnderHeavierPlans(t *testing.T) {
	targets, err := Default().Resolve(nil)
	require.NoError(t, err)
	schedules := 3000
	if testing.Short() {
		schedules = 60
	}
	for _, tg := range targets {
		system, _, _ := strings.Cut(tg.Scenario.Name, "/")
		heavy, ok := heavierPlans[system]
		if tg.Variant.Expect != results.Clean || !ok || notUnderHeavierPlans[tg.Name()] != "" {
			continue
		}
		plan, err := sim.ParseFaultPlan(heavy)
		require.NoError(t, err)
		t.Run(tg.Name(), func(t *testing.T) {
			t.Parallel()
			for seed := range uint64(10) {
				run, err := explore.Explore(context.Background(), tg, explore.Config{Seed: seed + 1, Workers: 1, Schedules: schedules, Faults: &plan, ShrinkBudget: -1})
				require.NoError(t, err)
				if run.Verdict != results.Clean {
					f := run.Findings[0]
					t.Fatalf("seed %d, plan %s: %s: %s\n%s", seed+1, heavy, f.Kind, f.Message, f.Replay)
				}
			}
		})
	}
}
