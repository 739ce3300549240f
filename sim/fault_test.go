package sim_test

import (
	"testing"
	"time"

	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func plan(rules ...sim.FaultRule) sim.FaultPlan { return sim.FaultPlan{Rules: rules} }

func TestCrashKeepsAnInProcessLockHeldAndRunsOnCrash(t *testing.T) {
	for s := range uint64(50) {
		var cleaned bool
		res := sim.Run(sim.Options{Source: sim.Random(s), Faults: plan(sim.FaultRule{Kind: sim.FaultCrash, Rate: 1, Budget: 1})},
			func(w *sim.World) {
				mu := w.NewMutex("mu")
				w.Go("worker", func() {
					w.OnCrash(func() { cleaned = true })
					mu.Lock()
					defer mu.Unlock() // refused while unwinding a crash
					w.Yield("mid-task")
				})
			})
		// main crashes first at its first yield, or the worker does.
		if res.Faults == 0 {
			continue
		}
		assert.Equal(t, 1, res.Faults)
		assert.NoError(t, res.Err)
		crashed := ""
		for _, e := range res.Log {
			if e.Kind == sim.EvFault {
				crashed = e.Name
			}
		}
		if crashed == "worker" {
			assert.True(t, cleaned, "seed %d: OnCrash did not run", s)
		}
	}
	res := sim.Run(sim.Options{Source: sim.Random(1), Faults: plan(sim.FaultRule{Kind: sim.FaultCrash, Rate: 1, Budget: 1})},
		func(w *sim.World) {})
	assert.False(t, res.Failed(), "a main thread with no yield point cannot crash")
}

func TestCrashedHolderLeavesWaitersBlocked(t *testing.T) {
	found := false
	for s := range uint64(100) {
		res := sim.Run(sim.Options{Source: sim.Random(s), Faults: plan(sim.FaultRule{Kind: sim.FaultCrash, Rate: 0.5, Budget: 1})},
			func(w *sim.World) {
				mu := w.NewMutex("mu")
				w.Go("holder", func() {
					mu.Lock()
					w.Yield("holding")
					mu.Unlock()
				})
				w.Sleep(time.Second)
				mu.Lock() // never returns when holder crashed holding mu
				w.Yield("after holder")
				mu.Unlock()
			})
		if len(res.Findings) > 0 && res.Findings[0].Kind == sim.Deadlock {
			found = true
			assert.Contains(t, res.Findings[0].Message, "mutex mu (held by holder)")
		}
	}
	assert.True(t, found)
}

func TestFaultBudgetsAndKinds(t *testing.T) {
	for s := range uint64(30) {
		kinds := map[string]int{}
		res := sim.Run(sim.Options{Source: sim.Random(s), Faults: plan(
			sim.FaultRule{Kind: "cache.error", Rate: 0.5, Budget: 2},
			sim.FaultRule{Kind: sim.FaultSleep, Rate: 0.5, Budget: 1},
		)}, func(w *sim.World) {
			for range 20 {
				kinds[string(w.FaultPoint("cache get", "cache.error", "db.disconnect"))]++
			}
		})
		require.False(t, res.Failed())
		assert.LessOrEqual(t, kinds["cache.error"], 2)
		assert.Zero(t, kinds["db.disconnect"], "a kind the plan does not enable never fires")
		assert.Equal(t, res.Faults, kinds["cache.error"]+countSleeps(res))
	}
}

func countSleeps(res *sim.Result) int {
	n := 0
	for _, e := range res.Log {
		if e.Kind == sim.EvFault && len(e.Detail) > 5 && e.Detail[:5] == "sleep" {
			n++
		}
	}
	return n
}

func TestParseFaultPlan(t *testing.T) {
	p, err := sim.ParseFaultPlan("sleep:0.05:3,cache.error:0.2:1")
	require.NoError(t, err)
	assert.Equal(t, "sleep:0.05:3,cache.error:0.2:1", p.String())
	assert.Equal(t, 1, p.Rule("cache.error").Budget)
	for _, bad := range []string{"sleep", "sleep:2:1", "sleep:x:1", "sleep:0.1:-1", ":0.1:1", "a:0.1:1,a:0.2:1"} {
		_, err := sim.ParseFaultPlan(bad)
		assert.Error(t, err, bad)
	}
	p, err = sim.ParseFaultPlan("none")
	require.NoError(t, err)
	assert.Empty(t, p.Rules)
}

// A sleep rule's fourth field sets its delays, down to nanoseconds: a range
// stands for its decades, and the plan prints back as it parses.
func TestParseFaultPlanDelays(t *testing.T) {
	p, err := sim.ParseFaultPlan("sleep:0.05:3:1ns-10ms")
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{1, 10, 100, time.Microsecond, 10 * time.Microsecond,
		100 * time.Microsecond, time.Millisecond, 10 * time.Millisecond}, p.Rule(sim.FaultSleep).Delays)
	again, err := sim.ParseFaultPlan(p.String())
	require.NoError(t, err)
	assert.Equal(t, p, again)
	p, err = sim.ParseFaultPlan("sleep:0.1:1:5ms/3ns-20ns")
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{5 * time.Millisecond, 3, 20}, p.Rule(sim.FaultSleep).Delays)
	for _, bad := range []string{"sleep:0.1:1:", "sleep:0.1:1:0s", "sleep:0.1:1:10ms-1ms", "sleep:0.1:1:x-1ms",
		"crash:0.1:1:1ms", "sleep:0.1:1:1ms:2"} {
		_, err := sim.ParseFaultPlan(bad)
		assert.Error(t, err, bad)
	}
}

func TestCrashedOperationStaysOpenAndIndeterminate(t *testing.T) {
	for s := range uint64(40) {
		res := sim.Run(sim.Options{Source: sim.Random(s), Faults: plan(sim.FaultRule{Kind: sim.FaultCrash, Rate: 0.5, Budget: 1})},
			func(w *sim.World) {
				w.Go("client", func() {
					id := w.Begin(1, "put x")
					w.Yield("sending")
					w.End(id, "ok")
				})
			})
		require.Len(t, res.History, 1)
		op := res.History[0]
		assert.Equal(t, op.Indeterminate, op.Output == nil, "seed %d", s)
		if op.Indeterminate {
			assert.Equal(t, int64(1<<63-1), op.Return)
		} else {
			assert.Less(t, op.Call, op.Return)
		}
	}
}

func TestProtectedThreadIsNeverCrashedOrDelayed(t *testing.T) {
	for s := range uint64(30) {
		res := sim.Run(sim.Options{Source: sim.Random(s), Faults: plan(
			sim.FaultRule{Kind: sim.FaultCrash, Rate: 1, Budget: 5}, sim.FaultRule{Kind: sim.FaultSleep, Rate: 1, Budget: 5})},
			func(w *sim.World) {
				w.Protect()
				for range 5 {
					w.Yield("harness")
				}
				if w.Elapsed() != 0 {
					w.Fail("invariant", "the harness was delayed")
				}
			})
		require.False(t, res.Failed(), "%v", res.Findings)
		assert.Zero(t, res.Faults)
	}
}
