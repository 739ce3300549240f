package sim

// Case is one case of a [World.Select]: made by [OnRecv] or [OnSend].
type Case struct {
	c    *chanCore // nil: a nil channel, never ready
	send bool
	val  any
	recv func(v any, ok bool)
	sent func()
}

// OnRecv is a select case receiving from ch; f, if not nil, runs with the
// value when the case is chosen. A nil ch is never ready.
func OnRecv[T any](ch *Chan[T], f func(v T, ok bool)) Case {
	cs := Case{recv: func(v any, ok bool) {
		if f != nil {
			f(as[T](v), ok)
		}
	}}
	if ch != nil && !ch.c.isNil {
		cs.c = ch.c
	}
	return cs
}

// OnSend is a select case sending v on ch; f, if not nil, runs when the case
// is chosen. A nil ch is never ready.
func OnSend[T any](ch *Chan[T], v T, f func()) Case {
	cs := Case{send: true, val: v, sent: f}
	if ch != nil && !ch.c.isNil {
		cs.c = ch.c
	}
	return cs
}

// Select blocks until one of the cases can proceed, carries it out, runs its
// callback and returns its index. When several are ready, which one runs is
// a decision. With no case that can ever proceed it blocks forever. It is a
// yield point.
func (w *World) Select(cases ...Case) int { return w.selectCases(cases, false) }

// SelectDefault is Select with a default case: when no case is ready it
// returns -1 at once.
func (w *World) SelectDefault(cases ...Case) int { return w.selectCases(cases, true) }

func (w *World) selectCases(cases []Case, hasDefault bool) int {
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
		} else {
			v, ok, _ := cs.c.tryRecv()
			cs.recv(v, ok)
		}
		return i
	}
	if hasDefault {
		return -1
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
	w.block(selectWait{}, "select", -1)
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
			w.misuse("send on closed channel %s", cs.c.name)
		}
		if cs.sent != nil {
			cs.sent()
		}
	} else {
		cs.recv(wt.val, wt.ok)
	}
	return sel.index
}

type selectWait struct{}

func (selectWait) holders() []*thread { return nil }
