package lang

import (
	"iter"

	"github.com/racelab/racelab/rt/internal/world"
	"github.com/racelab/racelab/sim"
)

// Chan is what a translated program uses for every channel type (chan T,
// <-chan T, chan<- T). It is a comparable value wrapping a pointer, as a Go
// channel is: copies share the channel, and two Chans are == when they are
// the same channel. Its zero value is a nil channel: sending or receiving
// blocks forever and Close panics.
//
// Under a World (sim.Current() != nil) every operation is a simulated
// channel operation, a yield point. Outside one it is a real Go channel,
// so translated code also runs under plain go test. A channel made outside
// a World (a package-level variable made at init) is bound, at its first
// use under a World, to a fresh empty simulated channel of that World, and
// to another one in the next World: each schedule starts from it empty.
type Chan[T any] struct {
	c *chanState[T]
}

type chanState[T any] struct {
	cap   int
	timer bool   // a timer's channel: Len and Cap are 0, as in Go 1.23+
	name  string // in the event log

	// Under a World.
	w  *sim.World
	sc *sim.Chan[T]

	// Outside: a channel of our own, or a foreign one to receive from.
	rc chan T
	ro <-chan T
}

// MakeChan returns a new channel of capacity n (0: unbuffered), as make(chan
// T, n). It panics if n < 0, as make does.
func MakeChan[T any](n int) Chan[T] {
	return makeChan[T](n, "chan@"+world.Site(1))
}

// NamedChan is MakeChan for the drop-ins: the channel is called name in the
// event log instead of after the caller's line (rt/context names a
// context's Done channel after the line that made the context).
func NamedChan[T any](n int, name string) Chan[T] { return makeChan[T](n, name) }

func makeChan[T any](n int, name string) Chan[T] {
	if n < 0 {
		panic(runtimeError("makechan: size out of range"))
	}
	st := &chanState[T]{cap: n, name: name}
	if w, _ := world.Get(); w != nil {
		st.w, st.sc = w, sim.NewChan[T](w, name, n)
	} else {
		st.rc = make(chan T, n)
	}
	return Chan[T]{st}
}

// TimerChan returns a channel of capacity one whose Len and Cap are 0, as a
// Go 1.23+ timer's channel: rt/time delivers a tick into it with Offer and
// drains it on Stop and Reset, so no stale tick is ever received.
func TimerChan[T any](name string) Chan[T] {
	c := makeChan[T](1, name)
	c.c.timer = true
	return c
}

// FromChan wraps a real channel of untranslated code. Outside a World it
// behaves as c; under a World, waiting on it would hang the scheduler, so
// any operation on it ends the run with an "uncontrolled" finding.
func FromChan[T any](c <-chan T) Chan[T] {
	if c == nil {
		return Chan[T]{}
	}
	return Chan[T]{&chanState[T]{ro: c, cap: cap(c), name: "foreign channel"}}
}

// sim returns the simulated channel of w, binding a channel made outside w.
func (st *chanState[T]) sim(w *sim.World) *sim.Chan[T] {
	if st.w != w {
		if st.ro != nil {
			w.Fail(Uncontrolled, "a channel of untranslated code (%s) is waited on: racelab cannot schedule it", st.name)
		}
		st.w, st.sc = w, sim.NewChan[T](w, st.name, st.cap)
	}
	return st.sc
}

// errOutside is the panic of a channel made under a World and used after
// it, outside any: there is no real channel behind it.
const errOutside = "lang: a channel made in a racelab run is used outside it"

func (st *chanState[T]) real() <-chan T {
	switch {
	case st.rc != nil:
		return st.rc
	case st.ro != nil:
		return st.ro
	}
	panic(errOutside)
}

func (st *chanState[T]) sendReal() chan T {
	switch {
	case st.rc != nil:
		return st.rc
	case st.ro != nil:
		panic("lang: send on a receive-only channel of untranslated code")
	}
	panic(errOutside)
}

// Send sends v, as c <- v: it blocks until a receiver or buffer space takes
// it; on a closed channel it panics "send on closed channel"; on a nil
// channel it blocks forever.
func (c Chan[T]) Send(v T) {
	w := sim.Current()
	if w == nil {
		if c.c == nil {
			var nilc chan T
			nilc <- v
		}
		c.c.sendReal() <- v
		return
	}
	if c.c == nil {
		sim.NilChan[T](w, "nil").Send(v)
		return
	}
	sc := c.c.sim(w)
	defer goPanics()
	sc.Send(v)
}

// Recv receives a value, as <-c; from a closed, drained channel it returns
// the zero value at once.
func (c Chan[T]) Recv() T {
	v, _ := c.Recv2()
	return v
}

// Recv2 receives as v, ok := <-c: ok is false when the channel is closed and
// drained.
func (c Chan[T]) Recv2() (T, bool) {
	w := sim.Current()
	if w == nil {
		if c.c == nil {
			var nilc chan T
			v, ok := <-nilc
			return v, ok
		}
		v, ok := <-c.c.real()
		return v, ok
	}
	if c.c == nil {
		return sim.NilChan[T](w, "nil").Recv()
	}
	return c.c.sim(w).Recv()
}

// Close closes the channel, as close(c). Closing a closed or nil channel
// panics as in Go.
func (c Chan[T]) Close() {
	if c.c == nil {
		panic(runtimeError("close of nil channel"))
	}
	w := sim.Current()
	if w == nil {
		close(c.c.sendReal())
		return
	}
	sc := c.c.sim(w)
	defer goPanics()
	sc.Close()
}

// Len returns the number of buffered values, as len(c); 0 for nil and
// timer channels. It is not a yield point.
func (c Chan[T]) Len() int {
	if c.c == nil || c.c.timer {
		return 0
	}
	if w := sim.Current(); w != nil {
		return c.c.sim(w).Len()
	}
	return len(c.c.real())
}

// Cap returns the capacity, as cap(c); 0 for nil and timer channels.
func (c Chan[T]) Cap() int {
	if c.c == nil || c.c.timer {
		return 0
	}
	return c.c.cap
}

// IsNil reports whether c is a nil channel, as c == nil.
func (c Chan[T]) IsNil() bool { return c.c == nil }

// Range returns the values received until the channel is closed and
// drained, as for v := range c.
func (c Chan[T]) Range() iter.Seq[T] {
	return func(yield func(T) bool) {
		for {
			v, ok := c.Recv2()
			if !ok || !yield(v) {
				return
			}
		}
	}
}

// TrySend sends v if a receiver or buffer space takes it at once, and
// reports whether it did, as a select with a default case.
func (c Chan[T]) TrySend(v T) bool {
	i, _, _ := Select(Send(c, v), Default())
	return i == 0
}

// TryRecv receives a value if one is ready at once, as a select with a
// default case; received reports whether it did.
func (c Chan[T]) TryRecv() (v T, ok, received bool) {
	i, x, ok := Select(Recv(c), Default())
	if i != 0 {
		return v, false, false
	}
	v, _ = x.(T)
	return v, ok, true
}

// runtimeError is a panic value as the Go runtime's: it satisfies
// runtime.Error and reads as Go's own message.
type runtimeError string

func (e runtimeError) Error() string { return string(e) }

// RuntimeError marks e as a runtime.Error.
func (runtimeError) RuntimeError() {}

// goPanics turns sim's channel misuse into the panic Go raises, so the
// program may recover it as it would in Go. It must be deferred directly.
func goPanics() {
	r := recover()
	if r == nil {
		return
	}
	// sim's misuse value is an error of its own whose text is Go's.
	if e, ok := r.(error); ok {
		for _, m := range []string{"send on closed channel", "close of closed channel", "close of nil channel"} {
			if e.Error() == m {
				panic(runtimeError(m))
			}
		}
	}
	panic(r)
}

// Offer delivers v at once if a receiver waits or the buffer has room,
// dropping it otherwise, and reports whether it delivered; it is not a
// yield point. It is how rt/time's timers deliver a tick.
func (c Chan[T]) Offer(v T) bool {
	if c.c == nil {
		return false
	}
	if w := sim.Current(); w != nil {
		return c.c.sim(w).Offer(v)
	}
	select {
	case c.c.sendReal() <- v:
		return true
	default:
		return false
	}
}

// Drain discards the buffered values and reports whether there were any;
// it is not a yield point. rt/time's Stop and Reset call it, so no stale
// tick is received after them (Go 1.23+ semantics).
func (c Chan[T]) Drain() bool {
	if c.c == nil {
		return false
	}
	if w := sim.Current(); w != nil {
		return c.c.sim(w).Drain()
	}
	had := false
	for {
		select {
		case <-c.c.real():
			had = true
		default:
			return had
		}
	}
}
