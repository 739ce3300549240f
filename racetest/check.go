package racetest

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/anishathalye/porcupine"
	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
)

var (
	flagSeed      = flag.Uint64("racelab.seed", 0, "racelab: start seed (0: random, printed on failure)")
	flagSchedules = flag.Int("racelab.schedules", 0, "racelab: schedules to explore (0: the test's budget)")
	flagStrategy  = flag.String("racelab.strategy", "", "racelab: random, pct or dfs (default: the test's)")
	flagReplay    = flag.String("racelab.replay", "", "racelab: replay this trace file instead of exploring")
	flagHorizon   = flag.Duration("racelab.horizon", 0, "racelab: virtual time a schedule may reach (0: the test's, else sim's default)")
	flagMaxSteps  = flag.Int64("racelab.maxsteps", 0, "racelab: steps a schedule may take (0: the test's, else sim's default)")
	flagRace      = flag.Bool("racelab.race", false, "racelab: run every schedule with the data race detector")
	flagPreempt   = flag.Bool("racelab.preempt", false, "racelab: make translated code's shared accesses yield points")
)

// TB is the part of testing.TB that Check uses and that a translated
// test's helpers may call; *testing.T and *T satisfy it.
type TB interface {
	ArtifactDir() string
	Attr(key, value string)
	Cleanup(f func())
	Context() context.Context
	Chdir(dir string)
	Error(args ...any)
	Errorf(format string, args ...any)
	Fail()
	FailNow()
	Failed() bool
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	Helper()
	Log(args ...any)
	Logf(format string, args ...any)
	Name() string
	Output() io.Writer
	Setenv(key, value string)
	Skip(args ...any)
	SkipNow()
	Skipf(format string, args ...any)
	Skipped() bool
	TempDir() string
}

// Options configure Check. The zero value explores 1000 random schedules.
type Options struct {
	// Strategy (random, pct or dfs), Depth (pct) and Bound (dfs).
	Strategy     string
	Depth, Bound int
	// Schedules is the budget; default 1000 (a tenth with -short).
	Schedules int
	// Seed is the start seed; 0 picks one at random (printed on failure).
	// -racelab.seed overrides it.
	Seed uint64
	// Time, if set, also stops exploring after this much wall time
	// (-racelab.time overrides it).
	Time time.Duration
	// Horizon is the virtual time a schedule may reach and MaxSteps the
	// steps it may take; 0 means sim's defaults (-racelab.horizon and
	// -racelab.maxsteps override them).
	Horizon  time.Duration
	MaxSteps int64
	// Faults is the fault plan (-racelab.faults overrides it).
	Faults sim.FaultPlan
	// Model, if set (its Step is not nil), is the specification the
	// recorded history must be linearizable against: a typed model's
	// Porcupine(), as it is.
	Model porcupine.Model
	// ScheduleTimeout is the wall time one schedule may take before Check
	// fails with a hang finding naming where a thread is blocked (code
	// blocking on a real sync.Mutex or channel inside the World); 0 means
	// explore.DefaultScheduleTimeout.
	ScheduleTimeout time.Duration
	// Dir is where traces are saved and looked for; default
	// testdata/racelab.
	Dir string
	// Race runs every schedule with sim's data race detector (so does
	// -racelab.race): two conflicting accesses to a Var or Cell that no
	// synchronization orders fail the test as a data race.
	Race bool
	_    struct{}
}

// Check explores program (run as the main thread of every schedule) and
// fails t with the first finding: a deadlock, leak, panic, misuse, failed
// invariant (w.Fail) or non-linearizable history.
func Check(t TB, program func(w *sim.World), opts Options) {
	t.Helper()
	if err := applyFlags(&opts); err != nil {
		t.Fatalf("racelab: %v", err)
		return
	}
	sc := &explore.Scenario{
		Name:     "test/" + t.Name(),
		Variants: []explore.Variant{{Name: "default", Expect: results.Clean}},
		Program:  func(w *sim.World, _ string) { program(w) },
		Faults:   opts.Faults, Strategy: opts.Strategy, Depth: opts.Depth, Bound: opts.Bound,
		Budget: opts.Schedules, Horizon: opts.Horizon, MaxSteps: opts.MaxSteps, Race: opts.Race || *flagRace,
	}
	if opts.Model.Step != nil {
		m := opts.Model
		sc.Model = &m
	}
	cat, err := explore.NewCatalogue(sc)
	if err != nil {
		t.Fatalf("racelab: %v", err)
		return
	}
	dir := opts.Dir
	if dir == "" {
		dir = filepath.Join("testdata", "racelab")
	}
	if *flagReplay != "" {
		replayFile(t, cat, *flagReplay, true)
		return
	}
	saved, _ := filepath.Glob(filepath.Join(dir, fileStem(t.Name())+"-*.json"))
	for _, file := range saved {
		replayFile(t, cat, file, false)
	}
	seed := opts.Seed
	if seed == 0 {
		seed = randomSeed()
	}
	budget := sc.Budget
	if *flagSchedules > 0 {
		budget = *flagSchedules
	} else if budget <= 0 {
		budget = 1000
	}
	if testing.Short() && *flagSchedules == 0 {
		budget = max(budget/10, 1)
	}
	run, err := explore.Explore(context.Background(), explore.Target{Scenario: sc, Variant: sc.Variants[0]},
		explore.Config{Strategy: *flagStrategy, Seed: seed, Schedules: budget, Time: opts.Time, ScheduleTimeout: opts.ScheduleTimeout})
	if err != nil {
		t.Fatalf("racelab: %v", err)
		return
	}
	for _, warning := range run.Warnings {
		t.Logf("racelab: warning: %s", warning)
	}
	if len(run.Findings) == 0 {
		t.Logf("racelab: %d %s schedules from seed %d, no finding", run.Schedules, run.Strategy, seed)
		return
	}
	f := run.Findings[0]
	var log []string
	for _, e := range f.Log {
		log = append(log, e.String())
	}
	msg := describe(f.Kind, f.Message, f.Explanation, f.Race, f.Threads, log)
	msg += fmt.Sprintf("\nfound in schedule %d of %d (%s, seed %d; -racelab.seed=%d explores the same schedules)", f.Schedule, run.Schedules, run.Strategy, seed, seed)
	if f.Kind == "hang" {
		// No trace to save: replaying it would hang the next run too.
		msg += fmt.Sprintf("\nTo reproduce: go test -run '^%s$' -racelab.seed=%d", runPattern(t.Name()), seed)
		t.Fatalf("%s", msg)
		return
	}
	file := filepath.Join(dir, fmt.Sprintf("%s-%s.json", fileStem(t.Name()), f.TraceHash))
	saveErr := save(file, &f.Trace)
	if saveErr != nil {
		msg += fmt.Sprintf("\nthe trace could not be saved: %v", saveErr)
	} else {
		msg += fmt.Sprintf("\nTo reproduce: go test -run '^%s$' -racelab.replay=%s", runPattern(t.Name()), file)
	}
	t.Fatalf("%s", msg)
}

// replayFile replays one saved trace and fails t if it still fails. A trace
// named by -racelab.replay (explicit) that cannot be replayed fails t too:
// the test was asked to show that run and cannot. A saved trace that no
// longer fits the test is only logged: the test changed since.
func replayFile(t TB, cat *explore.Catalogue, file string, explicit bool) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("racelab: %v", err)
		return
	}
	tr, err := sim.ParseTrace(data)
	if err != nil {
		t.Fatalf("racelab: %s: %v", file, err)
		return
	}
	// The test may have changed since the trace was saved: follow its
	// decisions as far as they fit.
	r, err := cat.RetryTrace(tr)
	if err != nil && explicit {
		t.Fatalf("racelab: -racelab.replay=%s cannot be replayed: %v", file, err)
		return
	}
	if err != nil {
		t.Logf("racelab: %s cannot be replayed: %v", file, err)
		return
	}
	if !r.Violated() {
		t.Logf("racelab: %s passes now; remove it once the fix is confirmed", file)
		return
	}
	var log []string
	for _, e := range r.Result.Log {
		log = append(log, e.String())
	}
	t.Fatalf("%s\nreplayed from %s", describe(r.Kind, r.Message, r.Explanation, "", r.Threads, log), file)
}

// describe formats a finding for a test failure: the finding, the
// explanation, the race, where each thread it is about stood (file:line,
// as go test prints a failure), and the end of the event log.
func describe(kind, message, explanation, race string, threads []results.Thread, log []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "racelab: %s: %s", kind, message)
	if explanation != "" {
		b.WriteString("\n" + explanation)
	}
	if race != "" {
		b.WriteString("\n" + race)
	}
	for _, th := range threads {
		if th.Involved {
			b.WriteString("\n" + results.Where(th))
		}
	}
	const tail = 25
	if len(log) > 0 {
		from := max(0, len(log)-tail)
		fmt.Fprintf(&b, "\nlast %d of %d events:\n  %s", len(log)-from, len(log), strings.Join(log[from:], "\n  "))
	}
	return b.String()
}

func save(file string, tr *sim.Trace) error {
	data, err := tr.Marshal()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	return os.WriteFile(file, data, 0o644)
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// fileStem turns a test name (subtests included) into a file name part.
func fileStem(name string) string { return unsafeChars.ReplaceAllString(name, "_") }

// runPattern is the -run pattern of a test, subtests included.
func runPattern(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return strings.Join(parts, "$/^")
}

// randomSeed draws a start seed; it is printed on failure, so the run can
// be repeated. (Choosing where to start is not part of the simulated world.)
func randomSeed() uint64 {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return 1
	}
	return binary.LittleEndian.Uint64(b[:]) | 1
}

// applyFlags lets the -racelab.* flags given on the command line override
// what the test set in opts.
func applyFlags(opts *Options) error {
	if *flagSeed != 0 {
		opts.Seed = *flagSeed
	}
	if *flagTime > 0 {
		opts.Time = *flagTime
	}
	if *flagHorizon > 0 {
		opts.Horizon = *flagHorizon
	}
	if *flagMaxSteps > 0 {
		opts.MaxSteps = *flagMaxSteps
	}
	if *flagFaults != "" {
		plan, err := sim.ParseFaultPlan(*flagFaults)
		if err != nil {
			return fmt.Errorf("-racelab.faults: %v", err)
		}
		opts.Faults = plan
	}
	return nil
}
