package sync

import (
	"sync"

	"github.com/racelab/racelab/sim"
)

// Pool is sync.Pool for translated code. Under a World, Get returns the
// most recently Put item or, as Go's pool may drop its items at any time,
// calls New: which of the two is a decision of the World when an item is
// there, so a program that relies on getting back what it put is found
// out. Items are kept per World. Outside a World it is a sync.Pool.
type Pool struct {
	// New, if set, makes a value when Get finds none.
	New func() any

	p     sync.Pool
	w     *sim.World
	items []any
}

// Put adds x to the pool.
func (p *Pool) Put(x any) {
	w := sim.Current()
	if w == nil {
		p.p.Put(x)
		return
	}
	if x == nil {
		return
	}
	w.Yield("sync.Pool.Put")
	p.own(w)
	p.items = append(p.items, x)
}

// Get takes an item from the pool, or returns New() (nil without New).
func (p *Pool) Get() any {
	w := sim.Current()
	if w == nil {
		p.p.New = p.New
		return p.p.Get()
	}
	w.Yield("sync.Pool.Get")
	p.own(w)
	if n := len(p.items); n > 0 && w.Intn(2) == 0 {
		x := p.items[n-1]
		p.items = p.items[:n-1]
		return x
	}
	if p.New != nil {
		return p.New()
	}
	return nil
}

func (p *Pool) own(w *sim.World) {
	if p.w != w {
		p.w, p.items = w, nil
	}
}
