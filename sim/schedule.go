package sim

import (
	"container/heap"
	"fmt"
	"strings"
)

// loop is the scheduler: it resumes one thread at a time until every thread
// has exited or the run must stop. It runs on the goroutine that called Run,
// so every decision is made there.
func (w *World) loop() {
	for !w.stopping {
		t := w.pick()
		if t == nil {
			if w.stopping || w.live() == 0 {
				return
			}
			if w.timers.Len() > 0 && !w.timersHopeless() {
				w.advance()
				continue
			}
			if w.wakeQuiescers() {
				continue
			}
			w.stuck()
			return
		}
		w.resume(t)
	}
}

// pick returns the next thread to run, nil when none is runnable. The
// options are the thread that ran last, when it is still runnable, then
// every other runnable thread in id order.
func (w *World) pick() *thread {
	if t := w.forced; t != nil {
		w.forced = nil
		return t
	}
	q := w.runq
	if len(q) == 0 {
		return nil
	}
	dflt := w.last != nil && w.last.state == runnable
	starved := w.starvedThread()
	if w.timers.Len() > 0 && w.opts.TimerRate > 0 && w.fireEarly() {
		// The timer may have woken or started threads, or ended the run.
		return w.pick()
	}
	if starved != nil {
		return starved // fairness: forced, not a decision
	}
	if len(q) == 1 {
		return q[0]
	}
	w.dec = Decision{Kind: DecideThread, N: len(q), Default: dflt}
	if !w.blind {
		// ids: the last thread's first, then the queue without it.
		ids := w.idBuf[:0]
		if dflt {
			ids = append(ids, w.last.id)
		}
		for _, t := range q {
			if !dflt || t != w.last {
				ids = append(ids, t.id)
			}
		}
		w.idBuf, w.dec.Threads = ids, ids
	}
	c := w.choose(&w.dec)
	switch {
	case !dflt:
		return q[c]
	case c == 0:
		return w.last
	case q[c-1].id < w.last.id:
		// Option c is the (c-1)th thread of the queue without the last
		// one: q[c-1] when it comes before the last thread (ids order
		// the queue), q[c] when it comes after. No search needed.
		return q[c-1]
	}
	return q[c]
}

// fireEarly asks whether the earliest pending timer fires now, while
// threads are runnable (a timer preemption), and fires it if so. Firing
// moves the clock to the timer's deadline: never back, and never past a
// timer still pending, so no timer fires before its time.
//
// Fairness holds for timers too: after FairnessBound timer decisions in a
// row that let the threads go on, the timer fires without a decision (a
// thread that polls for a timer's effect finishes under dfs as in Go).
func (w *World) fireEarly() bool {
	if !w.dropDeadTimers() || w.timers[0].when > w.opts.Horizon {
		return false
	}
	if w.timers[0].when-w.now > w.opts.TimerSlack && w.timerPassed < FairnessBound {
		// Too far ahead to beat a runnable thread (see Options.TimerSlack);
		// only fairness fires it.
		w.timerPassed++
		return false
	}
	if w.timerPassed < FairnessBound {
		w.dec = Decision{Kind: DecideTimer, N: 2, Default: true, Rate: w.opts.TimerRate, Label: w.timers[0].name}
		if w.choose(&w.dec) == 0 {
			w.timerPassed++
			return false
		}
	}
	w.timerPassed = 0
	t := heap.Pop(&w.timers).(*timer)
	w.now = max(w.now, t.when)
	w.fire(t)
	return true
}

// FairnessBound is how long exploration may be unfair: a runnable thread
// passed over for more than FairnessBound consecutive steps runs next,
// and a pending timer passed over at FairnessBound timer decisions in a
// row fires, whatever the source would choose (random, pct and dfs alike;
// it is not a decision). Go's scheduler is eventually fair, so a finding
// that needs more unfairness than that would be a false positive; a
// step-limit finding is then a real livelock.
const FairnessBound = 1000

// live counts the threads that have not exited.
func (w *World) live() int {
	n := 0
	for _, t := range w.threads {
		if t.state != exited {
			n++
		}
	}
	return n
}

// resume runs t until it parks or exits, then handles what it asked for.
// A yield point's event is logged here, when its operation is about to run,
// rather than when the thread arrived at it: the log is then in the order
// operations took effect, which is how a person reads it.
func (w *World) resume(t *thread) {
	switch {
	case t.atPoint:
		t.atPoint = false
		w.event(t, EvYield, t.label, "")
	case !t.started:
		t.started = true
		w.event(t, EvStart, "start", "")
	}
	if w.stopping {
		// The event passed the step limit: t stays where it is, so the
		// finding can say where it loops.
		return
	}
	w.cur, w.last = t, t
	t.readyAt = w.step
	_, ok := t.co.next()
	w.cur = nil
	if w.race != nil {
		w.checkRaces(t)
	}
	if !ok || t.finished {
		w.exited(t)
		return
	}
	switch t.req {
	case reqPoint:
		t.atPoint = true
		w.faultAt(t)
	case reqBlock:
		w.event(t, EvBlock, t.waitDesc, "")
	case reqDecide:
		t.choice = w.choose(&t.decision)
		w.forced = t
	}
}

func (w *World) exited(t *thread) {
	w.setState(t, exited)
	w.moved++
	w.event(t, EvExit, "exit", "")
	if t.id == 0 {
		w.mainDone = true
	}
}

// faultAt decides, at t's yield point, whether a fault fires: the plan's
// crash and sleep kinds first, then the kinds the point declared.
func (w *World) faultAt(t *thread) {
	if len(w.rules) == 0 || w.stopping {
		return
	}
	if !t.protected && (w.tryFault(t, FaultCrash) || w.tryFault(t, FaultSleep)) {
		return
	}
	for _, k := range t.kinds {
		if w.tryFault(t, k) {
			return
		}
	}
}

func (w *World) tryFault(t *thread, kind FaultKind) bool {
	if !w.canFault(kind) {
		return false
	}
	r := w.rule(kind)
	n := 2
	if kind == FaultSleep {
		n = 1 + len(r.Delays)
	}
	w.dec = Decision{Kind: DecideFault, N: n, Default: true, Rate: r.Rate, Label: string(kind)}
	c := w.choose(&w.dec)
	if c == 0 {
		return false
	}
	r.used++
	w.faults++
	switch kind {
	case FaultCrash:
		w.event(t, EvFault, t.label, string(kind))
		w.crash(t)
	case FaultSleep:
		d := r.Delays[c-1]
		w.event(t, EvFault, t.label, "sleep "+d.String())
		w.setState(t, sleeping)
		t.waitDesc = "sleep fault " + d.String()
		t.waitGen++
		t.timeout = &timer{when: w.now + d, thread: t, gen: t.waitGen}
		w.addTimer(t.timeout)
	default:
		w.event(t, EvFault, t.label, string(kind))
		t.fault = kind
	}
	return true
}

// crash unwinds t (its deferred functions run; every sim operation they try
// is refused) and then runs its crash callbacks.
func (w *World) crash(t *thread) {
	t.atPoint = false // its operation never runs
	w.unwind(t)
	w.event(t, EvExit, "crashed", "")
	for _, f := range t.onCrash {
		f()
	}
}

// wakeQuiescers wakes the threads waiting in Quiesce, when there are any:
// nothing else can run and no timer is pending.
func (w *World) wakeQuiescers() bool {
	woke := false
	for _, t := range w.threads {
		if t.quiescing && t.state == blocked {
			w.wake(t)
			woke = true
		}
	}
	return woke
}

// stuck ends a run in which threads remain but none can ever run again.
func (w *World) stuck() {
	f := Finding{Kind: Deadlock, Step: w.step}
	if w.mainDone {
		f.Kind = Leak
	}
	f.Blocked = w.blockedThreads()
	names := make([]string, len(f.Blocked))
	for i, b := range f.Blocked {
		names[i] = b.Name + " waits on " + b.WaitsOn
	}
	f.Cycle = w.waitCycle()
	if f.Kind == Leak {
		f.Message = fmt.Sprintf("main returned but %d thread(s) stay blocked forever: %s", len(names), strings.Join(names, "; "))
	} else {
		f.Message = fmt.Sprintf("all %d live thread(s) are blocked: %s", len(names), strings.Join(names, "; "))
	}
	if f.Cycle != nil {
		f.Message += "; cycle " + strings.Join(f.Cycle, " -> ")
	}
	w.addFinding(f)
}

// blockedThreads describes every live thread, with its stack. The stack is
// taken by resuming the thread just long enough to read it.
func (w *World) blockedThreads() []BlockedThread {
	var out []BlockedThread
	for _, t := range w.threads {
		if t.state == exited {
			continue
		}
		t.dumpStack = true
		w.cur = t
		t.co.next()
		w.cur = nil
		if d, ok := t.wait.(interface{ liveDesc() string }); ok {
			t.waitDesc = d.liveDesc()
		}
		out = append(out, BlockedThread{Name: t.name, WaitsOn: t.waitDesc, Stack: t.stack})
	}
	return out
}

// abort unwinds every thread that has not exited, so that no goroutine of
// the run outlives it.
func (w *World) abort() {
	w.stopping = true
	for _, t := range w.threads {
		if t.state != exited {
			w.unwind(t)
		}
	}
}

// unwind ends t: it resumes at its park, panics with unwind, runs its
// deferred functions (which may not use the World) and returns; its
// coroutine then waits idle. A thread that never ran returns at once.
func (w *World) unwind(t *thread) {
	t.killed = true
	w.cur = t
	for !t.finished {
		t.co.next()
	}
	w.cur = nil
	w.setState(t, exited)
}
