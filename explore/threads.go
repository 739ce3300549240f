package explore

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
)

// stackSource passes decisions through to inner and, before each, reads
// the stack of every thread that ran since the one before: so at the end it
// holds each thread's stack where it last handed control to the scheduler
// (before the harness steps it ends with, if any).
// With probe set, the run has a crash rule of its own (see probeStacks): its
// decisions are answered "no crash" here and never reach inner, so that the
// stacks are read at every yield point of an unprotected thread, not only
// where the scheduler had a choice.
type stackSource struct {
	inner  sim.Source
	probe  bool
	w      *sim.World // set by the program's first step
	since  int64
	from   int64                   // stacks are read from this step on
	stacks map[int]sim.ThreadStack // by thread id
}

// stackWindow bounds the steps at whose decisions stacks are read: a
// stack trace per thread and decision is cheap over a catalogue run but
// took seconds over a 200,000-step livelock. A thread that last ran before
// the window is still read once, at its first decision, where it is parked.
const stackWindow = 20_000

func (s *stackSource) Choose(d *sim.Decision) (int, error) {
	if s.w != nil && s.w.Step() >= s.from {
		for _, ts := range s.w.StacksSince(s.since) {
			// A thread's harness steps (the wg done of a WaitGroup
			// as it ends) say less than the step before them.
			if old, ok := s.stacks[ts.Thread]; ok && harnessLabel(ts.Label) && !harnessLabel(old.Label) {
				continue
			}
			s.stacks[ts.Thread] = ts
		}
		s.since = s.w.Step()
	}
	if s.probe && d.Kind == sim.DecideFault && d.Label == string(sim.FaultCrash) {
		return 0, nil
	}
	return s.inner.Choose(d)
}

// ThreadBlind forwards the inner source's answer.
func (s *stackSource) ThreadBlind() bool { return sim.IsThreadBlind(s.inner) }

// probeStacks runs res's schedule again, from its decisions, to read each
// thread's stack at its last yield point. It is the same run (the probe's
// own crash decisions all answer no), so its log is res's log; only its
// hash differs, and nothing keeps it.
func (e *explorer) probeStacks(res *sim.Result) map[int]sim.ThreadStack {
	st := &stackSource{inner: sim.Replay(res.Decisions), stacks: map[int]sim.ThreadStack{}, from: res.Steps - stackWindow}
	plan := e.plan
	if plan.Rule(sim.FaultCrash) == nil {
		st.probe = true
		plan.Rules = append(append([]sim.FaultRule(nil), plan.Rules...), sim.FaultRule{Kind: sim.FaultCrash, Rate: 0.5, Budget: 1})
	}
	sim.Run(sim.Options{Source: st, Faults: plan, MaxSteps: e.sc.MaxSteps, Horizon: e.sc.Horizon},
		func(w *sim.World) {
			st.w = w
			e.sc.Program(w, e.variant.Name)
		})
	return st.stacks
}

// threads lists the run's threads for a finding, the ones it is about
// first: each with where it last yielded and, if it stayed blocked, on what.
func (e *explorer) threads(res *sim.Result, v verdict, flip *Flip) []results.Thread {
	stacks := e.probeStacks(res)
	names := map[int]string{}
	exited := map[int]bool{}
	yield := map[int]string{}
	var ids []int
	for _, ev := range res.Log {
		if ev.Kind == sim.EvYield && (!harnessLabel(ev.Label) || yield[ev.Thread] == "") {
			yield[ev.Thread] = ev.Label
		}
		if _, seen := names[ev.Thread]; !seen && ev.Thread >= 0 {
			names[ev.Thread] = ev.Name
			ids = append(ids, ev.Thread)
		}
		exited[ev.Thread] = ev.Kind == sim.EvExit
	}
	involved := map[string]bool{}
	blocked := map[string]sim.BlockedThread{}
	if len(res.Findings) > 0 {
		rf := res.Findings[0]
		involved[rf.Thread] = true
		for _, b := range rf.Blocked {
			involved[b.Name], blocked[b.Name] = true, b
		}
	}
	if flip != nil {
		involved[flip.firstThread], involved[flip.secondThread] = true, true
	}
	if v.stuckOp >= 0 && v.stuckOp < len(res.History) && v.kind == "linearizability" {
		involved[res.History[v.stuckOp].Thread] = true
	}
	var out []results.Thread
	for _, id := range ids {
		name := names[id]
		// Where its stack was last read, or else its last yield point.
		t := results.Thread{Name: name, Involved: involved[name], Exited: exited[id], Yield: yield[id]}
		if st, ok := stacks[id]; ok {
			t.Stack, t.Yield = st.Stack, st.Label
		}
		if b, ok := blocked[name]; ok {
			t.WaitsOn = b.WaitsOn
			if b.Stack != "" {
				t.Stack = b.Stack
			}
		}
		if len(res.Findings) > 0 && res.Findings[0].Thread == name && res.Findings[0].Stack != "" {
			t.Stack = res.Findings[0].Stack // a panic's own stack
		}
		t.At = codeFrame(t.Stack)
		out = append(out, t)
	}
	slices.SortStableFunc(out, func(a, b results.Thread) int {
		switch {
		case a.Involved == b.Involved:
			return 0
		case a.Involved:
			return -1
		}
		return 1
	})
	return out
}

// machinery are the packages whose frames are racelab's or Go's, not the
// code under test.
var machinery = []string{"created by ", "runtime.", "runtime/", "iter.", "sync.", "internal/", "testing.",
	"github.com/racelab/racelab/sim.", "github.com/racelab/racelab/sim/",
	"github.com/racelab/racelab/explore.", "github.com/racelab/racelab/racetest."}

// codeFrame returns "dir/file.go:line" of the first frame of a stack (as
// runtime/debug.Stack prints it) outside the machinery, or "".
func codeFrame(stack string) string {
	lines := strings.Split(stack, "\n")
	for i := 0; i+1 < len(lines); i++ {
		fn := lines[i]
		if fn == "" || strings.HasPrefix(fn, "\t") || strings.HasPrefix(fn, "goroutine ") || !strings.HasPrefix(lines[i+1], "\t") {
			continue
		}
		if slices.ContainsFunc(machinery, func(p string) bool { return strings.HasPrefix(fn, p) }) {
			continue
		}
		loc := strings.TrimSpace(lines[i+1])
		if j := strings.LastIndex(loc, " +0x"); j >= 0 {
			loc = loc[:j]
		}
		dir, file := filepath.Split(loc)
		return filepath.Join(filepath.Base(dir), file)
	}
	return ""
}
