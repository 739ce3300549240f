package sim

import "sort"

// The run queue holds the runnable threads in id order, so that pick costs
// a copy of their ids, not a visit to every thread: a run with many
// blocked or exited threads picks as fast as one with two. Every change of
// a thread's state goes through setState, which keeps it exact.

// setState moves t to state s, entering or leaving the run queue.
func (w *World) setState(t *thread, s threadState) {
	was := t.state == runnable
	t.state = s
	switch now := s == runnable; {
	case now && !was:
		i := w.runIndex(t)
		w.runq = append(w.runq, nil)
		copy(w.runq[i+1:], w.runq[i:])
		w.runq[i] = t
	case was && !now:
		i := w.runIndex(t)
		w.runq = append(w.runq[:i], w.runq[i+1:]...)
		w.runq[len(w.runq):cap(w.runq)][0] = nil // keep no exited thread alive
	}
}

// runIndex is where t is, or belongs, in the run queue.
func (w *World) runIndex(t *thread) int {
	q := w.runq
	if n := len(q); n == 0 || q[n-1].id < t.id {
		return n // a new thread: the common case
	}
	return sort.Search(len(q), func(i int) bool { return q[i].id >= t.id })
}

// starvedThread returns the first runnable thread but w.last, in id order,
// passed over for more than FairnessBound steps, or nil. minReady is a lower
// bound of the queue's readyAt (a thread's readyAt only grows while it is
// runnable, and a thread enters the queue at the current step), so the
// queue is scanned only when some thread may be starved.
func (w *World) starvedThread() *thread {
	if w.step-w.minReady <= FairnessBound {
		return nil
	}
	var starved *thread
	low := w.step
	for _, t := range w.runq {
		low = min(low, t.readyAt)
		if starved == nil && t != w.last && w.step-t.readyAt > FairnessBound {
			starved = t
		}
	}
	w.minReady = low
	return starved
}
