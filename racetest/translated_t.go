package racetest

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/racelab/racelab/rt/lang"
)

// T is testing.T for a translated test: the translator turns
// func TestX(t *testing.T) into func racelabTestX(t *racetest.T), which
// [RunTranslated] runs as the main thread of a World once per schedule.
// It has testing.T's methods with go test's behaviour: Error and Log
// record, Fatal and FailNow end the calling goroutine (Go's runtime.Goexit;
// from a goroutine other than the test's that marks the test failed and
// ends only that goroutine, as in Go), Cleanup functions run last in
// reverse order, Run runs a subtest inline, Parallel does nothing (the
// schedules are what runs in parallel). A schedule whose test failed is a
// finding; output logged during a schedule is kept with it, and printed
// for the first schedule of a passing test with -v.
//
// A T is used by the threads of its World only, one at a time.
type T struct {
	r        *runner
	name     string
	parent   *T
	failed   bool
	skipped  bool
	finished bool
	cleanups []func()
	helpers  map[string]bool
	ctx      context.Context
	cancel   context.CancelFunc
}

// TB is the interface common to T and testing.T, so a helper of a
// translated test file (func helper(t testing.TB) becomes
// func helper(t racetest.TB)) accepts either, and so does [Check].
var _ TB = (*T)(nil)

func (t *T) record(s string) { t.note(s, false) }

// note keeps a line of output; an error's also goes into the finding.
func (t *T) note(s string, isErr bool) {
	if t.finished {
		panic(fmt.Sprintf("Log in goroutine after %s has completed: %s", t.name, strings.TrimSpace(s)))
	}
	line := t.decorate(s)
	t.r.logs = append(t.r.logs, line)
	if isErr {
		t.r.errs = append(t.r.errs, line)
	}
}

// decorate prefixes s with the file:line of the first caller that is not a
// helper, as testing does.
func (t *T) decorate(s string) string {
	pc := make([]uintptr, 32)
	n := runtime.Callers(3, pc)
	frames := runtime.CallersFrames(pc[:n])
	site := "???:1"
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "github.com/racelab/racelab/racetest.") && !t.isHelper(f.Function) {
			site = fmt.Sprintf("%s:%d", filepath.Base(f.File), f.Line)
			break
		}
		if !more {
			break
		}
	}
	return site + ": " + strings.TrimSuffix(s, "\n")
}

func (t *T) isHelper(fn string) bool {
	for c := t; c != nil; c = c.parent {
		if c.helpers[fn] {
			return true
		}
	}
	return false
}

// Name returns the test's name, with its subtests'.
func (t *T) Name() string { return t.name }

// Helper marks the calling function as a helper: its file:line is skipped
// in messages.
func (t *T) Helper() {
	pc, _, _, ok := runtime.Caller(1)
	if !ok {
		return
	}
	if t.helpers == nil {
		t.helpers = map[string]bool{}
	}
	t.helpers[runtime.FuncForPC(pc).Name()] = true
}

// Log records its arguments, formatted as fmt.Sprintln.
func (t *T) Log(args ...any) { t.record(fmt.Sprintln(args...)) }

// Logf records its arguments, formatted as fmt.Sprintf.
func (t *T) Logf(format string, args ...any) { t.record(fmt.Sprintf(format, args...)) }

// Fail marks the test failed and lets it go on.
func (t *T) Fail() {
	if t.finished {
		panic("Fail in goroutine after " + t.name + " has completed")
	}
	for c := t; c != nil; c = c.parent {
		c.failed = true
	}
}

// Failed reports whether the test has failed.
func (t *T) Failed() bool { return t.failed }

// FailNow marks the test failed and ends the calling goroutine.
func (t *T) FailNow() {
	t.Fail()
	lang.Goexit()
}

// Error is Log then Fail.
func (t *T) Error(args ...any) { t.note(fmt.Sprintln(args...), true); t.Fail() }

// Errorf is Logf then Fail.
func (t *T) Errorf(format string, args ...any) { t.note(fmt.Sprintf(format, args...), true); t.Fail() }

// Fatal is Log then FailNow.
func (t *T) Fatal(args ...any) { t.note(fmt.Sprintln(args...), true); t.FailNow() }

// Fatalf is Logf then FailNow.
func (t *T) Fatalf(format string, args ...any) {
	t.note(fmt.Sprintf(format, args...), true)
	t.FailNow()
}

// SkipNow marks the test skipped and ends the calling goroutine. A test
// skipped in its first schedule is reported skipped, as go test does.
func (t *T) SkipNow() {
	t.skipped = true
	lang.Goexit()
}

// Skip is Log then SkipNow.
func (t *T) Skip(args ...any) { t.record(fmt.Sprintln(args...)); t.SkipNow() }

// Skipf is Logf then SkipNow.
func (t *T) Skipf(format string, args ...any) { t.record(fmt.Sprintf(format, args...)); t.SkipNow() }

// Skipped reports whether the test was skipped.
func (t *T) Skipped() bool { return t.skipped }

// Cleanup registers f to run when the test and its subtests end, after
// the test's Context is canceled; the last registered runs first.
func (t *T) Cleanup(f func()) { t.cleanups = append(t.cleanups, f) }

// Context returns a context canceled just before the Cleanup functions
// run, as testing.T.Context.
func (t *T) Context() context.Context { return t.ctx }

// Parallel does nothing: schedules of a translated test run one at a time.
func (t *T) Parallel() {}

// TempDir returns a new temporary directory, removed when the go test's
// test ends (testing.T.TempDir of the real test).
func (t *T) TempDir() string { return t.r.t.TempDir() }

// Setenv sets an environment variable for the rest of the go test's test,
// as testing.T.Setenv.
func (t *T) Setenv(key, value string) { t.r.t.Setenv(key, value) }

// Chdir changes the working directory for the rest of the go test's test,
// as testing.T.Chdir.
func (t *T) Chdir(dir string) { t.r.t.Chdir(dir) }

// Deadline reports the go test binary's deadline, as testing.T.Deadline.
func (t *T) Deadline() (time.Time, bool) {
	if d, ok := t.r.t.(interface{ Deadline() (time.Time, bool) }); ok {
		return d.Deadline()
	}
	return time.Time{}, false
}

// ArtifactDir returns the go test's test's artifact directory, as
// testing.T.ArtifactDir.
func (t *T) ArtifactDir() string { return t.r.t.ArtifactDir() }

// Attr records a test attribute, as testing.T.Attr; it is emitted once,
// from the first schedule.
func (t *T) Attr(key, value string) {
	if t.r.first {
		t.r.t.Attr(key, value)
	}
}

// Output returns a Writer to the test's output, as testing.T.Output: its
// lines are kept with the schedule's log, without a file:line.
func (t *T) Output() io.Writer { return outputWriter{t} }

type outputWriter struct{ t *T }

func (o outputWriter) Write(p []byte) (int, error) {
	if o.t.finished {
		panic("Output written in goroutine after " + o.t.name + " has completed")
	}
	for _, l := range strings.SplitAfter(string(p), "\n") {
		if l != "" {
			o.t.r.logs = append(o.t.r.logs, strings.TrimSuffix(l, "\n"))
		}
	}
	return len(p), nil
}

// Run runs f as a subtest named name, inline on the calling goroutine, and
// reports whether it passed. A failed subtest fails t.
func (t *T) Run(name string, f func(t *T)) bool {
	full := t.name + "/" + strings.ReplaceAll(name, " ", "_")
	if !selected(full) {
		return true // -run deselects it, as go test does
	}
	sub := t.r.newT(full, t)
	sub.body(f)
	return !sub.failed
}

// selected reports whether go test's -test.run and -test.skip patterns
// select the subtest name, level by level, as go test matches them (the top
// level matched already: go test ran the test). The patterns are split at
// every '/', which go test does not do inside brackets.
func selected(name string) bool {
	levels := strings.Split(name, "/")
	if pats := patterns("test.run"); len(pats) > 1 && !matchLevels(pats[1:], levels[1:]) {
		return false
	}
	if pats := patterns("test.skip"); len(pats) > 1 && len(pats) <= len(levels) &&
		matchLevels(pats[:1], levels[:1]) && matchLevels(pats[1:], levels[1:]) {
		return false
	}
	return true
}

func patterns(flagName string) []string {
	f := flag.Lookup(flagName)
	if f == nil || f.Value.String() == "" {
		return nil
	}
	return strings.Split(f.Value.String(), "/")
}

// matchLevels reports whether each pattern matches the level at its depth;
// levels deeper than the patterns match.
func matchLevels(pats, levels []string) bool {
	for i := 0; i < len(pats) && i < len(levels); i++ {
		re, err := regexp.Compile(pats[i])
		if err != nil || !re.MatchString(levels[i]) {
			return false
		}
	}
	return true
}

// body runs f as the test's function, then its cleanups.
func (t *T) body(f func(t *T)) {
	defer t.finish()
	defer recoverGoexit()
	f(t)
}

// finish cancels the context and runs the cleanups, last first.
func (t *T) finish() {
	t.cancel()
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		func() {
			defer recoverGoexit()
			t.cleanups[i]()
		}()
	}
	t.finished = true
}

func recoverGoexit() {
	if r := recover(); r != nil && !lang.IsGoexit(r) {
		panic(r)
	}
}

// testingT is checked to have every method of TB the translator may call.
var _ TB = (*testing.T)(nil)
