package time

import (
	"time"

	"github.com/racelab/racelab/rt/internal/world"
	"github.com/racelab/racelab/rt/lang"
	"github.com/racelab/racelab/sim"
)

// Timer is time.Timer for translated code, with Go 1.23+ semantics: C is
// unbuffered to the program (Len and Cap are 0), and after Stop or Reset
// returns no tick of the earlier setting is received. Under a World it runs
// on the virtual clock: the tick is delivered by a thread the timer starts
// when it fires, so a firing timer races the program's goroutines as in Go.
// A Timer made outside a World is a real time.Timer, even if used under
// one later (which then reports an uncontrolled wait).
type Timer struct {
	C lang.Chan[Time]
	s *simTimer
	r *time.Timer
}

// simTimer is a timer of one World. gen numbers its settings:
// Stop and Reset bump it, so the thread of an earlier setting, started but
// not yet run, does nothing.
type simTimer struct {
	w       *sim.World
	name    string
	c       lang.Chan[Time] // nil for AfterFunc
	f       func()          // AfterFunc's function
	gen     int
	pending bool // armed and not yet delivered
	t       *sim.Timer
}

func (s *simTimer) arm(d Duration) {
	s.gen++
	g := s.gen
	s.pending = true
	s.t = s.w.AfterFunc(s.name, d, func() { s.fire(g) })
}

// fire runs in the thread the sim timer started.
func (s *simTimer) fire(g int) {
	if g != s.gen {
		return
	}
	s.pending = false
	if s.f != nil {
		_, st := world.Get()
		st.Live++
		defer func() { st.Live-- }()
		s.f()
		return
	}
	s.c.Offer(s.w.Now())
}

// stop cancels the current setting and reports whether it was still to be
// delivered (for a channel timer, delivered means received).
func (s *simTimer) stop() bool {
	was := s.pending
	s.gen++
	s.pending = false
	if s.t != nil {
		s.t.Stop() // a yield point: after gen moved, so a racing fire is void
		s.t = nil
	}
	if !s.c.IsNil() && s.c.Drain() {
		was = true
	}
	return was
}

func newSimTimer(w *sim.World, kind string, skip int) *simTimer {
	return &simTimer{w: w, name: kind + "@" + world.Site(skip+1)}
}

// NewTimer returns a Timer that sends the current time on C after d.
func NewTimer(d Duration) *Timer { return newTimer(d, 1) }

func newTimer(d Duration, skip int) *Timer {
	w := sim.Current()
	if w == nil {
		r := time.NewTimer(d)
		return &Timer{C: lang.FromChan(r.C), r: r}
	}
	s := newSimTimer(w, "timer", skip+1)
	s.c = lang.TimerChan[Time](s.name)
	s.arm(d)
	return &Timer{C: s.c, s: s}
}

// AfterFunc waits for d and then calls f in its own goroutine; the Timer's
// C is nil and Stop reports whether it kept f from starting.
func AfterFunc(d Duration, f func()) *Timer {
	w := sim.Current()
	if w == nil {
		return &Timer{r: time.AfterFunc(d, f)}
	}
	s := newSimTimer(w, "afterfunc", 1)
	s.f = f
	s.arm(d)
	return &Timer{s: s}
}

// After waits for d and then sends the current time on the returned
// channel, as NewTimer(d).C.
func After(d Duration) lang.Chan[Time] {
	if sim.Current() == nil {
		return lang.FromChan(time.After(d))
	}
	return newTimer(d, 1).C
}

// Stop prevents the timer from firing and reports whether it did so: false
// when it had already expired (its tick received, its function started) or
// been stopped.
func (t *Timer) Stop() bool {
	if t.r != nil {
		return t.r.Stop()
	}
	return t.s.stop()
}

// Reset changes the timer to expire after d and reports whether it had been
// active, as Stop would have.
func (t *Timer) Reset(d Duration) bool {
	if t.r != nil {
		return t.r.Reset(d)
	}
	was := t.s.stop()
	t.s.arm(d)
	return was
}
