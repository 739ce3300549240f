package sync

import (
	"sync"

	"github.com/racelab/racelab/rt/internal/world"
	"github.com/racelab/racelab/rt/lang"
	"github.com/racelab/racelab/sim"
)

// WaitGroup is sync.WaitGroup for translated code: zero value ready, bound
// to a sim.WaitGroup of the World at its first use there, a copy a separate
// group with the copied counter. A negative counter is a misuse finding
// ("sync: negative WaitGroup counter"), and a Wait woken by the counter
// reaching zero that finds it raised again before it could return panics
// "sync: WaitGroup is reused before previous Wait has returned", as in Go.
// Outside a World it is a sync.WaitGroup.
type WaitGroup struct {
	wg sync.WaitGroup

	w    *sim.World
	g    *sim.WaitGroup
	self *WaitGroup
	n    int // mirrors g under w
}

func (wg *WaitGroup) bind(w *sim.World) *sim.WaitGroup {
	if wg.w == w && wg.self == wg {
		return wg.g
	}
	n := wg.n
	if wg.w != w {
		n = 0
	}
	wg.w, wg.self, wg.n = w, wg, n
	wg.g = w.NewWaitGroup("waitgroup@" + world.Site(2))
	if n > 0 {
		wg.g.Add(n)
	}
	return wg.g
}

// Add adds delta to the counter; when it reaches zero the waiters are
// released.
func (wg *WaitGroup) Add(delta int) {
	w := sim.Current()
	if w == nil {
		wg.wg.Add(delta)
		return
	}
	wg.bind(w).Add(delta)
	wg.n += delta
}

// Done decrements the counter by one.
func (wg *WaitGroup) Done() {
	w := sim.Current()
	if w == nil {
		wg.wg.Done()
		return
	}
	wg.bind(w).Add(-1)
	wg.n--
}

// Wait blocks until the counter is zero.
func (wg *WaitGroup) Wait() {
	w := sim.Current()
	if w == nil {
		wg.wg.Wait()
		return
	}
	if wg.bind(w).WaitReused() {
		panic("sync: WaitGroup is reused before previous Wait has returned")
	}
}

// Go calls f in a new goroutine counted by the group, as
// sync.WaitGroup.Go: Add(1) before it starts, Done when f returns.
func (wg *WaitGroup) Go(f func()) {
	w := sim.Current()
	if w == nil {
		wg.wg.Go(f)
		return
	}
	site := world.Site(1)
	wg.bind(w) // named after the program's line, if this is its first use
	wg.Add(1)
	lang.Go("sync.WaitGroup.Go", site, func() {
		defer wg.Done()
		f()
	})
}
