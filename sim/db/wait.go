package db

import (
	"time"

	"github.com/racelab/racelab/sim"
)

// waiters is where statements wait for a lock: the World's queue under the
// simulator (a wait in virtual time that the World sees in its deadlock and
// leak reports), a channel closed at each release on real goroutines.
type waiters struct {
	q        *sim.WaitQueue
	released chan struct{}
}

// newWaiters returns a queue named name; holders names the threads the
// waiters wait for. The caller holds db.mu.
func (db *DB) newWaiters(name string, holders func() []*Conn) *waiters {
	w := &waiters{}
	if db.world == nil {
		w.released = make(chan struct{})
		return w
	}
	w.q = db.world.NewWaitQueue(name)
	w.q.Holders = func() []string {
		var out []string
		for _, c := range holders() {
			out = append(out, c.threads...)
		}
		return out
	}
	return w
}

// notify wakes every waiter. The caller holds db.mu; it never yields.
func (w *waiters) notify() {
	if w.q != nil {
		w.q.NotifyAll()
		return
	}
	close(w.released)
	w.released = make(chan struct{})
}

// wait waits, without db.mu, until notified or until d passes (d < 0:
// no limit), and reports whether d passed. The caller holds db.mu.
func (db *DB) wait(w *waiters, desc string, d time.Duration) bool {
	if w.q == nil {
		return db.waitReal(w, d)
	}
	db.mu.Unlock()
	defer db.mu.Lock()
	return w.q.Wait(desc, d)
}
