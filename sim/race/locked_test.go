package race_test

import (
	"fmt"
	"testing"

	"github.com/racelab/racelab/sim/race"
	"pgregory.net/rapid"
)

// Properly locked programs: every location has its lock (an RWMutex), each
// thread reads a location only holding its lock for reading or writing and
// writes it only holding it for writing; the interleaving of the threads is
// arbitrary but respects the locks. The detector must report nothing, in
// any interleaving; the same programs with one access moved outside its
// lock must be reported.

const lockedThreads, lockedLocs = 3, 2

type lockedRun struct {
	d       *race.Detector
	locks   [lockedLocs]rw
	writer  [lockedLocs]int // thread+1 holding the write lock, 0 if none
	readers [lockedLocs]int
	holds   [lockedThreads]int // the lock index+1 a thread holds, 0 if none
	write   [lockedThreads]bool
	started [lockedThreads]bool
	sites   [lockedThreads][lockedLocs][2]race.Site
}

func newLockedRun() *lockedRun {
	r := &lockedRun{d: race.New()}
	r.started[0] = true
	for t := range lockedThreads {
		for l := range lockedLocs {
			r.sites[t][l] = [2]race.Site{
				{Label: fmt.Sprintf("t%d reads x%d", t, l)},
				{Label: fmt.Sprintf("t%d writes x%d", t, l)},
			}
		}
	}
	return r
}

// step does one thing with thread t, drawn from what its state allows;
// stray makes one access outside any lock.
func (r *lockedRun) step(rt *rapid.T, stray bool) {
	t := rapid.IntRange(0, lockedThreads-1).Draw(rt, "thread")
	th := race.Thread(t)
	if !r.started[t] {
		p := rapid.IntRange(0, lockedThreads-1).Draw(rt, "parent")
		if !r.started[p] {
			return
		}
		r.d.Fork(race.Thread(p), th)
		r.started[t] = true
		return
	}
	l := rapid.IntRange(0, lockedLocs-1).Draw(rt, "lock")
	access := func(l int, write bool) {
		if write {
			r.d.Write(th, race.Loc(l), &r.sites[t][l][1])
		} else {
			r.d.Read(th, race.Loc(l), &r.sites[t][l][0])
		}
	}
	if stray {
		access(l, rapid.Bool().Draw(rt, "write"))
		return
	}
	if h := r.holds[t]; h > 0 {
		l = h - 1
		switch rapid.IntRange(0, 2).Draw(rt, "held") {
		case 0: // unlock
			if r.write[t] {
				r.locks[l].unlock(r.d, th)
				r.writer[l] = 0
			} else {
				r.locks[l].runlock(r.d, th)
				r.readers[l]--
			}
			r.holds[t] = 0
		case 1:
			access(l, false)
		case 2:
			if r.write[t] {
				access(l, true)
			}
		}
		return
	}
	if r.writer[l] != 0 {
		return
	}
	if rapid.Bool().Draw(rt, "for writing") {
		if r.readers[l] > 0 {
			return
		}
		r.locks[l].lock(r.d, th)
		r.writer[l], r.write[t] = t+1, true
	} else {
		r.locks[l].rlock(r.d, th)
		r.readers[l]++
		r.write[t] = false
	}
	r.holds[t] = l + 1
}

func TestLockedProgramsAreClean(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		r := newLockedRun()
		for range rapid.IntRange(1, 80).Draw(rt, "steps") {
			r.step(rt, false)
		}
		if rs := r.d.Races(); len(rs) > 0 {
			rt.Fatalf("a properly locked program reported: %v", rs[0])
		}
	})
}

// TestStrayAccessIsFound shows the property above can fail: one access
// outside its lock, somewhere in the middle, races in some generated run.
func TestStrayAccessIsFound(t *testing.T) {
	gen := rapid.Custom(func(rt *rapid.T) int {
		r := newLockedRun()
		n := rapid.IntRange(2, 80).Draw(rt, "steps")
		at := rapid.IntRange(0, n-1).Draw(rt, "stray")
		for i := range n {
			r.step(rt, i == at)
		}
		return len(r.d.Races())
	})
	for seed := range 200 {
		if gen.Example(seed) > 0 {
			return
		}
	}
	t.Fatal("no run of 200 with a stray access was reported")
}
