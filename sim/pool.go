package sim

import "iter"

// coro is a coroutine that runs threads, one after another when it comes
// from a Pool. Between threads it waits, idle, for the next one.
type coro struct {
	next  func() (struct{}, bool)
	stop  func()
	yield func(struct{}) bool
	t     *thread // the thread it runs now
}

func newCoro() *coro {
	c := &coro{}
	c.next, c.stop = iter.Pull(func(yield func(struct{}) bool) {
		c.yield = yield
		for {
			c.t.run()
			if !yield(struct{}{}) { // idle until the next thread, or stopped
				return
			}
		}
	})
	return c
}

// Pool keeps coroutines between runs, so that a run does not pay for
// creating one per thread: an exploration that runs many small schedules
// gives each worker a Pool. A Pool serves one run at a time; Close stops
// its coroutines, and their goroutines exit.
type Pool struct {
	free []*coro
}

// NewPool returns an empty pool.
func NewPool() *Pool { return &Pool{} }

// Close stops every coroutine the pool keeps.
func (p *Pool) Close() {
	for _, c := range p.free {
		c.stop()
	}
	p.free = nil
}

func (w *World) coro() *coro {
	if p := w.opts.Pool; p != nil && len(p.free) > 0 {
		c := p.free[len(p.free)-1]
		p.free = p.free[:len(p.free)-1]
		return c
	}
	return newCoro()
}

// release gives the run's coroutines, all idle now, back to the pool, or
// stops them when there is none.
func (w *World) release() {
	for _, t := range w.threads {
		if t.co == nil {
			continue
		}
		if p := w.opts.Pool; p != nil {
			t.co.t = nil
			p.free = append(p.free, t.co)
		} else {
			t.co.stop()
		}
		t.co = nil
	}
}
