package scenarios

import (
	"testing"

	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/db"
	"github.com/stretchr/testify/assert"
)

// The fixed claims stay clean while the plan's faults really fire: lock
// waits time out (the conditional claim waits for another worker's row)
// and connections drop, over 10 start seeds.
func TestJobQueueFaultsFireInTheFixedClaims(t *testing.T) {
	for _, variant := range []string{"fixed-conditional", "fixed-skip-locked"} {
		kinds := map[string]int{}
		for seed := range uint64(10) {
			for i := range 50 {
				res := sim.Run(sim.Options{Source: sim.Random(sim.ScheduleSeed(seed+1, i)), Faults: jobQueueClaims.Faults}, func(w *sim.World) {
					jobQueueClaims.Program(w, variant)
				})
				assert.False(t, res.Failed(), "%s seed %d schedule %d: %v %v", variant, seed+1, i, res.Err, res.Findings)
				for _, e := range res.Log {
					if e.Kind == sim.EvFault {
						kinds[e.Detail]++
					}
				}
			}
		}
		assert.Positive(t, kinds[string(db.FaultDisconnect)], variant)
		if variant == "fixed-conditional" {
			assert.Positive(t, kinds[string(db.FaultLockTimeout)], variant)
		}
		t.Logf("%s: faults injected %v", variant, kinds)
	}
}
