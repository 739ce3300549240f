package sync

import (
	"sync"

	"github.com/racelab/racelab/rt/internal/world"
	"github.com/racelab/racelab/sim"
)

// Locker is sync.Locker, so locks pass freely to untranslated code.
type Locker = sync.Locker

// Mutex is sync.Mutex for translated code. The zero value is an unlocked
// mutex, ready to use as a package-level variable or an embedded field.
//
// Under a World a Mutex is bound, at its first use, to a sim.Mutex of that
// World (named after the call site of that use); a Mutex used again in a
// later World starts there unlocked. A copy of a Mutex is a separate lock in
// the state the original had when copied, as in Go (go vet's copylocks
// check reports such copies). Unlocking an unlocked Mutex is a misuse
// finding ("sync: unlock of unlocked mutex"), as it is a fatal error in Go.
// Outside a World it is a sync.Mutex.
type Mutex struct {
	mu sync.Mutex // outside a World

	w      *sim.World
	m      *sim.Mutex
	self   *Mutex // where m was bound: a copy has another address
	locked bool   // under w: mirrors m, so a copy knows its state
}

// bind returns m's lock under w. It must be called directly from the method
// the program called, so the name is the program's call site.
func (m *Mutex) bind(w *sim.World) *sim.Mutex {
	if m.w == w && m.self == m {
		return m.m
	}
	copied := m.w == w && m.locked
	m.w, m.self, m.locked = w, m, false
	m.m = w.NewMutex("mutex@" + world.Site(2))
	if copied {
		m.m.Lock()
		m.locked = true
	}
	return m.m
}

// Lock locks m, blocking while another goroutine holds it.
func (m *Mutex) Lock() {
	w := sim.Current()
	if w == nil {
		m.mu.Lock()
		return
	}
	m.bind(w).Lock()
	m.locked = true
}

// TryLock locks m if it is free and reports whether it did.
func (m *Mutex) TryLock() bool {
	w := sim.Current()
	if w == nil {
		return m.mu.TryLock()
	}
	ok := m.bind(w).TryLock()
	m.locked = m.locked || ok
	return ok
}

// Unlock unlocks m. Any goroutine may unlock it, as in Go.
func (m *Mutex) Unlock() {
	w := sim.Current()
	if w == nil {
		m.mu.Unlock()
		return
	}
	m.bind(w).Unlock()
	m.locked = false
}
