package explore

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/racelab/racelab/linearize"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
	"github.com/racelab/racelab/sim/race"
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
	// ScheduleTimeout is the wall time one schedule may go without
	// progress: a schedule stuck longer (a thread blocked on a real
	// sync.Mutex or channel) ends
	// the exploration with a "hang" finding that names where the thread is
	// blocked. 0 means DefaultScheduleTimeout, a negative value no watchdog.
	ScheduleTimeout time.Duration
	// Race runs every schedule with sim's data race detector: a racing
	// pair of sites is a "data-race" finding, reported once per
	// exploration (with All, the first schedule of each pair). A run that
	// also fails otherwise (a wrong result) reports that instead.
	Race bool
	// PreemptAccesses makes translated code's shared accesses yield points
	// (sim.Options.PreemptAccesses).
	PreemptAccesses bool
	// Pool, if set, lends the workers: started once, reused run after
	// run. nil: this exploration starts its own.
	Pool *Pool
	_    struct{}
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
	timeout  time.Duration // the watchdog's limit for one schedule
	race     bool
	preempt  bool
}

func newExplorer(t Target, cfg Config) (*explorer, error) {
	e := &explorer{sc: t.Scenario, variant: t.Variant, seed: cfg.Seed, plan: t.Scenario.Faults,
		depth: t.Scenario.depth(), bound: t.Scenario.bound(), timeout: cfg.ScheduleTimeout,
		race: cfg.Race || t.Scenario.Race, preempt: cfg.PreemptAccesses}
	if e.timeout == 0 {
		e.timeout = DefaultScheduleTimeout
	}
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
	return e.runPooled(src, keepLog, nil, nil)
}

// runPooled runs one schedule on coroutines lent by pool (nil: its own);
// a watched schedule shows its World to the watchdog through s.
func (e *explorer) runPooled(src sim.Source, keepLog bool, pool *sim.Pool, s *slot) *sim.Result {
	return sim.Run(sim.Options{Source: src, Faults: e.plan, MaxSteps: e.sc.MaxSteps, Horizon: e.sc.Horizon, NoLog: !keepLog, Pool: pool,
		Race: e.race, PreemptAccesses: e.preempt},
		func(w *sim.World) {
			if s != nil {
				s.world.Store(w)
			}
			e.sc.Program(w, e.variant.Name)
		})
}

// verdict is what one schedule showed.
type verdict struct {
	kind, message, explanation string
	stuck                      string // linearizability: the operation that cannot be placed
	stuckOp                    int    // its index in the history
	unknown                    bool
	check                      time.Duration
	race                       *race.Race  // a data race's accesses
	races                      []race.Race // every data race of the run, in order
}

// judge decides whether a run failed: a runtime or invariant finding first,
// then linearizability of its history. An error is a problem of the harness
// (a replay that diverged, a malformed history), not of the system.
func (e *explorer) judge(res *sim.Result) (verdict, error) {
	if res.Err != nil {
		return verdict{}, res.Err
	}
	if f, ok := firstFinding(res.Findings); ok {
		return verdict{kind: string(f.Kind), message: f.Message, race: f.Race, races: racesOf(res.Findings)}, nil
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
		v.explanation, v.stuck, v.stuckOp = lr.Explanation.Text, lr.Explanation.Stuck, lr.Explanation.StuckOp
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
	var tl *tally
	if e.strategy == "dfs" {
		tl, run.Exhausted, err = e.exploreDFS(ctx, budget, cfg, start)
	} else {
		tl, err = e.explorePool(ctx, budget, cfg, start)
	}
	if err != nil {
		return run, err
	}
	hits := tl.hits
	run.Schedules, run.Unknown = tl.done, tl.unknown
	run.ElapsedMS = results.Millis(realSince(start))
	run.CheckMS = results.Millis(tl.check)
	if ctx.Err() != nil && errors.Is(context.Cause(ctx), context.Canceled) {
		run.Note, run.Partial = "interrupted: results so far", true
	}
	if len(tl.hangs) == 0 {
		run.Warnings = tl.warnings()
	}
	run.Verdict = results.Clean
	if len(hits) > 0 || len(tl.hangs) > 0 {
		run.Verdict = results.Violation
		run.TimeToFirstMS = results.Millis(realSince(start))
		if len(hits) > 0 {
			run.TimeToFirstMS = results.Millis(hits[0].at)
		}
	}
	for _, h := range tl.hangs {
		run.Findings = append(run.Findings, e.hangFinding(h))
	}
	for _, h := range hits {
		run.Findings = append(run.Findings, e.finding(ctx, h, cfg.ShrinkBudget))
	}
	if e.strategy == "pct" && len(hits) == 0 && len(tl.hangs) == 0 {
		run.Confidence = confidence(e.n, e.k, e.depth, run.Schedules)
	}
	return run, nil
}

// tally is what an exploration gathered, shared by its workers under mu.
type tally struct {
	mu       sync.Mutex
	hits     []hit
	hangs    []hang
	done     int
	unknown  int
	check    time.Duration
	err      error
	threads  int  // the most threads a schedule ran
	switched bool // some schedule made a scheduling decision
}

// add records one schedule's result and verdict; it reports false when the
// worker was abandoned by the watchdog and must stop.
func (t *tally) add(s *slot, i int, res *sim.Result, v verdict, err error, at time.Duration) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if s.abandoned {
		return false
	}
	t.done++
	t.check += v.check
	if v.unknown {
		t.unknown++
	}
	t.threads = max(t.threads, res.Threads)
	if !t.switched {
		for _, c := range res.Decisions {
			if c.Kind == sim.DecideThread {
				t.switched = true
				break
			}
		}
	}
	if err != nil && t.err == nil {
		t.err = fmt.Errorf("schedule %d: %w", i, err)
	}
	if err == nil && v.kind != "" {
		// A copy: the worker's pool reuses res's buffers for its next run.
		t.hits = append(t.hits, hit{schedule: i, decisions: slices.Clone(res.Decisions), verdict: v, at: at})
	}
	return true
}

// warnings say what makes a clean exploration prove less than it seems.
func (t *tally) warnings() []string {
	switch {
	case t.done == 0:
		return nil
	case t.threads <= 1:
		return []string{"every schedule ran one thread only: nothing ran concurrently (if the program starts goroutines with the go statement rather than w.Go, racelab does not see them)"}
	case !t.switched:
		return []string{"no schedule made a single scheduling decision: the threads never met at a yield point, so nothing was interleaved (a real sync.Mutex or channel is invisible to racelab: use sim's primitives)"}
	}
	return nil
}

// explorePool runs schedules 0..budget-1 of this shard on workers. Without
// cfg.All, a finding at schedule j stops the others from taking schedules
// beyond j, but every schedule below j still runs, so the first finding is
// the same whatever the number of workers.
func (e *explorer) explorePool(ctx context.Context, budget int, cfg Config, start time.Time) (*tally, error) {
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	shards, shard := max(cfg.Shards, 1), cfg.Shard
	if shards == 1 {
		shard = 0
	}
	var next, limit atomic.Int64
	next.Store(int64(shard))
	limit.Store(int64(budget))
	t := &tally{}
	t.hangs = onWatchedWorkers(cfg.Pool, workers, e.timeout, &t.mu, func() { limit.Store(0) }, func(s *slot, pool *sim.Pool) {
		for ctx.Err() == nil {
			i := int(next.Add(int64(shards)) - int64(shards))
			if int64(i) >= limit.Load() {
				return
			}
			s.begin(i)
			res := e.runPooled(e.scheduleSource(i), false, pool, s)
			s.end()
			v, err := e.judge(res)
			if !t.add(s, i, res, v, err, realSince(start)) {
				return
			}
			if err != nil {
				limit.Store(0)
			} else if v.kind != "" && !cfg.All {
				for l := limit.Load(); int64(i+1) < l && !limit.CompareAndSwap(l, int64(i+1)); l = limit.Load() {
				}
			}
			if cfg.Progress != nil {
				t.mu.Lock()
				n, f := t.done, len(t.hits)
				t.mu.Unlock()
				cfg.Progress(n, f)
			}
		}
	})
	if t.err != nil {
		return t, t.err
	}
	sort.Slice(t.hits, func(a, b int) bool { return t.hits[a].schedule < t.hits[b].schedule })
	t.hits = newRaces(t.hits)
	if !cfg.All && len(t.hits) > 0 && len(t.hangs) == 0 {
		t.hits = t.hits[:1]
		// Schedules needed to find it: every schedule of this shard up to it.
		t.done = (t.hits[0].schedule-shard)/shards + 1
	}
	return t, nil
}

// exploreDFS runs the schedules of a preemption-bounded exhaustive search,
// in order, on one watched goroutine.
func (e *explorer) exploreDFS(ctx context.Context, budget int, cfg Config, start time.Time) (*tally, bool, error) {
	d := sim.NewDFS(e.bound)
	t := &tally{}
	var stopped atomic.Bool
	t.hangs = onWatchedWorkers(cfg.Pool, 1, e.timeout, &t.mu, func() { stopped.Store(true) }, func(s *slot, pool *sim.Pool) {
		for ctx.Err() == nil && !stopped.Load() && t.done < budget {
			src, ok := d.Next()
			if !ok {
				break
			}
			s.begin(t.done)
			res := e.runPooled(src, false, pool, s)
			s.end()
			v, err := e.judge(res)
			if !t.add(s, t.done, res, v, err, realSince(start)) || err != nil {
				return
			}
			if cfg.Progress != nil {
				cfg.Progress(t.done, len(t.hits))
			}
			if len(t.hits) > 0 && !cfg.All {
				return
			}
		}
		if !d.Exhausted() && len(t.hits) == 0 && ctx.Err() == nil {
			d.Next() // the budget ran out: learn whether the tree did too
		}
	})
	if t.err != nil {
		return t, false, t.err
	}
	t.hits = newRaces(t.hits)
	return t, len(t.hangs) == 0 && d.Exhausted(), nil
}
