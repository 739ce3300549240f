package scenarios

import (
	"testing"
	"time"

	"github.com/racelab/racelab/linearize"
	"github.com/racelab/racelab/model"
	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fixed replicas on real goroutines, with real dropped connections:
// nothing acknowledged is lost.
func TestReplicaRunsNatively(t *testing.T) {
	runs := 40
	if testing.Short() {
		runs = 15
	}
	for i := range runs {
		problem := ""
		res := sim.RunNative(sim.NativeOptions{Seed: uint64(i), StressRate: 0.3, MaxStressSleep: 20 * time.Microsecond, Faults: replicaFaults}, func(rt sim.Runtime) {
			h := newReplicaHarness(rt, "fixed", "A", "B")
			wg := rt.NewWaitGroup("pushers")
			goGroup(rt, wg, "A", func() { h.push("A", "X"); h.fetch("A") })
			goGroup(rt, wg, "B", func() { h.push("B", "Y"); h.fetch("B") })
			wg.Wait()
			problem = h.settle(faultBudget(replicaFaults), "A", "B")
		})
		require.Empty(t, res.Findings)
		require.Empty(t, problem)
		lr, err := linearize.Check(replicaModel, res.History, 5*time.Second)
		require.NoError(t, err)
		assert.Equal(t, linearize.Ok, lr.Verdict, "native run %d: %v", i, lr)
	}
}

// The model refuses a push for nothing: "frozen" only while frozen, or
// while another push was in flight.
func TestReplicaModelFrozenOnlyWhileFrozen(t *testing.T) {
	m := model.Replica
	push := func(c string) model.ReplicaInput {
		return model.ReplicaInput{Op: model.ReplicaPush, Dev: "A", Commit: c}
	}
	s := m.Init()
	assert.Empty(t, m.Apply(s, push("x"), model.PushFrozen), "frozen with nothing in doubt")
	assert.NotEmpty(t, m.Apply(s, push("x"), model.PushFrozenRacing))
	frozen := m.Apply(s, push("x"), model.PushInterrupted)
	require.Len(t, frozen, 1)
	assert.NotEmpty(t, m.Apply(frozen[0], push("y"), model.PushFrozen))
	assert.Empty(t, m.Apply(frozen[0], push("y"), model.PushOK), "ok while frozen")
}
