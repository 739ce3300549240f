package sim

import (
	"time"

	"github.com/racelab/racelab/sim/race"
)

// Chan is a simulated Go channel carrying values of type T: buffered or
// not, closable, with Go's semantics, every operation a yield point. A Chan
// made by [NilChan] behaves as a nil channel: it blocks forever. So does a
// nil *Chan (the zero value of a channel field), as in Go: send and receive
// block forever, a select case on it is never ready, Close is misuse.
type Chan[T any] struct {
	c *chanCore
}

// NewChan returns a channel of the given capacity (0: unbuffered).
func NewChan[T any](w *World, name string, capacity int) *Chan[T] {
	if capacity < 0 {
		panic("sim: NewChan with negative capacity")
	}
	return &Chan[T]{c: newChanCore(w, name, capacity)}
}

// NilChan returns a channel on which every send and receive blocks forever
// and Close is a misuse, as a nil Go channel.
func NilChan[T any](w *World, name string) *Chan[T] {
	c := newChanCore(w, name, 0)
	c.isNil = true
	return &Chan[T]{c: c}
}

// Send sends v, blocking until a receiver or buffer space takes it. Sending
// on a closed channel is a Misuse finding.
func (ch *Chan[T]) Send(v T) {
	c := ch.core()
	c.w.point(c.sendLabel, nil)
	c.send(v)
}

// Recv receives a value; ok is false when the channel is closed and drained.
func (ch *Chan[T]) Recv() (v T, ok bool) {
	c := ch.core()
	c.w.point(c.recvLabel, nil)
	x, ok, _ := c.recv(-1)
	return as[T](x), ok
}

// RecvTimeout receives as Recv does but gives up after d of virtual time,
// reporting timedOut.
func (ch *Chan[T]) RecvTimeout(d time.Duration) (v T, ok, timedOut bool) {
	c := ch.core()
	c.w.point(c.recvLabel, nil)
	x, ok, timedOut := c.recv(d)
	return as[T](x), ok, timedOut
}

// Close closes the channel. Closing a closed or nil channel is a Misuse
// finding.
func (ch *Chan[T]) Close() {
	c := ch.core()
	c.w.point(c.closeLabel, nil)
	c.close()
}

// Len returns the number of buffered values (0 for a nil channel). It is
// not a yield point.
func (ch *Chan[T]) Len() int {
	if ch == nil {
		return 0
	}
	return len(ch.c.buf)
}

// core returns the channel's state; for a nil *Chan, a fresh nil channel
// of the running World, so that it blocks as Go's nil channel does instead
// of crashing inside racelab.
func (ch *Chan[T]) core() *chanCore {
	if ch != nil {
		return ch.c
	}
	w := Current()
	if w == nil {
		panic("sim: operation on a nil *Chan outside a simulated thread")
	}
	c := newChanCore(w, "(nil)", 0)
	c.isNil = true
	return c
}

// as converts a value carried as any back to T; nil means T's zero value.
func as[T any](x any) T {
	if x == nil {
		var zero T
		return zero
	}
	return x.(T)
}

// chanCore is a channel's untyped state, shared by Chan and select.
type chanCore struct {
	w      *World
	name   string
	cap    int
	buf    []any
	closed bool
	isNil  bool
	recvq  []*waiter
	sendq  []*waiter
	race   *race.Chan // the channel's happens-before edges; nil without Options.Race

	sendLabel, recvLabel, closeLabel, desc string
}

// waiter is a thread parked in a channel queue, alone or as one case of a
// select (then sel is shared by all its cases and only the first fires).
type waiter struct {
	t      *thread
	sel    *selectState
	index  int // the select case
	val    any
	ok     bool
	closed bool // a sender woken because the channel was closed
}

type selectState struct {
	done  bool
	index int
}

func newChanCore(w *World, name string, capacity int) *chanCore {
	c := &chanCore{w: w, name: name, cap: capacity,
		sendLabel: "send " + name, recvLabel: "recv " + name, closeLabel: "close " + name, desc: "chan " + name}
	if w.race != nil {
		c.race = race.NewChan(name, capacity)
	}
	return c
}

func (c *chanCore) holders() []*thread { return nil }

// dequeue removes and returns the first waiter of q that can still fire.
// A waiter whose thread is no longer blocked cannot: its timeout fired and
// it has not yet run to take itself off the queue (a value handed to it
// would be lost).
func dequeue(q *[]*waiter) *waiter {
	for len(*q) > 0 {
		wt := (*q)[0]
		*q = (*q)[1:]
		if wt.t.state != blocked {
			continue
		}
		if wt.sel == nil {
			return wt
		}
		if !wt.sel.done {
			wt.sel.done, wt.sel.index = true, wt.index
			return wt
		}
	}
	return nil
}

func (c *chanCore) sendReady() bool {
	return !c.isNil && (c.closed || len(c.buf) < c.cap || hasLive(c.recvq))
}

func (c *chanCore) recvReady() bool {
	return !c.isNil && (c.closed || len(c.buf) > 0 || hasLive(c.sendq))
}

func hasLive(q []*waiter) bool {
	for _, wt := range q {
		if wt.t.state == blocked && (wt.sel == nil || !wt.sel.done) {
			return true
		}
	}
	return false
}

// trySend delivers v without blocking; it reports whether it did.
func (c *chanCore) trySend(v any) bool {
	if c.closed {
		c.w.misuse("send on closed channel", "channel "+c.name)
	}
	if r := dequeue(&c.recvq); r != nil {
		if c.race != nil {
			c.w.race.Transfer(c.w.raceID(), race.Thread(r.t.id), c.race)
		}
		r.val, r.ok = v, true
		c.w.wake(r.t)
		return true
	}
	if len(c.buf) < c.cap {
		if c.race != nil {
			c.w.race.Send(c.w.raceID(), c.race)
		}
		c.buf = append(c.buf, v)
		return true
	}
	return false
}

// tryRecv receives without blocking; done reports whether it could.
func (c *chanCore) tryRecv() (v any, ok, done bool) {
	if len(c.buf) > 0 {
		v, c.buf = c.buf[0], c.buf[1:]
		if c.race != nil {
			c.w.race.Recv(c.w.raceID(), c.race)
		}
		if s := dequeue(&c.sendq); s != nil {
			if c.race != nil { // receive k, then the blocked send k+C completes
				c.w.race.Send(race.Thread(s.t.id), c.race)
			}
			c.buf = append(c.buf, s.val)
			c.w.wake(s.t)
		}
		return v, true, true
	}
	if s := dequeue(&c.sendq); s != nil {
		if c.race != nil {
			c.w.race.Transfer(race.Thread(s.t.id), c.w.raceID(), c.race)
		}
		c.w.wake(s.t)
		return s.val, true, true
	}
	if c.closed {
		if c.race != nil {
			c.w.race.RecvClosed(c.w.raceID(), c.race)
		}
		return nil, false, true
	}
	return nil, false, false
}

func (c *chanCore) send(v any) {
	if c.isNil {
		c.w.block(c, "nil "+c.desc+" (forever)", -1)
	}
	if c.trySend(v) {
		return
	}
	wt := &waiter{t: c.w.running("send"), val: v}
	c.sendq = append(c.sendq, wt)
	c.w.block(c, "send on "+c.desc, -1)
	if wt.closed {
		c.w.misuse("send on closed channel", "channel "+c.name)
	}
}

func (c *chanCore) recv(timeout time.Duration) (v any, ok, timedOut bool) {
	if c.isNil {
		desc := "nil " + c.desc + " (forever)"
		if timeout >= 0 {
			desc = "recv on nil " + c.desc
		}
		c.w.block(c, desc, timeout)
		return nil, false, true
	}
	if v, ok, done := c.tryRecv(); done {
		return v, ok, false
	}
	wt := &waiter{t: c.w.running("recv")}
	c.recvq = append(c.recvq, wt)
	if c.w.block(c, "recv on "+c.desc, timeout) {
		c.recvq = removeWaiter(c.recvq, wt)
		return nil, false, true
	}
	return wt.val, wt.ok, false
}

func removeWaiter(q []*waiter, wt *waiter) []*waiter {
	for i, x := range q {
		if x == wt {
			return append(q[:i:i], q[i+1:]...)
		}
	}
	return q
}

func (c *chanCore) close() {
	if c.isNil {
		c.w.misuse("close of nil channel", "")
	}
	if c.closed {
		c.w.misuse("close of closed channel", "channel "+c.name)
	}
	c.closed = true
	if c.race != nil {
		c.w.race.Close(c.w.raceID(), c.race)
	}
	for r := dequeue(&c.recvq); r != nil; r = dequeue(&c.recvq) {
		if c.race != nil {
			c.w.race.RecvClosed(race.Thread(r.t.id), c.race)
		}
		r.val, r.ok = nil, false
		c.w.wake(r.t)
	}
	for s := dequeue(&c.sendq); s != nil; s = dequeue(&c.sendq) {
		s.closed = true
		c.w.wake(s.t)
	}
}

// offer delivers v from the scheduler (a timer), dropping it when nobody
// waits and the buffer is full, as time.Ticker drops ticks.
// from is the timer's clock, the history of the code that set it; nil
// when the running thread offers (rt/time's callbacks), which then sends.
func (c *chanCore) offer(v any, from *race.Clock) {
	if r := dequeue(&c.recvq); r != nil {
		switch {
		case c.race == nil:
		case from == nil:
			c.w.race.Transfer(c.w.raceID(), race.Thread(r.t.id), c.race)
		default:
			c.w.race.SendFrom(from, race.Thread(r.t.id), c.race)
		}
		r.val, r.ok = v, true
		c.w.wake(r.t)
		return
	}
	if len(c.buf) < c.cap {
		switch {
		case c.race == nil:
		case from == nil:
			c.w.race.Send(c.w.raceID(), c.race)
		default:
			c.w.race.SendFrom(from, -1, c.race)
		}
		c.buf = append(c.buf, v)
	}
}
