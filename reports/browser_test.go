package reports_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/racelab/racelab/reports"
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

// The report as a person opens it: headless Chromium loads the index and a
// finding page from one origin, with no console error; the swimlanes and
// porcupine's view are drawn, and the event log filters by thread. A
// screenshot is kept in reports/out/screenshots.
func TestReportInABrowser(t *testing.T) {
	exe := chromium()
	if exe == "" {
		t.Skip("Chromium is not installed: apt-get install chromium (.ci/run installs it); the browser test needs it")
	}
	dir := t.TempDir()
	_, err := reports.Write(dir, explored(t))
	require.NoError(t, err)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	defer cancelTimeout()

	var mu sync.Mutex
	var problems []string
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				problems = append(problems, "console error")
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text)
		}
	}))

	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/index.html"), chromedp.WaitVisible("#runs")))
	runs, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#runs tr.run").length`))
	require.NoError(t, err)
	assert.Equal(t, 3, runs)
	bars, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#chart rect").length`))
	require.NoError(t, err)
	assert.Positive(t, bars)

	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/findings/run0-finding0.html"), chromedp.WaitVisible("#swimlane")))
	shapes, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#swimlane rect").length`))
	require.NoError(t, err)
	assert.Positive(t, shapes, "the swimlanes are drawn")
	drawn, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => { const f = document.querySelector("#porcupine");
		return !!(f && f.contentDocument && f.contentDocument.querySelector("#canvas svg")); })()`,
		chromedp.WithPollingTimeout(20*time.Second)))
	require.NoError(t, err)
	assert.True(t, drawn, "porcupine's view is rendered in its iframe")
	visible, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(() => { const s = document.querySelector("#thread");
		s.value = "client0"; s.dispatchEvent(new Event("change"));
		return [...document.querySelectorAll("#log tr.ev")].filter(r => r.offsetParent !== null).length; })()`))
	require.NoError(t, err)
	total, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#log tr.ev").length`))
	require.NoError(t, err)
	assert.Positive(t, visible)
	assert.Less(t, visible, total, "filtering by thread hides the other threads' events")

	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	shots := filepath.Join("out", "screenshots")
	require.NoError(t, os.MkdirAll(shots, 0o755))
	path := filepath.Join(shots, "finding.png")
	require.NoError(t, os.WriteFile(path, png, 0o644))
	t.Logf("screenshot: reports/%s", path)

	mu.Lock()
	defer mu.Unlock()
	assert.Empty(t, problems, "the pages run without console errors")
}
