package sim_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/racelab/racelab/sim"
)

// raceRuns runs prog with the race detector under schedules 0..19 of start
// seeds 1..10 and returns how many runs reported a data race; any other
// finding fails the test.
func raceRuns(t *testing.T, prog program) (racy, runs int) {
	t.Helper()
	for seed := uint64(1); seed <= 10; seed++ {
		for i := range 20 {
			res := sim.Run(sim.Options{Source: sim.Random(sim.ScheduleSeed(seed, i)), NoLog: true, Race: true}, prog)
			runs++
			found := false
			for _, f := range res.Findings {
				if f.Kind != sim.DataRace {
					t.Fatalf("seed %d schedule %d: %v", seed, i, f)
				}
				found = true
			}
			if res.Err != nil {
				t.Fatalf("seed %d schedule %d: %v", seed, i, res.Err)
			}
			if found {
				racy++
			}
		}
	}
	return racy, runs
}

// edgeProgram is a write of x ordered before a conflicting access by one
// edge of Go's memory model, or, without the edge, not ordered at all.
type edgeProgram func(w *sim.World, x *sim.Var[int], edge bool)

// wait2 runs a and b in threads and waits for both without ordering them
// after main's own accesses (main makes none after).
func wait2(w *sim.World, a, b func()) {
	w.Go("a", a)
	w.Go("b", b)
}

// handoff is the common edge program: thread a writes x and then, with
// the edge, releases; thread b, with the edge, acquires and then reads x.
func handoff(w *sim.World, x *sim.Var[int], edge bool, release, acquire func()) {
	wait2(w, func() {
		x.Store(1)
		if edge {
			release()
		}
	}, func() {
		if edge {
			acquire()
		}
		x.Load()
	})
}

var edgePrograms = []struct {
	name string
	run  edgeProgram
	// keptRaces: the "edge" is one Go's memory model does not make, so the
	// program races with it too.
	keptRaces bool
}{
	{"go statement -> the goroutine's start", func(w *sim.World, x *sim.Var[int], edge bool) {
		if edge {
			x.Store(1)
		}
		w.Go("b", func() { x.Load() })
		if !edge {
			x.Store(1)
		}
	}, false},
	{"mutex unlock -> later lock", func(w *sim.World, x *sim.Var[int], edge bool) {
		mu := w.NewMutex("mu")
		inc := func() {
			if edge {
				mu.Lock()
				defer mu.Unlock()
			}
			x.Store(x.Load() + 1)
		}
		wait2(w, inc, inc)
	}, false},
	{"mutex trylock", func(w *sim.World, x *sim.Var[int], edge bool) {
		mu := w.NewMutex("mu")
		inc := func() {
			for edge && !mu.TryLock() {
				w.Yield("retry")
			}
			x.Store(x.Load() + 1)
			if edge {
				mu.Unlock()
			}
		}
		wait2(w, inc, inc)
	}, false},
	{"rwmutex unlock -> later rlock, runlock -> later lock", func(w *sim.World, x *sim.Var[int], edge bool) {
		rw := w.NewRWMutex("rw")
		wait2(w, func() {
			if edge {
				rw.Lock()
				defer rw.Unlock()
			}
			x.Store(1)
		}, func() {
			if edge {
				rw.RLock()
				defer rw.RUnlock()
			}
			x.Load()
		})
	}, false},
	{"rwmutex runlock does not order a later rlock", func(w *sim.World, x *sim.Var[int], edge bool) {
		rw := w.NewRWMutex("rw")
		inc := func() {
			if edge {
				rw.RLock()
				defer rw.RUnlock()
			}
			x.Store(1)
		}
		wait2(w, inc, inc)
	}, true},
	{"reentrant mutex", func(w *sim.World, x *sim.Var[int], edge bool) {
		mu := w.NewReentrantMutex("mu")
		inc := func() {
			if edge {
				mu.Lock()
				mu.Lock()
				defer mu.Unlock()
				defer mu.Unlock()
			}
			x.Store(x.Load() + 1)
		}
		wait2(w, inc, inc)
	}, false},
	{"once body -> every Do returns", func(w *sim.World, x *sim.Var[int], edge bool) {
		once := w.NewOnce("init")
		get := func() {
			if edge {
				once.Do(func() { x.Store(1) })
			} else if x.Load() == 0 {
				x.Store(1)
			}
			x.Load()
		}
		wait2(w, get, get)
	}, false},
	{"waitgroup done -> wait returns", func(w *sim.World, x *sim.Var[int], edge bool) {
		wg := w.NewWaitGroup("wg")
		wg.Add(1)
		w.Go("b", func() { x.Store(1); wg.Done() })
		if edge {
			wg.Wait()
		}
		x.Load()
	}, false},
	{"cond broadcast -> the wait it wakes", func(w *sim.World, x *sim.Var[int], edge bool) {
		mu := w.NewMutex("mu")
		c := w.NewCond("c", mu)
		done := sim.NewChan[int](w, "done", 1)
		w.Go("a", func() {
			x.Store(1)
			for {
				c.Broadcast()
				if _, _, timedOut := done.RecvTimeout(time.Millisecond); !timedOut {
					return
				}
			}
		})
		w.Go("b", func() {
			if edge {
				mu.Lock()
				c.Wait()
				mu.Unlock()
			}
			x.Load()
			done.Send(1)
		})
	}, false},
	{"unbuffered send -> receive completes", func(w *sim.World, x *sim.Var[int], edge bool) {
		ch := sim.NewChan[int](w, "ch", 0)
		handoff(w, x, edge, func() { ch.Send(1) }, func() { ch.Recv() })
	}, false},
	{"unbuffered receive -> send completes", func(w *sim.World, x *sim.Var[int], edge bool) {
		ch := sim.NewChan[int](w, "ch", 0)
		handoff(w, x, edge, func() { ch.Recv() }, func() { ch.Send(1) })
	}, false},
	{"buffered send -> receive completes", func(w *sim.World, x *sim.Var[int], edge bool) {
		ch := sim.NewChan[int](w, "ch", 2)
		handoff(w, x, edge, func() { ch.Send(1) }, func() { ch.Recv() })
	}, false},
	{"k-th receive -> (k+C)-th send completes (capacity 1; without: capacity 2)", func(w *sim.World, x *sim.Var[int], edge bool) {
		capacity := 1
		if !edge {
			capacity = 2
		}
		ch := sim.NewChan[int](w, "sem", capacity)
		ch.Send(0)
		wait2(w, func() {
			x.Store(1)
			ch.Recv()
		}, func() {
			ch.Send(1)
			x.Load()
		})
	}, false},
	{"close -> receive of the zero value", func(w *sim.World, x *sim.Var[int], edge bool) {
		ch := sim.NewChan[int](w, "ch", 0)
		handoff(w, x, edge, func() { ch.Close() }, func() { ch.Recv() })
	}, false},
	{"select receive", func(w *sim.World, x *sim.Var[int], edge bool) {
		ch := sim.NewChan[int](w, "ch", 0)
		other := sim.NewChan[int](w, "other", 0)
		handoff(w, x, edge, func() { w.Select(sim.OnSend(ch, 1, nil)) }, func() { w.Select(sim.OnRecv(ch, nil), sim.OnRecv(other, nil)) })
	}, false},
	{"atomic store -> the atomic load that sees it", func(w *sim.World, x *sim.Var[int], edge bool) {
		var set func()
		var isSet func() bool
		if edge {
			flag := sim.NewInt32(w, "flag", 0)
			set, isSet = func() { flag.Store(1) }, func() bool { return flag.Load() == 1 }
		} else {
			flag := sim.NewVar(w, "flag", 0)
			set, isSet = func() { flag.Store(1) }, func() bool { return flag.Load() == 1 }
		}
		wait2(w, func() {
			x.Store(1)
			set()
		}, func() {
			for !isSet() {
				w.Yield("spin")
			}
			x.Load()
		})
	}, false},
	{"atomic add -> atomic add (never a race)", func(w *sim.World, x *sim.Var[int], edge bool) {
		n := sim.NewInt64(w, "n", 0)
		inc := func() {
			if edge {
				n.Add(1)
			} else {
				x.Store(x.Load() + 1)
			}
		}
		wait2(w, inc, inc)
	}, false},
	{"sync/atomic drop-in: store -> load that sees it", func(w *sim.World, x *sim.Var[int], edge bool) {
		flag := 0 // the program's own memory, as translated code's
		wait2(w, func() {
			x.Store(1)
			if edge {
				w.Atomic()
			}
			flag = 1
		}, func() {
			for flag == 0 {
				w.Yield("spin")
			}
			if edge {
				w.Atomic()
			}
			x.Load()
		})
	}, false},
	{"AfterFunc -> the callback", func(w *sim.World, x *sim.Var[int], edge bool) {
		if edge {
			x.Store(1)
		}
		w.AfterFunc("cb", time.Second, func() { x.Load() })
		if !edge {
			x.Store(1)
		}
		w.Sleep(2 * time.Second) // program order only: the callback runs meanwhile
	}, false},
	{"After -> the tick's receiver", func(w *sim.World, x *sim.Var[int], edge bool) {
		var tick *sim.Chan[time.Time] // a plain Go variable: the simulator runs one thread at a time
		w.Go("b", func() {
			for tick == nil {
				w.Yield("spin")
			}
			tick.Recv()
			x.Load()
		})
		if edge {
			x.Store(1)
		}
		tick = w.After(time.Second)
		if !edge {
			x.Store(1)
		}
	}, false},
	{"ticker -> the tick's receiver", func(w *sim.World, x *sim.Var[int], edge bool) {
		var tk *sim.Ticker
		w.Go("b", func() {
			for tk == nil {
				w.Yield("spin")
			}
			tk.C.Recv()
			tk.Stop()
			x.Load()
		})
		if edge {
			x.Store(1)
		}
		tk = w.NewTicker("tk", time.Second)
		if !edge {
			x.Store(1)
		}
	}, false},
}

// TestRaceEdges: each edge of Go's memory model, kept, orders the two
// accesses in every schedule; removed, the detector reports the race.
func TestRaceEdges(t *testing.T) {
	for _, tc := range edgePrograms {
		t.Run(tc.name, func(t *testing.T) {
			for _, edge := range []bool{true, false} {
				racy, runs := raceRuns(t, func(w *sim.World) { tc.run(w, sim.NewVar(w, "x", 0), edge) })
				switch {
				case edge && !tc.keptRaces && racy > 0:
					t.Errorf("with the edge: a race in %d of %d runs, want none", racy, runs)
				case (!edge || tc.keptRaces) && racy != runs:
					t.Errorf("edge=%v: a race in %d of %d runs, want every one", edge, racy, runs)
				}
			}
		})
	}
}

func TestRaceFindingNamesBothAccesses(t *testing.T) {
	res := sim.Run(sim.Options{Source: sim.Random(1), Race: true}, lostUpdate(false))
	var races []sim.Finding
	for _, f := range res.Findings {
		if f.Kind == sim.DataRace {
			races = append(races, f)
		}
	}
	if len(races) == 0 {
		t.Fatalf("no data race in the unlocked counter: %v", res.Findings)
	}
	r := races[0].Race
	if r == nil || r.Prev.Name == r.Cur.Name || r.Prev.Site.Label == "" || r.Cur.Site.Pos == "" {
		t.Fatalf("race %+v does not name two threads and sites with positions", r)
	}
	t.Log(races[0].Message)
	logged := 0
	for _, e := range res.Log {
		if e.Kind == sim.EvRace {
			logged++
		}
	}
	if logged != len(races) {
		t.Errorf("%d race events logged for %d findings", logged, len(races))
	}
	again := sim.Run(sim.Options{Source: sim.Replay(res.Decisions), Race: true}, lostUpdate(false))
	if again.Hash != res.Hash || fmt.Sprint(again.Findings) != fmt.Sprint(res.Findings) {
		t.Errorf("the replay reports other races: %v vs %v", again.Findings, res.Findings)
	}
}
