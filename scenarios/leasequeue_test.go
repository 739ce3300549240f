package scenarios

import (
	"sync"
	"testing"
	"time"

	"github.com/racelab/racelab/impl/leasequeue"
	"github.com/racelab/racelab/linearize"
	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/db"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fixed lease queue on real goroutines: three releasers of one lease,
// and a close racing the allocator, with real timings shortened.
func TestLeaseQueueRunsNatively(t *testing.T) {
	runs := 30
	if testing.Short() {
		runs = 10
	}
	for i := range runs {
		problem := ""
		res := sim.RunNative(sim.NativeOptions{Seed: uint64(i), StressRate: 0.3, MaxStressSleep: 20 * time.Microsecond}, func(rt sim.Runtime) {
			d := newDrydock(rt, "fixed")
			d.RetryDelay, d.LockWait = time.Millisecond, 100*time.Millisecond
			var callers sync.WaitGroup
			start := func(name string, f func()) {
				callers.Add(1)
				rt.Go(name, func() { defer callers.Done(); f() })
			}
			for _, by := range []string{"web", "cli", "destructor"} {
				start(by, func() { d.release(by, "L1") })
			}
			start("closer", func() { d.close("R1") })
			start("allocator", func() { d.acquire("L2") })
			callers.Wait()
			// Quiet: no task left to run (nothing crashes natively).
			problem = d.check(func() {
				for range 5000 {
					if len(d.DB.PeekScan(leasequeue.Tasks, db.Eq("done", false))) == 0 {
						return
					}
					time.Sleep(time.Millisecond)
				}
			})
		})
		require.Empty(t, res.Findings)
		assert.Empty(t, problem, "native run %d", i)
		lr, err := linearize.Check(leaseModel, res.History, 5*time.Second)
		require.NoError(t, err)
		assert.Equal(t, linearize.Ok, lr.Verdict, "native run %d: %v", i, lr)
	}
}
