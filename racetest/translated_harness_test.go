package racetest_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/racetest"
	"github.com/racelab/racelab/results"
	racelablang "github.com/racelab/racelab/rt/lang"
	rtruntime "github.com/racelab/racelab/rt/runtime"
	rttime "github.com/racelab/racelab/rt/time"
	"github.com/stretchr/testify/require"
)

func explored(seed uint64) explore.Config {
	return explore.Config{Seed: seed, Schedules: 50, Workers: 1}
}

func TestAlienGoroutineIsUncontrolled(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	rec := &failRecorder{TB: t}
	racetest.RunTranslatedWith(rec, "TestAlien", func(t *racetest.T) {
		startServer(release) // untranslated code starting a goroutine
	}, explored(1), t.TempDir())
	if len(rec.failed) == 0 || !strings.Contains(rec.failed[0], "uncontrolled concurrency: github.com/racelab/racelab/racetest_test.startServer started a goroutine at translated_harness_test.go:") {
		t.Fatalf("failure %q", rec.failed)
	}
}

// startServer stands for a library that was not translated (net/http's
// Serve): its goroutine is a real one.
func startServer(release chan struct{}) {
	go func() { <-release }()
}

func TestNondeterminismIsReported(t *testing.T) {
	calls := 0 // state kept across schedules: the second run differs
	rec := &failRecorder{TB: t}
	racetest.RunTranslatedWith(rec, "TestFlaky", func(t *racetest.T) {
		calls++
		if calls%2 == 0 {
			rtruntime.Gosched()
		}
	}, explored(1), t.TempDir())
	if len(rec.failed) == 0 || !strings.Contains(rec.failed[0], "racelab: nondeterminism: the first schedule, run twice, gave two different runs") ||
		!strings.Contains(rec.failed[0], `"main run runtime.Gosched `) {
		t.Fatalf("failure %q", rec.failed)
	}
}

func TestTestingTAsGoTest(t *testing.T) {
	rec := &failRecorder{TB: t}
	var order []string
	racetest.RunTranslatedWith(rec, "TestT", func(t *racetest.T) {
		order = nil
		t.Cleanup(func() { order = append(order, "cleanup 1") })
		t.Cleanup(func() {
			if _, _, canceled := racetest.DoneOf(t).TryRecv(); canceled {
				order = append(order, "cleanup 2 (context canceled)")
			}
		})
		passed := t.Run("sub", func(t *racetest.T) {
			require.Equal(t, "TestT/sub", t.Name())
			t.Log("in sub")
		})
		order = append(order, "sub passed="+boolString(passed))
		done := racelablang.MakeChan[struct{}](0)
		racelablang.Go("p.helper", "p_test.go:9", func() {
			defer done.Close()
			t.Fatal("from a goroutine")
			order = append(order, "after Fatal") // never
		})
		done.Recv()
		order = append(order, "the test goes on")
	}, explored(1), t.TempDir())
	if got := strings.Join(order, ", "); got != "sub passed=true, the test goes on, cleanup 2 (context canceled), cleanup 1" {
		t.Fatalf("order %q", got)
	}
	if len(rec.failed) == 0 || !strings.Contains(rec.failed[0], "racelab: test: TestT failed: translated_harness_test.go:") ||
		!strings.Contains(rec.failed[0], "from a goroutine") {
		t.Fatalf("failure %q", rec.failed)
	}
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func TestResultsFileIsAppended(t *testing.T) {
	file := filepath.Join(t.TempDir(), "results.json")
	t.Setenv(racetest.ResultsEnv, file)
	for _, name := range []string{"TestA", "TestB"} {
		rec := &failRecorder{TB: t}
		racetest.RunTranslatedWith(rec, name, func(t *racetest.T) { t.Log("fine") }, explored(3), t.TempDir())
		if len(rec.failed) > 0 {
			t.Fatal(rec.failed)
		}
	}
	f := readResults(t, file)
	if len(f.Runs) != 2 || f.Runs[1].Scenario != "test/github.com/racelab/racelab/racetest_test.TestB" ||
		f.Runs[0].Variant != "default" || f.Runs[0].Expect != results.Clean || f.Runs[0].Verdict != results.Clean || f.Runs[0].Schedules != 50 {
		t.Fatalf("runs %+v", f.Runs)
	}
}

func TestOutputOnceAsUnderGoTest(t *testing.T) {
	// A deterministic test prints what it prints under go test, once,
	// however many schedules it runs.
	if os.Getenv("RACELAB_CHILD") == "print" {
		racetest.RunTranslatedWith(t, "TestPrint", func(t *racetest.T) {
			os.Stdout.WriteString("hello from the test\n")
		}, explored(1), t.TempDir())
		return
	}
	out := child(t, "TestOutputOnceAsUnderGoTest", "print")
	if n := strings.Count(out, "hello from the test"); n != 1 {
		t.Fatalf("printed %d times:\n%s", n, out)
	}
}

func TestWatchdogEndsAHungSchedule(t *testing.T) {
	switch os.Getenv("RACELAB_CHILD") {
	case "block":
		real := make(chan int)
		racetest.RunTranslatedWith(t, "TestBlock", func(t *racetest.T) {
			<-real // untranslated: a real channel nobody sends on
		}, explored(1), t.TempDir())
		return
	case "spin":
		racetest.RunTranslatedWith(t, "TestSpin", func(t *racetest.T) {
			for spinForever() {
			}
		}, explored(1), t.TempDir())
		return
	}
	for _, c := range []struct{ mode, want string }{
		{"block", "a thread is blocked (chan receive) in github.com/racelab/racelab/racetest_test.TestWatchdogEndsAHungSchedule.func1 at translated_harness_test.go:"},
		{"spin", "a thread is running without reaching a yield point in github.com/racelab/racelab/racetest_test.spinForever at translated_harness_test.go:"},
	} {
		out := child(t, "TestWatchdogEndsAHungSchedule", c.mode, "-racelab.watchdog=300ms")
		if !strings.Contains(out, "racelab: uncontrolled: a schedule did not finish in 300ms of wall time") || !strings.Contains(out, c.want) {
			t.Fatalf("%s: output:\n%s", c.mode, out)
		}
	}
}

var spin = true

//go:noinline
func spinForever() bool { return spin }

// child runs test of this binary in a child process with RACELAB_CHILD=mode
// and returns its output.
func child(t *testing.T, test, mode string, args ...string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^" + test + "$", "-test.v"}, args...)...)
	cmd.Env = append(os.Environ(), "RACELAB_CHILD="+mode)
	out, _ := cmd.CombinedOutput()
	return string(out)
}

func TestSavedTraceFailsFirstAndIsAResult(t *testing.T) {
	dir := t.TempDir()
	first := &failRecorder{TB: t}
	racetest.RunTranslatedWith(first, "TestLockOrder", lockOrder(false), explored(1), dir)
	if len(first.failed) == 0 {
		t.Fatal("the deadlock was not found")
	}
	file := filepath.Join(t.TempDir(), "results.json")
	t.Setenv(racetest.ResultsEnv, file)
	again := &failRecorder{TB: t}
	racetest.RunTranslatedWith(again, "TestLockOrder", lockOrder(false), explored(99), dir)
	if len(again.failed) == 0 || !strings.Contains(again.failed[0], "replayed from "+dir) {
		t.Fatalf("failure %q", again.failed)
	}
	f := readResults(t, file)
	if len(f.Runs) != 1 || f.Runs[0].Verdict != results.Violation || f.Runs[0].Findings[0].Kind != "deadlock" ||
		!strings.HasPrefix(f.Runs[0].Note, "replayed from ") {
		t.Fatalf("runs %+v", f.Runs)
	}
	fixed := &failRecorder{TB: t}
	racetest.RunTranslatedWith(fixed, "TestLockOrder", lockOrder(true), explored(1), dir)
	if len(fixed.failed) > 0 {
		t.Fatalf("the fix fails on the saved trace: %s", fixed.failed[0])
	}
}

func TestLogAfterTheTestPanicsAsGo(t *testing.T) {
	rec := &failRecorder{TB: t}
	racetest.RunTranslatedWith(rec, "TestLate", func(t *racetest.T) {
		racelablang.Go("p.late", "p_test.go:3", func() {
			rtruntime.Gosched()
			t.Log("too late")
		})
	}, explored(1), t.TempDir())
	if len(rec.failed) == 0 || !strings.Contains(rec.failed[0], "panicked: Log in goroutine after TestLate has completed: too late") {
		t.Fatalf("failure %q", rec.failed)
	}
}

func TestSkipInTheFirstScheduleSkips(t *testing.T) {
	rec := &failRecorder{TB: t}
	racetest.RunTranslatedWith(rec, "TestSkip", func(t *racetest.T) {
		t.Skip("needs a database")
	}, explored(1), t.TempDir())
	if !rec.skipped || len(rec.failed) > 0 {
		t.Fatalf("skipped %v, failed %q", rec.skipped, rec.failed)
	}
}

func readResults(t *testing.T, file string) *results.File {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	f, err := results.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestHelperAndSubtestFailure(t *testing.T) {
	rec := &failRecorder{TB: t}
	var passed bool
	var line int
	racetest.RunTranslatedWith(rec, "TestHelp", func(t *racetest.T) {
		passed = t.Run("inner", func(t *racetest.T) {
			_, _, line, _ = runtime.Caller(0)
			mustBePositive(t, -1) // reported at this line, not in the helper
		})
	}, explored(1), t.TempDir())
	if passed {
		t.Fatal("a failed subtest reported success")
	}
	want := fmt.Sprintf("TestHelp failed: translated_harness_test.go:%d: -1 is not positive", line+1)
	if len(rec.failed) == 0 || !strings.Contains(rec.failed[0], want) {
		t.Fatalf("failure %q, want %q", rec.failed, want)
	}
}

func mustBePositive(t racetest.TB, n int) {
	t.Helper()
	if n <= 0 {
		t.Errorf("%d is not positive", n)
	}
}

func TestOutputWriterKeepsLines(t *testing.T) {
	rec := &failRecorder{TB: t}
	racetest.RunTranslatedWith(rec, "TestOut", func(t *racetest.T) {
		fmt.Fprintf(t.Output(), "raw line\n")
		t.Error("fail")
	}, explored(1), t.TempDir())
	if len(rec.failed) == 0 || !strings.Contains(rec.failed[0], "TestOut failed: translated_harness_test.go:") ||
		!strings.Contains(rec.failed[0], "output of the test in that schedule:\n  raw line\n") {
		t.Fatalf("failure %q", rec.failed)
	}
}

func TestRunSelectsSubtestsAsGoTest(t *testing.T) {
	if os.Getenv("RACELAB_CHILD") == "subtests" {
		racetest.RunTranslatedWith(t, t.Name(), func(t *racetest.T) {
			for _, name := range []string{"fast one", "slow"} {
				t.Run(name, func(t *racetest.T) {
					if strings.HasSuffix(t.Name(), "/slow") {
						t.Error("the slow one ran")
					}
				})
			}
		}, explored(1), t.TempDir())
		return
	}
	for _, c := range []struct {
		args []string
		pass bool
	}{
		{[]string{"-test.run=^TestRunSelectsSubtestsAsGoTest$/^fast_one$"}, true},
		{[]string{"-test.run=^TestRunSelectsSubtestsAsGoTest$", "-test.skip=^TestRunSelectsSubtestsAsGoTest$/slow"}, true},
		{[]string{"-test.run=^TestRunSelectsSubtestsAsGoTest$"}, false},
	} {
		cmd := exec.Command(os.Args[0], append(c.args, "-test.v")...)
		cmd.Env = append(os.Environ(), "RACELAB_CHILD=subtests")
		out, err := cmd.CombinedOutput()
		if (err == nil) != c.pass {
			t.Errorf("%v: passed %v, want %v:\n%s", c.args, err == nil, c.pass, out)
		}
	}
}

func TestTickerWorkFinishingAfterTheTestIsNoLeak(t *testing.T) {
	// The goroutine outlives the test by three ticks, then stops: not
	// blocked for ever, so not a leak (goleak would wait for it too).
	rec := &failRecorder{TB: t}
	racetest.RunTranslatedWith(rec, "TestTail", func(t *racetest.T) {
		tk := rttime.NewTicker(rttime.Second)
		racelablang.Go("p.tail", "p_test.go:4", func() {
			for range 3 {
				tk.C.Recv()
			}
			tk.Stop()
		})
	}, explored(1), t.TempDir())
	if len(rec.failed) > 0 {
		t.Fatal(rec.failed[0])
	}
}

func TestDFSExploresATranslatedTest(t *testing.T) {
	for _, fixed := range []bool{false, true} {
		rec := &failRecorder{TB: t}
		racetest.RunTranslatedWith(rec, "TestLockOrder", lockOrder(fixed),
			explore.Config{Strategy: "dfs", Bound: 2, Schedules: 10000, Workers: 1}, t.TempDir())
		if found := len(rec.failed) > 0; found == fixed {
			t.Fatalf("fixed=%v: failures %q", fixed, rec.failed)
		}
	}
}
