package sim

import (
	"fmt"
	"sort"
	"strings"
)

// livelockWindow is how many steps before the step limit the loop starts
// counting yield sites, so that a step-limit finding can name the site
// that repeated most without every step of every run paying for a count.
const livelockWindow = 1000

// watch runs for the events of the last livelockWindow steps before the
// step limit: it counts yield sites and, past the limit, ends the run.
func (w *World) watch(t *thread, kind EventKind, label string) {
	if kind == EvYield && t != nil {
		if w.sites == nil {
			w.sites = map[string]int{}
		}
		w.sites[t.name+" at "+label]++
	}
	if w.step > w.opts.MaxSteps && !w.stopping {
		w.stepLimited = true
		w.addFinding(Finding{Kind: StepLimit, Step: w.step,
			Message: fmt.Sprintf("the run passed %d steps without finishing (a livelock?)", w.opts.MaxSteps)})
	}
}

// describeLivelock completes a step-limit finding once the loop has
// stopped: every live thread and what it does (blocked on what, or at
// which yield point it runs), and the yield site repeated most in the last
// steps, which is where the livelock loops.
func (w *World) describeLivelock() {
	f := &w.findings[len(w.findings)-1]
	if f.Kind != StepLimit {
		return
	}
	// No stacks: taking one resumes the thread, and a livelocked thread of
	// translated code may not park again where it was.
	var live []string
	for _, t := range w.liveThreads() {
		b := BlockedThread{Name: t.name, WaitsOn: t.waitDesc}
		if d, ok := t.wait.(interface{ liveDesc() string }); ok && t.state == blocked {
			b.WaitsOn = d.liveDesc()
		}
		if t.state == runnable {
			b.WaitsOn = "nothing: runnable at " + t.label
		}
		f.Blocked = append(f.Blocked, b)
		live = append(live, b.Name+" waits on "+b.WaitsOn)
	}
	sites := make([]string, 0, len(w.sites))
	for s := range w.sites {
		sites = append(sites, s)
	}
	// Most repeated first; ties by name, so the message is the same
	// whatever the map's order.
	sort.Slice(sites, func(i, j int) bool {
		a, b := w.sites[sites[i]], w.sites[sites[j]]
		return a > b || (a == b && sites[i] < sites[j])
	})
	if len(sites) > 0 {
		f.Message += fmt.Sprintf("; the yield site repeated most in the last %d steps: %s (%d times)",
			livelockWindow, sites[0], w.sites[sites[0]])
	}
	f.Message += "; threads: " + strings.Join(live, "; ")
}

// liveThreads returns the threads that have not exited.
func (w *World) liveThreads() []*thread {
	var out []*thread
	for _, t := range w.threads {
		if t.state != exited {
			out = append(out, t)
		}
	}
	return out
}
