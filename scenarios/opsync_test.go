package scenarios

import (
	"testing"
	"time"

	"github.com/racelab/racelab/linearize"
	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/db"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fixed variants of opsync run on real goroutines, over the same
// database, with real faults: their histories are linearizable and the
// pipeline processes every uploaded dataset once per step.
func TestOpSyncRunsNatively(t *testing.T) {
	runs := 40
	if testing.Short() {
		runs = 10
	}
	faults := sim.FaultPlan{Rules: []sim.FaultRule{{Kind: db.FaultSerialization, Rate: 0.2, Budget: 2}, {Kind: db.FaultDisconnect, Rate: 0.05, Budget: 1}}}
	for _, variant := range []string{"fixed", "fixed-idempotent"} {
		for i := range runs {
			res := sim.RunNative(sim.NativeOptions{Seed: uint64(i), StressRate: 0.3, MaxStressSleep: 20 * time.Microsecond, Faults: faults}, func(rt sim.Runtime) {
				backupVsUnpack(rt, variant, true)
			})
			require.Empty(t, res.Findings)
			lr, err := linearize.Check(opSyncModel, res.History, 5*time.Second)
			require.NoError(t, err)
			assert.Equal(t, linearize.Ok, lr.Verdict, "%s native run %d: %v", variant, i, lr)
		}
		problem := ""
		res := sim.RunNative(sim.NativeOptions{Seed: 1, StressRate: 0.3, MaxStressSleep: 20 * time.Microsecond}, func(rt sim.Runtime) {
			problem = pipeline(rt, variant)
		})
		require.Empty(t, res.Findings)
		assert.Empty(t, problem, variant)
	}
}
