package explore

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/racelab/racelab/sim"
)

// DefaultShrinkBudget is how long a shrink may take; the best trace found
// by then is kept.
const DefaultShrinkBudget = 10 * time.Second

// Shrunk is a failing schedule made as small as it goes while it still
// fails the same way.
type Shrunk struct {
	// Trace is the minimal trace; it replays to the finding.
	Trace                      sim.Trace
	Kind, Message, Explanation string
	StepsBefore, StepsAfter    int64
	// Preemptions and faults (and decisions overall) before and after.
	PreemptionsBefore, PreemptionsAfter int
	FaultsBefore, FaultsAfter           int
	DecisionsBefore, DecisionsAfter     int
	// Runs is the number of candidate schedules tried.
	Runs int
	// Minimal reports whether the trace is 1-minimal: no single remaining
	// preemption, fault or drawn value can be taken back (set to option 0)
	// without the run passing or failing differently. False when the
	// budget ran out first.
	Minimal bool
	// Flip, if found, is the adjacent pair of steps whose swap makes the
	// run pass.
	Flip *Flip
}

// Flip is the race in one sentence: two steps of different threads whose
// order decides the outcome.
type Flip struct {
	Decision    int    // the decision that orders them
	First       string // "T1 `populate: set state`"
	Second      string
	Description string

	firstThread, secondThread string
}

// shrinker minimizes the decisions of one explorer's schedule.
type shrinker struct {
	e        *explorer
	want     string // the failure's identity
	deadline time.Time
	ctx      context.Context
	runs     int
}

var digits = regexp.MustCompile(`[0-9]+`)

// identity says what "fails the same way" means: the same kind; for
// linearizability the same operation that cannot be placed; for an
// invariant the same message but for its numbers.
func identity(v verdict) string {
	switch v.kind {
	case "":
		return ""
	case "linearizability":
		return v.kind + ": " + v.stuck
	case "invariant":
		return v.kind + ": " + digits.ReplaceAllString(v.message, "#")
	case string(sim.DataRace):
		if v.race != nil { // the same pair of sites races
			return raceIdentity(*v.race)
		}
	}
	return v.kind
}

// try runs a candidate and returns the decisions it actually made, and
// whether it failed the same way.
func (s *shrinker) try(cand []sim.Choice) ([]sim.Choice, bool) {
	s.runs++
	res, ok := s.e.runWatched(sim.Guided(cand), s.e.timeout)
	if !ok { // a candidate that hangs: keep the best so far
		s.deadline = time.Time{}
		return nil, false
	}
	v, err := s.e.judge(res)
	if err != nil || (identity(v) != s.want && !hasRace(v, s.want)) {
		return nil, false
	}
	return res.Decisions, true
}

func (s *shrinker) out() bool { return s.ctx.Err() != nil || realNow().After(s.deadline) }

// zeroed returns a copy of cs with the choices at [from, to) set to 0.
func zeroed(cs []sim.Choice, from, to int) []sim.Choice {
	c := append([]sim.Choice(nil), cs...)
	for i := from; i < to && i < len(c); i++ {
		c[i].Choice = 0
	}
	return c
}

func nonzero(cs []sim.Choice) int {
	n := 0
	for _, c := range cs {
		if c.Choice != 0 {
			n++
		}
	}
	return n
}

// smaller orders traces for the shrinker: fewer choices other than 0
// (preemptions, faults, drawn values), then smaller choices, then fewer
// decisions. Accepting only strictly smaller traces is what makes it stop.
func smaller(a, b []sim.Choice) bool {
	if na, nb := nonzero(a), nonzero(b); na != nb {
		return na < nb
	}
	var sa, sb int64
	for _, c := range a {
		sa += int64(c.Choice)
	}
	for _, c := range b {
		sb += int64(c.Choice)
	}
	if sa != sb {
		return sa < sb
	}
	return len(a) < len(b)
}

// minimize shrinks best to a fixpoint: a shorter prefix, chunks of choices
// taken back to 0 (delta debugging, halving the chunk), then single choices
// lowered. It reports whether the last full pass changed nothing.
func (s *shrinker) minimize(best []sim.Choice) ([]sim.Choice, bool) {
	for !s.out() {
		changed := false
		// The shortest prefix that still fails (the rest is option 0).
		lo, hi := 0, len(best)
		for lo < hi && !s.out() {
			mid := (lo + hi) / 2
			if got, ok := s.try(best[:mid]); ok && smaller(got, best) {
				best, hi, changed = got, min(mid, len(got)), true
			} else if ok {
				hi = mid // fails the same way, but runs on to the same trace
			} else {
				lo = mid + 1
			}
		}
		// Take choices back to 0, a chunk at a time.
		for size := max(len(best)/2, 1); size >= 1 && !s.out(); size /= 2 {
			for from := 0; from < len(best) && !s.out(); from += size {
				if nonzero(best[from:min(from+size, len(best))]) == 0 {
					continue
				}
				if got, ok := s.try(zeroed(best, from, from+size)); ok && smaller(got, best) {
					best, changed = got, true
				}
			}
			if size == 1 {
				break
			}
		}
		// Lower what must stay: shorter delays, smaller drawn values.
		for i := 0; i < len(best) && !s.out(); i++ {
			for v := int32(1); v < best[i].Choice && !s.out(); v++ {
				cand := append([]sim.Choice(nil), best...)
				cand[i].Choice = v
				if got, ok := s.try(cand); ok && smaller(got, best) {
					best, changed = got, true
					break
				}
			}
		}
		if !changed {
			return best, true
		}
	}
	return best, false
}

// shrink minimizes a failing schedule's decisions.
func (e *explorer) shrink(ctx context.Context, decisions []sim.Choice, schedule int, budget time.Duration) (*Shrunk, error) {
	return e.shrinkAs(ctx, decisions, schedule, budget, "")
}

// shrinkAs shrinks keeping the failure identified by want; "" is the one
// the schedule is judged by (a run may have several data races, and each
// is shrunk as itself).
func (e *explorer) shrinkAs(ctx context.Context, decisions []sim.Choice, schedule int, budget time.Duration, want string) (*Shrunk, error) {
	if budget <= 0 {
		budget = DefaultShrinkBudget
	}
	before := e.run(sim.Replay(decisions), false)
	v, err := e.judge(before)
	if err != nil {
		return nil, err
	}
	if v.kind == "" {
		return nil, fmt.Errorf("shrink: the trace does not fail")
	}
	if want == "" {
		want = identity(v)
	}
	s := &shrinker{e: e, want: want, deadline: realNow().Add(budget), ctx: ctx}
	best, minimal := s.minimize(before.Decisions)
	r, err := e.replay(sim.Replay(best), schedule)
	if err != nil {
		return nil, err
	}
	out := &Shrunk{Trace: r.Trace, Kind: r.Kind, Message: r.Message, Explanation: r.Explanation,
		StepsBefore: before.Steps, StepsAfter: r.Result.Steps,
		PreemptionsBefore: before.Preemptions(), PreemptionsAfter: r.Result.Preemptions(),
		FaultsBefore: before.Faults, FaultsAfter: r.Result.Faults,
		DecisionsBefore: len(before.Decisions), DecisionsAfter: len(best),
		Runs: s.runs, Minimal: minimal}
	out.Flip = e.flip(r.Result)
	return out, nil
}

// flip looks, from the last, for a switch to another thread whose taking
// back makes the run pass, and names the two steps it orders: the step the
// switch ran first, and the step of the thread it preempted. A pair with a
// step of the harness (a WaitGroup's add or wait, a quiesce: how a program
// starts and waits for its threads) does not explain the race; it is passed
// over for the next.
//
// A timer preemption is a switch too: the timer that fired while threads
// were runnable, against the next step of the thread it overtook.
func (e *explorer) flip(res *sim.Result) *Flip {
	for k := len(res.Decisions) - 1; k >= 0; k-- {
		c := res.Decisions[k]
		timer := c.Kind == sim.DecideTimer
		if (c.Kind != sim.DecideThread && !timer) || !c.Default || c.Choice == 0 {
			continue
		}
		step := res.DecisionSteps[k]
		first, preempted := stepAfter(res.Log, step, -1), -1
		for i := len(res.Log) - 1; i >= 0; i-- {
			ev := res.Log[i]
			if ev.Step <= step && ranHere(ev) {
				preempted = ev.Thread
				break
			}
		}
		var fired *sim.Event
		if timer {
			fired = timerAfter(res.Log, step)
		}
		second := stepAfter(res.Log, step, preempted)
		if (timer && fired == nil) || first == nil || second == nil || (!timer && harnessStep(res.Log, first)) || harnessStep(res.Log, second) {
			continue
		}
		passed, ok := e.runWatched(sim.Guided(zeroed(res.Decisions, k, k+1)), e.timeout)
		if !ok {
			return nil
		}
		if v, err := e.judge(passed); err != nil || v.kind != "" {
			continue
		}
		f := &Flip{Decision: k, First: describeStep(res.Log, first), Second: describeStep(res.Log, second),
			firstThread: first.Name, secondThread: second.Name}
		f.Description = fmt.Sprintf("the race is: %s runs before %s", f.First, f.Second)
		if timer {
			f.First, f.firstThread = describeTimer(fired), fired.Name
			f.Description = fmt.Sprintf("the race is: %s fires before %s", f.First, f.Second)
		}
		return f
	}
	return nil
}

// timerAfter returns the event of the timer fired right after step: its
// own (a channel timer or an AfterFunc), or the wake of the thread whose
// sleep or timeout it was.
func timerAfter(log []sim.Event, step int64) *sim.Event {
	for i := range log {
		if ev := &log[i]; ev.Step > step {
			if ev.Kind == sim.EvTimer || ev.Kind == sim.EvWake {
				return ev
			}
			return nil
		}
	}
	return nil
}

// describeTimer names a fired timer: "timer `after 1s`", or for a thread's
// sleep or timeout "timer of reader `sleep 10ms`".
func describeTimer(ev *sim.Event) string {
	if ev.Kind == sim.EvTimer {
		return fmt.Sprintf("timer `%s`", ev.Label)
	}
	return fmt.Sprintf("timer of %s `%s`", ev.Name, ev.Detail)
}

// harnessStep reports whether a step is one of the harness's: a
// WaitGroup's add or wait, or a quiesce (a thread's start counts as the
// operation it starts with).
func harnessStep(log []sim.Event, ev *sim.Event) bool {
	if ev.Kind == sim.EvStart {
		if next := stepAfter(log, ev.Step, ev.Thread); next != nil && next.Kind == sim.EvYield {
			ev = next
		}
	}
	return harnessLabel(ev.Label)
}

// harnessLabel reports whether a yield point's label is a WaitGroup's add
// or done, its wait, or a quiesce.
func harnessLabel(label string) bool {
	return strings.HasPrefix(label, "wg add ") || strings.HasPrefix(label, "wg done ") || strings.HasPrefix(label, "wg wait ") || label == "quiesce"
}

// ranHere reports whether the event is logged by the thread that runs.
func ranHere(ev sim.Event) bool {
	switch ev.Kind {
	case sim.EvYield, sim.EvStart, sim.EvBegin, sim.EvEnd, sim.EvFault:
		return true
	}
	return false
}

// stepAfter returns the first run (or start) event after step, of thread
// (any thread when thread < 0).
func stepAfter(log []sim.Event, step int64, thread int) *sim.Event {
	for i := range log {
		ev := &log[i]
		if ev.Step > step && (ev.Kind == sim.EvYield || ev.Kind == sim.EvStart) && (thread < 0 || ev.Thread == thread) {
			return ev
		}
	}
	return nil
}

// describeStep names a step; a thread's start is named by the first
// operation it runs.
func describeStep(log []sim.Event, ev *sim.Event) string {
	if ev.Kind == sim.EvStart {
		if next := stepAfter(log, ev.Step, ev.Thread); next != nil && next.Kind == sim.EvYield {
			return fmt.Sprintf("%s (starting) `%s`", ev.Name, next.Label)
		}
	}
	return fmt.Sprintf("%s `%s`", ev.Name, ev.Label)
}

// ShrinkTrace minimizes a trace of a catalogue scenario, within budget.
func (c *Catalogue) ShrinkTrace(ctx context.Context, tr *sim.Trace, budget time.Duration) (*Shrunk, error) {
	e, err := c.traceExplorer(tr)
	if err != nil {
		return nil, err
	}
	if r := e.run(sim.Replay(tr.Decisions), false); r.Err != nil {
		return nil, fmt.Errorf("trace: %w", r.Err)
	}
	s, err := e.shrink(ctx, tr.Decisions, tr.Schedule, budget)
	if err != nil {
		return nil, err
	}
	s.Trace.Strategy = tr.Strategy
	return s, nil
}
