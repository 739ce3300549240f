package sim

import (
	"fmt"
	"sync/atomic"
)

// active is the World whose run is under way: Run publishes it once, at its
// start, and puts back what was there at its end (so a Run inside a thread
// of another World leaves Current right for the outer one). It is written
// once per run, not once per step: a store per resume made two Worlds on
// two workers fight over one cache line (about 7% of the CPU), and bought
// nothing, since Current is exact only when one World runs at a time.
var active atomic.Pointer[World]

// publish makes w the World Current finds and returns the one it replaces.
func publish(w *World) *World { return active.Swap(w) }

// unpublish puts prev back, unless another run has published since.
func unpublish(w, prev *World) { active.CompareAndSwap(w, prev) }

// Current returns the World whose simulated thread is running now, or nil
// when no thread of any World is running (plain code, or a World's loop
// between two threads). It is how code without a World in hand (the
// drop-in packages under rt, which translated code calls in place of sync,
// time and the rest) finds the thread it runs on.
//
// Current is process-wide, not per goroutine: it is exact when at most one
// World runs threads at a time in the process, which is how translated
// tests run (one World at a time; parallelism comes from processes). Each
// Run publishes its World once, when it starts; while two Runs overlap in
// one process (explore's workers), Current may name either, so code that
// needs it (the rt drop-ins, operations on a nil *Chan) must run with one
// worker. A
// goroutine that is not a thread of the World, calling Current while one of
// its threads runs, gets that World too; the harness detects such
// goroutines by other means (their count, and a watchdog).
func Current() *World {
	w := active.Load()
	if w == nil || w.cur == nil {
		return nil
	}
	return w
}

// ThreadName returns the name of the thread running now, "" outside one.
// It is not a yield point.
func (w *World) ThreadName() string {
	if w.cur == nil {
		return ""
	}
	return w.cur.name
}

// TryLock locks rw for writing if it is free and reports whether it did, as
// sync.RWMutex.TryLock. It is a yield point. (It lives here, beside
// Current, because rt/sync is the caller that needs it.)
func (rw *RWMutex) TryLock() bool {
	w := rw.w
	w.point(rw.lock, nil)
	if rw.writer != nil || len(rw.readers) > 0 {
		return false
	}
	rw.writer = w.cur
	if w.race != nil {
		w.race.Acquire(w.raceID(), &rw.raceW)
		w.race.Acquire(w.raceID(), &rw.raceR)
	}
	return true
}

// TryRLock locks rw for reading if no writer holds or waits for it and
// reports whether it did, as sync.RWMutex.TryRLock. It is a yield point.
func (rw *RWMutex) TryRLock() bool {
	w := rw.w
	w.point(rw.rlock, nil)
	if rw.writer != nil || rw.wWaiting > 0 {
		return false
	}
	rw.readers = append(rw.readers, w.cur)
	if w.race != nil {
		w.race.Acquire(w.raceID(), &rw.raceW)
	}
	return true
}

// Offer delivers v without blocking and without a yield point, as a timer
// delivers its tick: to a waiting receiver, else into free buffer space;
// it reports whether v was delivered (false on a full, closed or nil
// channel). rt/time's timers call it from the thread of their callback.
func (ch *Chan[T]) Offer(v T) bool {
	c := ch.c
	if c.isNil || c.closed {
		return false
	}
	delivered := hasLive(c.recvq) || len(c.buf) < c.cap
	c.offer(v, nil)
	return delivered
}

// Drain empties the buffer without a yield point and reports whether it
// held anything, as a Go 1.23+ timer's Stop and Reset discard an undelivered
// tick.
func (ch *Chan[T]) Drain() bool {
	c := ch.c
	had := len(c.buf) > 0
	c.buf = c.buf[:0]
	return had
}

// WaitReused is Wait for rt/sync: woken by the counter reaching zero, it
// does not wait again when the counter was raised before it ran, but
// reports reused, where Go's Wait panics "sync: WaitGroup is reused before
// previous Wait has returned". It is a yield point.
func (wg *WaitGroup) WaitReused() (reused bool) {
	wg.w.point("wg wait "+wg.name, nil)
	if wg.n == 0 {
		if wg.w.race != nil {
			wg.w.race.Acquire(wg.w.raceID(), &wg.race)
		}
		return false
	}
	wg.waiters = append(wg.waiters, wg.w.cur)
	wg.w.block(wg, fmt.Sprintf("waitgroup %s (%d left)", wg.name, wg.n), -1)
	if wg.n != 0 {
		return true
	}
	if wg.w.race != nil {
		wg.w.race.Acquire(wg.w.raceID(), &wg.race)
	}
	return false
}
