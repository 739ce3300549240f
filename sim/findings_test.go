package sim_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// findUnderDFS explores prog exhaustively and returns the first finding.
func findUnderDFS(t *testing.T, prog program) *sim.Finding {
	t.Helper()
	d := sim.NewDFS(-1)
	for {
		src, ok := d.Next()
		if !ok {
			return nil
		}
		res := sim.Run(sim.Options{Source: src}, prog)
		require.NoError(t, res.Err)
		if len(res.Findings) > 0 {
			return &res.Findings[0]
		}
	}
}

func TestLockOrderInversionIsADeadlockWithItsCycle(t *testing.T) {
	f := findUnderDFS(t, func(w *sim.World) {
		a, b := w.NewMutex("A"), w.NewMutex("B")
		wg := w.NewWaitGroup("wg")
		wg.Go("t1", func() { a.Lock(); b.Lock(); w.Yield("transfer"); b.Unlock(); a.Unlock() })
		wg.Go("t2", func() { b.Lock(); a.Lock(); w.Yield("transfer"); a.Unlock(); b.Unlock() })
		wg.Wait()
	})
	require.NotNil(t, f)
	assert.Equal(t, sim.Deadlock, f.Kind)
	assert.Len(t, f.Cycle, 3)
	assert.Equal(t, f.Cycle[0], f.Cycle[2])
	assert.ElementsMatch(t, []string{"t1", "t2"}, f.Cycle[:2])
	assert.Contains(t, f.Message, "cycle")
	require.Len(t, f.Blocked, 3) // main waits on the group, t1 and t2 on each other
	for _, b := range f.Blocked {
		assert.Contains(t, b.Stack, "findings_test.go", "stack of %s", b.Name)
	}
}

func TestBlockedGoroutineAfterMainReturnsIsALeak(t *testing.T) {
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		ch := sim.NewChan[int](w, "results", 0)
		w.Go("worker", func() { ch.Send(1) }) // nobody ever receives
	})
	require.Len(t, res.Findings, 1)
	f := res.Findings[0]
	assert.Equal(t, sim.Leak, f.Kind)
	require.Len(t, f.Blocked, 1)
	assert.Equal(t, "worker", f.Blocked[0].Name)
	assert.Equal(t, "send on chan results", f.Blocked[0].WaitsOn)
}

func TestRecursiveRLockWithAWaitingWriterDeadlocks(t *testing.T) {
	f := findUnderDFS(t, func(w *sim.World) {
		rw := w.NewRWMutex("rw")
		wg := w.NewWaitGroup("wg")
		wg.Go("reader", func() {
			rw.RLock()
			w.Yield("between read locks")
			rw.RLock() // blocks once the writer waits, as in Go
			w.Yield("reading")
			rw.RUnlock()
			rw.RUnlock()
		})
		wg.Go("writer", func() { rw.Lock(); w.Yield("writing"); rw.Unlock() })
		wg.Wait()
	})
	require.NotNil(t, f)
	assert.Equal(t, sim.Deadlock, f.Kind)
	assert.Contains(t, f.Message, "rwmutex rw (read)")
	assert.Equal(t, []string{"reader", "writer", "reader"}, f.Cycle)
}

func TestRWMutexAdmitsConcurrentReadersButNotAWriter(t *testing.T) {
	overlap, writerWithReader := false, false
	d := sim.NewDFS(2)
	for src, ok := d.Next(); ok; src, ok = d.Next() {
		res := sim.Run(sim.Options{Source: src}, func(w *sim.World) {
			rw := w.NewRWMutex("rw")
			readers, writers := 0, 0 // plain ints: one thread runs at a time
			wg := w.NewWaitGroup("wg")
			for _, n := range []string{"r1", "r2"} {
				wg.Go(n, func() {
					rw.RLock()
					readers++
					overlap = overlap || readers == 2
					writerWithReader = writerWithReader || writers > 0
					w.Yield("reading")
					readers--
					rw.RUnlock()
				})
			}
			wg.Go("w", func() {
				rw.Lock()
				writers++
				writerWithReader = writerWithReader || readers > 0
				w.Yield("writing")
				writers--
				rw.Unlock()
			})
			wg.Wait()
		})
		require.False(t, res.Failed(), "%v", res.Findings)
	}
	t.Logf("%d schedules with at most 2 preemptions", d.Runs())
	assert.True(t, overlap, "some schedule has both readers inside")
	assert.False(t, writerWithReader, "no schedule lets the writer in with a reader")
}

func TestDeadlockBesideARunningTickerIsReported(t *testing.T) {
	res := sim.Run(sim.Options{Horizon: time.Hour}, func(w *sim.World) {
		tk := w.NewTicker("heartbeat", time.Second)
		w.Go("ticker", func() {
			for {
				tk.C.Recv()
			}
		})
		mu := w.NewMutex("mu")
		mu.Lock()
		mu.Lock() // self-deadlock; the ticker keeps time moving
	})
	require.Len(t, res.Findings, 1)
	f := res.Findings[0]
	assert.Equal(t, sim.Horizon, f.Kind)
	assert.Equal(t, time.Hour, res.Elapsed)
	names := []string{}
	for _, b := range f.Blocked {
		names = append(names, b.Name+": "+b.WaitsOn)
	}
	assert.Contains(t, names, "main: mutex mu (held by main)")
}

func TestVirtualTimeCostsNoWallTime(t *testing.T) {
	res := sim.Run(sim.Options{Horizon: 10000 * time.Hour}, func(w *sim.World) {
		w.Sleep(time.Hour)
		w.Go("long", func() { w.Sleep(9000 * time.Hour) }) // a real sleep would hang the test
	})
	require.False(t, res.Failed(), "%v", res.Findings)
	assert.Equal(t, 9001*time.Hour, res.Elapsed)
}

func TestTimeoutsFireInVirtualTimeOrder(t *testing.T) {
	var order []string
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		mu := w.NewMutex("held")
		mu.Lock()
		ch := sim.NewChan[int](w, "never", 0)
		wg := w.NewWaitGroup("wg")
		wg.Go("lock-3s", func() {
			if !mu.LockTimeout(3 * time.Second) {
				order = append(order, "lock-3s@"+w.Elapsed().String())
			}
		})
		wg.Go("recv-1s", func() {
			if _, _, to := ch.RecvTimeout(time.Second); to {
				order = append(order, "recv-1s@"+w.Elapsed().String())
			}
		})
		wg.Go("after-2s", func() {
			w.Select(sim.OnRecv(ch, nil), sim.OnRecv(w.After(2*time.Second), func(time.Time, bool) {
				order = append(order, "after-2s@"+w.Elapsed().String())
			}))
		})
		wg.Wait()
		mu.Unlock()
	})
	require.False(t, res.Failed(), "%v", res.Findings)
	assert.Equal(t, []string{"recv-1s@1s", "after-2s@2s", "lock-3s@3s"}, order)
}

func TestPanicInAThreadIsAFinding(t *testing.T) {
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		w.Go("boom", func() {
			var m map[string]int
			//lint:ignore SA5000 the panic is what the test is about
			m["x"] = 1
		})
		w.Yield("main goes on")
	})
	require.Len(t, res.Findings, 1)
	f := res.Findings[0]
	assert.Equal(t, sim.Panic, f.Kind)
	assert.Equal(t, "boom", f.Thread)
	assert.Contains(t, f.Message, "assignment to entry in nil map")
	assert.Contains(t, f.Stack, "findings_test.go")
}

func TestMisuseIsAFindingWithTheStack(t *testing.T) {
	tests := []struct {
		name string
		prog program
		want string
	}{
		{"unlock of unlocked mutex", func(w *sim.World) { w.NewMutex("m").Unlock() }, "thread main: sync: unlock of unlocked mutex (it was mutex m)"},
		{"negative waitgroup", func(w *sim.World) { w.NewWaitGroup("g").Done() }, "thread main: sync: negative WaitGroup counter (it was WaitGroup g)"},
		{"close of closed channel", func(w *sim.World) { c := sim.NewChan[int](w, "c", 1); c.Close(); c.Close() }, "thread main: close of closed channel (it was channel c)"},
		{"send on closed channel", func(w *sim.World) { c := sim.NewChan[int](w, "c", 1); c.Close(); c.Send(1) }, "thread main: send on closed channel (it was channel c)"},
		{"runlock of unlocked", func(w *sim.World) { w.NewRWMutex("rw").RUnlock() }, "RUnlock of unlocked RWMutex"},
		{"reentrant unlock by another thread", func(w *sim.World) {
			m := w.NewReentrantMutex("r")
			m.Lock()
			done := w.NewWaitGroup("g")
			done.Go("other", func() { m.Unlock() })
			done.Wait()
		}, "not held by this thread"},
		{"blocked sender woken by close", func(w *sim.World) {
			c := sim.NewChan[int](w, "c", 0)
			w.Go("sender", func() { c.Send(1) })
			w.Sleep(time.Second)
			c.Close()
			w.Sleep(time.Second)
		}, "thread sender: send on closed channel (it was channel c)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := sim.Run(sim.Options{}, tt.prog)
			require.Len(t, res.Findings, 1)
			assert.Equal(t, sim.Misuse, res.Findings[0].Kind)
			assert.Contains(t, res.Findings[0].Message, tt.want)
			assert.Contains(t, res.Findings[0].Stack, "findings_test.go")
		})
	}
}

func TestStepLimitStopsALivelock(t *testing.T) {
	res := sim.Run(sim.Options{MaxSteps: 500}, func(w *sim.World) {
		flag := sim.NewVar(w, "flag", false)
		for !flag.Load() {
		}
	})
	require.Len(t, res.Findings, 1)
	assert.Equal(t, sim.StepLimit, res.Findings[0].Kind)
	assert.LessOrEqual(t, res.Steps, int64(502))
}

func TestFailStopsTheRun(t *testing.T) {
	ran := false
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		w.Fail("invariant", "broken %d", 7)
		ran = true
	})
	assert.False(t, ran)
	require.Len(t, res.Findings, 1)
	assert.Equal(t, "invariant: broken 7", res.Findings[0].String())
	assert.True(t, strings.HasPrefix(res.Findings[0].Report(), "invariant: broken 7"))
}

func TestQuiesceWaitsForCrashedAndSleepingThreads(t *testing.T) {
	for s := range uint64(30) {
		var at, last time.Duration
		res := sim.Run(sim.Options{Source: sim.Random(s), Faults: sim.FaultPlan{Rules: []sim.FaultRule{{Kind: sim.FaultCrash, Rate: 0.3, Budget: 2}}}},
			func(w *sim.World) {
				w.Protect()
				for i := range 3 {
					w.Go(fmt.Sprint("worker", i), func() {
						w.Sleep(time.Duration(i+1) * time.Minute)
						w.Yield("work")
						last = max(last, w.Elapsed())
					})
				}
				w.Quiesce()
				at = w.Elapsed()
			})
		require.False(t, res.Failed(), "%v", res.Findings)
		// A worker may start late (a timer fired while it was runnable),
		// so the sleeps can add up, but Quiesce returns only once every
		// surviving worker is done.
		assert.LessOrEqual(t, at, 6*time.Minute)
		assert.GreaterOrEqual(t, at, last)
		assert.Positive(t, at)
	}
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		w.Go("stuck", func() { sim.NewChan[int](w, "c", 0).Recv() })
		w.Quiesce()
	})
	require.Len(t, res.Findings, 1)
	assert.Equal(t, sim.Leak, res.Findings[0].Kind, "a thread still blocked after quiescence leaks")
}

func TestEqualThreadNamesGetStableSuffixes(t *testing.T) {
	var names []string
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		wg := w.NewWaitGroup("wg")
		for range 3 {
			wg.Go("watcher", func() { names = append(names, w.Thread()) })
		}
		never := sim.NewChan[int](w, "never", 0)
		wg.Go("stuck", func() { never.Recv() })
		wg.Go("stuck", func() { never.Recv() })
		wg.Wait()
	})
	assert.ElementsMatch(t, []string{"watcher", "watcher#2", "watcher#3"}, names)
	require.Len(t, res.Findings, 1)
	logged := map[string]bool{}
	for _, e := range res.Log {
		logged[e.Name] = true
	}
	for _, n := range []string{"watcher", "watcher#2", "watcher#3", "stuck", "stuck#2"} {
		assert.True(t, logged[n], "%s in the log", n)
	}
	assert.Contains(t, res.Findings[0].Message, "stuck waits on")
	assert.Contains(t, res.Findings[0].Message, "stuck#2 waits on")
}

// Misuse findings quote Go's own panic text word for word: checked
// against what real Go panics with.
func TestMisuseTextIsGos(t *testing.T) {
	goText := func(f func()) (s string) {
		defer func() { s = fmt.Sprint(recover()) }()
		f()
		return ""
	}
	tests := []struct {
		name   string
		native func()
		prog   program
	}{
		{"close of closed channel", func() { c := make(chan int); close(c); close(c) },
			func(w *sim.World) { c := sim.NewChan[int](w, "c", 0); c.Close(); c.Close() }},
		{"send on closed channel", func() { c := make(chan int, 1); close(c); c <- 1 },
			func(w *sim.World) { c := sim.NewChan[int](w, "c", 1); c.Close(); c.Send(1) }},
		{"close of nil channel", func() { var c chan int; close(c) },
			func(w *sim.World) { var c *sim.Chan[int]; c.Close() }},
		{"negative WaitGroup counter", func() { var wg sync.WaitGroup; wg.Done() },
			func(w *sim.World) { w.NewWaitGroup("g").Done() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := goText(tt.native)
			res := sim.Run(sim.Options{}, tt.prog)
			require.Len(t, res.Findings, 1)
			msg := strings.TrimPrefix(res.Findings[0].Message, "thread main: ")
			text, _, _ := strings.Cut(msg, " (it was ")
			assert.Equal(t, want, text)
		})
	}
}
