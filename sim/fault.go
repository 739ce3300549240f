package sim

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// FaultKind names a kind of fault. The runtime implements FaultSleep and
// FaultCrash at every yield point; backends declare their own kinds at their
// own fault points with [World.FaultPoint].
type FaultKind string

const (
	// FaultSleep delays a thread at a yield point by a virtual duration
	// drawn from the rule's Delays. It is what lets a timer fire while
	// other threads are still mid-work.
	FaultSleep FaultKind = "sleep"
	// FaultCrash stops a thread at a yield point, as a killed worker. Its
	// deferred functions still run (Go cannot skip them) but every sim
	// operation they attempt is refused, so a held Mutex stays held.
	// Backends release what their own rules say dies with the thread
	// (see [World.OnCrash]).
	FaultCrash FaultKind = "crash"
)

// FaultRule enables one kind of fault: at each eligible point it fires with
// probability Rate, at most Budget times per run.
type FaultRule struct {
	Kind   FaultKind
	Rate   float64
	Budget int
	// Delays are the durations a FaultSleep draws from; default
	// DefaultDelays.
	Delays []time.Duration
	_      struct{}
}

// DefaultDelays are the sleep fault's durations when a rule names none.
var DefaultDelays = []time.Duration{time.Millisecond, 10 * time.Millisecond, 100 * time.Millisecond, time.Second}

// FaultPlan is the set of faults a run may inject. The zero plan injects none.
// Rules are consulted in order, and at most one fault fires per point.
type FaultPlan struct {
	Rules []FaultRule
}

// Rule returns the rule for kind, or nil.
func (p FaultPlan) Rule(kind FaultKind) *FaultRule {
	for i := range p.Rules {
		if p.Rules[i].Kind == kind {
			return &p.Rules[i]
		}
	}
	return nil
}

// String formats the plan as ParseFaultPlan reads it.
func (p FaultPlan) String() string {
	parts := make([]string, len(p.Rules))
	for i, r := range p.Rules {
		parts[i] = fmt.Sprintf("%s:%s:%d", r.Kind, strconv.FormatFloat(r.Rate, 'g', -1, 64), r.Budget)
		if len(r.Delays) > 0 {
			ds := make([]string, len(r.Delays))
			for j, d := range r.Delays {
				ds[j] = d.String()
			}
			parts[i] += ":" + strings.Join(ds, "/")
		}
	}
	return strings.Join(parts, ",")
}

// parseDelays reads a sleep rule's delays: durations separated by "/", each
// either one duration ("5ms") or a range MIN-MAX standing for MIN, 10*MIN,
// 100*MIN, ... up to MAX ("1ns-10ms": 1ns, 10ns, ..., 10ms), so that a
// rule can reach down to the scale of a fast ticker.
func parseDelays(s string) ([]time.Duration, error) {
	var out []time.Duration
	for _, item := range strings.Split(s, "/") {
		lo, hi, isRange := strings.Cut(item, "-")
		least, err := time.ParseDuration(lo)
		if err != nil || least <= 0 {
			return nil, fmt.Errorf("delay %q must be a positive duration such as 1ms", lo)
		}
		if !isRange {
			out = append(out, least)
			continue
		}
		most, err := time.ParseDuration(hi)
		if err != nil || most < least {
			return nil, fmt.Errorf("delay range %q: want MIN-MAX with MIN <= MAX, such as 1ns-10ms", item)
		}
		for d := least; d < most; d *= 10 {
			out = append(out, d)
			if d > most/10 {
				break // the next decade passes most (and could overflow)
			}
		}
		if len(out) == 0 || out[len(out)-1] != most {
			out = append(out, most)
		}
	}
	return out, nil
}

// ParseFaultPlan reads a plan written as comma-separated KIND:RATE:BUDGET
// rules, for example "sleep:0.05:3,cache.error:0.2:1". A sleep rule may
// add its delays as a fourth field (see parseDelays): "sleep:0.05:3:1ns-10ms".
// The empty string and "none" give the empty plan.
func ParseFaultPlan(s string) (FaultPlan, error) {
	var p FaultPlan
	if s == "" || s == "none" {
		return p, nil
	}
	for _, part := range strings.Split(s, ",") {
		f := strings.Split(part, ":")
		if len(f) < 3 || len(f) > 4 || f[0] == "" {
			return p, fmt.Errorf("fault rule %q: want KIND:RATE:BUDGET or sleep:RATE:BUDGET:DELAYS", part)
		}
		rate, err := strconv.ParseFloat(f[1], 64)
		if err != nil || rate < 0 || rate > 1 {
			return p, fmt.Errorf("fault rule %q: rate must be a number in [0, 1]", part)
		}
		budget, err := strconv.Atoi(f[2])
		if err != nil || budget < 0 {
			return p, fmt.Errorf("fault rule %q: budget must be a whole number >= 0", part)
		}
		if p.Rule(FaultKind(f[0])) != nil {
			return p, fmt.Errorf("fault rule %q: kind %s given twice", part, f[0])
		}
		rule := FaultRule{Kind: FaultKind(f[0]), Rate: rate, Budget: budget}
		if len(f) == 4 {
			if rule.Kind != FaultSleep {
				return p, fmt.Errorf("fault rule %q: only sleep takes delays", part)
			}
			if rule.Delays, err = parseDelays(f[3]); err != nil {
				return p, fmt.Errorf("fault rule %q: %v", part, err)
			}
		}
		p.Rules = append(p.Rules, rule)
	}
	return p, nil
}
