package race_test

import (
	"testing"

	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/race"
)

// This file prototypes the wiring into sim from the outside, over sim's
// public API, until sim calls the detector itself: each wrapped primitive
// makes the edges the package doc lists, next to the sim call that does the
// synchronizing. Inside sim the thread id is the thread's index and the
// Clock lives in the primitive.

type world struct {
	w   *sim.World
	d   *race.Detector
	ids map[string]race.Thread
}

func newWorld(w *sim.World) *world {
	return &world{w: w, d: race.New(), ids: map[string]race.Thread{"main": 0}}
}

func (r *world) cur() race.Thread { return r.ids[r.w.Thread()] }

// Go is sim's spawn: Fork before the child can run.
func (r *world) Go(name string, fn func()) {
	child := race.Thread(len(r.ids))
	r.ids[name] = child
	r.d.Fork(r.cur(), child)
	r.w.Go(name, fn)
}

type mutex struct {
	r *world
	m *sim.Mutex
	c race.Clock
}

// Lock acquires after the sim lock is granted; Unlock releases before the
// sim unlock lets a waiter in.
func (m *mutex) Lock()   { m.m.Lock(); m.r.d.Acquire(m.r.cur(), &m.c) }
func (m *mutex) Unlock() { m.r.d.Release(m.r.cur(), &m.c); m.m.Unlock() }

type waitGroup struct {
	r  *world
	wg *sim.WaitGroup
	c  race.Clock
}

func (g *waitGroup) Go(name string, fn func()) {
	g.wg.Add(1)
	g.r.Go(name, func() {
		defer func() { g.r.d.Release(g.r.cur(), &g.c); g.wg.Done() }()
		fn()
	})
}

func (g *waitGroup) Wait() { g.wg.Wait(); g.r.d.Acquire(g.r.cur(), &g.c) }

// variable is sim.Var with its Load and Store reported: the yield point,
// then the access, so that the access is where the scheduler put it.
type variable struct {
	r    *world
	v    *sim.Var[int]
	s    race.Shadow
	l, w race.Site
}

func newVariable(r *world, name string) *variable {
	return &variable{r: r, v: sim.NewVar(r.w, name, 0), l: race.Site{Label: "load " + name}, w: race.Site{Label: "store " + name}}
}

func (x *variable) Load() int {
	v := x.v.Load()
	x.r.d.ReadShadow(x.r.cur(), &x.s, &x.l)
	return v
}

func (x *variable) Store(v int) {
	x.v.Store(v)
	x.r.d.WriteShadow(x.r.cur(), &x.s, &x.w)
}

// explore runs prog under schedules seeds 1..10 x 20 and returns, per seed,
// whether any schedule found a race and how many schedules did.
func explore(t *testing.T, prog func(r *world)) (seedsFound, schedulesFound int) {
	t.Helper()
	for seed := uint64(1); seed <= 10; seed++ {
		found := false
		for i := range 20 {
			var rw *world
			res := sim.Run(sim.Options{Source: sim.Random(sim.ScheduleSeed(seed, i))}, func(w *sim.World) {
				rw = newWorld(w)
				prog(rw)
			})
			if res.Failed() {
				t.Fatalf("seed %d schedule %d: %v", seed, i, res.Findings)
			}
			if len(rw.d.Races()) > 0 {
				found = true
				schedulesFound++
			}
		}
		if found {
			seedsFound++
		}
	}
	return seedsFound, schedulesFound
}

// twoThreads runs body in threads a and b, with a shared variable and
// mutex, and waits for both; then main reads the variable, ordered after
// both by the WaitGroup.
func twoThreads(r *world, body func(x *variable, m *mutex)) {
	x := newVariable(r, "x")
	m := &mutex{r: r, m: r.w.NewMutex("mu")}
	wg := &waitGroup{r: r, wg: r.w.NewWaitGroup("wg")}
	for _, name := range []string{"a", "b"} {
		wg.Go(name, func() { body(x, m) })
	}
	wg.Wait()
	_ = x.Load()
}

func counter(locked bool) func(r *world) {
	return func(r *world) {
		twoThreads(r, func(n *variable, m *mutex) {
			if locked {
				m.Lock()
				defer m.Unlock()
			}
			n.Store(n.Load() + 1)
		})
	}
}

// lazyInit is double-checked initialization: the first check reads
// without the lock. fixed takes the lock for the check too.
func lazyInit(fixed bool) func(r *world) {
	return func(r *world) {
		twoThreads(r, func(p *variable, m *mutex) {
			if !fixed && p.Load() != 0 {
				return
			}
			m.Lock()
			defer m.Unlock()
			if p.Load() == 0 {
				p.Store(1)
			}
		})
	}
}

func TestAdapterCounter(t *testing.T) {
	if seeds, schedules := explore(t, counter(false)); seeds != 10 || schedules != 200 {
		t.Errorf("unlocked counter: race in %d of 10 seeds, %d of 200 schedules; want every one", seeds, schedules)
	}
	if _, schedules := explore(t, counter(true)); schedules != 0 {
		t.Errorf("locked counter: race in %d schedules, want none", schedules)
	}
}

func TestAdapterLazyInit(t *testing.T) {
	seeds, schedules := explore(t, lazyInit(false))
	if seeds != 10 {
		t.Errorf("double-checked init: race in %d of 10 seeds, want 10", seeds)
	}
	t.Logf("double-checked init: race in %d of 200 schedules", schedules)
	if _, schedules := explore(t, lazyInit(true)); schedules != 0 {
		t.Errorf("locked init: race in %d schedules, want none", schedules)
	}
}
