package mutate

import (
	"testing"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// counterScenario: main sets a counter up under a lock, then two clients
// each increment it and return what they stored. "original" locks both the
// set-up and the increments; "setup-unlocked" drops the set-up's lock (no
// thread runs beside main then: nothing a client sees can change);
// "racy" drops the increments' lock, which survives (no model checks the
// outputs) but lets both clients return 1.
func counterScenario(strategy string) *explore.Scenario {
	return &explore.Scenario{
		Name:     "test/counter",
		Strategy: strategy,
		Budget:   200,
		Variants: []explore.Variant{{Name: "original"}, {Name: "setup-unlocked"}, {Name: "racy"}},
		Program: func(w *sim.World, variant string) {
			mu := w.NewMutex("mu")
			hits := sim.NewVar(w, "hits", -1)
			if variant != "setup-unlocked" {
				mu.Lock()
			}
			hits.Store(0)
			if variant != "setup-unlocked" {
				mu.Unlock()
			}
			wg := w.NewWaitGroup("wg")
			for c, name := range []string{"a", "b"} {
				wg.Go(name, func() {
					op := w.Begin(c, "inc")
					if variant != "racy" {
						mu.Lock()
						defer mu.Unlock()
					}
					v := hits.Load() + 1
					hits.Store(v)
					w.End(op, v)
				})
			}
			wg.Wait()
		},
	}
}

func TestEquivalentByHistory(t *testing.T) {
	for _, strategy := range []string{"random", "dfs", "pct"} {
		t.Run(strategy, func(t *testing.T) {
			sc := counterScenario(strategy)
			target := func(v string) explore.Target {
				for _, x := range sc.Variants {
					if x.Name == v {
						return explore.Target{Scenario: sc, Variant: x}
					}
				}
				panic(v)
			}
			orig, differs := fingerprints(target("original"), 1, sc.DefaultBudget(), nil)
			require.False(t, differs)
			require.NotEmpty(t, orig)
			base := map[string][]string{"test/counter:setup-unlocked": orig, "test/counter:racy": orig}

			_, differs = fingerprints(target("setup-unlocked"), 1, sc.DefaultBudget(), base)
			assert.False(t, differs, "a lock no other thread can contend for changes no history")

			_, differs = fingerprints(target("racy"), 1, sc.DefaultBudget(), base)
			assert.True(t, differs, "a lost increment shows in what the clients return")
		})
	}
}

// The hash is of what clients see: the order of calls and returns, not
// their step numbers; a different output or order is a different hash.
func TestHistoryHash(t *testing.T) {
	res := func(ops ...sim.Op) *sim.Result { return &sim.Result{History: ops} }
	a := historyHash(res(sim.Op{Client: 0, Input: "inc", Output: 1, Call: 3, Return: 9}, sim.Op{Client: 1, Input: "inc", Output: 2, Call: 5, Return: 12}))
	shifted := historyHash(res(sim.Op{Client: 0, Input: "inc", Output: 1, Call: 4, Return: 20}, sim.Op{Client: 1, Input: "inc", Output: 2, Call: 7, Return: 31}))
	assert.Equal(t, a, shifted, "extra internal steps change nothing a client sees")
	other := historyHash(res(sim.Op{Client: 0, Input: "inc", Output: 1, Call: 3, Return: 4}, sim.Op{Client: 1, Input: "inc", Output: 2, Call: 5, Return: 12}))
	assert.NotEqual(t, a, other, "the first op returns before the second is called: another real-time order")
	value := historyHash(res(sim.Op{Client: 0, Input: "inc", Output: 1, Call: 3, Return: 9}, sim.Op{Client: 1, Input: "inc", Output: 1, Call: 5, Return: 12}))
	assert.NotEqual(t, a, value)
	found := &sim.Result{History: res(sim.Op{Client: 0, Input: "inc", Output: 1, Call: 3, Return: 9}, sim.Op{Client: 1, Input: "inc", Output: 2, Call: 5, Return: 12}).History,
		Findings: []sim.Finding{{Kind: "deadlock", Message: "x"}}}
	assert.NotEqual(t, a, historyHash(found))
}
