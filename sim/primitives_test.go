package sim_test

import (
	"testing"
	"time"

	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// everySchedule runs prog under exhaustive DFS with the bound and fails the
// test on any finding or error; it returns the number of schedules.
func everySchedule(t *testing.T, bound int, prog program) int {
	t.Helper()
	d := sim.NewDFS(bound)
	for src, ok := d.Next(); ok; src, ok = d.Next() {
		res := sim.Run(sim.Options{Source: src}, prog)
		require.NoError(t, res.Err)
		require.Empty(t, res.Findings, "schedule %d: %v", d.Runs(), res.Findings)
	}
	return d.Runs()
}

func TestUnbufferedChannelHandsOff(t *testing.T) {
	everySchedule(t, -1, func(w *sim.World) {
		ch := sim.NewChan[string](w, "c", 0)
		sent := false
		w.Go("sender", func() { ch.Send("hi"); sent = true })
		if sent {
			w.Fail("invariant", "send completed before any receive")
		}
		v, ok := ch.Recv()
		if v != "hi" || !ok {
			w.Fail("invariant", "got %q %v", v, ok)
		}
	})
}

func TestBufferedChannelIsFIFOAndCloseDrains(t *testing.T) {
	everySchedule(t, -1, func(w *sim.World) {
		ch := sim.NewChan[int](w, "c", 2)
		w.Go("producer", func() {
			for i := range 4 {
				ch.Send(i)
			}
			ch.Close()
		})
		var got []int
		for {
			v, ok := ch.Recv()
			if !ok {
				break
			}
			got = append(got, v)
		}
		if len(got) != 4 || got[0] != 0 || got[3] != 3 {
			w.Fail("invariant", "received %v", got)
		}
	})
}

func TestCloseWakesEveryReceiver(t *testing.T) {
	everySchedule(t, 2, func(w *sim.World) {
		ch := sim.NewChan[int](w, "c", 0)
		wg := w.NewWaitGroup("wg")
		for _, n := range []string{"r1", "r2"} {
			wg.Go(n, func() {
				if _, ok := ch.Recv(); ok {
					w.Fail("invariant", "received from a channel nobody sends on")
				}
			})
		}
		ch.Close()
		wg.Wait()
	})
}

func TestNilChannelBlocksForever(t *testing.T) {
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		sim.NilChan[int](w, "nil").Recv()
	})
	require.Len(t, res.Findings, 1)
	assert.Equal(t, sim.Deadlock, res.Findings[0].Kind)
	assert.Contains(t, res.Findings[0].Message, "nil chan nil (forever)")
}

func TestSelectChoiceAmongReadyCasesIsADecision(t *testing.T) {
	chosen := map[int]bool{}
	everySchedule(t, -1, func(w *sim.World) {
		a, b := sim.NewChan[int](w, "a", 1), sim.NewChan[int](w, "b", 1)
		a.Send(1)
		b.Send(2)
		var nilChan *sim.Chan[int]
		chosen[w.Select(sim.OnRecv(a, nil), sim.OnRecv(b, nil), sim.OnRecv(nilChan, nil))] = true
	})
	assert.Equal(t, map[int]bool{0: true, 1: true}, chosen)
}

func TestSelectDefaultAndBlockingSelect(t *testing.T) {
	everySchedule(t, -1, func(w *sim.World) {
		in, out := sim.NewChan[int](w, "in", 0), sim.NewChan[int](w, "out", 0)
		if w.SelectDefault(sim.OnRecv(in, nil)) != -1 {
			w.Fail("invariant", "default not taken")
		}
		w.Go("peer", func() {
			v, _ := out.Recv()
			in.Send(v * 10)
		})
		got := 0
		w.Select(sim.OnSend(out, 4, nil), sim.OnRecv(in, func(v int, _ bool) { got = v }))
		w.Select(sim.OnSend(out, 5, nil), sim.OnRecv(in, func(v int, _ bool) { got = v }))
		if got != 40 {
			w.Fail("invariant", "got %d", got)
		}
	})
}

func TestCondSignalAndBroadcast(t *testing.T) {
	n := everySchedule(t, 2, func(w *sim.World) {
		mu := w.NewMutex("mu")
		c := w.NewCond("ready", mu)
		ready, woke := false, 0
		wg := w.NewWaitGroup("wg")
		for _, name := range []string{"w1", "w2"} {
			wg.Go(name, func() {
				mu.Lock()
				for !ready {
					c.Wait()
				}
				woke++
				mu.Unlock()
			})
		}
		mu.Lock()
		ready = true
		c.Signal()
		c.Broadcast()
		mu.Unlock()
		wg.Wait()
		if woke != 2 {
			w.Fail("invariant", "%d woke", woke)
		}
	})
	assert.Greater(t, n, 10)
}

func TestOnceRunsOnceAndOthersWait(t *testing.T) {
	everySchedule(t, -1, func(w *sim.World) {
		o := w.NewOnce("init")
		v := 0
		wg := w.NewWaitGroup("wg")
		for _, name := range []string{"a", "b"} {
			wg.Go(name, func() {
				o.Do(func() { w.Yield("initialising"); v++ })
				if v != 1 {
					w.Fail("invariant", "Do returned before the value was set: %d", v)
				}
			})
		}
		wg.Wait()
	})
}

func TestReentrantMutexCountsItsHolder(t *testing.T) {
	everySchedule(t, -1, func(w *sim.World) {
		m := w.NewReentrantMutex("r")
		inside := 0
		wg := w.NewWaitGroup("wg")
		for _, name := range []string{"a", "b"} {
			wg.Go(name, func() {
				m.Lock()
				m.Lock()
				inside++
				if inside != 1 {
					w.Fail("invariant", "two holders")
				}
				m.Unlock()
				w.Yield("still held once")
				inside--
				m.Unlock()
			})
		}
		wg.Wait()
	})
}

func TestTryLockAndLockTimeout(t *testing.T) {
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		mu := w.NewMutex("mu")
		if !mu.TryLock() || mu.TryLock() {
			w.Fail("invariant", "TryLock")
		}
		w.AfterFunc("release", 5*time.Second, mu.Unlock)
		if mu.LockTimeout(time.Second) {
			w.Fail("invariant", "got a held lock")
		}
		if !mu.LockTimeout(10 * time.Second) {
			w.Fail("invariant", "timed out though the lock was released at 5s")
		}
		if w.Elapsed() != 5*time.Second {
			w.Fail("invariant", "took the lock at %v", w.Elapsed())
		}
	})
	require.False(t, res.Failed(), "%v", res.Findings)
}

func TestTimerStopRacesItsCallbackUnderSleepFaults(t *testing.T) {
	outcomes := map[string]bool{}
	for s := range uint64(200) {
		res := sim.Run(sim.Options{Source: sim.Random(s), Faults: sim.FaultPlan{Rules: []sim.FaultRule{
			{Kind: sim.FaultSleep, Rate: 0.3, Budget: 3, Delays: []time.Duration{time.Millisecond, 20 * time.Millisecond}},
		}}}, func(w *sim.World) {
			fired := false
			tm := w.AfterFunc("expire", 10*time.Millisecond, func() { fired = true })
			w.Yield("work")
			stopped := tm.Stop()
			// As in Go, Stop reporting false means the callback's thread
			// was started, not that it ran: it has run an hour later.
			w.Sleep(time.Hour)
			if stopped == fired {
				w.Fail("invariant", "Stop reported %v but the callback fired=%v", stopped, fired)
			}
			outcomes[map[bool]string{true: "stopped", false: "fired"}[stopped]] = true
		})
		require.False(t, res.Failed(), "%v", res.Findings)
	}
	assert.Equal(t, map[string]bool{"stopped": true, "fired": true}, outcomes, "a sleep fault lets the timer fire before Stop")
}

func TestTickerTicksOnTheVirtualClock(t *testing.T) {
	var at []time.Duration
	res := sim.Run(sim.Options{}, func(w *sim.World) {
		tk := w.NewTicker("t", time.Minute)
		for range 3 {
			tk.C.Recv()
			at = append(at, w.Elapsed())
		}
		tk.Stop()
	})
	require.False(t, res.Failed(), "%v", res.Findings)
	assert.Equal(t, []time.Duration{time.Minute, 2 * time.Minute, 3 * time.Minute}, at)
}
