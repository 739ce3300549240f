package sim

import (
	"time"

	"github.com/racelab/racelab/sim/race"
)

// Mutex is a simulated sync.Mutex. Lock and Unlock are yield points; a
// blocked Lock records what it waits on and who holds the lock. Unlocking an
// unlocked Mutex is a Misuse finding, as it is a fatal error in Go. Like
// sync.Mutex it is not tied to a thread: any thread may unlock it. Which of
// several waiters gets it after an Unlock is up to the scheduler.
type Mutex struct {
	w       *World
	name    string
	holder  *thread
	waiters []*thread
	race    race.Clock

	lockLabel, unlockLabel, desc string
}

// NewMutex returns an unlocked mutex. name appears in logs and reports.
func (w *World) NewMutex(name string) *Mutex {
	return &Mutex{w: w, name: name, lockLabel: "lock " + name, unlockLabel: "unlock " + name, desc: "mutex " + name,
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

// Unlock unlocks m and wakes every waiter to compete for it.
func (m *Mutex) Unlock() {
	m.w.point(m.unlockLabel, nil)
	if m.holder == nil {
		m.w.misuse("sync: unlock of unlocked mutex", "mutex "+m.name)
	}
	if m.w.race != nil {
		m.w.race.Release(m.w.raceID(), &m.race)
	}
	m.holder = nil
	m.waiters = wakeAll(m.w, m.waiters)
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

func removeThread(q []*thread, t *thread) []*thread {
	for i, x := range q {
		if x == t {
			return append(q[:i:i], q[i+1:]...)
		}
	}
	return q
}
