package racetest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/results"
	rtcontext "github.com/racelab/racelab/rt/context"
	"github.com/racelab/racelab/rt/lang"
	"github.com/racelab/racelab/sim"
)

var (
	flagTime     = flag.Duration("racelab.time", 0, "racelab: also stop exploring a test after this much wall time")
	flagFaults   = flag.String("racelab.faults", "", "racelab: fault plan, e.g. sleep:0.1:3 (default: none)")
	flagShard    = flag.String("racelab.shard", "", "racelab: explore only shard i/n of the schedules")
	flagDepth    = flag.Int("racelab.depth", 0, "racelab: pct's bug depth (default: the engine's)")
	flagBound    = flag.Int("racelab.bound", 0, "racelab: dfs's preemption bound (default: the engine's)")
	flagWatchdog = flag.Duration("racelab.watchdog", 10*time.Second, "racelab: wall time after which a schedule that makes no progress is ended as uncontrolled")
)

// ResultsEnv names the environment variable holding the results file that
// RunTranslated appends each test's run to.
const ResultsEnv = "RACELAB_RESULTS"

// RunTranslated runs the translated test fn (the translator's form of the
// test name, func TestX(t *testing.T) turned into
// func racelabTestX(t *racetest.T)) under racelab: fn is the main thread of
// a World, explored over a budget of schedules by the engine of package
// explore, with the -racelab.* flags (seed, schedules, strategy, depth,
// bound, time, faults, shard, replay, watchdog). It fails t with the first
// finding (a failed test, panic, deadlock, leaked goroutine, misuse,
// uncontrolled wait or nondeterminism), its explanation and the line that
// replays it; the trace is saved under testdata/racelab and replayed first
// on later runs, as [Check] does.
//
// Before exploring, the first schedule runs twice: a different event hash
// (the program read the wall clock or an untranslated random source) is a
// "nondeterminism" finding naming the first event that differs. Each
// schedule runs under a wall-clock watchdog: one that makes no progress
// for -racelab.watchdog (a wait racelab does not control: a real channel,
// a syscall, a busy loop) ends the process with an "uncontrolled" finding
// naming where the thread is blocked. A goroutine started by untranslated
// code is an "uncontrolled" finding naming who started it.
//
// When $RACELAB_RESULTS names a file, the test's results.Run (scenario
// "test/<import path>.<name>", variant "default", expect clean) is appended
// to it, creating it if needed.
//
// Only the first schedule's output reaches os.Stdout; later schedules'
// output is discarded, so a test prints what it prints under go test.
func RunTranslated(t *testing.T, name string, fn func(t *T)) {
	t.Helper()
	cfg, err := translatedConfig()
	if err != nil {
		t.Fatalf("racelab: %v", err)
	}
	runTranslated(t, name, fn, cfg, filepath.Join("testdata", "racelab"))
}

// runTranslated is RunTranslated with its settings; the tests call it
// with a testing.TB that records the failure.
func runTranslated(t testing.TB, name string, fn func(t *T), cfg explore.Config, dir string) {
	t.Helper()
	r := &runner{t: t, name: name, fn: fn, cfg: cfg, scenario: "test/" + funcPackage(fn) + "." + name}
	sc := &explore.Scenario{
		Name:     r.scenario,
		Variants: []explore.Variant{{Name: "default", Expect: results.Clean}},
		Program:  r.program,
		// Translated tests have no Options: the flags are their only say.
		Horizon: *flagHorizon, MaxSteps: *flagMaxSteps,
	}
	target := explore.Target{Scenario: sc, Variant: sc.Variants[0]}
	cat, err := explore.NewCatalogue(sc)
	if err != nil {
		t.Fatalf("racelab: %v", err)
		return
	}
	r.watch = startWatchdog(*flagWatchdog, r)
	defer r.watch.close()
	r.baseline = goroutineIDs()

	if *flagReplay != "" {
		r.replay(cat, sc.Name, *flagReplay, cfg)
		return
	}
	saved, _ := filepath.Glob(filepath.Join(dir, fileStem(name)+"-*.json"))
	for _, file := range saved {
		if r.replay(cat, sc.Name, file, cfg) {
			return
		}
	}

	// The first schedule twice: the program must be a function of its
	// decisions. Only the first run's output is shown.
	r.first = true
	first, err := explore.ReplaySchedule(target, cfg, 0)
	r.first = false
	if err != nil {
		t.Fatalf("racelab: %v", err)
		return
	}
	firstLogs, skipped := r.logs, r.skipped
	restore := muteStdout()
	defer restore()
	second, err := explore.ReplaySchedule(target, cfg, 0)
	if err != nil {
		t.Fatalf("racelab: %v", err)
		return
	}
	if skipped {
		restore()
		t.Skip(strings.Join(firstLogs, "\n"))
		return
	}
	run := results.Run{}
	if first.Result.Hash != second.Result.Hash {
		run = nondeterminism(sc.Name, cfg, first, second)
	} else {
		run, err = explore.Explore(context.Background(), target, cfg)
		if err != nil {
			t.Fatalf("racelab: %v", err)
			return
		}
	}
	restore()
	if err := appendResults(run, cfg); err != nil {
		t.Errorf("racelab: %v", err)
	}
	if len(run.Findings) == 0 {
		// The lines already carry the test's file:line, as go test
		// prints them.
		out := t.Output()
		for _, l := range firstLogs {
			fmt.Fprintln(out, l)
		}
		t.Logf("racelab: %d %s schedules from seed %d, no finding", run.Schedules, run.Strategy, cfg.Seed)
		return
	}
	t.Fatalf("%s", r.failure(run, dir))
}

// runner is one RunTranslated: the state its schedules share.
type runner struct {
	t        testing.TB
	name     string
	scenario string
	fn       func(t *T)
	cfg      explore.Config
	watch    *watchdog
	baseline map[int]bool

	// Of the last schedule run.
	first   bool // it is the first schedule's first run (attributes are emitted once)
	logs    []string
	errs    []string // the lines of Error and Fatal
	skipped bool
	// Of the goroutine check.
	lastN     int
	lastAlien string
}

// program is the main thread of every schedule.
func (r *runner) program(w *sim.World, _ string) {
	r.watch.begin(w)
	w.Protect() // the test's own thread is the harness: faults hit the code it tests
	r.logs, r.errs, r.skipped = nil, nil, false
	t := r.newT(r.name, nil)
	t.body(r.fn)
	lang.EndMain()
	r.skipped = t.skipped
	if alien := r.alienGoroutine(); alien != "" {
		w.Fail(lang.Uncontrolled, "%s", alien)
	}
	if t.failed {
		msg := r.name + " failed"
		if len(r.errs) > 0 {
			msg += ": " + strings.Join(r.errs, "; ")
		}
		w.Fail("test", "%s", msg)
	}
}

func (r *runner) newT(name string, parent *T) *T {
	t := &T{r: r, name: name, parent: parent}
	t.ctx, t.cancel = newTestContext()
	return t
}

// failure is the message a failing test prints: the finding, the event
// log's end, the test's output in the minimal schedule, and the line to
// paste.
func (r *runner) failure(run results.Run, dir string) string {
	f := run.Findings[0]
	var log []string
	for _, e := range f.Log {
		log = append(log, e.String())
	}
	msg := describe(f.Kind, f.Message, f.Explanation, f.Race, f.Threads, log)
	if len(r.logs) > 0 {
		msg += "\noutput of the test in that schedule:\n  " + strings.Join(r.logs, "\n  ")
	}
	msg += fmt.Sprintf("\nfound in schedule %d of %d (%s, seed %d; -racelab.seed=%d explores the same schedules)", f.Schedule, run.Schedules, run.Strategy, run.Seed, run.Seed)
	if f.Trace.Decisions == nil && f.Kind == "nondeterminism" {
		return msg
	}
	file := filepath.Join(dir, fmt.Sprintf("%s-%s.json", fileStem(r.name), f.TraceHash))
	if err := save(file, &f.Trace); err != nil {
		return msg + fmt.Sprintf("\nthe trace could not be saved: %v", err)
	}
	return msg + fmt.Sprintf("\nTo reproduce: racelab test -run '^%s$' -replay %s .", runPattern(r.name), file)
}

// translatedConfig reads the -racelab.* flags.
func translatedConfig() (explore.Config, error) {
	cfg := explore.Config{Strategy: *flagStrategy, Seed: *flagSeed, Schedules: *flagSchedules, Time: *flagTime,
		Depth: *flagDepth, Bound: *flagBound, ShrinkBudget: 0, Race: *flagRace, PreemptAccesses: *flagPreempt,
		// sim.Current is process-wide: one World at a time.
		Workers: 1}
	if cfg.Seed == 0 {
		cfg.Seed = randomSeed()
	}
	if cfg.Schedules == 0 {
		cfg.Schedules = 1000
		if testing.Short() {
			cfg.Schedules = 100
		}
	}
	if *flagFaults != "" {
		plan, err := sim.ParseFaultPlan(*flagFaults)
		if err != nil {
			return cfg, fmt.Errorf("-racelab.faults: %w", err)
		}
		cfg.Faults = &plan
	}
	if *flagShard != "" {
		var err error
		if cfg.Shard, cfg.Shards, err = explore.ParseShard(*flagShard); err != nil {
			return cfg, fmt.Errorf("-racelab.shard: %w", err)
		}
	}
	return cfg, nil
}

// nondeterminism is the run reported when the first schedule, run twice,
// gave two event logs.
func nondeterminism(scenario string, cfg explore.Config, a, b *explore.Replayed) results.Run {
	la, lb := a.Result.Log, b.Result.Log
	i := 0
	for i < len(la) && i < len(lb) && sameEvent(la[i], lb[i]) {
		i++
	}
	ev := func(l []sim.Event) string {
		if i < len(l) {
			e := l[i]
			return fmt.Sprintf("%s %s %s %s", e.Name, e.Kind, e.Label, e.Detail)
		}
		return "the end of the run"
	}
	msg := fmt.Sprintf("the first schedule, run twice, gave two different runs (hashes %s and %s): they part at event %d: %q, then %q. The test reads something racelab does not control (the wall clock, an untranslated random source, map order of untranslated code, state left by the previous run)",
		sim.FormatHash(a.Result.Hash), sim.FormatHash(b.Result.Hash), i+1, ev(la), ev(lb))
	f := results.Finding{Kind: "nondeterminism", Message: msg, Seed: cfg.Seed, TraceHash: sim.FormatHash(a.Result.Hash), Steps: a.Result.Steps}
	for _, e := range la[:min(len(la), maxEvents)] {
		f.Log = append(f.Log, results.Event{Step: e.Step, TimeNS: int64(e.Time), Thread: e.Name, Kind: e.Kind.String(), Label: e.Label, Detail: e.Detail})
	}
	return results.Run{Scenario: scenario, Variant: "default", Expect: results.Clean, Verdict: results.Violation,
		Strategy: a.Trace.Strategy, Seed: cfg.Seed, Schedules: 2, TimeToFirstMS: 0, Findings: []results.Finding{f}}
}

const maxEvents = 5000

func sameEvent(a, b sim.Event) bool {
	return a.Thread == b.Thread && a.Kind == b.Kind && a.Label == b.Label && a.Detail == b.Detail && a.Time == b.Time
}

var resultsMu sync.Mutex

// appendResults adds run to the file $RACELAB_RESULTS names, if any.
func appendResults(run results.Run, cfg explore.Config) error {
	file := os.Getenv(ResultsEnv)
	if file == "" {
		return nil
	}
	resultsMu.Lock()
	defer resultsMu.Unlock()
	f := &results.File{Schema: results.Schema}
	if data, err := os.ReadFile(file); err == nil && len(data) > 0 {
		if f, err = results.Parse(data); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
	} else if err != nil && !os.IsNotExist(err) {
		return err
	}
	if cfg.Shards > 1 {
		f.Shard = fmt.Sprintf("%d/%d", cfg.Shard+1, cfg.Shards)
	}
	f.Runs = append(f.Runs, run)
	data, err := f.Marshal()
	if err != nil {
		return err
	}
	return os.WriteFile(file, data, 0o644)
}

// funcPackage is the import path of the package that declares fn.
func funcPackage(fn any) string {
	name := runtime.FuncForPC(reflect.ValueOf(fn).Pointer()).Name()
	slash := strings.LastIndex(name, "/")
	if dot := strings.Index(name[slash+1:], "."); dot >= 0 {
		return name[:slash+1+dot]
	}
	return name
}

// muteStdout sends os.Stdout to the null device until the returned
// function is called (once or more).
func muteStdout() func() {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return func() {}
	}
	saved := os.Stdout
	os.Stdout = null
	var once sync.Once
	return func() {
		once.Do(func() {
			os.Stdout = saved
			null.Close()
		})
	}
}

// newTestContext is the context of a T: canceled before its cleanups run.
func newTestContext() (context.Context, context.CancelFunc) {
	return rtcontext.WithCancel(context.Background())
}

// replay re-runs a saved trace; when it still fails, the run goes to the
// results file as this test's, and t fails. It reports whether it failed.
func (r *runner) replay(cat *explore.Catalogue, scenario, file string, cfg explore.Config) bool {
	t := r.t
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("racelab: %v", err)
		return true
	}
	tr, err := sim.ParseTrace(data)
	if err != nil {
		t.Fatalf("racelab: %s: %v", file, err)
		return true
	}
	restore := muteStdout()
	rep, err := cat.RetryTrace(tr) // the test may have changed: follow the trace as far as it fits
	restore()
	if err != nil {
		t.Logf("racelab: %s cannot be replayed: %v", file, err)
		return false
	}
	if !rep.Violated() {
		t.Logf("racelab: %s passes now; remove it once the fix is confirmed", file)
		return false
	}
	f := results.Finding{Kind: rep.Kind, Message: rep.Message, Explanation: rep.Explanation, Seed: tr.Seed,
		Schedule: tr.Schedule, TraceHash: rep.Trace.Hash, Steps: rep.Result.Steps, Trace: rep.Trace,
		Replay: fmt.Sprintf("racelab test -run '^%s$' -replay %s .", runPattern(r.name), file)}
	var log []string
	for i, e := range rep.Result.Log {
		if i < maxEvents {
			f.Log = append(f.Log, results.Event{Step: e.Step, TimeNS: int64(e.Time), Thread: e.Name, Kind: e.Kind.String(), Label: e.Label, Detail: e.Detail})
		}
		log = append(log, e.String())
	}
	run := results.Run{Scenario: scenario, Variant: "default", Expect: results.Clean, Verdict: results.Violation,
		Strategy: tr.Strategy, Seed: tr.Seed, Schedules: 1, Findings: []results.Finding{f}, Note: "replayed from " + file}
	if err := appendResults(run, cfg); err != nil {
		t.Errorf("racelab: %v", err)
	}
	msg := describe(rep.Kind, rep.Message, rep.Explanation, "", rep.Threads, log)
	if len(r.logs) > 0 {
		msg += "\noutput of the test in that schedule:\n  " + strings.Join(r.logs, "\n  ")
	}
	t.Fatalf("%s\nreplayed from %s\nTo reproduce: %s", msg, file, f.Replay)
	return true
}
