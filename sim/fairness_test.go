package sim_test

import (
	"testing"
	"time"

	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/require"
)

// Busy-polling programs that finish under any fair scheduler: a spin on a
// flag, a select-with-default loop, and a spin waiting for a timer's
// callback. None may be reported by random, pct or dfs.
var busyPolls = []struct {
	name string
	prog program
}{
	{"spin on a flag", func(w *sim.World) {
		flag := sim.NewVar(w, "flag", false)
		w.Go("setter", func() {
			w.Yield("work")
			flag.Store(true)
		})
		for !flag.Load() {
		}
	}},
	{"select default poll", func(w *sim.World) {
		ch := sim.NewChan[int](w, "ch", 0)
		w.Go("sender", func() { ch.Send(1) })
		for w.SelectDefault(sim.OnRecv(ch, nil)) < 0 {
		}
	}},
	{"spin for a timer", func(w *sim.World) {
		flag := sim.NewVar(w, "flag", false)
		w.AfterFunc("expire", time.Millisecond, func() { flag.Store(true) })
		for !flag.Load() {
		}
	}},
}

func TestBusyPollingIsNeverReported(t *testing.T) {
	for _, bp := range busyPolls {
		t.Run(bp.name, func(t *testing.T) {
			for _, st := range strategies {
				for seed := uint64(1); seed <= 10; seed++ {
					for i := range 20 {
						res := sim.Run(sim.Options{Source: st.src(seed, i), NoLog: true}, bp.prog)
						require.False(t, res.Failed(), "%s seed %d schedule %d: %v", st.name, seed, i, res.Findings)
					}
				}
			}
			d := sim.NewDFS(2)
			for runs := 0; runs < 300; runs++ {
				src, ok := d.Next()
				if !ok {
					break
				}
				res := sim.Run(sim.Options{Source: src, NoLog: true}, bp.prog)
				require.False(t, res.Failed(), "dfs run %d: %v %v", runs, res.Findings, res.Err)
			}
		})
	}
}

// Without the fairness bound the flag spin would starve its setter: the
// bound is what lets the first dfs schedule (always continue the running
// thread) finish.
func TestFairnessPicksAStarvedThread(t *testing.T) {
	d := sim.NewDFS(0)
	src, _ := d.Next()
	var spins int
	res := sim.Run(sim.Options{Source: src}, func(w *sim.World) {
		flag := sim.NewVar(w, "flag", false)
		w.Go("setter", func() { flag.Store(true) })
		for !flag.Load() {
			spins++
		}
	})
	require.False(t, res.Failed(), "%v", res.Findings)
	require.Greater(t, spins, sim.FairnessBound/4, "dfs's default schedule starves the setter until the bound")
	require.Less(t, spins, 2*sim.FairnessBound)
}
