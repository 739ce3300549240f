package explore

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
)

// Replayed is one re-run schedule.
type Replayed struct {
	Result *sim.Result
	// Kind and Message describe its finding; Kind is "" for a clean run.
	Kind, Message, Explanation string
	// Trace is the run as a trace file.
	Trace sim.Trace
	// Note, when set, says why the run is not the one a trace recorded.
	Note string
	// Threads are the run's threads, the ones its finding is about first,
	// with where each last yielded; nil for a clean run.
	Threads []results.Thread
}

// Violated reports whether the replayed run failed.
func (r *Replayed) Violated() bool { return r.Kind != "" }

// ReplayTrace re-runs the schedule a trace file records. A trace of an
// unknown scenario or variant is an error, and so is one with a decision the
// program does not ask for there. A trace whose decisions fit but give
// another run than the one recorded (another hash) is replayed as it is,
// with a Note. In both cases the trace was edited, or the program changed
// since it was recorded; the trace cannot tell which, so neither is blamed.
func (c *Catalogue) ReplayTrace(tr *sim.Trace) (*Replayed, error) {
	e, err := c.traceExplorer(tr)
	if err != nil {
		return nil, err
	}
	r, err := e.replay(sim.Replay(tr.Decisions), tr.Schedule)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", err, editedOrChanged)
	}
	if tr.Hash != "" && r.Trace.Hash != tr.Hash {
		r.Note = fmt.Sprintf("the run's hash is %s, the trace recorded %s: %s", r.Trace.Hash, tr.Hash, editedOrChanged)
	}
	r.Trace.Strategy = tr.Strategy
	return r, nil
}

// ReplayDecisions re-runs the schedule of t (with cfg's fault plan) that
// takes the given choices, by decision index, and option 0 everywhere else:
// a shrunk trace's run, from the command line its finding prints.
func ReplayDecisions(t Target, cfg Config, choices map[int]sim.Choice) (*Replayed, error) {
	e, err := newExplorer(t, cfg)
	if err != nil {
		return nil, err
	}
	return e.replay(&sparseSource{choices: choices}, -1)
}

const editedOrChanged = "the trace was edited, or the program changed since it was recorded"

// RetryTrace re-runs a trace saved by an earlier version of a program: it
// follows the recorded decisions as far as they fit the program as it is now
// and then takes option 0 (no preemption, no fault). It is how saved traces
// are tried again after a change, to learn whether the bug is gone.
func (c *Catalogue) RetryTrace(tr *sim.Trace) (*Replayed, error) {
	e, err := c.traceExplorer(tr)
	if err != nil {
		return nil, err
	}
	return e.replay(sim.Guided(tr.Decisions), tr.Schedule)
}

// traceExplorer is the explorer of the variant and fault plan a trace names.
func (c *Catalogue) traceExplorer(tr *sim.Trace) (*explorer, error) {
	t, err := c.Resolve([]string{tr.Scenario + ":" + tr.Variant})
	if err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	plan, err := sim.ParseFaultPlan(tr.Faults)
	if err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	return newExplorer(t[0], Config{Faults: &plan, Seed: tr.Seed, Race: tr.Race, PreemptAccesses: tr.Preempt})
}

// ReplaySchedule re-runs schedule i of the exploration cfg describes.
func ReplaySchedule(t Target, cfg Config, i int) (*Replayed, error) {
	if i < 0 {
		return nil, fmt.Errorf("schedule %d: must be >= 0", i)
	}
	e, err := newExplorer(t, cfg)
	if err != nil {
		return nil, err
	}
	if e.strategy != "dfs" {
		return e.replay(e.scheduleSource(i), i)
	}
	// dfs: walk the tree to schedule i; each run decides what comes next.
	d := sim.NewDFS(e.bound)
	for n := 0; ; n++ {
		src, ok := d.Next()
		if !ok {
			return nil, fmt.Errorf("schedule %d: dfs with bound %d has only %d schedules", i, e.bound, n)
		}
		if n == i {
			return e.replay(src, i)
		}
		e.run(src, false)
	}
}

func (e *explorer) replay(src sim.Source, schedule int) (*Replayed, error) {
	res := e.run(src, true)
	v, err := e.judge(res)
	if err != nil {
		return nil, err
	}
	var threads []results.Thread
	if v.kind != "" {
		threads = e.threads(res, v, nil)
	}
	return &Replayed{Result: res, Kind: v.kind, Message: v.message, Explanation: v.explanation, Threads: threads,
		Trace: sim.Trace{Schema: sim.TraceSchema, Scenario: e.sc.Name, Variant: e.variant.Name, Seed: e.seed, Schedule: schedule,
			Strategy: e.strategyName(), Faults: e.plan.String(), Race: e.race, Preempt: e.preempt, Hash: sim.FormatHash(res.Hash), Decisions: res.Decisions}}, nil
}

// ParseShard reads "i/n" (1-based, as CI matrices count) into a 0-based
// shard and a count.
func ParseShard(s string) (shard, shards int, err error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return 0, 0, fmt.Errorf("shard %q: want i/n with 1 <= i <= n", s)
	}
	return i - 1, n, nil
}
