package sim

import (
	"fmt"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/racelab/racelab/sim/race"
)

// Epoch is the virtual time at which every run starts.
var Epoch = time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)

// Default limits of a run.
const (
	DefaultMaxSteps = 200_000
	DefaultHorizon  = 7 * 24 * time.Hour
	// DefaultTimerRate is how often random and pct fire a pending timer
	// while threads are still runnable: often enough that a timer wins
	// against a busy thread within a few dozen steps, rarely enough that
	// most steps run the program's own code.
	DefaultTimerRate = 1.0 / 20
	// DefaultTimerSlack is Go's scheduler time slice.
	DefaultTimerSlack = 10 * time.Millisecond
)

// Options configure one run. The zero value runs with Random(0), no faults
// and the default limits.
type Options struct {
	// Source makes every decision; default Random(0).
	Source Source
	// Faults is the fault plan; the zero plan injects nothing.
	Faults FaultPlan
	// MaxSteps ends the run with a StepLimit finding; default DefaultMaxSteps.
	MaxSteps int64
	// Horizon ends the run with a Horizon finding when virtual time would
	// pass it; default DefaultHorizon.
	Horizon time.Duration
	// TimerRate is the probability with which random and pct fire the
	// earliest pending timer at a yield point where threads are runnable
	// (a DecideTimer decision); default DefaultTimerRate. Negative: timers
	// fire only when no thread can run (synctest's rule, which hides
	// every bug that needs a timer to beat a busy thread).
	TimerRate float64
	// TimerSlack bounds a timer preemption: a timer fires while threads
	// are runnable only if it is due within TimerSlack of now; default
	// DefaultTimerSlack. Go's scheduler preempts a goroutine after a 10ms
	// time slice, so a runnable goroutine is rarely slower than that; a
	// timer seconds ahead beating it would mostly report tests that rely
	// on a sane margin (a 3s request against a 1s deadline).
	TimerSlack time.Duration
	// NoLog keeps the event log out of the Result (its hash is still
	// computed), for explorations that run many schedules and replay the
	// few that fail.
	NoLog bool
	// Pool, if set, lends the run its coroutines and buffers and takes
	// them back; the caller closes it. The Result's Decisions and History
	// are then valid until the pool's next run only.
	Pool *Pool
	// Race turns on the data race detector: every primitive makes its
	// happens-before edges, every Var and Cell access is checked, and each
	// new racing pair of sites is a DataRace finding, which does not stop
	// the run. Off, nothing of the run changes, not even its hash.
	Race bool
	// PreemptAccesses makes every instrumented access of translated code
	// (rt/lang's Read and the split of a read-modify-write) a yield point,
	// so that a load-then-store x++ can be split by another thread's write
	// and a lost update or a double init shows as a wrong result.
	PreemptAccesses bool
	_               struct{}
}

// Result is what one run did.
type Result struct {
	// Findings are the failures found; empty for a clean run.
	Findings []Finding
	// Err is set when the run could not be carried out as asked (a replayed
	// trace that diverges from the program); Findings are then incomplete.
	Err error
	// Steps is the number of logical steps (events) of the run.
	Steps int64
	// Elapsed is the virtual time the run took.
	Elapsed time.Duration
	// Hash identifies the run: the hash of its event log and decisions.
	Hash uint64
	// Decisions are every choice made, in order: the run's trace.
	Decisions []Choice
	// DecisionSteps holds, with the log, the step at which each decision
	// was made (nil with Options.NoLog).
	DecisionSteps []int64
	// Log is the event log (nil with Options.NoLog).
	Log []Event
	// History holds the client operations recorded with World.Begin/End.
	History []Op
	// Threads is the number of threads the run created, main included.
	Threads int
	// Faults is the number of faults injected.
	Faults int
}

// Failed reports whether the run found anything or could not be carried out.
func (r *Result) Failed() bool { return len(r.Findings) > 0 || r.Err != nil }

// Preemptions counts the decisions that switched away from a runnable
// thread, timer preemptions included: the depth of the schedule.
func (r *Result) Preemptions() int {
	n := 0
	for _, c := range r.Decisions {
		if (c.Kind == DecideThread || c.Kind == DecideTimer) && c.Choice != 0 && c.Default {
			n++
		}
	}
	return n
}

// World is one run: its threads, scheduler, virtual clock, decision source,
// fault plan, event log and history. A World is created by [Run] and handed
// to the main thread; its methods may be called only from the threads of that
// run, except where a method says otherwise.
type World struct {
	opts  Options
	src   Source
	rules []ruleState

	progress atomic.Int64 // see Progress

	threads   []*thread
	cur       *thread   // the thread running now; nil in the loop
	last      *thread   // the thread that ran last
	forced    *thread   // resume this one next without a decision
	runq      []*thread // the runnable threads, in id order (runq.go)
	minReady  int64     // a lower bound of their readyAt
	fastSteps int64     // yield points that took the fast path (fastpath.go)
	idBuf     []int
	blind     bool     // the source is ThreadBlind: pick builds no thread list
	dec       Decision // scratch for choose

	now      time.Duration
	timers   timerHeap
	timerSeq uint64
	// moved counts wakes by threads and exits; stillJumps the clock
	// jumps since it last changed (see timersHopeless).
	moved, lastMoved int64
	stillJumps       int
	timerPassed      int            // timer decisions in a row that fired none
	names            map[string]int // threads started per name

	step     int64
	hash     uint64
	log      []Event
	choices  []Choice
	dsteps   []int64
	findings []Finding
	err      error
	history  []Op
	faults   int
	mainDone bool
	stopping bool

	// watchFrom is the step after which yield sites are counted in sites
	// (see watch); stepLimited is set when the step limit ended the run.
	watchFrom   int64
	sites       map[string]int
	stepLimited bool

	race      *race.Detector // nil unless Options.Race
	racesSeen int            // the detector's races already turned into findings
	raceSites map[siteKey]*race.Site
	shadows   map[unsafe.Pointer]*race.Shadow
	atomics   race.Clock // rt/sync/atomic's operations, one total order
}

type ruleState struct {
	FaultRule
	used int
}

// Run runs main as the thread "main" of a new World, with every thread it
// starts, until all have exited or the run fails, and returns what happened.
// Run does not return before every goroutine of the run has exited.
func Run(opts Options, main func(w *World)) *Result {
	if opts.Source == nil {
		opts.Source = Random(0)
	}
	if opts.MaxSteps <= 0 {
		opts.MaxSteps = DefaultMaxSteps
	}
	if opts.Horizon <= 0 {
		opts.Horizon = DefaultHorizon
	}
	if opts.TimerRate == 0 {
		opts.TimerRate = DefaultTimerRate
	}
	if opts.TimerSlack <= 0 {
		opts.TimerSlack = DefaultTimerSlack
	}
	w := &World{opts: opts, src: opts.Source, blind: IsThreadBlind(opts.Source), hash: hashSeed, watchFrom: max(opts.MaxSteps-livelockWindow, 0)}
	if opts.Pool != nil {
		opts.Pool.take(w)
	}
	for _, r := range opts.Faults.Rules {
		if r.Kind == FaultSleep && len(r.Delays) == 0 {
			r.Delays = DefaultDelays
		}
		if r.Rate > 0 && r.Budget > 0 {
			w.rules = append(w.rules, ruleState{FaultRule: r})
		}
	}
	if opts.Race {
		w.race = race.New()
		w.race.NameThreads(func(t race.Thread) string { return w.threads[t].name })
	}
	w.spawn("main", func() { main(w) })
	defer unpublish(w, publish(w))
	// A source may panic out of the loop (rapid ends a test case that way);
	// the threads must be unwound all the same.
	defer w.release()
	defer w.abort()
	w.loop()
	if w.stepLimited {
		w.describeLivelock()
	}
	w.abort()
	return w.result()
}

func (w *World) result() *Result {
	r := &Result{
		Findings:      w.findings,
		Err:           w.err,
		Steps:         w.step,
		Elapsed:       w.now,
		Hash:          w.hash,
		Decisions:     nilIfEmpty(w.choices),
		DecisionSteps: w.dsteps,
		Log:           w.log,
		History:       nilIfEmpty(w.closeHistory()),
		Threads:       len(w.threads),
		Faults:        w.faults,
	}
	return r
}

// nilIfEmpty returns s, or nil when it is empty: a run that recorded
// nothing says so the same way with or without a Pool's buffers.
func nilIfEmpty[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return s
}

// Now returns the virtual time: Epoch plus the time elapsed in the run.
// It is not a yield point.
func (w *World) Now() time.Time { return Epoch.Add(w.now) }

// Elapsed returns the virtual time since the run started.
func (w *World) Elapsed() time.Duration { return w.now }

// Step returns the current logical step. It is not a yield point.
func (w *World) Step() int64 { return w.step }

// Fail records a finding of the given kind and ends the run: no thread runs
// again. Checkers call it for invariant violations; it may be called from a
// thread (which then stops at once) or from the loop's callbacks.
func (w *World) Fail(kind FindingKind, format string, args ...any) {
	f := Finding{Kind: kind, Message: fmt.Sprintf(format, args...), Step: w.step}
	if w.cur != nil {
		f.Thread = w.cur.name
	}
	w.addFinding(f)
	if w.cur != nil {
		panic(unwind)
	}
}

// addFinding records f and stops the run: from now on every thread
// operation is refused and the loop aborts.
func (w *World) addFinding(f Finding) {
	w.findings = append(w.findings, f)
	w.stopping = true
}

// event appends one entry to the log and folds it into the hash. The entry
// is only built when the log is kept: this runs at every step.
func (w *World) event(t *thread, kind EventKind, label, detail string) {
	w.step++
	id := -1
	if t != nil {
		id = t.id
	}
	w.hash = hashEvent(w.hash, kind, id, w.now, label, detail)
	if !w.opts.NoLog {
		e := Event{Step: w.step, Time: w.now, Thread: id, Name: "scheduler", Kind: kind, Label: label, Detail: detail}
		if t != nil {
			e.Name = t.name
		}
		w.log = append(w.log, e)
	}
	if w.step&progressEvery == 0 {
		w.progress.Store(w.step)
	}
	if w.step > w.watchFrom {
		w.watch(t, kind, label)
	}
}

// progressEvery+1 steps pass between two stores of World.progress: often
// enough for a wall-clock watchdog, rarely enough to cost nothing.
const progressEvery = 1<<10 - 1

// Progress is the run's step count, as last published: it grows by 1024 at
// a time while the run takes steps. Unlike every other method it may be
// called from any goroutine, while the run goes on: it is how a wall-clock
// watchdog tells a long run that makes progress from a thread stuck where
// racelab cannot see it.
func (w *World) Progress() int64 { return w.progress.Load() }

// choose asks the source for the decision d (usually &w.dec, filled by the
// caller, so that no Decision escapes to the heap at every step) and
// records the answer.
func (w *World) choose(d *Decision) int {
	if w.err != nil {
		return 0
	}
	c, err := w.src.Choose(d)
	if err == nil && (c < 0 || c >= d.N) {
		err = fmt.Errorf("sim: source chose option %d of %d", c, d.N)
	}
	if err != nil {
		w.err, w.stopping = fmt.Errorf("step %d: %w", w.step, err), true
		return 0
	}
	w.choices = append(w.choices, Choice{Kind: d.Kind, N: int32(d.N), Choice: int32(c), Default: d.Default})
	if !w.opts.NoLog {
		w.dsteps = append(w.dsteps, w.step)
	}
	// The decisions determine the run, so folding them in makes the hash
	// identify it even where two runs would log alike.
	w.hash = hashUint(w.hash, uint64(c)<<8|uint64(d.Kind))
	return c
}
