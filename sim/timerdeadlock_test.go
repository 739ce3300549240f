package sim_test

import (
	"testing"
	"time"

	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Deadlocks beside a 1ns ticker: Go's runtime would hang (a timer is
// always pending); racelab must say deadlock, with the wait-for graph,
// not step-limit.
var tickerDeadlocks = []struct {
	name string
	prog program
}{
	{"unread ticker", func(w *sim.World) {
		w.NewTicker("tick", time.Nanosecond)
		sim.NewChan[int](w, "never", 0).Recv()
	}},
	{"ticker reader beside a lock cycle", func(w *sim.World) {
		tk := w.NewTicker("tick", time.Nanosecond)
		quit := sim.NewChan[int](w, "quit", 0)
		w.Go("reader", func() {
			for w.Select(sim.OnRecv(tk.C, nil), sim.OnRecv(quit, nil)) == 0 {
			}
		})
		a, b := w.NewMutex("a"), w.NewMutex("b")
		wg := w.NewWaitGroup("wg")
		wg.Go("ab", func() {
			a.Lock()
			w.Yield("between")
			b.Lock()
			w.Yield("both")
			b.Unlock()
			a.Unlock()
		})
		wg.Go("ba", func() {
			b.Lock()
			w.Yield("between")
			a.Lock()
			w.Yield("both")
			a.Unlock()
			b.Unlock()
		})
		wg.Wait()
		quit.Close()
	}},
}

func TestDeadlockBesideATickerIsADeadlock(t *testing.T) {
	for _, tt := range tickerDeadlocks {
		t.Run(tt.name, func(t *testing.T) {
			for seed := uint64(1); seed <= 10; seed++ {
				for _, st := range strategies {
					// The lock cycle needs its interleaving: look for the
					// first failing schedule, then check what it says.
					var res *sim.Result
					for i := range 300 {
						if res = sim.Run(sim.Options{Source: st.src(seed, i)}, tt.prog); res.Failed() {
							break
						}
					}
					require.True(t, res.Failed(), "%s seed %d", st.name, seed)
					require.Len(t, res.Findings, 1)
					f := res.Findings[0]
					assert.Equal(t, sim.Deadlock, f.Kind, "%s seed %d: %v", st.name, seed, f)
					assert.NotEmpty(t, f.Blocked)
				}
			}
		})
	}
}

func TestTheLockCycleBesideATickerHasItsWaitForGraph(t *testing.T) {
	for i := range 50 {
		res := sim.Run(sim.Options{Source: sim.Random(uint64(i))}, tickerDeadlocks[1].prog)
		if res.Failed() {
			require.Equal(t, sim.Deadlock, res.Findings[0].Kind)
			assert.NotEmpty(t, res.Findings[0].Cycle, "%v", res.Findings[0])
			return
		}
	}
	t.Fatal("no schedule of 50 deadlocked")
}

// A program that reads many ticks and then ends its other thread's wait
// is not a deadlock.
func TestTicksThenProgressIsClean(t *testing.T) {
	for s := range uint64(20) {
		res := sim.Run(sim.Options{Source: sim.Random(s)}, func(w *sim.World) {
			tk := w.NewTicker("tick", time.Nanosecond)
			done := sim.NewChan[int](w, "done", 0)
			w.Go("waiter", func() { done.Recv() })
			for range 500 {
				tk.C.Recv()
			}
			tk.Stop()
			done.Close()
		})
		require.False(t, res.Failed(), "seed %d: %v", s, res.Findings)
	}
}

// A ticker reader left running after main returns is a leak, not a
// step-limit.
func TestTickerReaderLeftBehindIsALeak(t *testing.T) {
	for seed := uint64(1); seed <= 10; seed++ {
		res := sim.Run(sim.Options{Source: sim.Random(seed)}, func(w *sim.World) {
			tk := w.NewTicker("tick", time.Nanosecond)
			w.Go("reader", func() {
				for {
					tk.C.Recv()
				}
			})
		})
		require.Len(t, res.Findings, 1, "seed %d", seed)
		assert.Equal(t, sim.Leak, res.Findings[0].Kind, "seed %d: %v", seed, res.Findings[0])
	}
}
