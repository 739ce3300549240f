package reports_test

import (
	"path/filepath"
	"testing"

	"github.com/racelab/racelab/reports"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A data race finding's page shows its two accesses.
func TestDataRacePageShowsBothAccesses(t *testing.T) {
	f := &results.File{Schema: results.Schema, Runs: []results.Run{{
		Scenario: "test/x", Variant: "v", Expect: results.Clean, Verdict: results.Violation, Strategy: "random", Seed: 1, Schedules: 1,
		Findings: []results.Finding{{Kind: "data-race", Message: "data race: ...", Seed: 1,
			Trace: sim.Trace{Schema: sim.TraceSchema, Scenario: "test/x", Variant: "v", Strategy: "random", Race: true},
			DataRace: []results.Access{
				{Kind: "write", Thread: "a", Site: "c.go:21 (n)", LastSync: "its start by main"},
				{Kind: "read", Thread: "b", Site: "c.go:21 (n)", LastSync: "release of mutex mu"},
			}}},
	}}}
	dir := t.TempDir()
	_, err := reports.Write(dir, f)
	require.NoError(t, err)
	page := read(t, filepath.Join(dir, "findings", "run0-finding0.html"))
	assert.Contains(t, page, `<table id="data-race">`)
	assert.Contains(t, page, `<tr class="access"><td>first</td><td>write</td><td>a</td><td><code>c.go:21 (n)</code></td><td>its start by main</td></tr>`)
	assert.Contains(t, page, `<td>then</td><td>read</td><td>b</td>`)
}
