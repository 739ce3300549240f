package racetest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
