package sim

import "github.com/racelab/racelab/sim/race"

// Once is a simulated sync.Once: the first Do runs f; every other Do waits
// until f has returned (or panicked) and then returns without running it.
type Once struct {
	w       *World
	name    string
	running *thread
	done    bool
	waiters []*thread
	race    race.Clock
}

// NewOnce returns a Once that has not run.
func (w *World) NewOnce(name string) *Once {
	return &Once{w: w, name: name, race: race.Clock{Name: "once " + name}}
}

// Do runs f if no Do of o has run it yet. It is a yield point.
func (o *Once) Do(f func()) {
	w := o.w
	w.point("once "+o.name, nil)
	for !o.done && o.running != nil {
		o.waiters = append(o.waiters, w.cur)
		w.block(o, "once "+o.name+" (running in "+o.running.name+")", -1)
	}
	if o.done {
		if w.race != nil {
			w.race.Acquire(w.raceID(), &o.race)
		}
		return
	}
	o.running = w.cur
	defer func() {
		if w.race != nil {
			w.race.Release(w.raceID(), &o.race)
		}
		o.done, o.running = true, nil
		o.waiters = wakeAll(w, o.waiters)
	}()
	f()
}

func (o *Once) holders() []*thread {
	if o.running == nil {
		return nil
	}
	return []*thread{o.running}
}
