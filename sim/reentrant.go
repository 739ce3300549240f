package sim

import "github.com/racelab/racelab/sim/race"

// ReentrantMutex is a lock its holder may take again (Python's RLock): it
// counts the holder's locks and frees itself when as many unlocks follow.
// Unlocking it from a thread that does not hold it is a Misuse finding, as
// it is a RuntimeError in Python. Go has no such lock; racelab's reference
// systems need it to port code written for one.
type ReentrantMutex struct {
	w       *World
	name    string
	owner   *thread
	count   int
	waiters []*thread
	race    race.Clock

	lockLabel, unlockLabel, desc string
}

// NewReentrantMutex returns an unlocked reentrant mutex.
func (w *World) NewReentrantMutex(name string) *ReentrantMutex {
	return &ReentrantMutex{w: w, name: name, lockLabel: "lock " + name, unlockLabel: "unlock " + name, desc: "rlock " + name,
		race: race.Clock{Name: "rlock " + name}}
}

// Lock takes the lock, or counts one more lock when the thread holds it.
func (m *ReentrantMutex) Lock() {
	w := m.w
	w.point(m.lockLabel, nil)
	if m.owner == w.cur {
		m.count++
		return
	}
	for m.owner != nil {
		m.waiters = append(m.waiters, w.cur)
		w.block(m, m.desc+" (held by "+m.owner.name+")", -1)
	}
	m.owner, m.count = w.cur, 1
	if w.race != nil {
		w.race.Acquire(w.raceID(), &m.race)
	}
}

// Unlock undoes one Lock of the holding thread.
func (m *ReentrantMutex) Unlock() {
	w := m.w
	w.point(m.unlockLabel, nil)
	if m.owner != w.cur {
		w.misuse("sim: unlock of reentrant mutex not held by this thread", "reentrant mutex "+m.name)
	}
	m.count--
	if m.count == 0 {
		if w.race != nil {
			w.race.Release(w.raceID(), &m.race)
		}
		m.owner = nil
		m.waiters = wakeAll(w, m.waiters)
	}
}

func (m *ReentrantMutex) holders() []*thread {
	if m.owner == nil {
		return nil
	}
	return []*thread{m.owner}
}
