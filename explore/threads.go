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
// holds each thread's stack where it last handed control to the scheduler.
// It is used on the one run a finding shows.
type stackSource struct {
	inner  sim.Source
	w      *sim.World // set by the program's first step
	since  int64
	stacks map[int]string // by thread id
}

func (s *stackSource) Choose(d *sim.Decision) (int, error) {
	if s.w != nil {
		for _, ts := range s.w.StacksSince(s.since) {
			s.stacks[ts.Thread] = ts.Stack
		}
		s.since = s.w.Step()
	}
	return s.inner.Choose(d)
}

// threads lists the run's threads for a finding, the ones it is about
// first: each with where it last yielded and, if it stayed blocked, on what.
func (e *explorer) threads(res *sim.Result, stacks map[int]string, v verdict, flip *Flip) []results.Thread {
	names := map[int]string{}
	var ids []int
	for _, ev := range res.Log {
		if _, seen := names[ev.Thread]; !seen && ev.Thread >= 0 {
			names[ev.Thread] = ev.Name
			ids = append(ids, ev.Thread)
		}
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
		t := results.Thread{Name: name, Involved: involved[name], Stack: stacks[id]}
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
