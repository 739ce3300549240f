package sim

// ThreadStack is a thread's stack where it last handed control to the
// scheduler: at a yield point, a blocking operation or a decision.
type ThreadStack struct {
	Thread int    // the thread's id
	Name   string // its name
	Label  string // the label of the point it is parked at ("" when blocked or deciding)
	Stack  string // as runtime/debug.Stack prints it, from the thread's coroutine
}

// StacksSince returns the stack of every thread that has logged an event
// after step since (it ran since then) and is parked now: started, not
// exited. It needs the event log (not Options.NoLog) and may be called only
// from a Source's Choose, when the scheduler holds control and every thread
// is parked: each is resumed just long enough to read its stack, as a
// deadlock report does, and the run goes on unchanged. It is how a report
// names, for each thread, the file and line of its last yield point, on the
// one run a finding shows (it costs a stack trace per thread and decision).
func (w *World) StacksSince(since int64) []ThreadStack {
	ran := map[int]bool{}
	for i := len(w.log) - 1; i >= 0 && w.log[i].Step > since; i-- {
		ran[w.log[i].Thread] = true
	}
	var out []ThreadStack
	cur := w.cur
	for _, t := range w.threads {
		if !ran[t.id] || !t.started || t.finished || t.state == exited || t.killed {
			continue
		}
		t.dumpStack = true
		w.cur = t
		t.co.next()
		ts := ThreadStack{Thread: t.id, Name: t.name, Stack: t.stack}
		if t.req == reqPoint {
			ts.Label = t.label
		}
		out = append(out, ts)
	}
	w.cur = cur
	return out
}
