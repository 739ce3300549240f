// Package hits is a user's package for racelab mutate's test mode: a hit
// counter written against sim.Runtime, covered by a racetest.Check test.
package hits

import "github.com/racelab/racelab/sim"

// Counter counts hits from several goroutines.
type Counter struct {
	mu sim.Locker
	n  *sim.Var[int]
}

// New returns a counter at zero.
func New(w *sim.World) *Counter {
	return &Counter{mu: w.Runtime().NewMutex("hits"), n: sim.NewVar(w, "n", 0)}
}

// Hit adds one.
func (c *Counter) Hit() {
	c.mu.Lock()
	v := c.n.Load()
	c.n.Store(v + 1)
	c.mu.Unlock()
}

// Count returns the hits so far.
func (c *Counter) Count() int { return c.n.Peek() }
