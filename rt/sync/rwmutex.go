package sync

import (
	"sync"

	"github.com/racelab/racelab/rt/internal/world"
	"github.com/racelab/racelab/sim"
)

// RWMutex is sync.RWMutex for translated code: zero value unlocked, bound
// to a sim.RWMutex of the World at its first use there, copies separate
// locks in the copied state, as [Mutex]. It keeps Go's writer preference: a
// waiting writer blocks new readers, so a recursive read lock can deadlock.
// Outside a World it is a sync.RWMutex.
type RWMutex struct {
	mu sync.RWMutex

	w       *sim.World
	m       *sim.RWMutex
	self    *RWMutex
	writer  bool // mirrors m under w
	readers int
}

func (rw *RWMutex) bind(w *sim.World) *sim.RWMutex {
	if rw.w == w && rw.self == rw {
		return rw.m
	}
	writer, readers := rw.writer, rw.readers
	if rw.w != w {
		writer, readers = false, 0
	}
	rw.w, rw.self, rw.writer, rw.readers = w, rw, writer, readers
	rw.m = w.NewRWMutex("rwmutex@" + world.Site(2))
	if writer {
		rw.m.Lock()
	}
	for range readers {
		rw.m.RLock()
	}
	return rw.m
}

// Lock locks rw for writing.
func (rw *RWMutex) Lock() {
	w := sim.Current()
	if w == nil {
		rw.mu.Lock()
		return
	}
	rw.bind(w).Lock()
	rw.writer = true
}

// TryLock locks rw for writing if it is free and reports whether it did.
func (rw *RWMutex) TryLock() bool {
	w := sim.Current()
	if w == nil {
		return rw.mu.TryLock()
	}
	ok := rw.bind(w).TryLock()
	rw.writer = rw.writer || ok
	return ok
}

// Unlock unlocks rw for writing; when it is not write-locked that is a
// misuse finding.
func (rw *RWMutex) Unlock() {
	w := sim.Current()
	if w == nil {
		rw.mu.Unlock()
		return
	}
	rw.bind(w).Unlock()
	rw.writer = false
}

// RLock locks rw for reading.
func (rw *RWMutex) RLock() {
	w := sim.Current()
	if w == nil {
		rw.mu.RLock()
		return
	}
	rw.bind(w).RLock()
	rw.readers++
}

// TryRLock locks rw for reading if no writer holds or waits for it and
// reports whether it did.
func (rw *RWMutex) TryRLock() bool {
	w := sim.Current()
	if w == nil {
		return rw.mu.TryRLock()
	}
	ok := rw.bind(w).TryRLock()
	if ok {
		rw.readers++
	}
	return ok
}

// RUnlock undoes one RLock; without a read lock held that is a misuse
// finding.
func (rw *RWMutex) RUnlock() {
	w := sim.Current()
	if w == nil {
		rw.mu.RUnlock()
		return
	}
	rw.bind(w).RUnlock()
	rw.readers--
}

// RLocker returns a Locker whose Lock and Unlock are rw's RLock and
// RUnlock.
func (rw *RWMutex) RLocker() Locker { return rlocker{rw} }

type rlocker struct{ rw *RWMutex }

func (r rlocker) Lock()   { r.rw.RLock() }
func (r rlocker) Unlock() { r.rw.RUnlock() }
