package sim_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The three shapes of real timer bug that need a timer to fire while
// another thread is still runnable: with timers that fire only when nothing
// can run (synctest's rule) none of them fails. Each has a fixed form that
// must stay clean.

// afterFuncDoubleLock: an AfterFunc callback locks mu and, while it holds
// it, calls a flush that locks mu again. The callback fires only if the
// main loop is slow enough that Stop comes too late.
func afterFuncDoubleLock(fixed bool) program {
	return func(w *sim.World) {
		mu := w.NewMutex("mu")
		pending := 0
		flush := func() {
			if !fixed {
				mu.Lock() // the bug: the caller holds mu already
				defer mu.Unlock()
			}
			pending = 0
		}
		t := w.AfterFunc("flusher", 5*time.Millisecond, func() {
			mu.Lock()
			defer mu.Unlock()
			if pending > 0 {
				flush()
			}
		})
		for range 5 {
			mu.Lock()
			pending++
			mu.Unlock()
			w.Yield("work")
		}
		t.Stop()
	}
}

// afterWinsAgainstReady: a collector gives up at its deadline and drops the
// results still to come; time.After must win a select while the worker is
// still sending. The fixed form keeps collecting after the deadline (a nil
// channel: that case is never ready again).
func afterWinsAgainstReady(fixed bool) program {
	return func(w *sim.World) {
		results := sim.NewChan[int](w, "results", 3)
		w.Go("worker", func() {
			for i := range 3 {
				w.Yield("compute")
				results.Send(i)
			}
		})
		deadline := w.After(10 * time.Millisecond)
		got := 0
		for got < 3 {
			i, _, _ := w.SelectValue(sim.OnRecv(results, nil), sim.OnRecv(deadline, nil))
			if i == 0 {
				got++
				continue
			}
			if !fixed {
				break // the bug: the results still to come are lost
			}
			deadline = nil
		}
		if got < 3 {
			w.Fail("invariant", "lost %d result(s): the deadline won", 3-got)
		}
	}
}

// starvedReader: a writer holds mu for a long stretch of steps; the reader
// gives up after 10ms and reports the cache unavailable. The fixed form
// retries.
func starvedReader(fixed bool) program {
	return func(w *sim.World) {
		mu := w.NewMutex("mu")
		value := 0
		w.Go("writer", func() {
			mu.Lock()
			for range 10 {
				value++
				w.Yield("write")
			}
			mu.Unlock()
		})
		w.Go("reader", func() {
			for !mu.LockTimeout(10 * time.Millisecond) {
				if !fixed {
					w.Fail("invariant", "reader starved for 10ms: cache unavailable")
				}
			}
			_ = value
			mu.Unlock()
		})
	}
}

var timerShapes = []struct {
	name string
	prog func(fixed bool) program
}{
	{"afterfunc double lock", afterFuncDoubleLock},
	{"after wins against ready", afterWinsAgainstReady},
	{"starved reader", starvedReader},
}

// strategies are the three ways to explore, each from a start seed (dfs
// has none): the source of schedule i.
var strategies = []struct {
	name string
	src  func(seed uint64, i int) sim.Source
}{
	{"random", func(seed uint64, i int) sim.Source { return sim.Random(sim.ScheduleSeed(seed, i)) }},
	{"pct", func(seed uint64, i int) sim.Source { return sim.PCT(sim.ScheduleSeed(seed, i), 3, 60) }},
}

func TestTimerBugShapesAreFoundWithoutFaults(t *testing.T) {
	for _, sh := range timerShapes {
		t.Run(sh.name, func(t *testing.T) {
			for _, st := range strategies {
				for seed := uint64(1); seed <= 10; seed++ {
					i := firstFailure(200, func(i int) sim.Source { return st.src(seed, i) }, sh.prog(false))
					assert.GreaterOrEqual(t, i, 0, "%s from seed %d found nothing in 200 schedules", st.name, seed)
				}
			}
			found, runs := dfsFind(t, 2, 5000, sh.prog(false))
			assert.True(t, found, "dfs (bound 2) found nothing in %d schedules", runs)
		})
	}
}

func TestTimerBugShapesFixedStayClean(t *testing.T) {
	for _, sh := range timerShapes {
		t.Run(sh.name, func(t *testing.T) {
			for _, st := range strategies {
				for seed := uint64(1); seed <= 10; seed++ {
					for i := range 100 {
						res := sim.Run(sim.Options{Source: st.src(seed, i), NoLog: true}, sh.prog(true))
						require.False(t, res.Failed(), "%s seed %d schedule %d: %v %v", st.name, seed, i, res.Findings, res.Err)
					}
				}
			}
			found, runs := dfsFind(t, 2, 5000, sh.prog(true))
			assert.False(t, found, "dfs (bound 2) found a failure in the fixed form after %d schedules", runs)
		})
	}
}

// Under synctest's rule (timers fire only when nothing can run) the three
// shapes are clean: this is what made them unreachable.
func TestTimerBugShapesHideWithoutTimerPreemption(t *testing.T) {
	for _, sh := range timerShapes {
		for i := range 200 {
			res := sim.Run(sim.Options{Source: sim.Random(uint64(i)), NoLog: true, TimerRate: -1}, sh.prog(false))
			require.False(t, res.Failed(), "%s: schedule %d: %v", sh.name, i, res.Findings)
		}
	}
}

// dfsFind runs prog under DFS until a run fails, the space is exhausted or
// limit runs; it reports whether one failed and how many ran.
func dfsFind(t *testing.T, bound, limit int, prog program) (bool, int) {
	t.Helper()
	d := sim.NewDFS(bound)
	runs := 0
	for runs < limit {
		src, ok := d.Next()
		if !ok {
			break
		}
		runs++
		res := sim.Run(sim.Options{Source: src, NoLog: true}, prog)
		require.NoError(t, res.Err)
		if len(res.Findings) > 0 {
			return true, runs
		}
	}
	return false, runs
}

func TestTimerPreemptionNeverMovesTimeBackNorFiresEarly(t *testing.T) {
	for s := range uint64(200) {
		var seen []time.Duration
		res := sim.Run(sim.Options{Source: sim.Random(s), TimerRate: 0.3}, func(w *sim.World) {
			tk := w.NewTicker("tick", 3*time.Millisecond)
			start := w.Elapsed()
			w.Go("sleeper", func() {
				for range 5 {
					before := w.Elapsed()
					w.Sleep(2 * time.Millisecond)
					if got := w.Elapsed() - before; got < 2*time.Millisecond {
						w.Fail("invariant", "slept %v of 2ms", got)
					}
				}
			})
			for i := range 4 {
				tk.C.Recv()
				if at := w.Elapsed() - start; at < time.Duration(i+1)*3*time.Millisecond {
					w.Fail("invariant", "tick %d at %v", i, at)
				}
				w.Yield("busy")
			}
			tk.Stop()
		})
		require.False(t, res.Failed(), "seed %d: %v", s, res.Findings)
		for _, e := range res.Log {
			if n := len(seen); n > 0 && e.Time < seen[n-1] {
				t.Fatalf("seed %d: time went back at step %d: %v after %v", s, e.Step, e.Time, seen[n-1])
			}
			seen = append(seen, e.Time)
		}
	}
}

func TestTimerPreemptionIsADecisionThatReplays(t *testing.T) {
	prog := afterFuncDoubleLock(false)
	var res *sim.Result
	for s := range uint64(100) {
		if res = sim.Run(sim.Options{Source: sim.Random(s)}, prog); res.Failed() {
			break
		}
	}
	require.True(t, res.Failed())
	fired := 0
	for _, c := range res.Decisions {
		if c.Kind == sim.DecideTimer && c.Choice == 1 {
			fired++
			assert.Equal(t, "c1/2", c.String())
		}
	}
	assert.Positive(t, fired, "the failure needs a timer preemption")
	assert.GreaterOrEqual(t, res.Preemptions(), fired, "timer preemptions count toward the depth")
	again := sim.Run(sim.Options{Source: sim.Replay(res.Decisions)}, prog)
	require.NoError(t, again.Err)
	assert.Equal(t, res.Hash, again.Hash)
	assert.Equal(t, fmt.Sprint(res.Findings), fmt.Sprint(again.Findings))
	assert.True(t, strings.Contains(sim.DecideTimer.String(), "timer"))
}
