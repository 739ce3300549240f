package time

import (
	"time"

	"github.com/racelab/racelab/sim"
)

// Now returns the current time: the World's virtual time (sim.Epoch plus
// the time the run has taken) under a World, the wall clock outside one.
// Virtual times carry no monotonic reading.
func Now() Time {
	if w := sim.Current(); w != nil {
		return w.Now()
	}
	return time.Now()
}

// Since returns the time elapsed since t, Now().Sub(t).
func Since(t Time) Duration { return Now().Sub(t) }

// Until returns the duration until t, t.Sub(Now()).
func Until(t Time) Duration { return t.Sub(Now()) }

// Sleep pauses the calling goroutine for at least d; under a World, d of
// virtual time, which costs no wall time. It is a yield point even when
// d <= 0.
func Sleep(d Duration) {
	if w := sim.Current(); w != nil {
		w.Sleep(d)
		return
	}
	time.Sleep(d)
}
