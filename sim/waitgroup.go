package sim

import (
	"fmt"

	"github.com/racelab/racelab/sim/race"
)

// WaitGroup is a simulated sync.WaitGroup. A negative counter is a Misuse
// finding.
type WaitGroup struct {
	w       *World
	name    string
	n       int
	waiters []*thread
	race    race.Clock
}

// NewWaitGroup returns a WaitGroup with a zero counter.
func (w *World) NewWaitGroup(name string) *WaitGroup {
	return &WaitGroup{w: w, name: name, race: race.Clock{Name: "waitgroup " + name}}
}

// Add adds delta to the counter and wakes the waiters when it reaches zero.
func (wg *WaitGroup) Add(delta int) { wg.add("wg add ", delta) }

// add is Add logged under the operation that ran (Add or Done).
func (wg *WaitGroup) add(op string, delta int) {
	wg.w.point(op+wg.name, nil)
	wg.n += delta
	if delta < 0 && wg.w.race != nil {
		wg.w.race.Release(wg.w.raceID(), &wg.race)
	}
	if wg.n < 0 {
		wg.w.misuse("sync: negative WaitGroup counter", "WaitGroup "+wg.name)
	}
	if wg.n == 0 {
		wg.waiters = wakeAll(wg.w, wg.waiters)
	}
}

// Done decrements the counter by one.
func (wg *WaitGroup) Done() { wg.add("wg done ", -1) }

// Go runs fn in a new thread named name, counted by the group, as
// sync.WaitGroup.Go does.
func (wg *WaitGroup) Go(name string, fn func()) {
	wg.Add(1)
	wg.w.Go(name, func() {
		defer wg.Done()
		fn()
	})
}

// Wait blocks until the counter is zero.
func (wg *WaitGroup) Wait() {
	wg.w.point("wg wait "+wg.name, nil)
	for wg.n > 0 {
		wg.waiters = append(wg.waiters, wg.w.cur)
		wg.w.block(wg, wg.liveDesc(), -1)
	}
	if wg.w.race != nil {
		wg.w.race.Acquire(wg.w.raceID(), &wg.race)
	}
}

// liveDesc describes a wait on wg with the counter as it is now: a deadlock
// report asks for it again, since Done may have run after the thread
// blocked.
func (wg *WaitGroup) liveDesc() string {
	return fmt.Sprintf("waitgroup %s (%d left)", wg.name, wg.n)
}

func (wg *WaitGroup) holders() []*thread { return nil }
