package sim

import (
	"container/heap"
	"fmt"
	"time"

	"github.com/racelab/racelab/sim/race"
)

// timer is one pending event of the virtual clock. Exactly one of thread,
// ch and fn says what firing does.
type timer struct {
	when   time.Duration
	seq    uint64 // creation order: ties fire in it
	index  int
	thread *thread // wake it, if it still waits with generation gen
	gen    uint64
	ch     *chanCore     // deliver the time without blocking (After, Ticker)
	fn     func()        // start a thread running fn (AfterFunc)
	name   string        // the timer's label in the log
	period time.Duration // re-arm after firing (Ticker)
	dead   bool          // stopped or fired
	race   race.Clock    // the history of the code that set the timer
}

type timerHeap []*timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].when != h[j].when {
		return h[i].when < h[j].when
	}
	return h[i].seq < h[j].seq
}
func (h timerHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i]; h[i].index = i; h[j].index = j }
func (h *timerHeap) Push(x any)   { t := x.(*timer); t.index = len(*h); *h = append(*h, t) }
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	*h = old[:len(old)-1]
	t.index = -1
	return t
}
func (w *World) addTimer(t *timer) { w.timerSeq++; t.seq = w.timerSeq; heap.Push(&w.timers, t) }

// dropDeadTimers pops stopped and stale timers off the heap's top and
// reports whether a live one is pending.
func (w *World) dropDeadTimers() bool {
	for w.timers.Len() > 0 && w.timers[0].dead {
		heap.Pop(&w.timers)
	}
	return w.timers.Len() > 0
}

// advance moves virtual time to the earliest pending timer and fires every
// timer due then. It runs when no thread is runnable; a timer may also fire
// earlier, while threads run, as a scheduling choice (fireEarly).
func (w *World) advance() {
	if !w.dropDeadTimers() {
		return
	}
	next := w.timers[0].when
	if next > w.opts.Horizon {
		f := Finding{Kind: Horizon, Step: w.step, Blocked: w.blockedThreads()}
		f.Message = fmt.Sprintf("virtual time would pass the horizon of %v with %d thread(s) still waiting; only timers made progress", w.opts.Horizon, len(f.Blocked))
		w.addFinding(f)
		return
	}
	w.now, w.timerPassed = next, 0
	for w.timers.Len() > 0 && w.timers[0].when == next && !w.stopping {
		w.fire(heap.Pop(&w.timers).(*timer))
	}
}

func (w *World) fire(t *timer) {
	if t.dead {
		return
	}
	switch {
	case t.thread != nil:
		t.dead = true
		if t.thread.waitGen == t.gen {
			if t.thread.state == blocked {
				t.thread.timedOut = true
			}
			w.wake(t.thread)
		}
	case t.ch != nil:
		w.event(nil, EvTimer, t.name, "")
		t.ch.offer(w.Now(), &t.race)
		if t.period > 0 {
			t.when += t.period
			w.addTimer(t)
		} else {
			t.dead = true
		}
	case t.fn != nil:
		t.dead = true
		w.event(nil, EvTimer, t.name, "")
		th := w.spawn(t.name, t.fn)
		if w.race != nil { // the callback runs after the AfterFunc call
			w.race.Acquire(race.Thread(th.id), &t.race)
		}
	}
}

// setTimer arms a timer the running thread sets: its history up to now is
// what the timer's callback or tick carries.
func (w *World) setTimer(t *timer) {
	if w.race != nil {
		t.race.Name = "timer " + t.name
		w.race.ReleaseStore(w.raceID(), &t.race)
	}
	w.addTimer(t)
}

// Timer is a pending AfterFunc callback.
type Timer struct {
	w *World
	t *timer
}

// AfterFunc arranges for f to run in a new thread named name after d of
// virtual time. Creating the timer is not a yield point.
func (w *World) AfterFunc(name string, d time.Duration, f func()) *Timer {
	w.running("AfterFunc")
	t := &timer{when: w.now + d, fn: f, name: name}
	w.setTimer(t)
	return &Timer{w: w, t: t}
}

// Stop prevents the timer from firing. It reports whether it did so, false
// when the timer had already fired or been stopped. It is a yield point, so
// the callback can race the code that stops it.
func (t *Timer) Stop() bool {
	t.w.point("timer stop "+t.t.name, nil)
	was := !t.t.dead
	t.t.dead = true
	return was
}

// After returns a channel that receives the virtual time once d has passed.
func (w *World) After(d time.Duration) *Chan[time.Time] {
	w.running("After")
	c := NewChan[time.Time](w, "after "+d.String(), 1)
	w.setTimer(&timer{when: w.now + d, ch: c.c, name: c.c.name})
	return c
}

// Ticker delivers the virtual time on C every period, dropping ticks a slow
// reader misses, as time.Ticker does.
type Ticker struct {
	C *Chan[time.Time]
	w *World
	t *timer
}

// NewTicker returns a ticker firing every period of virtual time. It panics
// if period <= 0.
func (w *World) NewTicker(name string, period time.Duration) *Ticker {
	w.running("NewTicker")
	if period <= 0 {
		panic("sim: non-positive interval for NewTicker")
	}
	c := NewChan[time.Time](w, "ticker "+name, 1)
	t := &timer{when: w.now + period, ch: c.c, name: c.c.name, period: period}
	w.setTimer(t)
	return &Ticker{C: c, w: w, t: t}
}

// Stop turns the ticker off. It is a yield point.
func (tk *Ticker) Stop() {
	tk.w.point("ticker stop", nil)
	tk.t.dead = true
}
