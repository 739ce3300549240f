package sync

import (
	"sync"
	"sync/atomic"

	"github.com/racelab/racelab/rt/internal/world"
	"github.com/racelab/racelab/sim"
)

// Cond is sync.Cond for translated code. L is held while the condition is
// checked or changed; Wait unlocks it while waiting. Under a World a Cond
// is bound to a sim.Cond of that World at its first use there; Signal wakes
// the longest-waiting goroutine. Using a copy of a Cond that has been used
// panics "sync.Cond is copied", as in Go. Outside a World it is a
// sync.Cond on L.
type Cond struct {
	L Locker

	real atomic.Pointer[sync.Cond]

	w    *sim.World
	c    *sim.Cond
	self *Cond
}

// NewCond returns a new Cond with Locker l.
func NewCond(l Locker) *Cond { return &Cond{L: l} }

func (c *Cond) bind(w *sim.World) *sim.Cond {
	if c.self != nil && c.self != c {
		panic("sync.Cond is copied")
	}
	if c.w != w {
		c.w, c.self = w, c
		c.c = w.NewCond("cond@"+world.Site(2), c.L)
	}
	return c.c
}

func (c *Cond) std() *sync.Cond {
	if r := c.real.Load(); r != nil {
		return r
	}
	c.real.CompareAndSwap(nil, sync.NewCond(c.L))
	return c.real.Load()
}

// Wait unlocks c.L, suspends the calling goroutine until a Signal or
// Broadcast, and locks c.L again before returning.
func (c *Cond) Wait() {
	w := sim.Current()
	if w == nil {
		c.std().Wait()
		return
	}
	c.bind(w).Wait()
}

// Signal wakes one goroutine waiting on c, if there is any.
func (c *Cond) Signal() {
	w := sim.Current()
	if w == nil {
		c.std().Signal()
		return
	}
	c.bind(w).Signal()
}

// Broadcast wakes all goroutines waiting on c.
func (c *Cond) Broadcast() {
	w := sim.Current()
	if w == nil {
		c.std().Broadcast()
		return
	}
	c.bind(w).Broadcast()
}
