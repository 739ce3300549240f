package sim

import "github.com/racelab/racelab/sim/race"

// RWMutex is a simulated sync.RWMutex with Go's writer preference: once a
// writer waits, new readers block, so a recursive read lock deadlocks when a
// writer arrives in between, as it does in Go. When a writer unlocks, the
// readers that were waiting get the lock before any other writer.
type RWMutex struct {
	w        *World
	name     string
	writer   *thread
	readers  []*thread // one entry per read lock held
	wWaiting int
	rq, wq   []*thread
	granted  []*thread // readers handed the lock by a writer's Unlock
	readSide rwReadSide
	// raceW carries writers' history to every later lock, raceR readers'
	// to later write locks only: RUnlock does not order a later RLock.
	raceW, raceR race.Clock

	rlock, runlock, lock, unlock, desc string
}

// NewRWMutex returns an unlocked RWMutex.
func (w *World) NewRWMutex(name string) *RWMutex {
	rw := &RWMutex{w: w, name: name, rlock: "rlock " + name, runlock: "runlock " + name,
		lock: "lock " + name, unlock: "unlock " + name, desc: "rwmutex " + name}
	rw.readSide.rw = rw
	rw.raceW.Name, rw.raceR.Name = "rwmutex "+name, "rwmutex "+name+" (read)"
	return rw
}

// RLock locks rw for reading.
func (rw *RWMutex) RLock() {
	w := rw.w
	w.point(rw.rlock, nil)
	t := w.cur
	for rw.writer != nil || rw.wWaiting > 0 {
		rw.rq = append(rw.rq, t)
		w.block(&rw.readSide, rw.desc+" (read)", -1)
		if i := indexThread(rw.granted, t); i >= 0 {
			rw.granted = append(rw.granted[:i:i], rw.granted[i+1:]...)
			if w.race != nil {
				w.race.Acquire(w.raceID(), &rw.raceW)
			}
			return
		}
	}
	rw.readers = append(rw.readers, t)
	if w.race != nil {
		w.race.Acquire(w.raceID(), &rw.raceW)
	}
}

// RUnlock undoes one RLock. Without a read lock held it is a Misuse finding.
func (rw *RWMutex) RUnlock() {
	w := rw.w
	w.point(rw.runlock, nil)
	if len(rw.readers) == 0 {
		w.misuse("sync: RUnlock of unlocked RWMutex", "RWMutex "+rw.name)
	}
	if w.race != nil {
		w.race.Release(w.raceID(), &rw.raceR)
	}
	i := indexThread(rw.readers, w.cur)
	if i < 0 {
		i = 0 // another thread's read lock, as Go allows
	}
	rw.readers = append(rw.readers[:i:i], rw.readers[i+1:]...)
	if len(rw.readers) == 0 {
		rw.wq = wakeAll(w, rw.wq)
	}
}

// Lock locks rw for writing.
func (rw *RWMutex) Lock() {
	w := rw.w
	w.point(rw.lock, nil)
	rw.wWaiting++
	for rw.writer != nil || len(rw.readers) > 0 {
		rw.wq = append(rw.wq, w.cur)
		w.block(rw, rw.desc+" (write)", -1)
	}
	rw.wWaiting--
	rw.writer = w.cur
	if w.race != nil {
		w.race.Acquire(w.raceID(), &rw.raceW)
		w.race.Acquire(w.raceID(), &rw.raceR)
	}
}

// Unlock unlocks rw for writing. When it is not write-locked it is a Misuse
// finding.
func (rw *RWMutex) Unlock() {
	w := rw.w
	w.point(rw.unlock, nil)
	if rw.writer == nil {
		w.misuse("sync: Unlock of unlocked RWMutex", "RWMutex "+rw.name)
	}
	if w.race != nil {
		w.race.Release(w.raceID(), &rw.raceW)
	}
	rw.writer = nil
	if len(rw.rq) > 0 {
		for _, r := range rw.rq {
			rw.readers = append(rw.readers, r)
			rw.granted = append(rw.granted, r)
			w.wake(r)
		}
		rw.rq = rw.rq[:0]
		return
	}
	rw.wq = wakeAll(w, rw.wq)
}

// holders are, for a blocked writer, the writer or the readers holding rw.
func (rw *RWMutex) holders() []*thread {
	if rw.writer != nil {
		return []*thread{rw.writer}
	}
	return rw.readers
}

// rwReadSide is what a blocked reader waits on: the writer holding rw, or
// the writers waiting for it, which new readers must let go first.
type rwReadSide struct{ rw *RWMutex }

func (s *rwReadSide) holders() []*thread {
	if s.rw.writer != nil {
		return []*thread{s.rw.writer}
	}
	return s.rw.wq
}

func indexThread(q []*thread, t *thread) int {
	for i, x := range q {
		if x == t {
			return i
		}
	}
	return -1
}
