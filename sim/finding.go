package sim

import (
	"fmt"
	"strings"

	"github.com/racelab/racelab/sim/race"
)

// FindingKind names what a run found.
type FindingKind string

// The kinds the runtime detects by itself. Other packages add their own
// (linearizability, invariant) with [World.Fail].
const (
	Deadlock  FindingKind = "deadlock"   // every live thread blocked, main included, no timer pending
	Leak      FindingKind = "leak"       // main returned; threads stay blocked forever
	StepLimit FindingKind = "step-limit" // the run took more steps than Options.MaxSteps (a livelock)
	Horizon   FindingKind = "horizon"    // virtual time passed Options.Horizon with threads still blocked
	Panic     FindingKind = "panic"      // a thread panicked
	Misuse    FindingKind = "misuse"     // a primitive was misused as Go itself would crash on
)

// Finding is one failure a run found.
type Finding struct {
	Kind    FindingKind
	Message string // one line
	Thread  string // the thread at fault, when there is one
	Stack   string // its stack, for panics and misuse
	Step    int64  // the step at which it was found
	// Blocked lists, for deadlocks, leaks and horizons, every thread that
	// was still blocked, with what it waited on and its stack.
	Blocked []BlockedThread
	// Cycle is the wait-for cycle of a deadlock, as thread names, first
	// name repeated at the end; nil when there is none.
	Cycle []string
	// Race is, for a DataRace, the two accesses.
	Race *race.Race
}

// BlockedThread describes a thread that never got going again.
type BlockedThread struct {
	Name    string
	WaitsOn string
	Stack   string
}

// String returns the finding's kind and message.
func (f Finding) String() string { return fmt.Sprintf("%s: %s", f.Kind, f.Message) }

// Report returns the finding with every blocked thread's stack, as printed
// when a test fails.
func (f Finding) Report() string {
	var b strings.Builder
	b.WriteString(f.String())
	if f.Thread != "" {
		fmt.Fprintf(&b, "\nthread %s", f.Thread)
	}
	if f.Stack != "" {
		b.WriteString(":\n" + f.Stack)
	}
	for _, bt := range f.Blocked {
		fmt.Fprintf(&b, "\n\nthread %s waits on %s:\n%s", bt.Name, bt.WaitsOn, bt.Stack)
	}
	return b.String()
}
