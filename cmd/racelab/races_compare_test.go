package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestCompareWithGoRace is the side-by-side measurement of the README:
// racelab test's time to first finding on the five plain-Go races (start
// seeds 1..10) against go test -race, one process of -count=1 after
// another, up to a cap of 100 processes (the runs -race needs, or "not
// found within cap"). It measures wall time, so it runs only when
// RACELAB_COMPARE=1 and asserts nothing about speed; it prints the table.
func TestCompareWithGoRace(t *testing.T) {
	if os.Getenv("RACELAB_COMPARE") != "1" {
		t.Skip("set RACELAB_COMPARE=1 to measure")
	}
	dir := copyModule(t, "testdata/races")
	bin := filepath.Join(t.TempDir(), "races.test")
	cmd := exec.Command("go", "test", "-race", "-c", "-o", bin, ".")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	names := []string{"TestCounterRacy", "TestLazyInitRacy", "TestCallbackFieldRacy", "TestMapRacy", "TestAppendRacy"}
	ttf := map[string][]float64{}
	for seed := 1; seed <= 10; seed++ {
		for name, r := range racelabTestRuns(t, dir, 1, "-run", "Racy$", "--seed", strconv.Itoa(seed)) {
			ttf[name] = append(ttf[name], r.TimeToFirstMS)
		}
	}
	var b strings.Builder
	b.WriteString("| test | racelab: first finding, median of 10 seeds | go test -race: processes until reported | their wall time |\n|---|---|---|---|\n")
	for _, name := range names {
		ms := ttf[name]
		sort.Float64s(ms)
		runs, start := 0, time.Now()
		found := false
		for runs < 100 && !found {
			runs++
			out, err := exec.Command(bin, "-test.run", "^"+name+"$", "-test.count=1").CombinedOutput()
			found = err != nil && strings.Contains(string(out), "DATA RACE")
		}
		goRace := fmt.Sprintf("%d", runs)
		if !found {
			goRace = "not found within 100"
		}
		fmt.Fprintf(&b, "| %s | %.2f ms | %s | %v |\n", name, ms[len(ms)/2], goRace, time.Since(start).Round(time.Millisecond))
	}
	t.Log("\n" + b.String())
}
