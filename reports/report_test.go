package reports_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/reports"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/scenarios"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// explored runs two demo scenarios for a results file with findings of a
// linearizability and a deadlock kind.
func explored(t *testing.T) *results.File {
	t.Helper()
	targets, err := scenarios.Default().Resolve([]string{"demo/counter", "demo/lock-order:inverted"})
	require.NoError(t, err)
	f := &results.File{}
	for _, tg := range targets {
		r, err := explore.Explore(context.Background(), tg, explore.Config{Seed: 4, Workers: 1})
		require.NoError(t, err)
		f.Runs = append(f.Runs, r)
	}
	return f
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}

func TestReportStructure(t *testing.T) {
	dir := t.TempDir()
	f := explored(t)
	index, err := reports.Write(dir, f)
	require.NoError(t, err)
	page := read(t, index)
	assert.Contains(t, page, `<p id="summary">3 of 3 runs met their expectation.</p>`)
	assert.Equal(t, 3, strings.Count(page, `<tr class="run">`))
	assert.Contains(t, page, `href="findings/run0-finding0.html"`)
	assert.Contains(t, page, `<span class="verdict met">violation</span>`)

	finding := read(t, filepath.Join(dir, "findings", "run0-finding0.html"))
	assert.Contains(t, finding, `<code id="replay">racelab replay demo/counter:racy --seed 4`)
	assert.Contains(t, finding, `<iframe id="porcupine" sandbox="allow-scripts" referrerpolicy="no-referrer" title="porcupine visualization" data-srcdoc="&lt;!doctype html&gt;`)
	assert.Contains(t, finding, `<p id="explanation">`)
	assert.Contains(t, finding, `<table id="log">`)
	assert.Contains(t, finding, `<code id="min-replay">racelab replay demo/counter:racy --decisions `)
	assert.Contains(t, finding, `<code id="min-replay-file">racelab replay `+filepath.Join(dir, "findings", "run0-finding0.min.trace.json")+`</code>`)
	assert.Regexp(t, `<tr class="thread involved"><td>client\d</td><td>(exited; )?last yielded at <code>between load and store</code></td><td><code class="at">scenarios/demo.go:\d+</code>`, finding)
	assert.NoFileExists(t, filepath.Join(dir, "findings", "run0-finding0.linearizability.html"), "porcupine's view is no page of its own")
	assert.FileExists(t, filepath.Join(dir, "findings", "run0-finding0.trace.json"))
	outside := regexp.MustCompile(`data-srcdoc="[^"]*"`).ReplaceAllString(finding, "")
	assert.NotContains(t, outside, "http://", "the page loads nothing from elsewhere")
	assert.NotContains(t, outside, "https://")

	assert.Contains(t, finding, `<svg id="swimlane"`)
	assert.Regexp(t, `<rect class="op" [^>]*><title>incr\(\) -&gt; \d`, finding, "operations are bars with their description on hover")
	assert.Contains(t, finding, `<rect class="wait"`, "main's wait on the group is drawn")
	assert.Contains(t, finding, `<tr class="ev" data-thread="client0">`)
	assert.Contains(t, page, `<svg id="chart"`)

	deadlock := read(t, filepath.Join(dir, "findings", "run2-finding0.html"))
	assert.Contains(t, deadlock, "cycle t1 -&gt; t2 -&gt; t1")
	assert.Contains(t, deadlock, `<p id="why" class="why">Every live thread is blocked`)
	assert.Regexp(t, `<tr class="thread involved"><td>t[12]</td><td>waits on <code>mutex [AB] \(held by t[12]\)</code></td><td><code class="at">scenarios/\w+\.go:\d+</code>`, deadlock)
	assert.Regexp(t, `<p id="cycle">t[12] → t[12] → t[12]</p>`, deadlock)
	assert.NotContains(t, deadlock, `id="porcupine"`, "no model, no linearizability view")

	back, err := results.Parse([]byte(read(t, filepath.Join(dir, "results.json"))))
	require.NoError(t, err)
	assert.Len(t, back.Runs, 3)
}

func TestEveryProvidedStringIsEscaped(t *testing.T) {
	evil := `<script>alert("x")</script>`
	f := &results.File{Runs: []results.Run{{
		Scenario: "demo/" + evil, Variant: "v", Expect: results.Clean, Verdict: results.Violation, Strategy: "random",
		TimeToFirstMS: 1, Note: evil,
		Findings: []results.Finding{{Kind: "invariant", Message: evil, Replay: evil, Explanation: evil, Race: evil, Cycle: []string{evil},
			History: []results.Op{{Thread: evil, Call: 1, Return: 3, Desc: evil}},
			Log:     []results.Event{{Step: 1, Thread: evil, Kind: "run", Label: evil, Detail: evil}, {Step: 2, Thread: evil, Kind: "fault", Label: evil}}}},
	}}}
	dir := t.TempDir()
	index, err := reports.Write(dir, f)
	require.NoError(t, err)
	for _, page := range []string{index, filepath.Join(dir, "findings", "run0-finding0.html")} {
		html := read(t, page)
		assert.NotContains(t, html, evil, page)
		assert.Contains(t, html, "&lt;script&gt;", page)
	}
	assert.Contains(t, read(t, index), `<span class="verdict unmet">violation (expected clean)</span>`)
}

// racelab bench's page holds perf's table (the step cost beside the
// coroutine floor) above the catalogue's, every cell escaped.
func TestBenchPageShowsPerfTable(t *testing.T) {
	dir := t.TempDir()
	bench := filepath.Join(dir, "bench")
	require.NoError(t, os.MkdirAll(bench, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(bench, "bench.md"), []byte("| scenario:variant | random |\n|---|---|\n| demo/counter:racy | 1/2 (0.16) |\n"), 0o644))
	_, err := reports.Write(dir, &results.File{})
	require.NoError(t, err)
	assert.NotContains(t, read(t, filepath.Join(bench, "index.html")), `id="perf"`, "no perf.md, no perf table")

	require.NoError(t, os.WriteFile(filepath.Join(bench, "perf.md"), []byte("| measure | measured | goal | met |\n|---|---|---|---|\n| BenchmarkStep / <b>floor</b> | 2.40x | <= 1.5x | no |\n"), 0o644))
	_, err = reports.Write(dir, &results.File{})
	require.NoError(t, err)
	page := read(t, filepath.Join(bench, "index.html"))
	require.Contains(t, page, `id="perf"`)
	assert.Less(t, strings.Index(page, `id="perf"`), strings.Index(page, `id="bench"`), "perf's table comes first")
	assert.Contains(t, page, "BenchmarkStep / &lt;b&gt;floor&lt;/b&gt;")
	assert.Contains(t, page, "&lt;= 1.5x")
}
