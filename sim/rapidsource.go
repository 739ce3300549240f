package sim

import "pgregory.net/rapid"

// FromRapid returns a source that draws every decision from t, so that
// rapid generates schedules and faults along with the test's other inputs
// and its shrinker minimizes them together: option 0 (no preemption, no
// fault, value 0) is what every draw shrinks towards. Use it only from the
// goroutine running the rapid check, which is where Run makes decisions.
func FromRapid(t *rapid.T) Source { return rapidSource{t} }

type rapidSource struct{ t *rapid.T }

var (
	anyUnit = rapid.Float64Range(0, 1)
)

func (r rapidSource) Choose(d *Decision) (int, error) {
	if d.Kind == DecideFault {
		// Shrinks towards 0: no fault.
		if anyUnit.Draw(r.t, "fault") <= 1-d.Rate {
			return 0, nil
		}
		return rapid.IntRange(1, d.N-1).Draw(r.t, "fault kind"), nil
	}
	return rapid.IntRange(0, d.N-1).Draw(r.t, d.Kind.String()), nil
}

// ThreadBlind reports true: Choose never reads Decision.Threads.
func (r rapidSource) ThreadBlind() bool { return true }
