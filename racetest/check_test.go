package racetest_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/racelab/racelab/model"
	"github.com/racelab/racelab/racetest"
	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder is a racetest.TB that keeps what a test would print.
type recorder struct {
	racetest.TB // nil: Check calls only the methods below
	name        string
	failed      []string
	logs        []string
}

func (r *recorder) Helper()      {}
func (r *recorder) Name() string { return r.name }
func (r *recorder) Logf(format string, args ...any) {
	r.logs = append(r.logs, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = append(r.failed, fmt.Sprintf(format, args...))
}

// hits is a racy page-hit counter.
func hits(guarded bool) func(w *sim.World) {
	return func(w *sim.World) {
		n := sim.NewVar(w, "hits", 0)
		mu := w.NewMutex("mu")
		wg := w.NewWaitGroup("wg")
		for _, name := range []string{"a", "b"} {
			wg.Go(name, func() {
				if guarded {
					mu.Lock()
					defer mu.Unlock()
				}
				n.Store(n.Load() + 1)
			})
		}
		wg.Wait()
		if n.Peek() != 2 {
			w.Fail("invariant", "hits = %d after two hits", n.Peek())
		}
	}
}

func TestCheckFailsWithAReplayLineAndSavesTheTrace(t *testing.T) {
	dir := t.TempDir()
	rec := &recorder{name: "TestHits/racy"}
	racetest.Check(rec, hits(false), racetest.Options{Dir: dir, Schedules: 200})
	require.Len(t, rec.failed, 1)
	msg := rec.failed[0]
	assert.Contains(t, msg, "racelab: invariant: hits = 1 after two hits")
	assert.Contains(t, msg, "last ")
	assert.Contains(t, msg, "To reproduce: go test -run '^TestHits$/^racy$' -racelab.replay="+dir+"/TestHits_racy-")
	files, _ := filepath.Glob(filepath.Join(dir, "TestHits_racy-*.json"))
	require.Len(t, files, 1)
	data, err := os.ReadFile(files[0])
	require.NoError(t, err)
	tr, err := sim.ParseTrace(data)
	require.NoError(t, err)
	assert.Equal(t, "test/TestHits/racy", tr.Scenario)

	// The next run replays the saved trace first and fails on it.
	again := &recorder{name: "TestHits/racy"}
	racetest.Check(again, hits(false), racetest.Options{Dir: dir, Schedules: 200})
	require.NotEmpty(t, again.failed)
	assert.Contains(t, again.failed[0], "replayed from "+files[0])

	// Once fixed, the saved trace passes, says so, and exploration is clean.
	fixed := &recorder{name: "TestHits/racy"}
	racetest.Check(fixed, hits(true), racetest.Options{Dir: dir, Schedules: 200})
	assert.Empty(t, fixed.failed)
	assert.True(t, strings.HasSuffix(fixed.logs[0], "passes now; remove it once the fix is confirmed"), fixed.logs[0])
}

func TestCheckOfACorrectProgramPasses(t *testing.T) {
	rec := &recorder{name: "TestHitsGuarded"}
	racetest.Check(rec, hits(true), racetest.Options{Dir: t.TempDir(), Strategy: "dfs"})
	assert.Empty(t, rec.failed)
	require.NotEmpty(t, rec.logs)
	assert.Contains(t, rec.logs[len(rec.logs)-1], "dfs schedules")
}

// Check with a real *testing.T, as users call it.
func TestGuardedHits(t *testing.T) {
	racetest.Check(t, hits(true), racetest.Options{Dir: t.TempDir()})
}

// counter is a counter whose increment loads, yields and stores, recorded
// as client operations for a linearizability check.
func counter(w *sim.World) {
	n := sim.NewVar(w, "n", 0)
	wg := w.NewWaitGroup("wg")
	for c, name := range []string{"a", "b"} {
		wg.Go(name, func() {
			id := w.Begin(c, model.CounterInput{Incr: true})
			v := n.Load() + 1
			n.Store(v)
			w.End(id, v)
		})
	}
	wg.Wait()
}

// Options.Model takes a typed model's Porcupine() as it is, and a history
// that is not linearizable fails the test with where each thread stood.
func TestCheckTakesAModelAsPorcupineReturnsIt(t *testing.T) {
	rec := &recorder{name: "TestCounter"}
	racetest.Check(rec, counter, racetest.Options{Dir: t.TempDir(), Schedules: 200, Model: model.Counter.Porcupine()})
	require.Len(t, rec.failed, 1)
	msg := rec.failed[0]
	assert.Contains(t, msg, "racelab: linearizability: ")
	assert.Regexp(t, "\nracetest/check_test\\.go:\\d+: thread [ab] (exited; it )?last yielded at `[^`]+`", msg)
	assert.Regexp(t, `To reproduce: go test .*\S+$`, msg, "the command comes last")
}

// An explicit -racelab.replay=FILE that cannot be replayed fails the test:
// it was asked to show that run.
func TestExplicitReplayThatCannotRunFails(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other.json")
	tr := sim.Trace{Scenario: "test/TestSomethingElse", Variant: "default", Strategy: "random"}
	data, err := tr.Marshal()
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(other, data, 0o644))
	require.NoError(t, flag.Set("racelab.replay", other))
	defer flag.Set("racelab.replay", "")
	rec := &recorder{name: "TestHits"}
	racetest.Check(rec, hits(true), racetest.Options{Dir: dir})
	require.Len(t, rec.failed, 1)
	assert.Contains(t, rec.failed[0], "-racelab.replay="+other+" cannot be replayed")

	// A trace saved under the test's name that no longer fits is only logged.
	require.NoError(t, flag.Set("racelab.replay", ""))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "TestHits-0000000000000000.json"), data, 0o644))
	rec = &recorder{name: "TestHits"}
	racetest.Check(rec, hits(true), racetest.Options{Dir: dir, Schedules: 20})
	assert.Empty(t, rec.failed)
	assert.Contains(t, rec.logs[0], "cannot be replayed")
}

// A real sync.Mutex held across a yield point hangs a schedule: Check fails
// with where the thread blocked instead of hanging until go test -timeout.
// A program with nothing to interleave passes with a warning.
func TestCheckOfRealPrimitives(t *testing.T) {
	rec := &recorder{name: "TestRealMutex"}
	racetest.Check(rec, func(w *sim.World) {
		var real sync.Mutex // blocked goroutines stay behind until the test binary exits
		wg := w.NewWaitGroup("wg")
		for _, name := range []string{"a", "b"} {
			wg.Go(name, func() {
				real.Lock()
				w.Yield("holding a real mutex")
				real.Unlock()
			})
		}
		wg.Wait()
	}, racetest.Options{Dir: t.TempDir(), Schedules: 100, ScheduleTimeout: 200 * time.Millisecond})
	require.Len(t, rec.failed, 1)
	assert.Contains(t, rec.failed[0], "racelab: hang: ")
	assert.Regexp(t, `\nracetest/check_test\.go:\d+: thread goroutine \d+ waits on sync.Mutex.Lock\n`, rec.failed[0])
	assert.Contains(t, rec.failed[0], "-racelab.seed=")

	rec = &recorder{name: "TestAlone"}
	racetest.Check(rec, func(w *sim.World) { w.Yield("alone") }, racetest.Options{Dir: t.TempDir(), Schedules: 10})
	assert.Empty(t, rec.failed)
	require.NotEmpty(t, rec.logs)
	assert.Contains(t, rec.logs[0], "racelab: warning: every schedule ran one thread only")
}

// spinner yields n times: clean unless a step limit below n stops it.
func spinner(n int) func(w *sim.World) {
	return func(w *sim.World) {
		for range n {
			w.Yield("spin")
		}
	}
}

// Options' Seed, MaxSteps, Horizon and Faults reach the exploration, and
// the -racelab.* flags override them.
func TestCheckOptionsDriveTheExploration(t *testing.T) {
	rec := &recorder{name: "TestSpin"}
	racetest.Check(rec, spinner(100), racetest.Options{Dir: t.TempDir(), Schedules: 3, Seed: 7})
	require.Empty(t, rec.failed)
	assert.Contains(t, rec.logs[len(rec.logs)-1], "from seed 7")

	rec = &recorder{name: "TestSpin"}
	racetest.Check(rec, spinner(100), racetest.Options{Dir: t.TempDir(), Schedules: 3, MaxSteps: 50})
	require.Len(t, rec.failed, 1)
	assert.Contains(t, rec.failed[0], "step-limit")

	require.NoError(t, flag.Set("racelab.maxsteps", "1000"))
	defer flag.Set("racelab.maxsteps", "0")
	rec = &recorder{name: "TestSpin"}
	racetest.Check(rec, spinner(100), racetest.Options{Dir: t.TempDir(), Schedules: 3, MaxSteps: 50})
	assert.Empty(t, rec.failed, "the flag overrides the option")
	require.NoError(t, flag.Set("racelab.maxsteps", "0"))

	sleeper := func(w *sim.World) { w.Sleep(2 * time.Hour) }
	rec = &recorder{name: "TestSleep"}
	racetest.Check(rec, sleeper, racetest.Options{Dir: t.TempDir(), Schedules: 1})
	assert.Empty(t, rec.failed, "within sim's default horizon")
	rec = &recorder{name: "TestSleep"}
	racetest.Check(rec, sleeper, racetest.Options{Dir: t.TempDir(), Schedules: 1, Horizon: time.Hour})
	require.Len(t, rec.failed, 1)
	assert.Contains(t, rec.failed[0], "horizon of 1h0m0s")

	plan, err := sim.ParseFaultPlan("sleep:1:1:1ns")
	require.NoError(t, err)
	rec = &recorder{name: "TestFaults"}
	delayed := func(w *sim.World) {
		w.Yield("work")
		if d := w.Now().Sub(sim.Epoch); d != 0 {
			w.Fail("invariant", "slept %v", d)
		}
	}
	racetest.Check(rec, delayed, racetest.Options{Dir: t.TempDir(), Schedules: 1, Faults: plan})
	require.Len(t, rec.failed, 1, "the 1ns sleep fault fired: %v", rec.logs)
	assert.Contains(t, rec.failed[0], "slept 1ns", "the plan's own delay was used")
}

func TestCheckRejectsABadFaultsFlag(t *testing.T) {
	require.NoError(t, flag.Set("racelab.faults", "sleep:1:1:soon"))
	defer flag.Set("racelab.faults", "")
	rec := &recorder{name: "TestSpin"}
	racetest.Check(rec, spinner(1), racetest.Options{Dir: t.TempDir(), Schedules: 1})
	require.Len(t, rec.failed, 1)
	assert.Contains(t, rec.failed[0], "-racelab.faults")
}
