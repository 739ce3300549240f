package race_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/sim/race"
)

// prog is a program of the edge tables: two accesses to x with sync calls
// between them, written as the simulator's primitives will make them (the
// recipes of the package doc).
type prog struct {
	d     *race.Detector
	sync  bool // make the calls marked as the edge
	sites []race.Site
}

const x race.Loc = 1

func (p *prog) access(t race.Thread, k race.Kind) {
	s := &race.Site{Pos: fmt.Sprintf("prog.go:%d", len(p.sites)+1), Label: fmt.Sprintf("%s x", k)}
	p.sites = append(p.sites, *s)
	if k == race.Read {
		p.d.Read(t, x, s)
	} else {
		p.d.Write(t, x, s)
	}
}

func (p *prog) read(t race.Thread)  { p.access(t, race.Read) }
func (p *prog) write(t race.Thread) { p.access(t, race.Write) }

// edge runs f only in the program that keeps the edge.
func (p *prog) edge(f func()) {
	if p.sync {
		f()
	}
}

// rw is an RWMutex's two clocks.
type rw struct{ w, r race.Clock }

func (m *rw) lock(d *race.Detector, t race.Thread)   { d.Acquire(t, &m.w); d.Acquire(t, &m.r) }
func (m *rw) unlock(d *race.Detector, t race.Thread) { d.Release(t, &m.w) }
func (m *rw) rlock(d *race.Detector, t race.Thread)  { d.Acquire(t, &m.w) }
func (m *rw) runlock(d *race.Detector, t race.Thread) {
	d.Release(t, &m.r)
}

// edgeCases each order a write before a conflicting access by one edge of
// Go's memory model.
var edgeCases = []struct {
	name string
	run  func(p *prog)
}{
	{"go statement -> the goroutine's start", func(p *prog) {
		p.write(0)
		p.edge(func() { p.d.Fork(0, 1) })
		p.read(1)
	}},
	{"goroutine's end -> join", func(p *prog) {
		p.d.Fork(0, 1)
		p.write(1)
		p.edge(func() { p.d.Join(0, 1) })
		p.read(0)
	}},
	{"mutex unlock -> later lock", func(p *prog) {
		var m race.Clock
		p.edge(func() { p.d.Acquire(0, &m) })
		p.write(0)
		p.edge(func() { p.d.Release(0, &m); p.d.Acquire(1, &m) })
		p.write(1)
		p.edge(func() { p.d.Release(1, &m) })
	}},
	{"rwmutex unlock -> later rlock", func(p *prog) {
		var m rw
		p.edge(func() { m.lock(p.d, 0) })
		p.write(0)
		p.edge(func() { m.unlock(p.d, 0); m.rlock(p.d, 1) })
		p.read(1)
		p.edge(func() { m.runlock(p.d, 1) })
	}},
	{"rwmutex runlock -> later lock", func(p *prog) {
		var m rw
		p.edge(func() { m.rlock(p.d, 0) })
		p.read(0)
		p.edge(func() { m.runlock(p.d, 0); m.lock(p.d, 1) })
		p.write(1)
		p.edge(func() { m.unlock(p.d, 1) })
	}},
	{"buffered send -> its receive", func(p *prog) {
		c := race.NewChan("c", 1)
		p.write(0)
		p.edge(func() { p.d.Send(0, c); p.d.Recv(1, c) })
		p.read(1)
	}},
	{"buffered send -> a waiting receiver", func(p *prog) {
		c := race.NewChan("c", 1)
		p.write(0)
		p.edge(func() { p.d.Transfer(0, 1, c) })
		p.read(1)
	}},
	{"unbuffered send -> its receive", func(p *prog) {
		c := race.NewChan("c", 0)
		p.write(0)
		p.edge(func() { p.d.Transfer(0, 1, c) })
		p.read(1)
	}},
	{"unbuffered receive -> its send completes", func(p *prog) {
		c := race.NewChan("c", 0)
		p.write(1)
		p.edge(func() { p.d.Transfer(0, 1, c) })
		p.read(0)
	}},
	{"close -> a receive of the close", func(p *prog) {
		c := race.NewChan("c", 1)
		p.write(0)
		p.edge(func() { p.d.Close(0, c); p.d.RecvClosed(1, c) })
		p.read(1)
	}},
	{"k-th receive -> (k+C)-th send completes", func(p *prog) {
		c := race.NewChan("sem", 2)
		p.d.Send(0, c)
		p.d.Send(0, c)
		p.write(1)
		p.edge(func() { p.d.Recv(1, c); p.d.Send(0, c) })
		p.write(0)
	}},
	{"once body -> every Do returns", func(p *prog) {
		var o race.Clock
		p.write(0)
		p.edge(func() { p.d.Release(0, &o); p.d.Acquire(1, &o) })
		p.read(1)
	}},
	{"waitgroup done -> wait returns", func(p *prog) {
		var wg race.Clock
		p.d.Fork(0, 1)
		p.write(1)
		p.edge(func() { p.d.Release(1, &wg); p.d.Acquire(0, &wg) })
		p.read(0)
	}},
	{"cond signal -> the wait it wakes", func(p *prog) {
		var cw race.Clock // the waiter's
		p.write(0)
		p.edge(func() { p.d.Release(0, &cw); p.d.Acquire(1, &cw) })
		p.read(1)
	}},
	{"direct hand-over to a blocked thread", func(p *prog) {
		p.write(0)
		p.edge(func() { p.d.Join(1, 0) })
		p.read(1)
	}},
	{"atomic store -> atomic load", func(p *prog) {
		p.write(0)
		p.edge(func() {
			p.d.Atomic(0, 7, race.Write, &race.Site{Label: "flag.Store"})
			p.d.Atomic(1, 7, race.Read, &race.Site{Label: "flag.Load"})
		})
		p.read(1)
	}},
	{"atomic on a clock", func(p *prog) {
		var a race.Clock
		p.write(0)
		p.edge(func() { p.d.AcquireRelease(0, &a); p.d.AcquireRelease(1, &a) })
		p.write(1)
	}},
	{"atomic add -> atomic add, each checked as an access", func(p *prog) {
		// The two atomics are the accesses: without the clock they race.
		s1, s2 := &race.Site{Label: "n.Add 1"}, &race.Site{Label: "n.Add 2"}
		p.sites = append(p.sites, *s1, *s2)
		if p.sync {
			p.d.Atomic(0, x, race.Write, s1)
			p.d.Atomic(1, x, race.Write, s2)
		} else {
			p.d.Write(0, x, s1)
			p.d.Write(1, x, s2)
		}
	}},
	{"AfterFunc call -> the callback", func(p *prog) {
		var tm race.Clock
		p.write(0)
		p.edge(func() { p.d.ReleaseStore(0, &tm); p.d.Acquire(2, &tm) })
		p.read(2)
	}},
	{"Reset of a timer -> its callback", func(p *prog) {
		var tm race.Clock
		p.d.ReleaseStore(0, &tm) // AfterFunc by thread 0
		p.d.Fork(0, 1)
		p.write(1)
		p.edge(func() { p.d.ReleaseStore(1, &tm); p.d.Acquire(2, &tm) })
		p.read(2)
	}},
	{"NewTimer -> receive of its tick", func(p *prog) {
		var tm race.Clock
		c := race.NewChan("timer", 1)
		p.write(0)
		p.edge(func() { p.d.ReleaseStore(0, &tm); p.d.SendFrom(&tm, -1, c); p.d.Recv(1, c) })
		p.read(1)
	}},
	{"timer tick -> its waiting receiver", func(p *prog) {
		var tm race.Clock
		c := race.NewChan("ticker", 1)
		p.write(0)
		p.edge(func() { p.d.ReleaseStore(0, &tm); p.d.SendFrom(&tm, 1, c) })
		p.read(1)
	}},
	{"timer on an unbuffered channel -> its receiver", func(p *prog) {
		var tm race.Clock
		c := race.NewChan("timer", 0)
		p.write(0)
		p.edge(func() { p.d.ReleaseStore(0, &tm); p.d.SendFrom(&tm, 1, c) })
		p.read(1)
	}},
}

// nonEdges are programs whose sync calls look as if they order the two
// accesses but, by Go's memory model, do not.
var nonEdges = []struct {
	name string
	run  func(p *prog)
}{
	{"rwmutex runlock -/-> later rlock", func(p *prog) {
		var m rw
		m.rlock(p.d, 0)
		p.write(0)
		m.runlock(p.d, 0)
		m.rlock(p.d, 1)
		p.read(1)
	}},
	{"send -/-> the next send", func(p *prog) {
		c := race.NewChan("c", 2)
		p.write(0)
		p.d.Send(0, c)
		p.d.Send(1, c)
		p.read(1)
	}},
	{"receive -/-> the next receive", func(p *prog) {
		c := race.NewChan("c", 2)
		p.d.Send(0, c)
		p.d.Send(0, c)
		p.d.Recv(1, c)
		p.write(1)
		p.d.Recv(2, c)
		p.read(2)
	}},
	{"k-th receive -/-> (k+C-1)-th send", func(p *prog) {
		c := race.NewChan("c", 2)
		p.d.Send(0, c)
		p.write(1)
		p.d.Recv(1, c)
		p.d.Send(0, c)
		p.read(0)
	}},
	{"buffered receive -/-> its send", func(p *prog) {
		c := race.NewChan("c", 1)
		p.write(1)
		p.d.Transfer(0, 1, c)
		p.read(0)
	}},
	{"unlock before the write", func(p *prog) {
		var m race.Clock
		p.d.Acquire(0, &m)
		p.d.Release(0, &m)
		p.write(0)
		p.d.Acquire(1, &m)
		p.read(1)
	}},
	{"write after the AfterFunc call", func(p *prog) {
		var tm race.Clock
		p.d.ReleaseStore(0, &tm)
		p.write(0)
		p.d.Acquire(2, &tm)
		p.read(2)
	}},
	{"write after NewTimer -/-> receive of its tick", func(p *prog) {
		var tm race.Clock
		c := race.NewChan("timer", 1)
		p.d.ReleaseStore(0, &tm)
		p.write(0)
		p.d.SendFrom(&tm, -1, c)
		p.d.Recv(1, c)
		p.read(1)
	}},
	{"atomics on two locations", func(p *prog) {
		p.write(0)
		p.d.Atomic(0, 7, race.Write, &race.Site{Label: "a.Store"})
		p.d.Atomic(1, 8, race.Read, &race.Site{Label: "b.Load"})
		p.read(1)
	}},
	{"plain write -/-> atomic load", func(p *prog) {
		p.write(0)
		p.sites = append(p.sites, race.Site{Label: "x.Load"})
		p.d.Atomic(1, x, race.Read, &p.sites[1])
	}},
	{"atomic store -/-> plain read", func(p *prog) {
		p.sites = append(p.sites, race.Site{Label: "x.Store"})
		p.d.Atomic(0, x, race.Write, &p.sites[0])
		p.read(1)
	}},
	{"joined thread's later events", func(p *prog) {
		p.d.Fork(0, 1)
		p.d.Join(0, 1)
		p.write(1)
		p.read(0)
	}},
	{"timer reset by another thread drops the first", func(p *prog) {
		var tm race.Clock
		p.write(0)
		p.d.ReleaseStore(0, &tm)
		p.d.ReleaseStore(1, &tm)
		p.d.Acquire(2, &tm)
		p.read(2)
	}},
	{"timer tick -/-> the next tick's receiver", func(p *prog) {
		var tm race.Clock
		c := race.NewChan("ticker", 1)
		p.d.ReleaseStore(0, &tm)
		p.d.SendFrom(&tm, 1, c)
		p.write(1)
		p.d.SendFrom(&tm, 2, c)
		p.read(2)
	}},
	{"signal -/-> the signaler's later events", func(p *prog) {
		var cw race.Clock
		p.d.Release(0, &cw)
		p.write(0)
		p.d.Acquire(1, &cw)
		p.read(1)
	}},
	{"hand-over -/-> the giver's later events", func(p *prog) {
		p.d.Join(1, 0)
		p.write(0)
		p.read(1)
	}},
}

// runProg runs f once and returns the detector and the program's sites.
func runProg(f func(*prog), sync bool) (*race.Detector, []race.Site) {
	p := &prog{d: race.New(), sync: sync}
	f(p)
	return p.d, p.sites
}

// wantOneRace checks that d found exactly the race between the program's
// two accesses, in order.
func wantOneRace(t *testing.T, d *race.Detector, sites []race.Site) {
	t.Helper()
	rs := d.Races()
	if len(rs) != 1 {
		t.Fatalf("found %d races, want 1: %v", len(rs), rs)
	}
	if rs[0].Prev.Site != sites[0] || rs[0].Cur.Site != sites[1] {
		t.Fatalf("race %v, want between %v and %v", rs[0], sites[0], sites[1])
	}
}

func TestEdges(t *testing.T) {
	for _, tc := range edgeCases {
		t.Run(tc.name, func(t *testing.T) {
			if d, _ := runProg(tc.run, true); len(d.Races()) > 0 {
				t.Errorf("with the edge: %v", d.Races())
			}
			d, sites := runProg(tc.run, false)
			wantOneRace(t, d, sites)
		})
	}
}

func TestNonEdges(t *testing.T) {
	for _, tc := range nonEdges {
		t.Run(tc.name, func(t *testing.T) {
			d, sites := runProg(tc.run, true)
			wantOneRace(t, d, sites)
		})
	}
}
