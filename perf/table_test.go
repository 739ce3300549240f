package perf

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A goal is judged from the figures: a ratio at the bound holds, one above
// it does not, and the table says which.
func TestStepRowsJudgeEachGoal(t *testing.T) {
	rows := stepRows(map[string]float64{
		"CoroutineFloor": 100, "Step": 150, // 1.5x: at the bound
		"Schedule3x10":  5000,                        // 5 us: over 4
		"Var/threads=2": 200, "Var/threads=128": 300, // 1.5x: over 1.3
		"Mutex/threads=2": 600, "Mutex/threads=32": 600,
		"CatalogueStep": 450,
	})
	require.Len(t, rows, 5)
	met := map[string]bool{}
	for _, r := range rows {
		met[r.Measure] = r.Met
	}
	assert.Equal(t, map[string]bool{
		"BenchmarkStep / BenchmarkCoroutineFloor":                           true,
		"BenchmarkSchedule3x10":                                             false,
		"ns per yield, Var, 128 threads vs 2 (1000 yields each)":            false,
		"ns per yield, contended Mutex, 32 threads vs 2 (1000 yields each)": true,
		"a catalogue step vs a bare step":                                   true,
	}, met)
	table := Table(rows)
	assert.Contains(t, table, "| BenchmarkSchedule3x10 | 5.0 us (200k schedules/s) | <= 4 us (250k/s) | no |")
	assert.Equal(t, 2+len(rows), strings.Count(table, "\n"))
}

// The scaling benchmark's ns/yield is its time per yield of every thread.
func TestScalingReportsTimePerYield(t *testing.T) {
	r := testing.Benchmark(Scaling(MutexWorkload, 4, 10))
	require.NotZero(t, r.N)
	perYield := float64(r.T.Nanoseconds()) / float64(r.N*4*10)
	assert.InEpsilon(t, perYield, r.Extra["ns/yield"], 0.01)
}
