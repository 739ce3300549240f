package scenarios

import (
	"testing"
	"time"

	"github.com/racelab/racelab/linearize"
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
		res := sim.RunNative(sim.NativeOptions{Seed: uint64(i), StressRate: 0.3, MaxStressSleep: 20 * time.Microsecond, Faults: replicaFaults}, func(rt sim.Runtime) {
			h := newReplicaHarness(rt, "fixed", "A", "B")
			wg := rt.NewWaitGroup("pushers")
			goGroup(rt, wg, "A", func() { h.push("A", "X"); h.fetch("A") })
			goGroup(rt, wg, "B", func() { h.push("B", "Y"); h.fetch("B") })
			wg.Wait()
			h.settle("A", "B")
		})
		require.Empty(t, res.Findings)
		lr, err := linearize.Check(replicaModel, res.History, 5*time.Second)
		require.NoError(t, err)
		assert.Equal(t, linearize.Ok, lr.Verdict, "native run %d: %v", i, lr)
	}
}
