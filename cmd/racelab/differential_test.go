package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// outcomeSets reads the "TestName outcome" lines the differential
// programs append and returns each test's set of outcomes, with counts.
func outcomeSets(t *testing.T, file string) map[string]map[string]int {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	sets := map[string]map[string]int{}
	for line := range strings.Lines(string(data)) {
		name, outcome, ok := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
		require.True(t, ok, "malformed outcome line %q", line)
		if sets[name] == nil {
			sets[name] = map[string]int{}
		}
		sets[name][outcome]++
	}
	return sets
}

// sortedKeys returns a set's outcomes in order, for stable messages.
func sortedKeys(set map[string]int) []string {
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestDifferentialOutcomesNativeAreReachableUnderSim is the differential
// test of Go semantics (issue 16 item 8): the six programs of
// testdata/differential (a timer against a busy sender, an AfterFunc
// against a loop, a ticker with a select-default busy poll, a
// select-default poll of a flag, a mutex's order, a close racing a send)
// run natively under go test -count=N on real goroutines, then under
// racelab test from seeds 1..3; every outcome seen natively (which case
// won, the order, which panic) must be among those seen under the
// scheduler. The scheduler may reach more (interleavings the real runtime
// makes rare): they are logged, not failed, as long as Go allows them.
func TestDifferentialOutcomesNativeAreReachableUnderSim(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command: the native side cannot run")
	}
	dir := copyModule(t, "testdata/differential")
	count := 200
	if testing.Short() {
		count = 50
	}

	nativeFile := filepath.Join(t.TempDir(), "native.txt")
	cmd := exec.Command("go", "test", "-count="+strconv.Itoa(count), ".")
	cmd.Dir, cmd.Env = dir, append(os.Environ(), "RACELAB_DIFF_OUT="+nativeFile)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "native go test: %s", out)
	native := outcomeSets(t, nativeFile)
	// Every outcome Go's semantics allow each program: the scheduler must
	// not invent others (a wrong case, order or panic text).
	allowed := map[string][]string{
		"TestTimerVsBusySender": {"channel", "timer"},
		"TestAfterFuncVsLoop":   {"[f m m]", "[m f m]", "[m m f]"},
		"TestTickerBusyPoll":    {"polled-before-tick", "tick-first"},
		"TestPollFlag":          {"flag", "stop"},
		"TestMutexAppendOrder":  {"[a b]", "[b a]"},
		"TestCloseVsSend": {
			"send on closed channel,closed/close of closed channel",
			"sent,closed/close of closed channel",
		},
	}
	programs := []string{"TestTimerVsBusySender", "TestAfterFuncVsLoop", "TestTickerBusyPoll", "TestPollFlag", "TestMutexAppendOrder", "TestCloseVsSend"}
	require.Len(t, native, len(programs), "every program recorded natively")
	for _, name := range programs {
		n := 0
		for _, c := range native[name] {
			n += c
		}
		require.Equal(t, count, n, "%s: one native outcome per run", name)
		for _, o := range sortedKeys(native[name]) {
			require.Contains(t, allowed[name], o, "%s: native outcome outside the allowed set", name)
		}
	}

	for seed := 1; seed <= 3; seed++ {
		// Saved traces would be replayed first: each seed starts afresh.
		require.NoError(t, os.RemoveAll(filepath.Join(dir, "testdata")))
		simFile := filepath.Join(t.TempDir(), "sim.txt")
		stdout, stderr, code := racelabEnv(t, dir, []string{"RACELAB_DIFF_OUT=" + simFile},
			"test", "--schedules", "500", "--seed", strconv.Itoa(seed), ".")
		require.Equal(t, 0, code, "%s%s", stdout, stderr)
		sim := outcomeSets(t, simFile)
		for _, name := range programs {
			for _, o := range sortedKeys(native[name]) {
				assert.Contains(t, sim[name], o, "seed %d: %s: native outcome %q (%d of %d runs) not reached under sim; sim reached %v",
					seed, name, o, native[name][o], count, sortedKeys(sim[name]))
			}
			require.NotEmpty(t, sim[name], "seed %d: %s recorded nothing under sim", seed, name)
			for _, o := range sortedKeys(sim[name]) {
				assert.Contains(t, allowed[name], o, "seed %d: %s: sim outcome %q is not one Go allows", seed, name, o)
				if _, ok := native[name][o]; !ok {
					t.Logf("seed %d: %s: %q reached under sim (%d of its runs), not natively in %d runs", seed, name, o, sim[name][o], count)
				}
			}
		}
	}
}
