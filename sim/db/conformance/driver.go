package conformance

import (
	"fmt"
	"time"

	"github.com/racelab/racelab/sim/db"
)

// session runs one connection's steps.
type session interface {
	do(s Step, level db.Isolation) Result
}

// lockWaiter is a session that can ask its server whether its statement is
// waiting for a lock, so that a statement a loaded machine slowed past the
// window is not taken for a blocked one.
type lockWaiter interface {
	waitingForLock() bool
}

// threads is how the driver runs a goroutine per connection: real ones, or
// a World's threads on its virtual clock.
type threads interface {
	spawn(name string, fn func())
	pipe(name string) pipe
}

// pipe is a channel of capacity one.
type pipe interface {
	send(v any)
	recv(d time.Duration) (any, bool) // d < 0: no limit
}

// drive runs the steps of c on sessions, one thread per connection, and
// returns what each step observed. A step that has not returned within
// window is blocked; the driver goes on with the next step and collects it
// later: before the next step of its connection (waiting up to patience),
// after every later step (up to window), and at the end.
func drive(t threads, sessions []session, c Case, level db.Isolation, window, patience time.Duration) []Result {
	in := make([]pipe, len(sessions))
	out := make([]pipe, len(sessions))
	for i, s := range sessions {
		in[i], out[i] = t.pipe(fmt.Sprintf("c%d in", i)), t.pipe(fmt.Sprintf("c%d out", i))
		t.spawn(fmt.Sprintf("c%d", i), func() {
			for {
				v, _ := in[i].recv(-1)
				st, ok := v.(Step)
				if !ok {
					return
				}
				out[i].send(s.do(st, level))
			}
		})
	}
	results := make([]Result, len(c.Steps))
	pending := make([]int, len(sessions))
	for i := range pending {
		pending[i] = -1
	}
	collect := func(conn int, d time.Duration) bool {
		v, ok := out[conn].recv(d)
		if !ok {
			return false
		}
		r := v.(Result)
		r.Blocked = results[pending[conn]].Blocked
		results[pending[conn]] = r
		pending[conn] = -1
		return true
	}
	stuck := false
	for i, s := range c.Steps {
		if pending[s.Conn] >= 0 && !collect(s.Conn, patience) {
			results[pending[s.Conn]].Err = "never returned"
			stuck = true
			break
		}
		in[s.Conn].send(s)
		pending[s.Conn] = i
		if !collect(s.Conn, window) && !slowButRunning(sessions[s.Conn], func(d time.Duration) bool { return collect(s.Conn, d) }, patience) {
			results[i].Blocked = true
		}
		for o := range sessions {
			if o != s.Conn && pending[o] >= 0 {
				collect(o, window)
			}
		}
	}
	for o := range sessions {
		if pending[o] >= 0 && !stuck && !collect(o, patience) {
			results[pending[o]].Err = "never returned"
			stuck = true
		}
	}
	if !stuck {
		for i := range sessions {
			in[i].send(nil)
		}
	}
	return results
}

// cols are the columns an update may set, in the order statements list
// them.
var cols = []string{"state", "a", "b"}

func level(s Step, l db.Isolation) db.Isolation {
	if s.Iso == Level {
		return l
	}
	return s.Iso
}

// slowButRunning reports whether a step past its window returned after
// all, its server saying all along that it was not waiting for a lock.
func slowButRunning(s session, collect func(time.Duration) bool, patience time.Duration) bool {
	lw, ok := s.(lockWaiter)
	if !ok {
		return false
	}
	for waited := time.Duration(0); waited < patience; waited += 20 * time.Millisecond {
		if lw.waitingForLock() {
			return false
		}
		if collect(20 * time.Millisecond) {
			return true
		}
	}
	return false
}
