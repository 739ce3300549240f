package registry

import (
	"strings"
	"testing"

	"github.com/racelab/racelab/sim"
)

// noLock is the GIL taken away: a test-only weakening.
type noLock struct{}

func (noLock) Lock()   {}
func (noLock) Unlock() {}

// The annotations are live: without the GIL, two registers race on the
// items (and on the populated flag), and the race detector names the annotated location; with it,
// they do not.
func TestAnnotatedItemsRaceWithoutGIL(t *testing.T) {
	for _, weaken := range []bool{false, true} {
		raced := false
		for seed := range uint64(20) {
			res := sim.Run(sim.Options{Race: true, Source: sim.Random(seed + 1)}, func(w *sim.World) {
				r := New(w.Runtime(), Buggy, false, nil, 1)
				if weaken {
					r.gil = noLock{}
				}
				wg := w.NewWaitGroup("clients")
				for i := range 2 {
					wg.Add(1)
					w.Go("client", func() {
						defer wg.Done()
						r.Register(Item{ID: i + 1, Name: string(rune('a' + i))})
					})
				}
				wg.Wait()
			})
			for _, f := range res.Findings {
				if f.Kind == sim.DataRace {
					if !strings.Contains(f.Message, "registry.") {
						t.Fatalf("race not on an annotated location: %s", f.Message)
					}
					raced = raced || strings.Contains(f.Message, "registry.items")
				}
			}
		}
		if raced != weaken {
			t.Fatalf("without the GIL %v: raced %v", weaken, raced)
		}
	}
}
