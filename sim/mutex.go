package sim

import (
	"time"

	"github.com/racelab/racelab/sim/race"
)

// Mutex is a simulated sync.Mutex. Lock and Unlock are yield points; a
// blocked Lock records what it waits on and who holds the lock. Unlocking an
// unlocked Mutex is a Misuse finding, as it is a fatal error in Go. Like
// sync.Mutex it is not tied to a thread: any thread may unlock it. An
// Unlock with waiters wakes one of them, chosen by a DecideWake decision
// (see Unlock): the lock stays free until a thread takes it, so the woken
// waiter and any thread that locks before it (the unlocker itself, a new
// arrival) compete, as in Go's normal mode.
type Mutex struct {
	w       *World
	name    string
	holder  *thread
	waiters []*thread
	race    race.Clock

	lockLabel, unlockLabel, wakeLabel, desc string
}

// NewMutex returns an unlocked mutex. name appears in logs and reports.
func (w *World) NewMutex(name string) *Mutex {
	return &Mutex{w: w, name: name, lockLabel: "lock " + name, unlockLabel: "unlock " + name, wakeLabel: "wake " + name, desc: "mutex " + name,
		race: race.Clock{Name: "mutex " + name}}
}

// Lock locks m, blocking while another thread holds it.
func (m *Mutex) Lock() { m.lock(-1) }

// LockTimeout locks m as Lock does but gives up after d of virtual time; it
// reports whether it got the lock.
func (m *Mutex) LockTimeout(d time.Duration) bool { return m.lock(d) }

// TryLock locks m if it is free and reports whether it did. It is a yield
// point.
func (m *Mutex) TryLock() bool {
	m.w.point(m.lockLabel, nil)
	if m.holder != nil {
		return false
	}
	m.holder = m.w.cur
	if m.w.race != nil {
		m.w.race.Acquire(m.w.raceID(), &m.race)
	}
	return true
}

func (m *Mutex) lock(timeout time.Duration) bool {
	w := m.w
	w.point(m.lockLabel, nil)
	deadline := w.now + timeout
	for m.holder != nil {
		if timeout >= 0 && w.now >= deadline {
			return false
		}
		t := w.cur
		m.waiters = append(m.waiters, t)
		left := time.Duration(-1)
		if timeout >= 0 {
			left = deadline - w.now
		}
		if w.block(m, m.desc+" (held by "+m.holder.name+")", left) {
			m.waiters = removeThread(m.waiters, t)
			return false
		}
	}
	m.holder = w.cur
	if w.race != nil {
		w.race.Acquire(w.raceID(), &m.race)
	}
	return true
}

// Unlock unlocks m and, when threads wait, wakes one of them.
//
// Which waiter is a DecideWake decision among all of them, option 0 the one
// that waited longest. Go's sync.Mutex, in normal mode, wakes the head of
// its queue, and the woken goroutine competes with the ones arriving (the
// unlocker re-locking included), which usually win; a goroutine that loses
// goes back to the front of the queue, and one that waited over 1ms
// switches the mutex to starvation mode, where Unlock hands it the lock
// directly. The order of the queue itself depends on the schedule, so
// letting the decision pick any waiter is what keeps every order in which
// Go's waiters can get the lock reachable; leaving the lock free rather
// than handing it over keeps barging reachable (normal mode), and a
// schedule that runs the woken waiter next is starvation mode's handoff.
// The woken waiter that loses the race blocks again at the back of the
// queue; the next Unlock wakes one waiter again, so no waiter is forgotten.
//
// Waking one rather than all is the point: with every waiter woken, n
// waiters made n runnable threads, n-1 of which only blocked again, so a
// lock/unlock cost O(n) steps and the thread decisions grew with n; the
// set of lock orders reachable is the same.
func (m *Mutex) Unlock() {
	m.w.point(m.unlockLabel, nil)
	if m.holder == nil {
		m.w.misuse("sync: unlock of unlocked mutex", "mutex "+m.name)
	}
	if m.w.race != nil {
		m.w.race.Release(m.w.raceID(), &m.race)
	}
	m.holder = nil
	m.waiters = wakeOne(m.w, m.waiters, m.wakeLabel)
}

func (m *Mutex) holders() []*thread {
	if m.holder == nil {
		return nil
	}
	return []*thread{m.holder}
}

// wakeAll wakes every thread of q, in order, and returns q emptied.
func wakeAll(w *World, q []*thread) []*thread {
	for _, t := range q {
		w.wake(t)
	}
	return q[:0]
}

// wakeOne wakes one thread of q, chosen by a DecideWake decision labelled
// label when there are several (option 0 is q's first, the longest
// waiting), and returns q without it. It must run in a thread: the
// decision parks it.
func wakeOne(w *World, q []*thread, label string) []*thread {
	if len(q) == 0 {
		return q
	}
	i := w.decide(DecideWake, len(q), label)
	t := q[i]
	w.wake(t)
	return append(q[:i], q[i+1:]...)
}

func removeThread(q []*thread, t *thread) []*thread {
	for i, x := range q {
		if x == t {
			return append(q[:i:i], q[i+1:]...)
		}
	}
	return q
}
