package race_test

import (
	"fmt"
	"strconv"

	"github.com/racelab/racelab/sim/race"
	"pgregory.net/rapid"
)

// A stream is a program as the detector sees it: the events of a run in
// the order the simulator ran them. The property test generates streams,
// feeds them to the Detector and to a reference (reference_test.go), and
// compares what each found.

type evKind int

const (
	evRead evKind = iota
	evWrite
	evAcquire
	evRelease
	evReleaseStore
	evAtomic
	evFork     // t starts u
	evJoin     // t joins u
	evSend     // buffered
	evRecv     // buffered
	evTransfer // t hands to u
	evClose
	evRecvClosed
	evAtomicRead  // an atomic load of a location
	evAtomicWrite // an atomic store or read-modify-write
	nKinds
)

var kindNames = [...]string{"read", "write", "acquire", "release", "releasestore", "atomic",
	"fork", "join", "send", "recv", "transfer", "close", "recvclosed", "atomicread", "atomicwrite"}

type ev struct {
	k    evKind
	t, u race.Thread
	obj  int // clock, channel or location
}

func (e ev) String() string {
	return fmt.Sprintf("%s(t%d,u%d,o%d)", kindNames[e.k], e.t, e.u, e.obj)
}

// Shape of generated streams.
const (
	nThreads = 4
	nLocs    = 2
	nClocks  = 2
)

// chanCaps are the capacities of the generated streams' channels.
var chanCaps = []int{0, 1, 2}

// genStream draws a valid stream: forks only start threads that have not
// run, buffered sends and receives respect the capacity, nothing is sent
// after a close.
var genStream = rapid.Custom(func(t *rapid.T) []ev {
	n := rapid.IntRange(1, 60).Draw(t, "n")
	started := [nThreads]bool{true}
	type chanState struct {
		sends, recvs int
		closed       bool
	}
	chans := make([]chanState, len(chanCaps))
	var out []ev
	thread := func(label string) race.Thread {
		return race.Thread(rapid.IntRange(0, nThreads-1).Draw(t, label))
	}
	for len(out) < n {
		k := evKind(rapid.IntRange(0, int(nKinds)-1).Draw(t, "kind"))
		e := ev{k: k, t: thread("t")}
		switch k {
		case evRead, evWrite, evAtomicRead, evAtomicWrite:
			e.obj = rapid.IntRange(0, nLocs-1).Draw(t, "loc")
		case evAcquire, evRelease, evReleaseStore, evAtomic:
			e.obj = rapid.IntRange(0, nClocks-1).Draw(t, "clock")
		case evFork:
			e.u = thread("u")
			if !started[e.t] || started[e.u] {
				continue
			}
		case evJoin:
			e.u = thread("u")
			if e.t == e.u || !started[e.u] {
				continue
			}
		default:
			e.obj = rapid.IntRange(0, len(chanCaps)-1).Draw(t, "chan")
			c, capacity := &chans[e.obj], chanCaps[e.obj]
			switch k {
			case evSend:
				if capacity == 0 || c.closed || c.sends-c.recvs == capacity {
					continue
				}
				c.sends++
			case evRecv:
				if capacity == 0 || c.recvs == c.sends {
					continue
				}
				c.recvs++
			case evTransfer:
				e.u = thread("u")
				if e.t == e.u || c.closed || c.sends != c.recvs {
					continue
				}
				c.sends++
				c.recvs++
			case evClose:
				if c.closed {
					continue
				}
				c.closed = true
			case evRecvClosed:
				if !c.closed {
					continue
				}
			}
		}
		started[e.t] = true
		if e.k == evFork || e.k == evTransfer {
			started[e.u] = true
		}
		out = append(out, e)
	}
	return out
})

// pair is a race between the accesses at two stream indexes, earlier first.
type pair struct{ prev, cur int }

// runDetector feeds s to a new Detector, each access with its own site (its
// stream index), and returns the races as index pairs, in order.
func runDetector(s []ev) []pair {
	d := race.New()
	clocks := make([]race.Clock, nClocks)
	chans := make([]*race.Chan, len(chanCaps))
	for i, c := range chanCaps {
		chans[i] = race.NewChan("c"+strconv.Itoa(i), c)
	}
	sites := make([]race.Site, len(s))
	for i, e := range s {
		sites[i] = race.Site{Label: strconv.Itoa(i)}
		switch e.k {
		case evRead:
			d.Read(e.t, race.Loc(e.obj), &sites[i])
		case evWrite:
			d.Write(e.t, race.Loc(e.obj), &sites[i])
		case evAcquire:
			d.Acquire(e.t, &clocks[e.obj])
		case evRelease:
			d.Release(e.t, &clocks[e.obj])
		case evReleaseStore:
			d.ReleaseStore(e.t, &clocks[e.obj])
		case evAtomic:
			d.AcquireRelease(e.t, &clocks[e.obj])
		case evFork:
			d.Fork(e.t, e.u)
		case evJoin:
			d.Join(e.t, e.u)
		case evSend:
			d.Send(e.t, chans[e.obj])
		case evRecv:
			d.Recv(e.t, chans[e.obj])
		case evTransfer:
			d.Transfer(e.t, e.u, chans[e.obj])
		case evClose:
			d.Close(e.t, chans[e.obj])
		case evRecvClosed:
			d.RecvClosed(e.t, chans[e.obj])
		case evAtomicRead:
			d.Atomic(e.t, race.Loc(e.obj), race.Read, &sites[i])
		case evAtomicWrite:
			d.Atomic(e.t, race.Loc(e.obj), race.Write, &sites[i])
		}
	}
	var out []pair
	for _, r := range d.Races() {
		p, _ := strconv.Atoi(r.Prev.Site.Label)
		c, _ := strconv.Atoi(r.Cur.Site.Label)
		out = append(out, pair{p, c})
	}
	return out
}
