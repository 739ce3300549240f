package explore

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/racelab/racelab/sim"
)

// A shrunk trace takes option 0 at nearly every decision, so it is written
// on a command line as its other choices only: "14=p1/3,27=f1/2" (decision
// 14 took option 1 of 3, a preemption; decision 27 injected a fault), or
// "none" when every decision took option 0. Run with sparseSource, those
// choices give the shrunk run exactly: its decisions and its trace hash.

// FormatDecisions writes the choices other than 0 of cs as
// "INDEX=CHOICE,...", or "none".
func FormatDecisions(cs []sim.Choice) string {
	var parts []string
	for i, c := range cs {
		if c.Choice != 0 {
			parts = append(parts, fmt.Sprintf("%d=%s", i, c))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ",")
}

// ParseDecisions reads what FormatDecisions writes.
func ParseDecisions(s string) (map[int]sim.Choice, error) {
	out := map[int]sim.Choice{}
	if s == "none" {
		return out, nil
	}
	for _, part := range strings.Split(s, ",") {
		a, b, ok := strings.Cut(part, "=")
		i, err := strconv.Atoi(a)
		if !ok || err != nil || i < 0 {
			return nil, fmt.Errorf("decisions %q: want INDEX=CHOICE,... (as 14=p1/3) or none", part)
		}
		var c sim.Choice
		if err := c.UnmarshalText([]byte(b)); err != nil {
			return nil, fmt.Errorf("decisions %q: %w", part, err)
		}
		if _, dup := out[i]; dup {
			return nil, fmt.Errorf("decisions %q: decision %d given twice", part, i)
		}
		out[i] = c
	}
	return out, nil
}

// sparseSource takes the given choices at their decisions and option 0 at
// every other; a given choice that does not fit the decision asked is an
// error naming it.
type sparseSource struct {
	choices map[int]sim.Choice
	pos     int
}

func (s *sparseSource) Choose(d *sim.Decision) (int, error) {
	i := s.pos
	s.pos++
	c, ok := s.choices[i]
	if !ok {
		return 0, nil
	}
	if c.Kind != d.Kind || int(c.N) != d.N || int(c.Choice) >= d.N {
		return 0, fmt.Errorf("decisions: decision %d is a %v decision among %d here, not %v", i, d.Kind, d.N, c)
	}
	return int(c.Choice), nil
}

// ThreadBlind reports true: Choose never reads Decision.Threads.
func (s *sparseSource) ThreadBlind() bool { return true }
