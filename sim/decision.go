package sim

import (
	"fmt"
	"strconv"
	"strings"
)

// DecisionKind says what a decision chooses.
type DecisionKind uint8

const (
	// DecideThread picks the next thread among the runnable ones.
	DecideThread DecisionKind = iota
	// DecideSelect picks one of several ready cases of a select.
	DecideSelect
	// DecideFault decides whether a fault fires at a fault point (0: no).
	DecideFault
	// DecideValue draws a value for the code under test ([World.Intn]).
	DecideValue
	// DecideTimer decides, at a yield point where a thread is runnable and
	// a timer is pending, whether the earliest timer fires now (1) or the
	// threads go on (0): a timer preemption. Firing advances the clock to
	// the timer's deadline, never past it and never back: the runnable
	// threads were merely slow.
	DecideTimer
	// DecideWake picks which of a Mutex's waiters an Unlock wakes (option
	// 0: the one that waited longest).
	DecideWake
)

// String returns the kind's name.
func (k DecisionKind) String() string {
	switch k {
	case DecideThread:
		return "thread"
	case DecideSelect:
		return "select"
	case DecideFault:
		return "fault"
	case DecideValue:
		return "value"
	case DecideTimer:
		return "timer"
	case DecideWake:
		return "wake"
	}
	return fmt.Sprintf("DecisionKind(%d)", uint8(k))
}

// Decision is one choice the World asks its Source to make: pick an option
// in [0, N). N is always at least 2; a choice with one option is not asked.
//
// Options are ordered so that 0 is the least disruptive one: continue the
// current thread (when Default is set), inject no fault, the first ready
// case, the value 0. Sources that shrink (rapid) or bound (dfs) rely on this.
type Decision struct {
	Kind DecisionKind
	N    int
	// Default reports whether option 0 is a "do nothing special" option:
	// for DecideThread, the current thread is runnable and option 0
	// continues it (any other choice is a preemption); for DecideFault,
	// option 0 is "no fault"; for DecideTimer, option 0 is "no timer
	// fires".
	Default bool
	// Rate is, for DecideFault, the probability the fault plan gives to
	// injecting (any option but 0); for DecideTimer, Options.TimerRate.
	// Zero for other kinds.
	Rate float64
	// Threads holds, for DecideThread, the ids of the threads behind the
	// options, in option order. Valid only during Choose. It is nil for
	// a [ThreadBlind] source, which says it does not read it.
	Threads []int
	// Label names the yield point or fault kind, for sources that log.
	Label string
}

// Source makes every decision of a run. One Source serves one run; it is used
// only from the goroutine that called [Run].
type Source interface {
	// Choose returns an option in [0, d.N). An error aborts the run (a
	// replayed trace that does not fit the program, for example) and is
	// returned as Result.Err.
	Choose(d *Decision) (int, error)
}

// ThreadBlind is the optional method by which a Source says that its Choose
// never reads Decision.Threads: it picks a thread by option index alone (N
// and Default are all it needs). For such a source the World does not copy
// the runnable threads' ids at every thread decision, a cost that grows
// with the number of threads, and Threads is nil. The decisions, the log
// and the hash are the same either way. A Source without the method, or
// whose method returns false, is given the list as always, so a custom
// source keeps working unchanged. Random, DFS's, Replay, Guided and
// FromRapid are thread-blind; PCT is not (it keeps priorities by thread).
// A source that wraps another should answer [IsThreadBlind] of the inner one.
type ThreadBlind interface {
	ThreadBlind() bool
}

// IsThreadBlind reports whether src says it never reads Decision.Threads.
func IsThreadBlind(src Source) bool {
	b, ok := src.(ThreadBlind)
	return ok && b.ThreadBlind()
}

// Choice is one recorded decision: its kind, its number of options, the
// option taken, and Decision.Default. It is written in traces as "t1/3": a
// letter, the choice, N. The letters: t (thread), p (thread, where option 0
// continues the current one, so any other choice is a preemption), s
// (select), f (fault), v (value), c (timer: the clock jumps to the earliest
// timer, "c1/2"), w (wake: which waiter an Unlock wakes).
type Choice struct {
	Kind    DecisionKind
	Default bool
	N       int32 // 12 bytes in all: a trace of a long run stays small
	Choice  int32
}

// letters maps a letter to its kind and Default flag.
var letters = []struct {
	letter byte
	kind   DecisionKind
	dflt   bool
}{{'t', DecideThread, false}, {'p', DecideThread, true}, {'s', DecideSelect, false}, {'f', DecideFault, true}, {'v', DecideValue, false}, {'c', DecideTimer, true}, {'w', DecideWake, false}}

// String formats the choice as in a trace file.
func (c Choice) String() string {
	l := byte('?')
	for _, e := range letters {
		if e.kind == c.Kind && e.dflt == c.Default {
			l = e.letter
		}
	}
	return fmt.Sprintf("%c%d/%d", l, c.Choice, c.N)
}

// parseChoice is the inverse of Choice.String.
func parseChoice(s string) (Choice, error) {
	if len(s) < 4 { // the shortest is "t0/2"
		return Choice{}, fmt.Errorf("decision %q: too short", s)
	}
	var c Choice
	found := false
	for _, e := range letters {
		if s[0] == e.letter {
			c.Kind, c.Default, found = e.kind, e.dflt, true
		}
	}
	if !found {
		return Choice{}, fmt.Errorf("decision %q: unknown kind %q", s, s[0])
	}
	choice, n, ok := strings.Cut(s[1:], "/")
	ch, err1 := strconv.ParseInt(choice, 10, 32)
	nn, err2 := strconv.ParseInt(n, 10, 32)
	c.Choice, c.N = int32(ch), int32(nn)
	if !ok || err1 != nil || err2 != nil {
		return Choice{}, fmt.Errorf("decision %q: want <kind><choice>/<n>", s)
	}
	if c.N < 2 || c.Choice < 0 || c.Choice >= c.N {
		return Choice{}, fmt.Errorf("decision %q: choice out of range", s)
	}
	if want := c.String(); want != s {
		return Choice{}, fmt.Errorf("decision %q: not canonical (want %q)", s, want)
	}
	return c, nil
}
