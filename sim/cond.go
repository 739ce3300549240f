package sim

import "github.com/racelab/racelab/sim/race"

// Locker is what a Cond waits with: a Mutex, an RWMutex's write side or a
// ReentrantMutex held once.
type Locker interface {
	Lock()
	Unlock()
}

// Cond is a simulated sync.Cond: Wait, Signal and Broadcast are yield
// points; Signal wakes the longest waiting thread.
type Cond struct {
	L       Locker
	w       *World
	name    string
	waiters []*condWaiter
}

type condWaiter struct {
	t        *thread
	signaled bool
	// race carries the signaler's history to this waiter (not Join: the
	// waiter may still be inside c.L.Unlock when signaled).
	race race.Clock
}

// NewCond returns a condition variable that waits with l.
func (w *World) NewCond(name string, l Locker) *Cond { return &Cond{L: l, w: w, name: name} }

// Wait unlocks c.L, waits for a Signal or Broadcast, and locks c.L again.
func (c *Cond) Wait() {
	w := c.w
	w.point("wait "+c.name, nil)
	cw := &condWaiter{t: w.cur}
	c.waiters = append(c.waiters, cw)
	c.L.Unlock()
	for !cw.signaled {
		w.block(c, "cond "+c.name, -1)
	}
	if w.race != nil {
		w.race.Acquire(w.raceID(), &cw.race)
	}
	c.L.Lock()
}

// Signal wakes one waiting thread, if any.
func (c *Cond) Signal() {
	c.w.point("signal "+c.name, nil)
	if len(c.waiters) > 0 {
		c.notify(c.waiters[0])
		c.waiters = c.waiters[1:]
	}
}

// Broadcast wakes every waiting thread.
func (c *Cond) Broadcast() {
	c.w.point("broadcast "+c.name, nil)
	for _, cw := range c.waiters {
		c.notify(cw)
	}
	c.waiters = nil
}

func (c *Cond) notify(cw *condWaiter) {
	cw.signaled = true
	if c.w.race != nil {
		cw.race.Name = "cond " + c.name
		c.w.race.Release(c.w.raceID(), &cw.race)
	}
	if cw.t.wait == waitable(c) {
		c.w.wake(cw.t)
	}
}

func (c *Cond) holders() []*thread { return nil }
