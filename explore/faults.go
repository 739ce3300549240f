package explore

import (
	"fmt"
	"slices"
	"strings"

	"github.com/racelab/racelab/sim"
)

// probeRuns is how many schedules CheckFaults runs to find a fault point
// that offers a kind.
const probeRuns = 16

// CheckFaults checks a fault plan meant to replace the plan of every target.
// sleep and crash apply at every yield point; any other kind must be
// offered by a fault point of some target's program, else the rule would
// inject nothing (a typo such as db.disconect would report a buggy variant
// clean): that is an error naming the kind and the kinds the targets' own
// plans use. A kind offered by some targets but not others gives a warning
// per target that does not offer it. Each target is probed with a few
// schedules that inject that kind at its first chance.
func CheckFaults(targets []Target, plan sim.FaultPlan) (warnings []string, err error) {
	for _, r := range plan.Rules {
		if r.Kind == sim.FaultSleep || r.Kind == sim.FaultCrash {
			continue
		}
		var without []string
		for _, t := range targets {
			if !offers(t, r.Kind) {
				without = append(without, t.Name())
			}
		}
		switch {
		case len(without) == len(targets):
			return nil, fmt.Errorf("fault kind %q: no fault point of %s offers it (%s)", r.Kind, describeTargets(targets), knownKinds(targets))
		case len(without) > 0:
			for _, name := range without {
				warnings = append(warnings, fmt.Sprintf("%s: no fault point offers %s; that rule injects nothing there", name, r.Kind))
			}
		}
	}
	return warnings, nil
}

// offers reports whether t's program injects kind when the plan asks for it
// at every chance, in one of a few schedules.
func offers(t Target, kind sim.FaultKind) bool {
	plan := sim.FaultPlan{Rules: []sim.FaultRule{{Kind: kind, Rate: 1, Budget: 1}}}
	e, err := newExplorer(t, Config{Faults: &plan, Strategy: "random"})
	if err != nil {
		return false
	}
	for i := range probeRuns {
		res, ok := e.runWatched(sim.Random(sim.ScheduleSeed(0, i)), e.timeout)
		if ok && res.Faults > 0 {
			return true
		}
	}
	return false
}

func describeTargets(ts []Target) string {
	if len(ts) == 1 {
		return ts[0].Name()
	}
	return fmt.Sprintf("the %d runs", len(ts))
}

// knownKinds lists the kinds the targets' own plans use, as a hint.
func knownKinds(ts []Target) string {
	kinds := []string{string(sim.FaultSleep), string(sim.FaultCrash)}
	for _, t := range ts {
		for _, r := range t.Scenario.Faults.Rules {
			if !slices.Contains(kinds, string(r.Kind)) {
				kinds = append(kinds, string(r.Kind))
			}
		}
	}
	slices.Sort(kinds[2:])
	return "kinds these scenarios use: " + strings.Join(kinds, ", ")
}
