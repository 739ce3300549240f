package sim

import (
	"fmt"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/racelab/racelab/sim/race"
)

type threadState uint8

const (
	runnable threadState = iota
	blocked              // waiting on a primitive, possibly with a timeout timer
	sleeping             // waiting on a timer only
	exited
)

// request says why a thread handed control back to the loop.
type request uint8

const (
	reqPoint  request = iota // a yield point: log, faults, schedule
	reqBlock                 // the thread blocked or went to sleep
	reqDecide                // the thread needs a decision and then goes on
)

// unwind is the panic value that unwinds a thread that was crashed or whose
// run was aborted. It is recovered at the top of the thread.
var unwind = &struct{ name string }{"sim: thread unwound"}

// thread is one simulated thread: a coroutine the loop resumes.
type thread struct {
	w        *World
	id       int
	name     string
	fn       func()
	co       *coro
	finished bool // its function has returned, however
	state    threadState

	// Set by the thread before it parks.
	req      request
	atPoint  bool // parked at a yield point whose event is not logged yet
	started  bool // has run at least once
	label    string
	kinds    []FaultKind
	decision Decision
	wait     waitable
	waitDesc string

	// Set by the loop before it resumes the thread.
	fault     FaultKind
	choice    int
	timedOut  bool
	killed    bool
	dumpStack bool
	stack     string

	protected bool   // the harness: never crashed or delayed by a fault
	quiescing bool   // blocked in Quiesce
	waitGen   uint64 // bumped at every block and wake, so a stale timeout is ignored
	readyAt   int64  // the step it last ran or became runnable (fairness)
	timeout   *timer // the pending timeout of the current wait, if any
	onCrash   []func()
}

// Go starts fn as a new thread named name. It may be called from any thread
// of the run, including main, and from timer callbacks. Starting a thread is
// not a yield point; the new thread first runs when the scheduler picks it.
func (w *World) Go(name string, fn func()) {
	w.running("Go")
	w.spawn(name, fn)
}

func (w *World) spawn(name string, fn func()) *thread {
	name = w.uniqueName(name)
	t := &thread{w: w, id: len(w.threads), name: name, fn: fn, readyAt: w.step}
	w.threads = append(w.threads, t)
	w.runq = append(w.runq, t) // runnable, and the highest id
	t.co = w.coro()
	t.co.t = t
	if w.race != nil && w.cur != nil {
		w.race.Fork(w.raceID(), race.Thread(t.id))
	}
	w.event(t, EvSpawn, "go", "")
	return t
}

// uniqueName gives a thread a name no other thread of the run has: the
// first of a name keeps it, the next are name#2, name#3, ... in the order
// they are started, so the suffix is stable across runs of one schedule
// and the log, swimlanes and findings all say the same.
func (w *World) uniqueName(name string) string {
	if w.names == nil {
		w.names = map[string]int{}
	}
	w.names[name]++
	if n := w.names[name]; n > 1 {
		return name + "#" + strconv.Itoa(n)
	}
	return name
}

// run runs the thread's function on its coroutine; a thread unwound before
// it ever ran does not run at all.
func (t *thread) run() {
	defer t.finish()
	if t.killed {
		return
	}
	t.fn()
}

// finish runs when the thread's function ends, however it ends.
func (t *thread) finish() {
	t.finished = true
	r := recover()
	if r == nil || r == unwind || t.killed || t.w.stopping {
		return
	}
	w := t.w
	f := Finding{Kind: Panic, Thread: t.name, Step: w.step, Stack: string(debug.Stack()),
		Message: fmt.Sprintf("thread %s panicked: %v", t.name, r)}
	if m, ok := r.(misuse); ok {
		f.Kind, f.Message = Misuse, fmt.Sprintf("thread %s: %s", t.name, m.text)
		if m.on != "" {
			f.Message += fmt.Sprintf(" (it was %s)", m.on)
		}
	}
	w.event(t, EvPanic, "panic", f.Message)
	w.addFinding(f)
}

// misuse is the panic value of a primitive misused as Go itself would
// crash on: text is Go's own message, word for word, and on names the
// object apart from it ("channel results"), so that the text can be
// compared with Go's.
type misuse struct{ text, on string }

// Error returns Go's message, as the runtime error's Error would.
func (m misuse) Error() string { return m.text }

// misuse ends the current thread and the run with a Misuse finding.
func (w *World) misuse(text, on string) {
	panic(misuse{text: text, on: on})
}

// park hands control to the loop until it resumes this thread.
func (t *thread) park() {
	for {
		if !t.co.yield(struct{}{}) || t.killed {
			panic(unwind)
		}
		if !t.dumpStack {
			return
		}
		t.stack, t.dumpStack = string(debug.Stack()), false
	}
}

// running returns the current thread, or panics when called outside one.
// While a thread unwinds (crash, aborted run) every operation is refused.
func (w *World) running(op string) *thread {
	t := w.cur
	if t == nil {
		panic("sim: " + op + " called outside a simulated thread of this world")
	}
	if t.killed || w.stopping {
		panic(unwind)
	}
	return t
}

// point is a yield point: the loop logs it, may inject one fault of the
// plan's sleep or crash kinds or of kinds, and picks the next thread. It
// returns the injected kind among kinds, or "".
func (w *World) point(label string, kinds []FaultKind) FaultKind {
	t := w.running(label)
	t.req, t.label, t.kinds = reqPoint, label, kinds
	if w.continues(t, kinds) {
		// What the loop would do, picking t again (see fastpath.go).
		w.event(t, EvYield, label, "")
		t.readyAt = w.step
		return ""
	}
	t.park()
	f := t.fault
	t.fault = ""
	return f
}

// Yield is an explicit yield point with a stable label: the scheduler may
// switch threads here and the fault plan may delay or crash the thread.
func (w *World) Yield(label string) { w.point(label, nil) }

// FaultPoint is a yield point at which faults of the given kinds may also
// fire, when the plan enables them. It returns the kind that fired, or "".
// Backends call it before each operation that can fail.
func (w *World) FaultPoint(label string, kinds ...FaultKind) FaultKind {
	return w.point(label, kinds)
}

// Protect exempts the current thread from crash and sleep faults: it is
// the harness (a scenario's driver and its final checks), not part of the
// system under test, and crashing it would only make a run pass without
// checking anything. Backend faults at its own fault points still fire.
func (w *World) Protect() { w.running("Protect").protected = true }

// Quiesce blocks the current thread until the rest of the run is quiet: no
// other thread can run and no timer is pending. A harness calls it to wait
// for a system whose threads may crash (and so never signal a WaitGroup)
// before it checks the outcome. Threads still blocked then stay blocked;
// they are reported as a leak when main returns.
func (w *World) Quiesce() {
	t := w.running("Quiesce")
	w.point("quiesce", nil)
	t.quiescing = true
	w.block(quietWait{}, "quiescence", -1)
	t.quiescing = false
}

type quietWait struct{}

func (quietWait) holders() []*thread { return nil }

// OnCrash registers f to run if the current thread is crashed by a fault,
// after it has unwound. f runs on the scheduler, not in a thread: it may
// change state and wake threads (release a connection's locks) but not block.
func (w *World) OnCrash(f func()) {
	t := w.running("OnCrash")
	t.onCrash = append(t.onCrash, f)
}

// decide asks the loop for a decision of kind among n options and returns
// the choice; it is not a yield point.
func (w *World) decide(kind DecisionKind, n int, label string) int {
	t := w.running(label)
	if n < 2 {
		return 0
	}
	t.req, t.decision = reqDecide, Decision{Kind: kind, N: n, Label: label}
	t.park()
	return t.choice
}

// Intn returns a value in [0, n) for the code under test, drawn by the
// decision source so that it replays and shrinks (towards 0). It panics if
// n <= 0.
func (w *World) Intn(n int) int {
	if n <= 0 {
		panic("sim: Intn with n <= 0")
	}
	return w.decide(DecideValue, n, "rand")
}

// block parks the current thread until another wakes it, or until timeout
// passes when timeout >= 0. It reports whether the timeout fired.
func (w *World) block(on waitable, desc string, timeout time.Duration) bool {
	t := w.running(desc)
	w.setState(t, blocked)
	t.wait, t.waitDesc = on, desc
	t.waitGen++
	if timeout >= 0 {
		t.timeout = &timer{when: w.now + timeout, thread: t, gen: t.waitGen}
		w.addTimer(t.timeout)
	}
	t.req = reqBlock
	t.park()
	to := t.timedOut
	t.timedOut, t.wait = false, nil
	return to
}

// wake makes a blocked thread runnable. It may be called from a thread or
// from the loop.
func (w *World) wake(t *thread) {
	if t.state != blocked && t.state != sleeping {
		return
	}
	w.setState(t, runnable)
	t.readyAt = w.step
	t.waitGen++
	if w.cur != nil {
		w.moved++ // a thread, not a timer, let another go on
	}
	if t.timeout != nil {
		t.timeout.dead, t.timeout = true, nil
	}
	w.event(t, EvWake, "wake", t.waitDesc)
}

// Sleep pauses the current thread for d of virtual time. It is a yield point.
func (w *World) Sleep(d time.Duration) {
	w.point("sleep", nil)
	if d <= 0 {
		return
	}
	w.sleep(d, "sleep "+d.String())
}

func (w *World) sleep(d time.Duration, desc string) {
	t := w.running("Sleep")
	w.setState(t, sleeping)
	t.waitDesc = desc
	t.waitGen++
	t.timeout = &timer{when: w.now + d, thread: t, gen: t.waitGen}
	w.addTimer(t.timeout)
	t.req = reqBlock
	t.park()
}
