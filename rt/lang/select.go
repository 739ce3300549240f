package lang

import (
	"reflect"

	"github.com/racelab/racelab/sim"
)

// Case is one case of a [Select], made by [Recv], [Send] or [Default].
type Case struct {
	dflt bool
	// sim returns the case under w; got receives what a receive got.
	sim func(w *sim.World, got *received) sim.Case
	// real returns the case for reflect.Select outside a World.
	real func() reflect.SelectCase
}

type received struct {
	v  any
	ok bool
}

// Recv is a select case receiving from c: case v, ok := <-c. A nil c is
// never ready.
func Recv[T any](c Chan[T]) Case {
	return Case{
		sim: func(w *sim.World, got *received) sim.Case {
			var sc *sim.Chan[T]
			if c.c != nil {
				sc = c.c.sim(w)
			}
			return sim.OnRecv(sc, func(v T, ok bool) { got.v, got.ok = v, ok })
		},
		real: func() reflect.SelectCase {
			sc := reflect.SelectCase{Dir: reflect.SelectRecv}
			if c.c != nil {
				sc.Chan = reflect.ValueOf(c.c.real())
			}
			return sc
		},
	}
}

// Send is a select case sending v on c: case c <- v. v is evaluated when
// the case is made, as Go evaluates it on entering the select. A nil c is
// never ready; a closed c panics "send on closed channel" when chosen.
func Send[T any](c Chan[T], v T) Case {
	return Case{
		sim: func(w *sim.World, _ *received) sim.Case {
			var sc *sim.Chan[T]
			if c.c != nil {
				sc = c.c.sim(w)
			}
			return sim.OnSend(sc, v, nil)
		},
		real: func() reflect.SelectCase {
			sc := reflect.SelectCase{Dir: reflect.SelectSend, Send: reflect.ValueOf(&v).Elem()}
			if c.c != nil {
				sc.Chan = reflect.ValueOf(c.c.sendReal())
			}
			return sc
		},
	}
}

// Default is the default case of a select; at most one per Select.
func Default() Case { return Case{dflt: true} }

// Select runs a select statement over cases, in source order: it blocks
// until one case can proceed (or, with a Default case, returns it at once
// when none can), carries it out and returns its index, the value received
// (nil for a send or default; the received T as any) and, for a receive,
// whether the channel was open. When several cases are ready, which one
// runs is a decision of the World (outside one, Go's own random choice).
// Select with no cases blocks forever, as select {}.
func Select(cases ...Case) (chosen int, recv any, recvOK bool) {
	w := sim.Current()
	if w == nil {
		return selectReal(cases)
	}
	var got received
	dflt := -1
	scs := make([]sim.Case, 0, len(cases))
	index := make([]int, 0, len(cases))
	for i, cs := range cases {
		if cs.dflt {
			if dflt >= 0 {
				panic("lang: Select with more than one Default case")
			}
			dflt = i
			continue
		}
		scs = append(scs, cs.sim(w, &got))
		index = append(index, i)
	}
	defer goPanics()
	var k int
	if dflt >= 0 {
		k = w.SelectDefault(scs...)
	} else {
		k = w.Select(scs...)
	}
	if k < 0 {
		return dflt, nil, false
	}
	return index[k], got.v, got.ok
}

func selectReal(cases []Case) (int, any, bool) {
	if len(cases) == 0 {
		select {}
	}
	rcs := make([]reflect.SelectCase, len(cases))
	for i, cs := range cases {
		if cs.dflt {
			rcs[i] = reflect.SelectCase{Dir: reflect.SelectDefault}
		} else {
			rcs[i] = cs.real()
		}
	}
	i, v, ok := reflect.Select(rcs)
	if rcs[i].Dir != reflect.SelectRecv {
		return i, nil, false
	}
	return i, v.Interface(), ok
}
