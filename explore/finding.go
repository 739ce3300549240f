package explore

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/racelab/racelab/linearize"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
)

// maxLogLines caps the event log kept in a finding.
const maxLogLines = 5000

// finding turns a failing schedule into a results.Finding: it replays the
// schedule from its decisions (the same run, step for step), shrinks it,
// and gathers the minimal run's log, history, threads and, with a model,
// porcupine's visualization. What the finding says (message, explanation,
// race) is judged on that same run, so that the page never explains one
// run beside the history of another.
func (e *explorer) finding(ctx context.Context, h hit, shrinkBudget time.Duration) results.Finding {
	orig := e.run(sim.Replay(h.decisions), false)
	f := results.Finding{
		Kind:        h.verdict.kind,
		Message:     h.verdict.message,
		Seed:        e.seed,
		Schedule:    h.schedule,
		TraceHash:   sim.FormatHash(orig.Hash),
		Steps:       orig.Steps,
		Explanation: h.verdict.explanation,
		Replay:      e.replayCommand(h.schedule),
		Preemptions: orig.Preemptions(),
		Faults:      orig.Faults,
	}
	f.Trace = sim.Trace{Schema: sim.TraceSchema, Scenario: e.sc.Name, Variant: e.variant.Name, Seed: e.seed, Schedule: h.schedule,
		Strategy: e.strategyName(), Faults: e.plan.String(), Race: e.race, Preempt: e.preempt, Hash: f.TraceHash, Decisions: h.decisions}
	shown := h.decisions
	var flip *Flip
	if shrinkBudget >= 0 {
		want := ""
		if h.verdict.race != nil {
			want = raceIdentity(*h.verdict.race)
		}
		if s, err := e.shrinkAs(ctx, h.decisions, h.schedule, shrinkBudget, want); err == nil {
			f.MinTrace, f.MinSteps, f.Minimal, f.ShrinkRuns = &s.Trace, s.StepsAfter, s.Minimal, s.Runs
			f.MinPreemptions, f.MinFaults = s.PreemptionsAfter, s.FaultsAfter
			f.MinReplay = e.minReplayCommand(s.Trace.Decisions)
			if flip = s.Flip; flip != nil {
				f.Race = flip.Description
			}
			shown = s.Trace.Decisions
		}
	}
	res := e.run(sim.Replay(shown), true)
	if v, err := e.judge(res); err == nil && v.kind != "" {
		if h.verdict.race != nil {
			v = sameRace(v, *h.verdict.race)
		}
		f.Kind, f.Message, f.Explanation = v.kind, v.message, v.explanation
		f.DataRace = accesses(v.race)
		f.Threads = e.threads(res, v, flip)
	}
	for i, ev := range res.Log {
		if i == maxLogLines {
			break
		}
		f.Log = append(f.Log, results.Event{Step: ev.Step, TimeNS: int64(ev.Time), Thread: ev.Name, Kind: ev.Kind.String(), Label: ev.Label, Detail: ev.Detail})
	}
	f.History = e.describeHistory(res.History)
	if len(res.Findings) > 0 {
		f.Cycle = res.Findings[0].Cycle
	}
	if e.sc.Model != nil && res.Err == nil {
		var b bytes.Buffer
		if linearize.Visualize(&b, *e.sc.Model, res.History, linearize.Annotations(res.Log), e.sc.checkTimeout()) == nil {
			f.Visualization = b.String()
		}
	}
	return f
}

// strategyName is the strategy as a trace records it, with its parameter.
func (e *explorer) strategyName() string {
	switch e.strategy {
	case "pct":
		return fmt.Sprintf("pct(depth=%d)", e.depth)
	case "dfs":
		return fmt.Sprintf("dfs(bound=%d)", e.bound)
	}
	return e.strategy
}

// replayCommand is the command line that re-runs schedule i.
func (e *explorer) replayCommand(i int) string {
	cmd := fmt.Sprintf("racelab replay %s:%s --seed %d --schedule %d --strategy %s", e.sc.Name, e.variant.Name, e.seed, i, e.strategy)
	switch {
	case e.strategy == "pct" && e.depth != e.sc.depth():
		cmd += fmt.Sprintf(" --depth %d", e.depth)
	case e.strategy == "dfs" && e.bound != e.sc.bound():
		cmd += fmt.Sprintf(" --bound %d", e.bound)
	}
	return cmd + e.faultsFlag() + e.raceFlag()
}

// minReplayCommand is the command line that re-runs a shrunk trace: its
// choices other than 0 are few, so they fit on the line.
func (e *explorer) minReplayCommand(cs []sim.Choice) string {
	return fmt.Sprintf("racelab replay %s:%s --decisions %s", e.sc.Name, e.variant.Name, FormatDecisions(cs)) + e.faultsFlag() + e.raceFlag()
}

// raceFlag turns the race detector on in a replay when the exploration
// had it and the scenario does not.
func (e *explorer) raceFlag() string {
	s := ""
	if e.race && !e.sc.Race {
		s += " --race"
	}
	if e.preempt {
		s += " --preempt"
	}
	return s
}

func (e *explorer) faultsFlag() string {
	if e.plan.String() != e.sc.Faults.String() {
		p := e.plan.String()
		if p == "" {
			p = "none"
		}
		return fmt.Sprintf(" --faults %q", p)
	}
	return ""
}

// describeHistory describes each operation, with the model's words when
// there is a model.
func (e *explorer) describeHistory(h []sim.Op) []results.Op {
	out := make([]results.Op, len(h))
	for i, op := range h {
		desc := fmt.Sprintf("%v -> %v", op.Input, op.Output)
		if e.sc.Model != nil && e.sc.Model.DescribeOperation != nil && !op.Indeterminate {
			desc = e.sc.Model.DescribeOperation(op.Input, op.Output)
		}
		ret := op.Return
		if op.Indeterminate {
			desc, ret = fmt.Sprintf("%v -> ? (outcome unknown)", op.Input), -1
		}
		out[i] = results.Op{Client: op.Client, Thread: op.Thread, Call: op.Call, Return: ret, Desc: desc}
	}
	return out
}
