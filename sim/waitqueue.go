package sim

import "time"

// WaitQueue is the low-level wait primitive backends build on (a database's
// named locks, for example): threads Wait on it, with an optional timeout
// on the virtual clock, until someone calls NotifyAll. NotifyAll is not a
// yield point and may also be called from the scheduler (an OnCrash
// callback), which is why backends use it rather than a Cond.
type WaitQueue struct {
	w       *World
	name    string
	waiters []*thread
	// Holders, if set, names the threads the waiters wait for, for the
	// wait-for cycle of a deadlock report.
	Holders func() []string
}

// NewWaitQueue returns an empty wait queue.
func (w *World) NewWaitQueue(name string) *WaitQueue { return &WaitQueue{w: w, name: name} }

// Wait blocks the current thread until NotifyAll, or until timeout passes
// when timeout >= 0; it reports whether the timeout fired. It is not a
// yield point by itself: callers check their condition again after it.
func (q *WaitQueue) Wait(desc string, timeout time.Duration) (timedOut bool) {
	t := q.w.running("Wait")
	q.waiters = append(q.waiters, t)
	if q.w.block(q, desc, timeout) {
		q.waiters = removeThread(q.waiters, t)
		return true
	}
	return false
}

// NotifyAll wakes every waiting thread.
func (q *WaitQueue) NotifyAll() { q.waiters = wakeAll(q.w, q.waiters) }

// Len returns the number of waiting threads.
func (q *WaitQueue) Len() int { return len(q.waiters) }

func (q *WaitQueue) holders() []*thread {
	if q.Holders == nil {
		return nil
	}
	var out []*thread
	for _, name := range q.Holders() {
		for _, t := range q.w.threads {
			if t.name == name && t.state != exited {
				out = append(out, t)
			}
		}
	}
	return out
}

// Thread returns the name of the thread running now, for backends that
// record who holds what. It panics outside a thread.
func (w *World) Thread() string { return w.running("Thread").name }
