package explore

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/racelab/racelab/linearize"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
)

// Config says how to explore. The zero value uses the scenario's defaults.
type Config struct {
	// Strategy is random, pct or dfs; "" means the scenario's default.
	Strategy string
	// Depth is pct's bug depth, Bound dfs's preemption bound (-1: none);
	// 0 means the scenario's default.
	Depth, Bound int
	// Schedules is the budget of schedules; 0 means the scenario's.
	Schedules int
	// Time, if set, also stops the exploration after that much wall time.
	Time time.Duration
	// Seed is the start seed; schedule i is seeded from (Seed, i).
	Seed uint64
	// Workers run schedules in parallel; 0 means the number of CPUs.
	Workers int
	// Faults, if set, replaces the scenario's fault plan.
	Faults *sim.FaultPlan
	// Shard and Shards split the schedule space: this run takes the
	// schedules i with i % Shards == Shard. Shards 0 or 1: no split.
	Shard, Shards int
	// All keeps exploring after the first finding, to the end of the budget.
	All bool
	// Progress, if set, is called after every schedule with the number of
	// schedules done and of findings; from several goroutines.
	Progress func(done, findings int)
	// ShrinkBudget bounds the shrinking of each finding; 0 means
	// DefaultShrinkBudget, a negative value no shrinking.
	ShrinkBudget time.Duration
	_            struct{}
}

// explorer is one exploration's resolved settings.
type explorer struct {
	sc       *Scenario
	variant  Variant
	strategy string
	depth    int
	bound    int
	seed     uint64
	plan     sim.FaultPlan
	k        int // pct: thread decisions in a run
	n        int // pct: threads in a run
	checker  *linearize.Checker
}

func newExplorer(t Target, cfg Config) (*explorer, error) {
	e := &explorer{sc: t.Scenario, variant: t.Variant, seed: cfg.Seed, plan: t.Scenario.Faults,
		depth: t.Scenario.depth(), bound: t.Scenario.bound()}
	var err error
	if e.strategy, err = parseStrategy(orDefault(cfg.Strategy, t.Scenario.strategy())); err != nil {
		return nil, err
	}
	if cfg.Depth > 0 {
		e.depth = cfg.Depth
	}
	if cfg.Bound != 0 {
		e.bound = cfg.Bound
	}
	if cfg.Faults != nil {
		e.plan = *cfg.Faults
	}
	if cfg.Shards > 1 && e.strategy == "dfs" {
		return nil, errors.New("dfs explores one tree in order and cannot be sharded; use random or pct with --shard")
	}
	if cfg.Shards > 1 && (cfg.Shard < 0 || cfg.Shard >= cfg.Shards) {
		return nil, fmt.Errorf("shard %d of %d does not exist", cfg.Shard+1, cfg.Shards)
	}
	if e.sc.Model != nil {
		e.checker = linearize.NewChecker(*e.sc.Model, e.sc.checkTimeout())
	}
	e.calibrate()
	return e, nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// run runs one schedule.
func (e *explorer) run(src sim.Source, keepLog bool) *sim.Result {
	return e.runPooled(src, keepLog, nil)
}

// runPooled runs one schedule on coroutines lent by pool (nil: its own).
func (e *explorer) runPooled(src sim.Source, keepLog bool, pool *sim.Pool) *sim.Result {
	return sim.Run(sim.Options{Source: src, Faults: e.plan, MaxSteps: e.sc.MaxSteps, NoLog: !keepLog, Pool: pool},
		func(w *sim.World) { e.sc.Program(w, e.variant.Name) })
}

// verdict is what one schedule showed.
type verdict struct {
	kind, message, explanation string
	stuck                      string // linearizability: the operation that cannot be placed
	unknown                    bool
	check                      time.Duration
}

// judge decides whether a run failed: a runtime or invariant finding first,
// then linearizability of its history. An error is a problem of the harness
// (a replay that diverged, a malformed history), not of the system.
func (e *explorer) judge(res *sim.Result) (verdict, error) {
	if res.Err != nil {
		return verdict{}, res.Err
	}
	if len(res.Findings) > 0 {
		f := res.Findings[0]
		return verdict{kind: string(f.Kind), message: f.Message}, nil
	}
	if e.checker == nil {
		return verdict{}, nil
	}
	lr, err := e.checker.Check(res.History)
	if err != nil {
		return verdict{}, fmt.Errorf("%s:%s: %w", e.sc.Name, e.variant.Name, err)
	}
	v := verdict{check: lr.Elapsed, unknown: lr.Verdict == linearize.Unknown}
	if lr.Verdict == linearize.Illegal {
		v.kind, v.message = "linearizability", "the history is not linearizable: "+lr.Explanation.Stuck+" cannot be placed"
		v.explanation, v.stuck = lr.Explanation.Text, lr.Explanation.Stuck
	}
	return v, nil
}

// hit is a failing schedule found during exploration.
type hit struct {
	schedule  int
	decisions []sim.Choice
	verdict   verdict
	at        time.Duration
}

// Explore runs one scenario variant and returns its results. ctx cancels it
// (Ctrl-C): the results gathered so far are returned, with a note.
func Explore(ctx context.Context, t Target, cfg Config) (results.Run, error) {
	e, err := newExplorer(t, cfg)
	if err != nil {
		return results.Run{}, err
	}
	budget := cfg.Schedules
	if budget <= 0 {
		budget = e.sc.budget()
	}
	run := results.Run{Scenario: e.sc.Name, Variant: e.variant.Name, Expect: e.variant.Expect, Strategy: e.strategy,
		Seed: e.seed, Faults: e.plan.String(), TimeToFirstMS: -1}
	switch e.strategy {
	case "pct":
		run.Depth = e.depth
	case "dfs":
		run.Bound = e.bound
	}
	if cfg.Time > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.Time)
		defer cancel()
	}
	start := realNow()
	var hits []hit
	var checkTime time.Duration
	if e.strategy == "dfs" {
		hits, run.Schedules, run.Exhausted, run.Unknown, checkTime, err = e.exploreDFS(ctx, budget, cfg, start)
	} else {
		hits, run.Schedules, run.Unknown, checkTime, err = e.explorePool(ctx, budget, cfg, start)
	}
	if err != nil {
		return run, err
	}
	run.ElapsedMS = results.Millis(realSince(start))
	run.CheckMS = results.Millis(checkTime)
	if ctx.Err() != nil && errors.Is(context.Cause(ctx), context.Canceled) {
		run.Note = "interrupted: results so far"
	}
	run.Verdict = results.Clean
	if len(hits) > 0 {
		run.Verdict = results.Violation
		run.TimeToFirstMS = results.Millis(hits[0].at)
	}
	for _, h := range hits {
		run.Findings = append(run.Findings, e.finding(ctx, h, cfg.ShrinkBudget))
	}
	if e.strategy == "pct" && len(hits) == 0 {
		run.Confidence = confidence(e.n, e.k, e.depth, run.Schedules)
	}
	return run, nil
}

// explorePool runs schedules 0..budget-1 of this shard on workers. Without
// cfg.All, a finding at schedule j stops the others from taking schedules
// beyond j, but every schedule below j still runs, so the first finding is
// the same whatever the number of workers.
func (e *explorer) explorePool(ctx context.Context, budget int, cfg Config, start time.Time) ([]hit, int, int, time.Duration, error) {
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	shards, shard := max(cfg.Shards, 1), cfg.Shard
	if shards == 1 {
		shard = 0
	}
	var (
		next    atomic.Int64
		limit   atomic.Int64
		mu      sync.Mutex
		hits    []hit
		done    int
		unknown int
		check   time.Duration
		firstEr error
	)
	next.Store(int64(shard))
	limit.Store(int64(budget))
	onRealWorkers(workers, func() {
		pool := sim.NewPool() // each worker's coroutines, reused schedule after schedule
		defer pool.Close()
		for ctx.Err() == nil {
			i := int(next.Add(int64(shards)) - int64(shards))
			if int64(i) >= limit.Load() {
				return
			}
			res := e.runPooled(e.scheduleSource(i), false, pool)
			v, err := e.judge(res)
			mu.Lock()
			done++
			check += v.check
			if v.unknown {
				unknown++
			}
			if err != nil && firstEr == nil {
				firstEr = fmt.Errorf("schedule %d: %w", i, err)
				limit.Store(0)
			}
			if err == nil && v.kind != "" {
				hits = append(hits, hit{schedule: i, decisions: res.Decisions, verdict: v, at: realSince(start)})
				if !cfg.All && int64(i+1) < limit.Load() {
					limit.Store(int64(i + 1))
				}
			}
			n, f := done, len(hits)
			mu.Unlock()
			if cfg.Progress != nil {
				cfg.Progress(n, f)
			}
		}
	})
	if firstEr != nil {
		return nil, done, unknown, check, firstEr
	}
	sort.Slice(hits, func(a, b int) bool { return hits[a].schedule < hits[b].schedule })
	if !cfg.All && len(hits) > 0 {
		hits = hits[:1]
		// Schedules needed to find it: every schedule of this shard up to it.
		done = (hits[0].schedule-shard)/shards + 1
	}
	return hits, done, unknown, check, nil
}

// exploreDFS runs the schedules of a preemption-bounded exhaustive search,
// in order, on one goroutine.
func (e *explorer) exploreDFS(ctx context.Context, budget int, cfg Config, start time.Time) ([]hit, int, bool, int, time.Duration, error) {
	d := sim.NewDFS(e.bound)
	var hits []hit
	unknown, done := 0, 0
	var check time.Duration
	pool := sim.NewPool()
	defer pool.Close()
	for ctx.Err() == nil && done < budget {
		src, ok := d.Next()
		if !ok {
			break
		}
		res := e.runPooled(src, false, pool)
		v, err := e.judge(res)
		if err != nil {
			return nil, done, false, unknown, check, fmt.Errorf("schedule %d: %w", done, err)
		}
		check += v.check
		if v.unknown {
			unknown++
		}
		if v.kind != "" {
			hits = append(hits, hit{schedule: done, decisions: res.Decisions, verdict: v, at: realSince(start)})
		}
		done++
		if cfg.Progress != nil {
			cfg.Progress(done, len(hits))
		}
		if len(hits) > 0 && !cfg.All {
			break
		}
	}
	if !d.Exhausted() && len(hits) == 0 && ctx.Err() == nil {
		d.Next() // the budget ran out: learn whether the tree did too
	}
	return hits, done, d.Exhausted(), unknown, check, nil
}
