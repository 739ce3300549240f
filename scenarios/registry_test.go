package scenarios

import (
	"testing"
	"time"

	"github.com/racelab/racelab/impl/registry"
	"github.com/racelab/racelab/linearize"
	"github.com/racelab/racelab/model"
	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The shipped and fixed registries on real goroutines, under random
// operations from several clients: linearizable.
func TestRegistryRunsNatively(t *testing.T) {
	runs := 100
	if testing.Short() {
		runs = 30
	}
	for _, variant := range []string{"shipped", "fixed"} {
		for i := range runs {
			res := sim.RunNative(sim.NativeOptions{Seed: uint64(i), StressRate: 0.3, MaxStressSleep: 20 * time.Microsecond}, func(rt sim.Runtime) {
				r := registry.New(rt, regVariant(variant), false, regDefaults, 1)
				scripts := randomRegScripts(rt)
				wg := rt.NewWaitGroup("clients")
				for j, script := range scripts {
					c := &regClient{rt: rt, id: j + 1, r: r}
					goGroup(rt, wg, "client", func() {
						for _, in := range script {
							c.do(in)
						}
					})
				}
				wg.Wait()
				(&regClient{rt: rt, id: 0, r: r}).do(model.RegInput{Op: model.RegItems})
			})
			require.Empty(t, res.Findings)
			lr, err := linearize.Check(registryModel, res.History, 5*time.Second)
			require.NoError(t, err)
			assert.Equal(t, linearize.Ok, lr.Verdict, "%s native run %d: %v", variant, i, lr)
		}
	}
}
