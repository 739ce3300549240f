package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/racelab/racelab/results"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// copyModule copies the Go files of a testdata package into a fresh
// module of its own, as a user's module: racelab test then builds it with
// a -modfile that requires racelab, and the traces racetest saves land in
// the copy, not in racelab's tree. More packages go into subdirectories
// named after them.
func copyModule(t *testing.T, from string, more ...string) string {
	t.Helper()
	dir := t.TempDir()
	copyPackage(t, from, dir)
	for _, m := range more {
		copyPackage(t, m, filepath.Join(dir, filepath.Base(m)))
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/user\n\ngo 1.26\n"), 0o644))
	return dir
}

func copyPackage(t *testing.T, from, to string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(from, "*.go"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	require.NoError(t, os.MkdirAll(to, 0o755))
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(to, filepath.Base(f)), data, 0o644))
	}
}

// racelabIn runs racelab in dir (the test's own directory if "") with env
// added, and returns its stdout, stderr and exit status.
func racelabIn(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	return racelabEnv(t, dir, nil, args...)
}

func racelabEnv(t *testing.T, dir string, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(racelabBin, args...)
	cmd.Dir, cmd.Env = dir, append(os.Environ(), env...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code
}

func readResults(t *testing.T, file string) *results.File {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	f, err := results.Parse(data)
	require.NoError(t, err)
	return f
}

// buggyTests lists the TestXBuggy names of the packages in dirs (their
// fixes are TestXFixed).
func buggyTests(t *testing.T, dirs ...string) []string {
	t.Helper()
	var files []string
	for _, d := range dirs {
		fs, _ := filepath.Glob(filepath.Join(d, "*_test.go"))
		files = append(files, fs...)
	}
	re := regexp.MustCompile(`(?m)^func (Test\w+)Buggy\(`)
	var names []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range re.FindAllStringSubmatch(string(data), -1) {
			names = append(names, m[1])
		}
	}
	return names
}

// TestCorpusBugsAreFoundFromEverySeedAndTheirFixesStayClean runs racelab
// test, unmodified code, on the corpus of real bugs and on the registry of
// seed 001 written in plain Go: every buggy test must be found from each
// of the start seeds 1..10, and every fix must stay clean over the default
// budget.
func TestCorpusBugsAreFoundFromEverySeedAndTheirFixesStayClean(t *testing.T) {
	corpus, registry := "../../translate/testdata/corpus", "../../translate/testdata/registry"
	require.GreaterOrEqual(t, len(buggyTests(t, corpus)), 20, "the corpus holds at least 20 bugs")
	names := buggyTests(t, corpus, registry)
	dir := copyModule(t, corpus, registry)
	clean := func() {
		// Saved traces would be replayed first: each seed starts afresh.
		require.NoError(t, os.RemoveAll(filepath.Join(dir, "testdata")))
		require.NoError(t, os.RemoveAll(filepath.Join(dir, "registry", "testdata")))
	}
	for seed := 1; seed <= 10; seed++ {
		clean()
		out := filepath.Join(t.TempDir(), "buggy.json")
		stdout, stderr, code := racelabIn(t, dir, "test", "-run", "Buggy$", "--seed", strconv.Itoa(seed), "--json", out, "./...")
		require.Equal(t, 1, code, "seed %d: %s%s", seed, stdout, stderr)
		f := readResults(t, out)
		found := map[string]float64{}
		for _, r := range f.Runs {
			if r.Verdict == results.Violation {
				found[r.Scenario[strings.LastIndex(r.Scenario, ".")+1:]] = r.TimeToFirstMS
			}
		}
		for _, n := range names {
			ms, ok := found[n+"Buggy"]
			if assert.True(t, ok, "seed %d: %sBuggy not found\n%s", seed, n, stdout) {
				t.Logf("seed %d: %sBuggy found after %.2f ms", seed, n, ms)
			}
		}
	}
	clean()
	out := filepath.Join(t.TempDir(), "fixed.json")
	// Spin$: a busy-poll that finishes under a fair scheduler (wellington's
	// spinning watcher) must stay clean like the fixes.
	stdout, stderr, code := racelabIn(t, dir, "test", "-run", "(Fixed|Spin)$", "--seed", "1", "--json", out, "./...")
	require.Equal(t, 0, code, "%s%s", stdout, stderr)
	f := readResults(t, out)
	require.Len(t, f.Runs, len(names)+2, "a fix per bug, and wellington's fix and spin")
	for _, r := range f.Runs {
		assert.Equal(t, results.Clean, r.Verdict, r.Scenario)
		assert.GreaterOrEqual(t, r.Schedules, 1000, "%s: the default budget", r.Scenario)
	}
}

// programLines are the lines a test printed itself.
func programLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "pipeline:") || strings.HasPrefix(l, "pool:") {
			lines = append(lines, l)
		}
	}
	return lines
}

// TestDeterministicProgramsPrintTheSameUnderGoTestAndRacelabTest runs the
// same plain tests (a pipeline, a worker pool that sums) under go test and
// under racelab test: both pass and print the same lines.
func TestDeterministicProgramsPrintTheSameUnderGoTestAndRacelabTest(t *testing.T) {
	dir := copyModule(t, "../../translate/testdata/deterministic")
	cmd := exec.Command("go", "test", "-count=1", "-v", ".")
	cmd.Dir = dir
	plain, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", plain)
	stdout, stderr, code := racelabIn(t, dir, "test", "-v", "--seed", "7", ".")
	require.Equal(t, 0, code, "%s%s", stdout, stderr)
	want := programLines(string(plain))
	require.Len(t, want, 2)
	assert.Equal(t, want, programLines(stdout))
	assert.Contains(t, stdout, "2 of 2 test(s) clean over every schedule")
}

// TestTranslationIsCachedByContent: a second run of an unchanged package
// reuses the translation; a changed file translates again.
func TestTranslationIsCachedByContent(t *testing.T) {
	dir := copyModule(t, "../../translate/testdata/deterministic")
	env := "XDG_CACHE_HOME=" + t.TempDir()
	run := func() string {
		cmd := exec.Command(racelabBin, "test", "--schedules", "10", "--seed", "1", ".")
		cmd.Dir, cmd.Env = dir, append(os.Environ(), env)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		return string(out)
	}
	assert.Contains(t, run(), ", translated in")
	assert.Contains(t, run(), "translation cached in")
	f, err := os.OpenFile(filepath.Join(dir, "pipeline.go"), os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString("\n// changed\n")
	require.NoError(t, err)
	require.NoError(t, f.Close())
	assert.Contains(t, run(), ", translated in")
}

// TestCodeThatCannotBeTranslatedIsBadInput: exit 2 with one line naming
// the user's file:line.
func TestCodeThatCannotBeTranslatedIsBadInput(t *testing.T) {
	dir := writeModule(t, "package u\n\nimport (\n\t\"os\"\n\t\"os/signal\"\n\t\"testing\"\n)\n\nfunc TestSignal(t *testing.T) {\n\tc := make(chan os.Signal, 1)\n\tsignal.Notify(c, os.Interrupt)\n}\n")
	_, stderr, code := racelabIn(t, dir, "test", ".")
	assert.Equal(t, 2, code)
	assert.Regexp(t, `^racelab: cannot translate: .*u_test\.go:11: translate: signal\.Notify has a channel in its type`, stderr)
	assert.Equal(t, 1, strings.Count(strings.TrimSpace(stderr), "\n")+1, "one line: %q", stderr)
}

// writeModule writes a one-package module holding one test file.
func writeModule(t *testing.T, test string) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/u\n\ngo 1.26\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "u_test.go"), []byte(test), 0o644))
	return dir
}

// TestUncontrolledConcurrencyIsReported: a goroutine started by code that
// is not translated (net/http's server) is a finding naming it, not a hang
// or a pass.
func TestUncontrolledConcurrencyIsReported(t *testing.T) {
	dir := writeModule(t, `package u

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestServer(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	_ = srv.URL
}
`)
	stdout, stderr, code := racelabIn(t, dir, "test", "--seed", "1", ".")
	assert.Equal(t, 1, code, "%s%s", stdout, stderr)
	assert.Contains(t, stdout, "uncontrolled")
}

// TestNondeterminismIsReported: a test whose run depends on state left by
// the previous run differs between the two runs of its first schedule.
func TestNondeterminismIsReported(t *testing.T) {
	dir := writeModule(t, `package u

import (
	"sync"
	"testing"
)

var runs int

func TestLeftover(t *testing.T) {
	runs++
	var mu sync.Mutex
	if runs%2 == 0 {
		mu.Lock()
		mu.Unlock()
	}
}
`)
	stdout, stderr, code := racelabIn(t, dir, "test", "--seed", "1", ".")
	assert.Equal(t, 1, code, "%s%s", stdout, stderr)
	assert.Contains(t, stdout, "nondeterminism: the first schedule, run twice, gave two different runs")
}

// TestShardsAcrossProcessesCoverTheBudgetAndWriteTheOutputs: with 1 or 3
// worker processes each test runs exactly its budget of schedules, and
// -json, -junit and -report are written as for run.
func TestShardsAcrossProcessesCoverTheBudgetAndWriteTheOutputs(t *testing.T) {
	dir := copyModule(t, "../../translate/testdata/deterministic")
	for _, workers := range []string{"1", "3"} {
		out := t.TempDir()
		stdout, stderr, code := racelabIn(t, dir, "test", "--workers", workers, "--schedules", "90", "--seed", "3",
			"--json", filepath.Join(out, "r.json"), "--junit", filepath.Join(out, "junit.xml"), "--report", filepath.Join(out, "html"), ".")
		require.Equal(t, 0, code, "%s%s", stdout, stderr)
		f := readResults(t, filepath.Join(out, "r.json"))
		require.Len(t, f.Runs, 2)
		for _, r := range f.Runs {
			assert.Equal(t, 90, r.Schedules, "workers %s: %s", workers, r.Scenario)
			assert.Equal(t, results.Clean, r.Verdict)
		}
		junit, err := os.ReadFile(filepath.Join(out, "junit.xml"))
		require.NoError(t, err)
		assert.Contains(t, string(junit), "TestWorkerPool")
		assert.FileExists(t, filepath.Join(out, "html", "index.html"))
	}
}

// TestDependenciesAreTranslated: errgroup's goroutines (a dependency
// module) run under the scheduler, so a lost update between them is found
// and their threads are named by errgroup's go statement.
func TestDependenciesAreTranslated(t *testing.T) {
	dir := writeModule(t, `package u

import (
	"sync"
	"testing"

	"golang.org/x/sync/errgroup"
)

func TestErrgroupSum(t *testing.T) {
	var g errgroup.Group
	var mu sync.Mutex
	total := 0
	for i := 1; i <= 2; i++ {
		g.Go(func() error {
			mu.Lock()
			v := total
			mu.Unlock()
			mu.Lock()
			total = v + i
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	if total != 3 {
		t.Errorf("total %d", total)
	}
}
`)
	// The version racelab's own go.sum holds, so no download is needed.
	sum, err := os.ReadFile("../../go.sum")
	require.NoError(t, err)
	var lines []string
	for _, l := range strings.Split(string(sum), "\n") {
		if strings.HasPrefix(l, "golang.org/x/sync ") {
			lines = append(lines, l)
		}
	}
	require.NotEmpty(t, lines)
	version := strings.Fields(lines[0])[1]
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/u\n\ngo 1.26.0\n\nrequire golang.org/x/sync "+version+"\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.sum"), []byte(strings.Join(lines, "\n")+"\n"), 0o644))
	out := filepath.Join(t.TempDir(), "r.json")
	stdout, stderr, code := racelabIn(t, dir, "test", "--seed", "1", "--json", out, ".")
	require.Equal(t, 1, code, "%s%s", stdout, stderr)
	assert.Contains(t, stdout, "total ")
	f := readResults(t, out)
	require.Len(t, f.Runs, 1)
	require.NotEmpty(t, f.Runs[0].Findings)
	named := false
	for _, e := range f.Runs[0].Findings[0].Log {
		named = named || strings.Contains(e.Thread, "errgroup.go:")
	}
	assert.True(t, named, "a thread named by errgroup's go statement")
}
