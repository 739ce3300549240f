package sim

import "fmt"

// Replay returns a source that makes exactly the recorded choices. A run
// that asks for a different kind of decision, a different number of options,
// or more decisions than were recorded has diverged from the trace: the run
// stops with an error naming the first divergent decision.
func Replay(choices []Choice) Source { return &replay{choices: choices, strict: true} }

// Guided returns a source that follows choices as far as they fit and then
// takes option 0 (no preemption, no fault). Where a recorded choice does not
// fit the decision asked, it takes the nearest option that does. The
// shrinker uses it to run edited traces.
func Guided(choices []Choice) Source { return &replay{choices: choices} }

type replay struct {
	choices []Choice
	pos     int
	strict  bool
}

func (r *replay) Choose(d *Decision) (int, error) {
	i := r.pos
	r.pos++
	if i >= len(r.choices) {
		if r.strict {
			return 0, fmt.Errorf("replay: the run diverges from the trace at decision %d: the trace has %d decisions, the run asks for a %v decision among %d", i, len(r.choices), d.Kind, d.N)
		}
		return 0, nil
	}
	c := r.choices[i]
	if c.Kind != d.Kind || int(c.N) != d.N {
		if r.strict {
			return 0, fmt.Errorf("replay: the run diverges from the trace at decision %d: the trace has %v, the run asks for a %v decision among %d", i, c, d.Kind, d.N)
		}
		if c.Kind != d.Kind {
			return 0, nil
		}
		return min(int(c.Choice), d.N-1), nil
	}
	return int(c.Choice), nil
}

// ThreadBlind reports true: Choose never reads Decision.Threads.
func (r *replay) ThreadBlind() bool { return true }
