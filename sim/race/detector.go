package race

import (
	"fmt"
	"math"
)

// Thread identifies a simulated thread: a small non-negative integer, dense
// from 0 (the detector keeps one vector clock slot per id up to the largest).
// A thread exists from its first event; [Detector.Fork] gives it its
// parent's history, otherwise it starts with none.
type Thread int32

// Detector is a happens-before data race detector for one run, FastTrack's
// algorithm over the event stream of the run in the order it executes: sync
// events ([Detector.Acquire], [Detector.Release], [Detector.Fork], channel
// operations ...) build the happens-before order, memory accesses
// ([Detector.Read], [Detector.Write]) are checked against it, and every
// pair of conflicting accesses found unordered is a [Race].
//
// A zero Detector is ready to use, as is one from [New]. A Detector is not safe for
// concurrent use: the simulator calls it from whichever thread runs, one at
// a time. Its output depends only on the event stream: the same stream
// gives the same races in the same order.
type Detector struct {
	threads []thread
	locs    map[Loc]*Shadow // made on first use, as the others
	atomics map[Loc]*Clock
	races   []Race
	seen    Seen
	name    func(Thread) string
}

// thread is one thread's state: its vector clock, its current epoch
// (vc[id]@id, cached for the access fast path) and its last sync event.
type thread struct {
	vc      vc
	ep      epoch
	last    note
	started bool
}

// New returns a detector that has seen no event.
func New() *Detector { return &Detector{} }

// NameThreads sets how reports name a thread (the simulator's thread
// names); by default thread 3 is "thread 3".
func (d *Detector) NameThreads(name func(Thread) string) { d.name = name }

func (d *Detector) threadName(t Thread) string {
	if d.name != nil {
		return d.name(t)
	}
	return fmt.Sprintf("thread %d", t)
}

// Races returns the races found so far, in the order they were found. The
// slice belongs to the detector; it grows as more are found.
func (d *Detector) Races() []Race { return d.races }

// thread returns t's state, creating it at clock 1 on first use. The pointer
// is valid until the next call that may add a thread.
func (d *Detector) thread(t Thread) *thread {
	if uint(t) >= uint(len(d.threads)) { // a negative t too
		if t < 0 {
			panic(fmt.Sprintf("race: negative thread id %d", t))
		}
		d.threads = append(d.threads, make([]thread, int(t)+1-len(d.threads))...)
	}
	th := &d.threads[t]
	if !th.started {
		th.started = true
		th.vc.put(t, 1)
		th.ep = mkEpoch(t, 1)
	}
	return th
}

// tick starts a new epoch of t: what t does from now on is not covered by
// the history it has just handed on.
func (th *thread) tick(t Thread) {
	c := th.vc[t]
	if c == math.MaxUint32 {
		panic("race: clock overflow")
	}
	th.vc[t] = c + 1
	th.ep = mkEpoch(t, c+1)
}

// Acquire orders every Release to c so far before t's next events: a Lock
// returning, a Wait returning, a Do returning.
func (d *Detector) Acquire(t Thread, c *Clock) {
	th := d.thread(t)
	th.vc.join(c.vc)
	th.last = note{op: opAcquire, clock: c}
}

// Release hands t's history so far to c, added to what c holds, so that a
// later Acquire of c is ordered after it: an Unlock, a WaitGroup Done, a
// Once body returning.
func (d *Detector) Release(t Thread, c *Clock) {
	th := d.thread(t)
	c.vc.join(th.vc)
	th.tick(t)
	th.last = note{op: opRelease, clock: c}
}

// ReleaseStore is Release replacing what c holds instead of adding to it:
// for an object whose earlier releases must not reach later acquirers (a
// timer re-armed by Reset), or one t has just acquired (then it is Release
// at the cost of a copy).
func (d *Detector) ReleaseStore(t Thread, c *Clock) {
	th := d.thread(t)
	c.vc.copyFrom(th.vc)
	th.tick(t)
	th.last = note{op: opRelease, clock: c}
}

// AcquireRelease is Acquire then Release of c in one step: a sequentially
// consistent atomic operation on the location c stands for (every atomic
// operation on it is ordered after every earlier one).
func (d *Detector) AcquireRelease(t Thread, c *Clock) {
	th := d.thread(t)
	th.vc.join(c.vc)
	c.vc.copyFrom(th.vc)
	th.tick(t)
	th.last = note{op: opAtomic, clock: c}
}

// Atomic is a sequentially consistent atomic operation of kind k by t on
// the location loc at site: ordered after every earlier atomic operation on
// loc and before every later one (acquire and release of a clock the
// detector keeps for loc), and checked as an access against the plain
// accesses of loc, so that a plain write racing an atomic load is found and
// two atomics never race. It reports whether it found a new race. A
// read-modify-write (Add, Swap, CompareAndSwap) is a Write.
//
// A location with a Clock and a Shadow of its own does the same in three
// calls: Acquire(t, c); ReadShadow or WriteShadow; Release(t, c). The
// access sits inside the release, so the next atomic covers it.
func (d *Detector) Atomic(t Thread, loc Loc, k Kind, site *Site) bool {
	c := d.atomics[loc]
	if c == nil {
		if d.atomics == nil {
			d.atomics = map[Loc]*Clock{}
		}
		c = &Clock{Name: "atomic " + siteOf(site).Label}
		d.atomics[loc] = c
	}
	d.Acquire(t, c)
	var found bool
	if k == Read {
		found = d.Read(t, loc, site)
	} else {
		found = d.Write(t, loc, site)
	}
	d.Release(t, c)
	d.thread(t).last = note{op: opAtomic, clock: c}
	return found
}

// Fork orders parent's events so far before every event of child: a go
// statement. child must not have had events yet.
func (d *Detector) Fork(parent, child Thread) {
	d.thread(child) // first, so that p stays valid
	p, c := d.thread(parent), &d.threads[child]
	c.vc.join(p.vc)
	c.last = note{op: opForked, peer: parent}
	p.tick(parent)
	p.last = note{op: opFork, peer: child}
}

// Join orders done's events so far before waiter's next events: a thread
// that waits for another's exit, or a direct hand-over from a thread to one
// blocked (whose clock does not move while it is). For a waiter that may
// still run before it blocks, hand over through a Clock instead.
func (d *Detector) Join(waiter, done Thread) {
	d.thread(waiter)
	u, t := d.thread(done), &d.threads[waiter]
	t.vc.join(u.vc)
	t.last = note{op: opJoin, peer: done}
	u.tick(done)
	u.last = note{op: opJoined, peer: waiter}
}

// note is the sync event a thread did last, kept for reports.
type note struct {
	op    op
	peer  Thread
	clock *Clock
}

type op uint8

const (
	opNone op = iota
	opAcquire
	opRelease
	opAtomic
	opFork
	opForked
	opJoin
	opJoined
	opSend
	opRecv
	opClose
	opRecvClosed
)

// describe says what the note records, naming threads with thread.
func (n note) describe(thread func(Thread) string) string {
	name := ""
	if n.clock != nil {
		name = n.clock.Name
		if name == "" {
			name = "an unnamed object"
		}
	}
	switch n.op {
	case opAcquire:
		return "acquire of " + name
	case opRelease:
		return "release of " + name
	case opAtomic:
		return "atomic operation on " + name
	case opFork:
		return "go statement starting " + thread(n.peer)
	case opForked:
		return "its start by " + thread(n.peer)
	case opJoin:
		return "join with " + thread(n.peer)
	case opJoined:
		return "hand-over to " + thread(n.peer)
	case opSend:
		return "send on " + name
	case opRecv:
		return "receive from " + name
	case opClose:
		return "close of " + name
	case opRecvClosed:
		return "receive of the close of " + name
	}
	return "nothing since it started"
}
