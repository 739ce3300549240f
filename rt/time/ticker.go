package time

import (
	"time"

	"github.com/racelab/racelab/rt/internal/world"
	"github.com/racelab/racelab/rt/lang"
	"github.com/racelab/racelab/sim"
)

// Ticker is time.Ticker for translated code: C delivers the time every
// period, dropping ticks a slow reader misses; under a World on the virtual
// clock, with Go 1.23+ Stop and Reset semantics as [Timer]. Once the test's
// function has returned (rt/lang.EndMain), a ticker stops after
// [TicksAfterTest] more ticks: a goroutine left looping on one is then
// reported as leaked rather than run for ever.
type Ticker struct {
	C lang.Chan[Time]
	s *simTicker
	r *time.Ticker
}

// TicksAfterTest is how many more ticks a ticker delivers once the test's
// function has returned (rt/lang.EndMain): enough for a goroutine that
// finishes its work a few ticks later, while one that loops on the ticker
// for ever is then left blocked and reported as leaked.
const TicksAfterTest = 100

// simTicker is a ticker of one World: one thread that waits a period on
// its control channel, delivers a tick when the wait times out, and
// re-reads its setting when poked by Stop or Reset. (A thread per tick,
// as a Timer fires, would make a long run's thread list grow without end.)
type simTicker struct {
	w       *sim.World
	name    string
	c       lang.Chan[Time]
	ctl     *sim.Chan[struct{}]
	period  Duration
	gen     int  // bumped by Stop and Reset
	stopped bool // by Stop
	running bool // the thread exists
}

func (s *simTicker) start() {
	s.running = true
	s.w.Go(s.name, s.run)
}

func (s *simTicker) run() {
	defer func() { s.running = false }()
	_, st := world.Get()
	late := 0 // ticks since the test's function returned
	for {
		g := s.gen
		_, _, timedOut := s.ctl.RecvTimeout(s.period)
		if st.MainDone {
			late++
		}
		switch {
		case s.stopped || late > TicksAfterTest:
			return
		case timedOut && s.gen == g:
			s.c.Offer(s.w.Now())
		}
	}
}

// stop cancels the current setting; no tick of it is received after.
func (s *simTicker) stop() {
	s.gen++
	s.c.Drain()
	if s.running {
		s.ctl.Offer(struct{}{})
	}
}

// NewTicker returns a Ticker with period d. It panics if d <= 0, with Go's
// message.
func NewTicker(d Duration) *Ticker { return newTicker(d, 1) }

func newTicker(d Duration, skip int) *Ticker {
	if d <= 0 {
		panic("non-positive interval for NewTicker")
	}
	w := sim.Current()
	if w == nil {
		r := time.NewTicker(d)
		return &Ticker{C: lang.FromChan(r.C), r: r}
	}
	s := &simTicker{w: w, name: "ticker@" + world.Site(skip+1), period: d}
	s.c = lang.TimerChan[Time](s.name)
	s.ctl = sim.NewChan[struct{}](w, s.name+" control", 1)
	s.start()
	return &Ticker{C: s.c, s: s}
}

// Tick returns NewTicker(d).C, or a nil channel if d <= 0.
func Tick(d Duration) lang.Chan[Time] {
	if d <= 0 {
		return lang.Chan[Time]{}
	}
	if sim.Current() == nil {
		return lang.FromChan(time.Tick(d))
	}
	return newTicker(d, 1).C
}

// Stop turns the ticker off; no tick is received after it returns.
func (t *Ticker) Stop() {
	if t.r != nil {
		t.r.Stop()
		return
	}
	t.s.stopped = true
	t.s.stop()
}

// Reset stops the ticker and restarts it with period d. It panics if
// d <= 0, with Go's message.
func (t *Ticker) Reset(d Duration) {
	if d <= 0 {
		panic("non-positive interval for Ticker.Reset")
	}
	if t.r != nil {
		t.r.Reset(d)
		return
	}
	t.s.stop()
	t.s.period, t.s.stopped = d, false
	if !t.s.running {
		t.s.start()
	}
}
