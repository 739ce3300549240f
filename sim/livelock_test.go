package sim_test

import (
	"testing"

	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A step-limit finding lists every live thread (the spinning one and the
// blocked one) and names the yield site that repeated most.
func TestStepLimitNamesEveryThreadAndTheLoopingSite(t *testing.T) {
	res := sim.Run(sim.Options{Source: sim.Random(3), MaxSteps: 5000}, func(w *sim.World) {
		ready := sim.NewVar(w, "ready", false)
		never := sim.NewChan[int](w, "never", 0)
		w.Go("waiter", func() { never.Recv() })
		w.Go("spinner", func() {
			for !ready.Load() {
			}
		})
		never.Recv()
	})
	require.Len(t, res.Findings, 1)
	f := res.Findings[0]
	assert.Equal(t, sim.StepLimit, f.Kind)
	assert.Contains(t, f.Message, "the yield site repeated most in the last 1000 steps: spinner at load ready")
	assert.Contains(t, f.Message, "spinner waits on nothing: runnable at load ready")
	assert.Contains(t, f.Message, "waiter waits on recv on chan never")
	names := map[string]string{}
	for _, b := range f.Blocked {
		names[b.Name] = b.WaitsOn
	}
	assert.Len(t, names, 3)
	assert.Equal(t, "recv on chan never", names["main"])
}
