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
//
// A Pool also keeps the buffers of the last run (its recorded decisions,
// threads and scheduler scratch) for the next one, so that memory stays
// flat over millions of schedules: with a Pool, a Result's Decisions and
// History are valid only until the pool's next run, and a caller that keeps
// them (a finding's trace) must copy them.
type Pool struct {
	free []*coro
	bufs buffers
}

// buffers are a run's slices that a Pool lends to the next run, emptied.
type buffers struct {
	threads []*thread
	runq    []*thread
	idBuf   []int
	choices []Choice
	history []Op
	timers  timerHeap
}

// take lends w the pool's buffers, emptied and cleared of pointers so that
// nothing of the last run stays alive through them.
func (p *Pool) take(w *World) {
	b := &p.bufs
	clear(b.threads[:cap(b.threads)])
	clear(b.runq[:cap(b.runq)])
	clear(b.history[:cap(b.history)])
	clear(b.timers[:cap(b.timers)])
	w.threads, w.runq, w.idBuf = b.threads[:0], b.runq[:0], b.idBuf[:0]
	w.choices, w.history, w.timers = b.choices[:0], b.history[:0], b.timers[:0]
	p.bufs = buffers{}
}

// keep takes w's buffers back after its run. The run's Result still uses
// its decisions and history: they are overwritten by the next run only.
func (p *Pool) keep(w *World) {
	p.bufs = buffers{threads: w.threads[:0], runq: w.runq[:0], idBuf: w.idBuf[:0],
		choices: w.choices[:0], history: w.history[:0], timers: w.timers[:0]}
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
// stops them when there is none. The run's buffers go back with them.
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
	if p := w.opts.Pool; p != nil {
		p.keep(w)
	}
}
