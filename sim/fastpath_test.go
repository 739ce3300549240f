package sim_test

import (
	"testing"

	"github.com/racelab/racelab/sim"
	"pgregory.net/rapid"
)

// TestFastPathChangesNothing: a program run with the same-thread fast path
// and without it logs the same events (hash and steps), asks the same
// decisions and reports the same findings, with faults, timers, race
// detection and step limits drawn too; and the fast path is taken.
func TestFastPathChangesNothing(t *testing.T) {
	defer sim.SetFastPath(sim.SetFastPath(true))
	var taken int64
	rapid.Check(t, func(t *rapid.T) {
		p := genProgramOf(t)
		seed := rapid.Uint64().Draw(t, "seed")
		opts := sim.Options{Faults: p.Faults, Race: rapid.Bool().Draw(t, "race")}
		if rapid.Bool().Draw(t, "limited") {
			opts.MaxSteps = rapid.Int64Range(1, 80).Draw(t, "maxSteps")
		}
		run := func(fast bool) (*sim.Result, int64) {
			sim.SetFastPath(fast)
			opts.Source = sim.Random(seed)
			var w *sim.World
			res := sim.Run(opts, func(v *sim.World) { w = v; p.run(v) })
			if w == nil {
				return res, 0 // the step limit came before main ran
			}
			return res, w.FastSteps()
		}
		slow, none := run(false)
		fast, n := run(true)
		taken += n
		if none != 0 {
			t.Fatalf("fast path off, yet %d fast steps", none)
		}
		if fast.Hash != slow.Hash || fast.Steps != slow.Steps || len(fast.Decisions) != len(slow.Decisions) {
			t.Fatalf("fast path: %016x, %d steps, %d decisions; slow: %016x, %d steps, %d decisions",
				fast.Hash, fast.Steps, len(fast.Decisions), slow.Hash, slow.Steps, len(slow.Decisions))
		}
		if len(fast.Findings) != len(slow.Findings) {
			t.Fatalf("fast path: %d findings, slow: %d", len(fast.Findings), len(slow.Findings))
		}
		for i := range fast.Findings {
			if fast.Findings[i].Message != slow.Findings[i].Message {
				t.Fatalf("finding %d: %q, slow: %q", i, fast.Findings[i].Message, slow.Findings[i].Message)
			}
		}
	})
	if taken == 0 {
		t.Fatal("no yield point took the fast path")
	}
}
