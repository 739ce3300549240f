package sync

import (
	"sync"

	"github.com/racelab/racelab/rt/internal/world"
	"github.com/racelab/racelab/sim"
)

// Once is sync.Once for translated code: the first Do runs f, every other
// Do waits until f has returned (or panicked) and then returns without
// running it. The zero value is ready; under a World it is bound to a
// sim.Once of that World at its first use there, and a copy keeps whether
// f has run. Outside a World it is a sync.Once.
type Once struct {
	o sync.Once

	w    *sim.World
	so   *sim.Once
	self *Once
	done bool // mirrors so under w
}

// Do calls f if and only if Do is being called for the first time for o.
func (o *Once) Do(f func()) {
	w := sim.Current()
	if w == nil {
		o.o.Do(f)
		return
	}
	if o.w != w || o.self != o {
		done := o.w == w && o.done
		o.w, o.self, o.done = w, o, done
		o.so = w.NewOnce("once@" + world.Site(1))
		if done {
			o.so.Do(func() {})
		}
	}
	o.so.Do(func() {
		defer func() { o.done = true }()
		f()
	})
}

// OnceFunc returns a function that calls f only the first time it is
// called; if f panics, every call panics with the same value.
func OnceFunc(f func()) func() {
	var (
		once  Once
		valid bool
		p     any
	)
	g := func() {
		defer func() {
			p = recover()
			if !valid {
				panic(p)
			}
		}()
		f()
		f = nil
		valid = true
	}
	return func() {
		once.Do(g)
		if !valid {
			panic(p)
		}
	}
}

// OnceValue returns a function that calls f only the first time and
// returns its value every time; if f panics, every call panics.
func OnceValue[T any](f func() T) func() T {
	var (
		once   Once
		valid  bool
		p      any
		result T
	)
	g := func() {
		defer func() {
			p = recover()
			if !valid {
				panic(p)
			}
		}()
		result = f()
		f = nil
		valid = true
	}
	return func() T {
		once.Do(g)
		if !valid {
			panic(p)
		}
		return result
	}
}

// OnceValues is OnceValue for a function of two results.
func OnceValues[T1, T2 any](f func() (T1, T2)) func() (T1, T2) {
	var (
		once  Once
		valid bool
		p     any
		r1    T1
		r2    T2
	)
	g := func() {
		defer func() {
			p = recover()
			if !valid {
				panic(p)
			}
		}()
		r1, r2 = f()
		f = nil
		valid = true
	}
	return func() (T1, T2) {
		once.Do(g)
		if !valid {
			panic(p)
		}
		return r1, r2
	}
}
