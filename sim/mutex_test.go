package sim_test

import (
	"testing"

	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The steps of a contended lock/unlock do not grow with the waiters: an
// Unlock wakes one of them, not all (with all, 32 threads took 20-60
// steps a pair).
func TestMutexContendedStepsFlat(t *testing.T) {
	perPair := func(threads int) float64 {
		const pairs = 20
		res := sim.Run(sim.Options{Source: sim.Random(1), NoLog: true}, func(w *sim.World) {
			mu := w.NewMutex("mu")
			wg := w.NewWaitGroup("wg")
			for i := range threads {
				wg.Go(string(rune('a'+i%26)), func() {
					for range pairs {
						mu.Lock()
						//lint:ignore SA2001 the point: contention on the lock alone
						mu.Unlock()
					}
				})
			}
			wg.Wait()
		})
		require.NoError(t, res.Err)
		require.Empty(t, res.Findings)
		return float64(res.Steps) / float64(threads*pairs)
	}
	two, many := perPair(2), perPair(32)
	assert.Less(t, many, 2*two+2, "steps per lock/unlock: %.1f at 2 threads, %.1f at 32", two, many)
}
