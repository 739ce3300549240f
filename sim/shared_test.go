package sim_test

import (
	"strings"
	"testing"

	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/require"
)

// The annotations are live: a location written by one thread and read by
// another with no edge between them is a data race naming the location.
func TestSharedAnnotationReportsRace(t *testing.T) {
	res := sim.Run(sim.Options{Race: true}, func(w *sim.World) {
		loc := sim.NewShared(w.Runtime(), "registry.items")
		wg := w.NewWaitGroup("wg")
		for i := range 2 {
			wg.Add(1)
			w.Go("t", func() {
				defer wg.Done()
				if i == 0 {
					loc.Write()
				} else {
					loc.Read()
				}
			})
		}
		wg.Wait()
	})
	var msgs []string
	for _, f := range res.Findings {
		if f.Kind == sim.DataRace {
			msgs = append(msgs, f.Message)
		}
	}
	require.Len(t, msgs, 1)
	require.True(t, strings.Contains(msgs[0], "registry.items"), msgs[0])
}
