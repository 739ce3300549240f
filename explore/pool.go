package explore

import (
	"sync"

	"github.com/racelab/racelab/sim"
)

// Pool is a set of exploration workers started once and reused by every
// Explore given it (Config.Pool): a run of many short explorations (the
// catalogue, a bench) then starts no goroutine and no coroutine per run.
// Each worker keeps its own sim.Pool of coroutines. A worker the watchdog
// abandons (its schedule hung) never comes back; the pool starts another
// when one is needed. A Pool may serve several explorations at once. The
// zero value is not usable: use NewPool.
type Pool struct {
	mu     sync.Mutex
	idle   []*worker
	closed bool
}

// worker is one goroutine of a Pool, running jobs one after another.
type worker struct {
	goroutine string
	jobs      chan func(*slot, *sim.Pool)
	done      chan struct{}
}

// NewPool returns an empty pool; workers start on first use.
func NewPool() *Pool { return &Pool{} }

// Close ends the pool's idle workers. Explorations running on it must
// have returned.
func (p *Pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	for _, w := range p.idle {
		close(w.jobs)
	}
	p.idle = nil
}

// acquire takes n workers, starting those the pool lacks.
func (p *Pool) acquire(n int) []*worker {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		panic("explore: Pool used after Close")
	}
	out := make([]*worker, 0, n)
	for len(out) < n && len(p.idle) > 0 {
		out = append(out, p.idle[len(p.idle)-1])
		p.idle = p.idle[:len(p.idle)-1]
	}
	for len(out) < n {
		out = append(out, startWorker())
	}
	return out
}

// release gives back workers that finished their job.
func (p *Pool) release(ws []*worker) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		for _, w := range ws {
			close(w.jobs)
		}
		return
	}
	p.idle = append(p.idle, ws...)
}

func startWorker() *worker {
	w := &worker{jobs: make(chan func(*slot, *sim.Pool)), done: make(chan struct{}, 1)}
	ready := make(chan struct{})
	go func() {
		w.goroutine = goroutineID()
		close(ready)
		coroutines := sim.NewPool() // reused schedule after schedule, run after run
		defer coroutines.Close()
		for job := range w.jobs {
			job(&slot{goroutine: w.goroutine}, coroutines)
			w.done <- struct{}{}
		}
	}()
	<-ready
	return w
}
