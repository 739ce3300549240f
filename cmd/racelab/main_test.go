package main

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/racelab/racelab/results"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// racelabBin is the real racelab, built once for the package's tests.
var racelabBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "racelab-cli")
	if err != nil {
		panic(err)
	}
	racelabBin = filepath.Join(dir, "racelab")
	if out, err := exec.Command("go", "build", "-o", racelabBin, ".").CombinedOutput(); err != nil {
		panic(string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// racelab runs the binary and returns its stdout, stderr and exit status.
func racelab(t *testing.T, env []string, args ...string) (string, string, int) {
	t.Helper()
	return racelabEnv(t, "", env, args...)
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"all met", []string{"run", "demo/counter", "--seed", "3"}, 0, ""},
		{"violation where clean expected", []string{"replay", "demo/counter:racy", "--seed", "1", "--schedule", "1"}, 1, ""},
		{"none found where one expected", []string{"run", "demo/counter:racy", "--seed", "3", "--schedules", "1", "--strategy", "dfs", "--bound", "0"}, 1, ""},
		{"unknown scenario", []string{"run", "demo/nope"}, 2, `racelab: unknown scenario "demo/nope" (racelab list shows them)`},
		{"unknown variant", []string{"run", "demo/counter:fast"}, 2, `has no variant "fast"`},
		{"bad flag value", []string{"run", "--schedules", "-3"}, 2, "racelab: --schedules -3: must be positive"},
		{"unknown flag", []string{"run", "--colour"}, 2, "flag provided but not defined: -colour"},
		{"bad shard", []string{"run", "--shard", "3/2"}, 2, `shard "3/2"`},
		{"dfs sharded", []string{"run", "demo/lock-order", "--shard", "1/2"}, 2, "cannot be sharded"},
		{"unknown command", []string{"explode"}, 2, `unknown command "explode"`},
		{"replay without seed", []string{"replay", "demo/counter:racy"}, 2, "needs --seed and --schedule"},
		{"unknown fault kind", []string{"run", "demo/bank", "--faults", "db.disconect:0.1:1"}, 2, `racelab: --faults: fault kind "db.disconect": no fault point of the 2 runs offers it`},
		{"zero schedules", []string{"run", "demo/counter", "--schedules", "0"}, 2, "racelab: --schedules 0: must be positive"},
		{"malformed decisions", []string{"replay", "demo/counter:racy", "--decisions", "3=x1/2"}, 2, "decisions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := racelab(t, nil, tt.args...)
			assert.Equal(t, tt.code, code, stderr)
			if tt.stderr != "" {
				assert.Contains(t, stderr, tt.stderr)
				assert.Equal(t, 1, strings.Count(stderr, "\n"), "one line: %q", stderr)
			}
		})
	}
}

func TestListHasOneLinePerScenario(t *testing.T) {
	out, _, code := racelab(t, nil, "list")
	require.Equal(t, 0, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	assert.GreaterOrEqual(t, len(lines), 4)
	for _, l := range lines {
		assert.Regexp(t, `^[a-z]+/[a-z-]+\s+([a-z-]+=(violation|clean) ?)+\s+\S`, l)
	}
	assert.Regexp(t, `(?m)^demo/counter\s+racy=violation locked=clean\s+\S`, out)
}

func TestMalformedTraceFileIsBadInput(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"garbage.json":  "not json at all",
		"schema.json":   `{"schema":"racelab/trace/v9","strategy":"random","decisions":[]}`,
		"older.json":    `{"schema":"racelab/trace/v1","scenario":"demo/counter","variant":"racy","strategy":"random","decisions":["p1/2"]}`,
		"decision.json": `{"schema":"racelab/trace/v3","scenario":"demo/counter","variant":"racy","strategy":"random","decisions":["t9/2"]}`,
		"diverges.json": `{"schema":"racelab/trace/v3","scenario":"demo/counter","variant":"racy","strategy":"random","decisions":["f1/2","f1/2","f1/2","f1/2","f1/2"]}`,
	} {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
		_, stderr, code := racelab(t, nil, "replay", path)
		assert.Equal(t, 2, code, "%s: %s", name, stderr)
		assert.Equal(t, 1, strings.Count(stderr, "\n"), "%s: one line: %q", name, stderr)
	}
	_, stderr, code := racelab(t, nil, "replay", filepath.Join(dir, "missing.json"))
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "no such file")
}

var hashLine = regexp.MustCompile(`(?m)^trace-hash: ([0-9a-f]{16})$`)

func TestReplayPrintsTheSameTraceHashTwice(t *testing.T) {
	dir := t.TempDir()
	trace := filepath.Join(dir, "t.json")
	out1, _, code1 := racelab(t, nil, "replay", "demo/counter:racy", "--seed", "1", "--schedule", "1", "-o", trace, "--log")
	out2, _, code2 := racelab(t, nil, "replay", "demo/counter:racy", "--seed", "1", "--schedule", "1")
	out3, _, code3 := racelab(t, nil, "replay", trace)
	assert.Equal(t, []int{1, 1, 1}, []int{code1, code2, code3})
	h1, h2, h3 := hashLine.FindStringSubmatch(out1), hashLine.FindStringSubmatch(out2), hashLine.FindStringSubmatch(out3)
	require.NotNil(t, h1, out1)
	require.NotNil(t, h2)
	require.NotNil(t, h3)
	assert.Equal(t, h1[1], h2[1])
	assert.Equal(t, h1[1], h3[1])
	assert.True(t, strings.HasSuffix(strings.TrimSpace(out1), h1[0]), "the hash line comes last")
	assert.Contains(t, out1, "spawn")
}

func TestShardsCoverTheUnshardedRunAndMerge(t *testing.T) {
	dir := t.TempDir()
	common := []string{"run", "demo/counter:racy", "--seed", "9", "--schedules", "40", "--all"}
	_, _, code := racelab(t, nil, append(common, "--json", filepath.Join(dir, "whole.json"))...)
	require.Equal(t, 0, code)
	_, _, code = racelab(t, nil, append(common, "--shard", "1/2", "--json", filepath.Join(dir, "s1.json"))...)
	require.Equal(t, 0, code)
	// The second shard from the environment, as an Indexed Job sets it.
	_, _, code = racelab(t, []string{"JOB_COMPLETION_INDEX=1", "RACELAB_SHARDS=2"}, append(common, "--json", filepath.Join(dir, "s2.json"))...)
	require.Equal(t, 0, code)

	read := func(name string) *results.File {
		data, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		f, err := results.Parse(data)
		require.NoError(t, err)
		return f
	}
	whole, s1, s2 := read("whole.json"), read("s1.json"), read("s2.json")
	assert.Equal(t, "1/2", s1.Shard)
	assert.Equal(t, "2/2", s2.Shard)
	assert.Equal(t, whole.Runs[0].Schedules, s1.Runs[0].Schedules+s2.Runs[0].Schedules)
	merged := results.Merge(s1, s2)
	var a, b []int
	for _, f := range whole.Runs[0].Findings {
		a = append(a, f.Schedule)
	}
	for _, f := range merged.Runs[0].Findings {
		b = append(b, f.Schedule)
	}
	assert.Equal(t, a, b)

	out, _, code := racelab(t, nil, "report", filepath.Join(dir, "s1.json"), filepath.Join(dir, "s2.json"), "-o", filepath.Join(dir, "report"))
	assert.Equal(t, 0, code, out)
	assert.FileExists(t, filepath.Join(dir, "report", "index.html"))
	assert.FileExists(t, filepath.Join(dir, "report", "junit.xml"))
}

// An interrupted run exits 130, whatever it found until then, and writes
// a results file that says it is partial; a report of that file does not
// exit 0.
func TestInterruptedRunExits130AndWritesAPartialFile(t *testing.T) {
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "r.json")
			cmd := exec.Command(racelabBin, "run", "demo/counter:locked", "demo/counter:racy", "--schedules", "100000000", "--seed", "1", "--json", file)
			out, err := cmd.StdoutPipe()
			require.NoError(t, err)
			require.NoError(t, cmd.Start())
			first, err := bufio.NewReader(out).ReadString('\n')
			require.NoError(t, err)
			require.Contains(t, first, "racelab: 2 run(s)")
			require.NoError(t, cmd.Process.Signal(sig))
			go io.Copy(io.Discard, out)
			err = cmd.Wait()
			var ee *exec.ExitError
			require.ErrorAs(t, err, &ee)
			assert.Equal(t, 130, ee.ExitCode())

			data, err := os.ReadFile(file)
			require.NoError(t, err)
			f, err := results.Parse(data)
			require.NoError(t, err)
			assert.True(t, f.Partial)
			assert.Contains(t, string(data), `"partial": true`)

			_, stderr, code := racelab(t, nil, "report", file, "-o", filepath.Join(dir, "report"))
			assert.Equal(t, 1, code)
			assert.Contains(t, stderr, "partial")
		})
	}
}

// The replay line of a shrunk finding re-runs the shrunk trace: the same
// trace hash as its file.
func TestShrunkReplayLineReplaysTheShrunkTrace(t *testing.T) {
	dir := t.TempDir()
	out, _, code := racelab(t, nil, "run", "demo/counter:racy", "--seed", "3", "--report", dir)
	require.Equal(t, 0, code)
	m := regexp.MustCompile(`(?m)^\s+replay shrunk: racelab (replay .*)$`).FindStringSubmatch(out)
	require.NotNil(t, m, out)
	line, _, code := racelab(t, nil, strings.Fields(m[1])...)
	assert.Equal(t, 1, code, "the shrunk run violates")
	byFile, _, _ := racelab(t, nil, "replay", filepath.Join(dir, "findings", "run0-finding0.min.trace.json"))
	h1, h2 := hashLine.FindStringSubmatch(line), hashLine.FindStringSubmatch(byFile)
	require.NotNil(t, h1, line)
	require.NotNil(t, h2, byFile)
	assert.Equal(t, h2[1], h1[1])
	assert.Contains(t, out, "shrunk trace: "+filepath.Join(dir, "findings", "run0-finding0.min.trace.json"))
}

func TestResultsJSONHasTheDocumentedFields(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "r.json")
	junit := filepath.Join(dir, "j.xml")
	_, _, code := racelab(t, nil, "run", "demo/leak", "--seed", "2", "--json", file, "--junit", junit)
	require.Equal(t, 0, code)
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	for _, field := range []string{`"schema": "racelab/results/v1"`, `"scenario"`, `"variant"`, `"expect"`, `"verdict"`, `"strategy"`,
		`"seed"`, `"schedules"`, `"elapsed_ms"`, `"exhausted"`, `"findings"`, `"kind"`, `"message"`, `"schedule"`, `"trace"`, `"trace_hash"`, `"steps"`} {
		assert.Contains(t, string(data), field)
	}
	f, err := results.Parse(data)
	require.NoError(t, err)
	require.Len(t, f.Runs, 2)
	assert.Equal(t, "leak", f.Runs[0].Findings[0].Kind)
	xml, err := os.ReadFile(junit)
	require.NoError(t, err)
	assert.Contains(t, string(xml), `<testcase name="unbuffered [random]" classname="demo/leak"`)
}

func TestMalformedResultsFileIsBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"schema":"racelab/results/v1","runs":[{"scenario":"a/b","variant":"v","expect":"maybe","verdict":"clean","strategy":"random"}]}`), 0o644))
	_, stderr, code := racelab(t, nil, "report", bad, "-o", filepath.Join(dir, "out"))
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `expect "maybe"`)
}

func TestShrinkWritesAMinimalTraceThatStillFails(t *testing.T) {
	dir := t.TempDir()
	min := filepath.Join(dir, "min.json")
	_, _, code := racelab(t, nil, "run", "leasequeue/double-release:buggy", "--seed", "4", "--report", filepath.Join(dir, "report"))
	require.Equal(t, 0, code)
	trace := filepath.Join(dir, "report", "findings", "run0-finding0.trace.json")
	out, stderr, code := racelab(t, nil, "shrink", trace, "-o", min)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, out, "1-minimal")
	assert.Regexp(t, `shrunk in \d+ runs: \d+ -> \d+ steps`, out)
	_, _, code = racelab(t, nil, "replay", min)
	assert.Equal(t, 1, code, "the minimal trace fails too")
	clean := filepath.Join(dir, "clean.json")
	racelab(t, nil, "replay", "leasequeue/double-release:fixed", "--seed", "4", "--schedule", "0", "-o", clean)
	_, stderr, code = racelab(t, nil, "shrink", clean, "-o", min)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "does not fail")
}

func TestBenchQuickWritesAWellFormedTable(t *testing.T) {
	dir := t.TempDir()
	out, stderr, code := racelab(t, nil, "bench", "--quick", "--out", dir)
	require.Equal(t, 0, code, stderr)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Greater(t, len(lines), 3)
	header := lines[0]
	assert.Contains(t, header, "random")
	assert.Contains(t, header, "stress / racelab")
	cols := strings.Count(header, "|")
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "|") {
			break
		}
		assert.Equal(t, cols, strings.Count(l, "|"), "row %q", l)
	}
	data, err := os.ReadFile(filepath.Join(dir, "bench.json"))
	require.NoError(t, err)
	assert.Contains(t, string(data), `"schema": "racelab/bench/v1"`)
	assert.NoFileExists(t, filepath.Join(dir, "perf.md"), "--quick leaves the step-cost table out")
}

// --perf-only prints the issue-22 table, each measure beside its goal, and
// writes perf.md and perf.json for the bench page. (The figures depend on
// the machine; only their shape is checked.)
func TestBenchPerfOnlyWritesTheGoalTable(t *testing.T) {
	if testing.Short() {
		t.Skip("a round of every step benchmark and of the clean catalogue twice: a minute")
	}
	dir := t.TempDir()
	out, stderr, code := racelab(t, nil, "bench", "--perf-only", "--rounds", "1", "--out", dir)
	require.Equal(t, 0, code, stderr)
	for _, measure := range []string{"BenchmarkStep / BenchmarkCoroutineFloor", "BenchmarkSchedule3x10", "128 threads vs 2", "32 threads vs 2", "a catalogue step vs a bare step", "2 workers vs 1"} {
		assert.Contains(t, out, measure)
	}
	assert.FileExists(t, filepath.Join(dir, "perf.md"))
	data, err := os.ReadFile(filepath.Join(dir, "perf.json"))
	require.NoError(t, err)
	assert.Contains(t, string(data), `"schema": "racelab/perf/v1"`)
	assert.NoFileExists(t, filepath.Join(dir, "bench.md"), "the catalogue was not measured")
}

func TestBenchRefusesNonPositiveRounds(t *testing.T) {
	_, stderr, code := racelab(t, nil, "bench", "--rounds", "0")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "--rounds")
}
