package hits

import (
	"testing"

	"github.com/racelab/racelab/racetest"
	"github.com/racelab/racelab/sim"
)

func TestTwoHits(t *testing.T) {
	racetest.Check(t, func(w *sim.World) {
		c := New(w)
		wg := w.NewWaitGroup("clients")
		wg.Go("a", c.Hit)
		wg.Go("b", c.Hit)
		wg.Wait()
		if n := c.Count(); n != 2 {
			w.Fail("invariant", "%d hits counted after 2", n)
		}
	}, racetest.Options{Schedules: 200})
}
