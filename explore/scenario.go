package explore

import (
	"fmt"
	"strings"
	"time"

	"github.com/anishathalye/porcupine"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
)

// Variant is one form of a scenario's system, with what exploring it must
// show.
type Variant struct {
	Name string
	// Expect is results.Violation or results.Clean.
	Expect string
	// Note says why, in a few words ("the shipped fix still races here").
	Note string
}

// Scenario is a workload run against a system, with its expectations.
type Scenario struct {
	// Name is "system/name".
	Name string
	// Doc is one line saying what the scenario does.
	Doc      string
	Variants []Variant
	// Program runs as the main thread of every schedule. It records client
	// operations with w.Begin/End, and may fail invariants with w.Fail.
	Program func(w *sim.World, variant string)
	// Model, if set, is the sequential specification the history of every
	// schedule must be linearizable against.
	Model *porcupine.Model
	// CheckTimeout bounds each linearizability check; default 5s.
	CheckTimeout time.Duration
	// Faults is the fault plan every schedule runs with.
	Faults sim.FaultPlan
	// Strategy is the default strategy (random, pct or dfs; default
	// random), with its Depth (pct, default 2) and Bound (dfs, default 2).
	Strategy     string
	Depth, Bound int
	// Budget is the default number of schedules; default 1000.
	Budget int
	// MaxSteps bounds every schedule; default sim.DefaultMaxSteps.
	MaxSteps int64
	// Horizon is the virtual time a schedule may reach; default
	// sim.DefaultHorizon.
	Horizon time.Duration
	// Race runs every schedule with sim's data race detector (as
	// Config.Race does).
	Race bool
	// Native, if set, runs the same implementation and workload on real
	// goroutines (sim.RunNative) and returns what went wrong, or ""; with a
	// Model, its recorded history is checked as well. racelab bench uses
	// it to compare with stress testing.
	Native func(rt sim.Runtime, variant string) string
	_      struct{}
}

// Variant returns the named variant.
func (s *Scenario) Variant(name string) (Variant, bool) {
	for _, v := range s.Variants {
		if v.Name == name {
			return v, true
		}
	}
	return Variant{}, false
}

// VariantNames lists the variants' names.
func (s *Scenario) VariantNames() []string {
	names := make([]string, len(s.Variants))
	for i, v := range s.Variants {
		names[i] = v.Name
	}
	return names
}

func (s *Scenario) validate() error {
	system, name, ok := strings.Cut(s.Name, "/")
	switch {
	case !ok || system == "" || name == "" || strings.ContainsAny(s.Name, ": \t"):
		return fmt.Errorf("scenario %q: the name must be system/name, without spaces or colons", s.Name)
	case len(s.Variants) == 0:
		return fmt.Errorf("scenario %s: no variants", s.Name)
	case s.Program == nil:
		return fmt.Errorf("scenario %s: no program", s.Name)
	}
	seen := map[string]bool{}
	for _, v := range s.Variants {
		if v.Name == "" || strings.ContainsAny(v.Name, ": \t") || seen[v.Name] {
			return fmt.Errorf("scenario %s: variant %q is empty, repeated or has a space or colon", s.Name, v.Name)
		}
		seen[v.Name] = true
		if v.Expect != results.Violation && v.Expect != results.Clean {
			return fmt.Errorf("scenario %s: variant %s expects %q, not %s or %s", s.Name, v.Name, v.Expect, results.Violation, results.Clean)
		}
	}
	if _, err := parseStrategy(s.strategy()); err != nil {
		return fmt.Errorf("scenario %s: %w", s.Name, err)
	}
	return nil
}

func (s *Scenario) strategy() string {
	if s.Strategy == "" {
		return "random"
	}
	return s.Strategy
}

func (s *Scenario) budget() int {
	if s.Budget <= 0 {
		return 1000
	}
	return s.Budget
}

func (s *Scenario) depth() int {
	if s.Depth <= 0 {
		return 2
	}
	return s.Depth
}

func (s *Scenario) bound() int {
	if s.Bound == 0 {
		return 2
	}
	return s.Bound
}

func (s *Scenario) checkTimeout() time.Duration {
	if s.CheckTimeout <= 0 {
		return 5 * time.Second
	}
	return s.CheckTimeout
}

// DefaultStrategy returns the strategy the scenario runs with unless told
// otherwise.
func (s *Scenario) DefaultStrategy() string { return s.strategy() }

// DefaultBudget returns the number of schedules the scenario runs unless
// told otherwise.
func (s *Scenario) DefaultBudget() int { return s.budget() }
