package mutate

import (
	"context"
	"time"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
)

// Request is what a worker process is asked to do with the catalogue it was
// built with (the original's, or a mutant's).
type Request struct {
	// Targets are the clean scenario variants to explore, "scenario:variant".
	Targets []string `json:"targets"`
	// Seeds are the start seeds; a mutant is killed when every one finds a
	// violation.
	Seeds []uint64 `json:"seeds"`
	// Schedules is the budget of each exploration; 0: each scenario's own.
	Schedules int `json:"schedules,omitempty"`
	// Fingerprints, if positive, bounds the schedules of each target
	// compared with the original's; 0: the whole exploration of the first
	// seed, so that equivalent means no schedule of it differs.
	Fingerprints int `json:"fingerprints,omitempty"`
	// Original holds the original's schedule hashes per target; when the
	// mutant's are the same, it is equivalent by test and not explored.
	// Nil for the original itself.
	Original map[string][]string `json:"original,omitempty"`
	// TimeMS bounds the whole request.
	TimeMS int64 `json:"time_ms"`
}

// Response is what a worker found.
type Response struct {
	Fingerprints map[string][]string `json:"fingerprints"`
	Equivalent   bool                `json:"equivalent,omitempty"`
	Seeds        []SeedResult        `json:"seeds"`
	TimedOut     bool                `json:"timed_out,omitempty"`
	Error        string              `json:"error,omitempty"`
}

// SeedResult is the exploration from one start seed.
type SeedResult struct {
	Seed   uint64 `json:"seed"`
	Killed bool   `json:"killed"`
	// Target found the violation after Schedules schedules (of that
	// target's exploration).
	Target    string `json:"target,omitempty"`
	Schedules int    `json:"schedules,omitempty"`
	Kind      string `json:"kind,omitempty"`
	Message   string `json:"message,omitempty"`
}

// Work answers a request in the process of a racelab command built with the
// code to test (racelab mutate --worker runs it). It explores the targets
// one after the other, from each seed in turn, and stops at the first seed
// that finds nothing: the mutant has survived.
func Work(ctx context.Context, cat *explore.Catalogue, req Request) Response {
	ctx, cancel := context.WithTimeout(ctx, time.Duration(req.TimeMS)*time.Millisecond)
	defer cancel()
	targets, err := cat.Resolve(req.Targets)
	if err != nil {
		return Response{Error: err.Error()}
	}
	if len(targets) == 0 {
		return Response{Error: "no scenario to explore"}
	}
	var resp Response
	if len(req.Seeds) > 0 {
		resp.Fingerprints = map[string][]string{}
		differs := req.Original == nil
		for _, t := range targets {
			n := req.Schedules
			if n <= 0 {
				n = t.Scenario.DefaultBudget()
			}
			if req.Fingerprints > 0 {
				n = min(n, req.Fingerprints)
			}
			fps, d := fingerprints(t, req.Seeds[0], n, req.Original)
			resp.Fingerprints[t.Name()] = fps
			if d {
				differs = true
				break
			}
		}
		if !differs {
			resp.Equivalent = true
			return resp
		}
	}
	first := 0 // the target that killed at the last seed goes first
	for _, seed := range req.Seeds {
		sr := SeedResult{Seed: seed}
		order := append([]explore.Target{targets[first]}, append(append([]explore.Target(nil), targets[:first]...), targets[first+1:]...)...)
		for _, t := range order {
			run, err := explore.Explore(ctx, t, explore.Config{Seed: seed, Schedules: req.Schedules, Workers: 1, ShrinkBudget: -1})
			if err != nil {
				resp.Error = t.Name() + ": " + err.Error()
				return resp
			}
			if run.Verdict == results.Violation && len(run.Findings) > 0 {
				f := run.Findings[0]
				sr = SeedResult{Seed: seed, Killed: true, Target: t.Name(), Schedules: run.Schedules, Kind: f.Kind, Message: f.Message}
				for i, u := range targets {
					if u.Name() == t.Name() {
						first = i
					}
				}
				break
			}
			if ctx.Err() != nil {
				resp.TimedOut = true
				break
			}
		}
		resp.Seeds = append(resp.Seeds, sr)
		if !sr.Killed {
			break
		}
	}
	return resp
}

// fingerprints identifies the first n schedules of a target's exploration
// from seed by what a client observes in each (historyHash): schedule i is
// run with the same source as the original's schedule i (the same schedule
// seed; for dfs, the same walk of the tree). Given the original's, it stops
// at the first schedule whose history differs and reports it.
func fingerprints(t explore.Target, seed uint64, n int, original map[string][]string) ([]string, bool) {
	sc, v := t.Scenario, t.Variant.Name
	orig, compare := original[t.Name()]
	if original != nil && !compare {
		return nil, true
	}
	var out []string
	add := func(h string) bool {
		out = append(out, h)
		i := len(out) - 1
		return compare && (i >= len(orig) || orig[i] != h)
	}
	run := func(src sim.Source, pool *sim.Pool) string {
		return historyHash(sim.Run(sim.Options{Source: src, Faults: sc.Faults, MaxSteps: sc.MaxSteps, NoLog: true, Pool: pool},
			func(w *sim.World) { sc.Program(w, v) }))
	}
	pool := sim.NewPool()
	defer pool.Close()
	switch sc.DefaultStrategy() {
	case "pct":
		for i := range n {
			r, err := explore.ReplaySchedule(t, explore.Config{Seed: seed}, i)
			if err != nil {
				break
			}
			if add(historyHash(r.Result)) {
				return out, true
			}
		}
	case "dfs":
		bound := sc.Bound
		if bound == 0 {
			bound = 2 // the engine's default
		}
		d := sim.NewDFS(bound)
		for range n {
			src, ok := d.Next()
			if !ok {
				break
			}
			if add(run(src, pool)) {
				return out, true
			}
		}
	default:
		for i := range n {
			if add(run(sim.Random(sim.ScheduleSeed(seed, i)), pool)) {
				return out, true
			}
		}
	}
	return out, compare && len(out) != len(orig)
}
