package sim_test

import (
	"testing"

	"github.com/racelab/racelab/sim"
)

// opaque hides its inner source's ThreadBlind method, as a custom Source
// without it would be, and checks the thread list it is given.
type opaque struct {
	inner sim.Source
	t     *testing.T
	seen  int
}

func (o *opaque) Choose(d *sim.Decision) (int, error) {
	if d.Kind == sim.DecideThread {
		if len(d.Threads) != d.N {
			o.t.Fatalf("a custom source got %d thread ids for %d options", len(d.Threads), d.N)
		}
		o.seen++
	}
	return o.inner.Choose(d)
}

// TestThreadBlindChangesNothing: a thread-blind source and the same source
// seen as a custom one (given the thread list) make the same runs.
func TestThreadBlindChangesNothing(t *testing.T) {
	program := func(w *sim.World) {
		v := sim.NewVar(w, "x", 0)
		for i := range 9 {
			w.Go(string(rune('a'+i)), func() {
				for j := range 20 {
					if (i+j)%3 == 0 {
						v.Store(j)
					} else {
						v.Load()
					}
				}
			})
		}
	}
	for seed := range uint64(20) {
		if !sim.IsThreadBlind(sim.Random(seed)) {
			t.Fatal("Random is not thread-blind")
		}
		blind := sim.Run(sim.Options{Source: sim.Random(seed)}, program)
		o := &opaque{inner: sim.Random(seed), t: t}
		full := sim.Run(sim.Options{Source: o}, program)
		if blind.Hash != full.Hash || len(blind.Decisions) != len(full.Decisions) {
			t.Fatalf("seed %d: hash %x vs %x", seed, blind.Hash, full.Hash)
		}
		if o.seen == 0 {
			t.Fatalf("seed %d: no thread decision", seed)
		}
	}
}
