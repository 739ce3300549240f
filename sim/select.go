package sim

import "strings"

// Case is one case of a [World.Select]: made by [OnRecv] or [OnSend].
type Case struct {
	c    *chanCore // nil: a nil channel, never ready
	send bool
	val  any
	recv func(v any, ok bool)
	sent func()
	name string // "recv c", "send c", "recv nil": for a blocked select's description
}

// OnRecv is a select case receiving from ch; f, if not nil, runs with the
// value when the case is chosen. A nil ch is never ready.
func OnRecv[T any](ch *Chan[T], f func(v T, ok bool)) Case {
	cs := Case{name: "recv " + chanName(ch)}
	if f != nil {
		cs.recv = func(v any, ok bool) { f(as[T](v), ok) }
	}
	if ch != nil && !ch.c.isNil {
		cs.c = ch.c
	}
	return cs
}

// OnSend is a select case sending v on ch; f, if not nil, runs when the case
// is chosen. A nil ch is never ready.
func OnSend[T any](ch *Chan[T], v T, f func()) Case {
	cs := Case{send: true, val: v, sent: f, name: "send " + chanName(ch)}
	if ch != nil && !ch.c.isNil {
		cs.c = ch.c
	}
	return cs
}

// Select blocks until one of the cases can proceed, carries it out, runs its
// callback and returns its index. When several are ready, which one runs is
// a decision. With no case that can ever proceed it blocks forever. It is a
// yield point.
func (w *World) Select(cases ...Case) int {
	i, _, _ := w.selectCases(cases, false)
	return i
}

// SelectDefault is Select with a default case: when no case is ready it
// returns -1 at once.
func (w *World) SelectDefault(cases ...Case) int {
	i, _, _ := w.selectCases(cases, true)
	return i
}

// SelectValue is Select that also returns what a receive case received
// (convert it with [As]), so that cases made with a nil callback can be
// handled after it returns and a case can simply return:
//
//	switch i, v, ok := w.SelectValue(sim.OnRecv(jobs, nil), sim.OnRecv(quit, nil)); i {
//	case 0:
//		if !ok {
//			return
//		}
//		handle(sim.As[Job](v))
//	case 1:
//		return
//	}
func (w *World) SelectValue(cases ...Case) (index int, v any, ok bool) {
	return w.selectCases(cases, false)
}

// SelectValueDefault is SelectValue with a default case: when no case is
// ready it returns index -1 at once.
func (w *World) SelectValueDefault(cases ...Case) (index int, v any, ok bool) {
	return w.selectCases(cases, true)
}

// As converts a value returned by SelectValue to the channel's type; nil
// (a receive on a closed channel, or a send case) gives T's zero value.
func As[T any](v any) T { return as[T](v) }

// chanName names ch for a select's description, saying when it is nil.
func chanName[T any](ch *Chan[T]) string {
	switch {
	case ch == nil:
		return "nil"
	case ch.c.isNil:
		return ch.c.name + " (nil)"
	}
	return ch.c.name
}

// selectDesc describes a blocked select: every case, and whether it can
// never proceed because every channel is nil.
func selectDesc(cases []Case) string {
	names := make([]string, len(cases))
	live := false
	for i, cs := range cases {
		names[i] = cs.name
		live = live || cs.c != nil
	}
	desc := "select on " + strings.Join(names, ", ")
	if !live {
		desc += " (every channel nil: forever)"
	}
	if len(cases) == 0 {
		desc = "select with no cases (forever)"
	}
	return desc
}

func (w *World) selectCases(cases []Case, hasDefault bool) (int, any, bool) {
	w.point("select", nil)
	var ready []int
	for i, cs := range cases {
		if cs.c != nil && ((cs.send && cs.c.sendReady()) || (!cs.send && cs.c.recvReady())) {
			ready = append(ready, i)
		}
	}
	if len(ready) > 0 {
		i := ready[w.decide(DecideSelect, len(ready), "select")]
		cs := cases[i]
		if cs.send {
			cs.c.trySend(cs.val)
			if cs.sent != nil {
				cs.sent()
			}
			return i, nil, false
		}
		v, ok, _ := cs.c.tryRecv()
		if cs.recv != nil {
			cs.recv(v, ok)
		}
		return i, v, ok
	}
	if hasDefault {
		return -1, nil, false
	}
	t := w.running("select")
	sel := &selectState{}
	waiters := make([]*waiter, len(cases))
	for i, cs := range cases {
		if cs.c == nil {
			continue
		}
		wt := &waiter{t: t, sel: sel, index: i, val: cs.val}
		waiters[i] = wt
		if cs.send {
			cs.c.sendq = append(cs.c.sendq, wt)
		} else {
			cs.c.recvq = append(cs.c.recvq, wt)
		}
	}
	w.block(selectWait{}, selectDesc(cases), -1)
	for i, cs := range cases {
		if cs.c != nil && i != sel.index {
			if cs.send {
				cs.c.sendq = removeWaiter(cs.c.sendq, waiters[i])
			} else {
				cs.c.recvq = removeWaiter(cs.c.recvq, waiters[i])
			}
		}
	}
	cs, wt := cases[sel.index], waiters[sel.index]
	if cs.send {
		if wt.closed {
			w.misuse("send on closed channel", "channel "+cs.c.name)
		}
		if cs.sent != nil {
			cs.sent()
		}
		return sel.index, nil, false
	}
	if cs.recv != nil {
		cs.recv(wt.val, wt.ok)
	}
	return sel.index, wt.val, wt.ok
}

type selectWait struct{}

func (selectWait) holders() []*thread { return nil }
