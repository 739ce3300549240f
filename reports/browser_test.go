package reports_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/racelab/racelab/reports"
	"github.com/racelab/racelab/results"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chromium finds Debian's Chromium (.ci/run installs it).
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser serves dir over HTTP, as one origin, and opens headless Chromium
// on it. It records console errors and exceptions of the pages, and every
// request to a path under /leak.
type browser struct {
	ctx      context.Context
	url      string
	mu       sync.Mutex
	problems []string
	leaks    []string
}

func openBrowser(t *testing.T, dir string) *browser {
	t.Helper()
	exe := chromium()
	if exe == "" {
		t.Skip("Chromium is not installed: apt-get install chromium (.ci/run installs it); the browser test needs it")
	}
	b := &browser{}
	files := http.FileServer(http.Dir(dir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/leak") {
			b.mu.Lock()
			b.leaks = append(b.leaks, r.URL.String())
			b.mu.Unlock()
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	b.url = srv.URL
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1280, 900), chromedp.UserDataDir(t.TempDir()))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelTimeout)
	b.ctx = ctx
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				b.problems = append(b.problems, "console error")
			}
		case *runtime.EventExceptionThrown:
			b.problems = append(b.problems, "exception: "+e.ExceptionDetails.Text)
		}
	}))
	return b
}

func (b *browser) open(t *testing.T, path, visible string) {
	t.Helper()
	require.NoError(t, chromedp.Do(b.ctx, chromedp.Navigate(b.url+path), chromedp.WaitVisible(visible)))
}

func eval[T any](t *testing.T, b *browser, js string) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js))
	require.NoError(t, err, js)
	return v
}

func (b *browser) screenshot(t *testing.T, name string) {
	t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	shots := filepath.Join("out", "screenshots")
	require.NoError(t, os.MkdirAll(shots, 0o755))
	path := filepath.Join(shots, name)
	require.NoError(t, os.WriteFile(path, png, 0o644))
	t.Logf("screenshot: reports/%s", path)
}

// The report as a person opens it: headless Chromium loads the index and a
// finding page from one origin, with no console error. The index groups
// the runs by system, findings first; the swimlanes are drawn large enough
// to read, with every lane named; porcupine's view is drawn in its frame,
// and the frame is as tall as the view; the event log filters by thread.
// Screenshots are kept in reports/out/screenshots.
func TestReportInABrowser(t *testing.T) {
	dir := t.TempDir()
	_, err := reports.Write(dir, explored(t))
	require.NoError(t, err)
	b := openBrowser(t, dir)

	b.open(t, "/index.html", "#runs")
	assert.Equal(t, 3, eval[int](t, b, `document.querySelectorAll("#runs tr.run").length`))
	assert.Equal(t, 1, eval[int](t, b, `document.querySelectorAll("#runs section.system").length`), "one system: demo")
	assert.Equal(t, "demo", eval[string](t, b, `document.querySelector("#runs section.system h2").firstChild.textContent.trim()`))
	assert.Positive(t, eval[int](t, b, `document.querySelectorAll("#chart rect").length`))
	b.screenshot(t, "index.png")

	b.open(t, "/findings/run0-finding0.html", "#swimlane")
	assert.Positive(t, eval[int](t, b, `document.querySelectorAll("#swimlane rect").length`), "the swimlanes are drawn")
	lanes := eval[[]string](t, b, `[...document.querySelectorAll("#swimlane text.lanename")].map(e => e.textContent)`)
	assert.ElementsMatch(t, []string{"main", "client0", "client1"}, lanes, "every lane is named")
	assert.GreaterOrEqual(t, eval[float64](t, b, `parseFloat(getComputedStyle(document.querySelector("#swimlane text.lanename")).fontSize)`), 12.0)
	assert.GreaterOrEqual(t, eval[float64](t, b, `Math.min(...[...document.querySelectorAll("#swimlane rect.op")].map(r => r.getBoundingClientRect().height))`), 16.0,
		"operation bars are tall enough to see and hover")
	assert.GreaterOrEqual(t, eval[float64](t, b, `document.querySelector("#swimlane").getBoundingClientRect().width`), 600.0,
		"a short run is spread over the page, not drawn in a corner")
	assert.Positive(t, eval[int](t, b, `document.querySelectorAll("#swimlane text.oplabel").length`), "wide operations carry their description")

	drawn, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`document.querySelector("#porcupine").dataset.drawn === "yes"`,
		chromedp.WithPollingTimeout(20*time.Second)))
	require.NoError(t, err)
	assert.True(t, drawn, "porcupine's view is rendered in its frame")
	frame := eval[float64](t, b, `document.querySelector("#porcupine").getBoundingClientRect().height`)
	assert.Greater(t, frame, 100.0)
	assert.Less(t, frame, 300.0, "the frame fits the view of two clients, with no empty half-page below")

	visible := eval[int](t, b, `(() => { const s = document.querySelector("#thread");
		s.value = "client0"; s.dispatchEvent(new Event("change"));
		return [...document.querySelectorAll("#log tr.ev")].filter(r => r.offsetParent !== null).length; })()`)
	total := eval[int](t, b, `document.querySelectorAll("#log tr.ev").length`)
	assert.Positive(t, visible)
	assert.Less(t, visible, total, "filtering by thread hides the other threads' events")
	b.screenshot(t, "finding.png")

	b.mu.Lock()
	defer b.mu.Unlock()
	assert.Empty(t, b.problems, "the pages run without console errors")
}

// A results file is untrusted input: the README's flow merges files from CI
// jobs. One whose visualization carries a script must not reach the report:
// the script runs, if at all, in a frame with no origin in common with the
// page, and cannot read or change the page, navigate it, open windows or
// send anything anywhere. And the visualization is written nowhere as it is.
func TestHostileResultsFileCannotReachTheReport(t *testing.T) {
	const hostile = `<html><body><p id="canvas">hostile</p><img src="x" onerror="try { parent.document.title = 'pwned by img' } catch (e) {}">
<script>
try { parent.document.title = "pwned"; } catch (e) {}
try { top.document.body.setAttribute("data-pwned", "1"); } catch (e) {}
try { parent.localStorage.setItem("pwned", "1"); } catch (e) {}
try { fetch("/leak?fetch"); } catch (e) {}
try { new Image().src = "/leak?img"; } catch (e) {}
try { navigator.sendBeacon("/leak?beacon"); } catch (e) {}
try { window.open("/leak?open"); } catch (e) {}
setTimeout(function () { // after the page's own sizing
  parent.postMessage({racelab: "size", height: 1e9, drawn: true}, "*");
  try { top.location = "/leak?nav"; } catch (e) {}
}, 2000);
</script></body></html>`
	f := explored(t)
	f.Runs[0].Findings[0].Visualization = hostile
	dir := t.TempDir()
	_, err := reports.Write(dir, f)
	require.NoError(t, err)
	require.NoError(t, filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.NotContains(t, string(data), `<script>
try { parent.document.title`, "%s holds the visualization as it is", path)
		return nil
	}))

	b := openBrowser(t, dir)
	b.open(t, "/findings/run0-finding0.html", "#porcupine")
	// The hostile script ran in its frame: it asked for a height, which
	// the page clamps.
	grown, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`document.querySelector("#porcupine").getBoundingClientRect().height >= 4000`,
		chromedp.WithPollingTimeout(10*time.Second)))
	require.NoError(t, err, "frame height %v", eval[float64](t, b, `document.querySelector("#porcupine").getBoundingClientRect().height`))
	assert.True(t, grown)
	assert.LessOrEqual(t, eval[float64](t, b, `parseFloat(document.querySelector("#porcupine").style.height)`), 4000.0)
	time.Sleep(500 * time.Millisecond) // let whatever else it tried land
	assert.Equal(t, "demo/counter:racy linearizability", eval[string](t, b, `document.title`))
	assert.False(t, eval[bool](t, b, `document.body.hasAttribute("data-pwned")`))
	assert.False(t, eval[bool](t, b, `localStorage.getItem("pwned") !== null`))
	assert.True(t, eval[bool](t, b, `location.pathname === "/findings/run0-finding0.html"`), "the page was not navigated away")
	b.mu.Lock()
	defer b.mu.Unlock()
	assert.Empty(t, b.leaks, "nothing reached the server")
}

// A finding that is not about linearizability explains itself instead of
// leading with porcupine's red "Invalid LP" view; the bench table is a
// page, not Markdown; the index puts each system's findings first.
func TestInvariantBenchAndIndexPagesInABrowser(t *testing.T) {
	f := explored(t)
	inv := f.Runs[0].Findings[0]
	inv.Kind, inv.Message, inv.Explanation = "invariant", "loaded 2 times", ""
	f.Runs = append(f.Runs, results.Run{Scenario: "cachesync/x", Variant: "fixed", Expect: results.Clean, Verdict: results.Clean, Strategy: "random", Schedules: 10, TimeToFirstMS: -1},
		results.Run{Scenario: "cachesync/y", Variant: "buggy", Expect: results.Violation, Verdict: results.Violation, Strategy: "random", Schedules: 1, Findings: []results.Finding{inv}})
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "bench"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bench", "bench.md"), []byte("| scenario:variant | random | stress / racelab |\n|---|---|---|\n| demo/counter:racy | 1/2 (0.16) | 11x |\n| demo/<b>x</b>:y | 2/2 (0.2) | 3x |\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bench", "perf.md"), []byte("| measure | measured | goal | met | from |\n|---|---|---|---|---|\n| BenchmarkStep / BenchmarkCoroutineFloor | 2.40x | <= 1.5x | no | Step 200 ns / CoroutineFloor 83 ns |\n"), 0o644))
	_, err := reports.Write(dir, f)
	require.NoError(t, err)
	b := openBrowser(t, dir)

	b.open(t, "/index.html", "#runs")
	assert.Equal(t, []string{"cachesync", "demo"}, eval[[]string](t, b, `[...document.querySelectorAll("#runs section.system h2")].map(h => h.firstChild.textContent.trim())`))
	assert.Equal(t, []string{"cachesync/y", "cachesync/x"}, eval[[]string](t, b, `[...document.querySelectorAll("#cachesync tr.run td:first-child")].map(td => td.textContent)`),
		"the run with a finding comes first")
	assert.True(t, eval[bool](t, b, `!!document.querySelector('a[href="bench/index.html"]')`))

	b.open(t, "/findings/run4-finding0.html", "#why")
	assert.Contains(t, eval[string](t, b, `document.querySelector("#why").textContent`), "A check of the scenario's own failed: loaded 2 times")
	assert.False(t, eval[bool](t, b, `document.querySelector("#porcupine").checkVisibility()`), "porcupine's view is folded away")
	assert.True(t, eval[bool](t, b, `document.querySelector("#porcupine-details").contains(document.querySelector("#porcupine"))`))
	assert.False(t, eval[bool](t, b, `!!document.querySelector("#explanation")`))
	b.screenshot(t, "invariant.png")

	b.open(t, "/bench/index.html", "#bench")
	assert.Equal(t, 2, eval[int](t, b, `document.querySelectorAll("#bench tr.row").length`))
	assert.Equal(t, "stress / racelab", eval[string](t, b, `document.querySelectorAll("#bench th")[2].textContent`))
	assert.Equal(t, "demo/<b>x</b>:y", eval[string](t, b, `document.querySelectorAll("#bench tr.row")[1].firstChild.textContent`), "cells are text")
	assert.NotContains(t, eval[string](t, b, `document.body.innerText`), "|---|")
	assert.Equal(t, 1, eval[int](t, b, `document.querySelectorAll("#perf tr.row").length`), "perf's table is on the page too")
	assert.Equal(t, "<= 1.5x", eval[string](t, b, `document.querySelectorAll("#perf tr.row td")[2].textContent`))
	b.screenshot(t, "bench.png")

	b.mu.Lock()
	defer b.mu.Unlock()
	assert.Empty(t, b.problems, "the pages run without console errors")
}
