package results_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sample() *results.File {
	return &results.File{Runs: []results.Run{{
		Scenario: "demo/counter", Variant: "racy", Expect: results.Violation, Verdict: results.Violation,
		Strategy: "random", Seed: 3, Schedules: 4, ElapsedMS: 1.5, TimeToFirstMS: 0.7,
		Findings: []results.Finding{{Kind: "linearizability", Message: "m", Schedule: 3, Replay: "racelab replay demo/counter:racy --seed 3 --schedule 3",
			Trace: sim.Trace{Schema: sim.TraceSchema, Strategy: "random", Decisions: []sim.Choice{{Kind: sim.DecideThread, N: 2, Choice: 1}}}}},
	}, {
		Scenario: "demo/counter", Variant: "locked", Expect: results.Clean, Verdict: results.Violation, Strategy: "random", TimeToFirstMS: -1,
		Findings: []results.Finding{{Kind: "deadlock", Message: "stuck", Replay: "racelab replay x", Trace: sim.Trace{Schema: sim.TraceSchema, Strategy: "random"}}},
	}}}
}

func TestRoundTrip(t *testing.T) {
	data, err := sample().Marshal()
	require.NoError(t, err)
	back, err := results.Parse(data)
	require.NoError(t, err)
	again, err := back.Marshal()
	require.NoError(t, err)
	assert.Equal(t, string(data), string(again))
	assert.True(t, back.Failed())
}

func TestJUnitHasOneCasePerRunAndTheReplayCommand(t *testing.T) {
	out, err := results.JUnit(sample())
	require.NoError(t, err)
	s := string(out)
	assert.Equal(t, 2, strings.Count(s, "<testcase "))
	assert.Equal(t, 1, strings.Count(s, "<failure "))
	assert.Contains(t, s, `message="expected clean, found deadlock: stuck"`)
	assert.Contains(t, s, "replay: racelab replay x")
}

func TestMergeAddsShards(t *testing.T) {
	a, b := sample(), sample()
	b.Runs[0].Findings[0].Schedule = 1
	m := results.Merge(a, b)
	require.Len(t, m.Runs, 2)
	assert.Equal(t, 8, m.Runs[0].Schedules)
	assert.Equal(t, []int{1, 3}, []int{m.Runs[0].Findings[0].Schedule, m.Runs[0].Findings[1].Schedule})
}

func TestParseRejectsWhatIsWrong(t *testing.T) {
	for _, bad := range []string{`{`, `{"schema":"racelab/results/v0","runs":[]}`, `{"schema":"racelab/results/v1","runs":[],"x":1}`,
		`{"schema":"racelab/results/v1","runs":[{"scenario":"a/b","variant":"v","expect":"clean","verdict":"odd","strategy":"random"}]}`,
		`{"schema":"racelab/results/v1","runs":[{"variant":"v","expect":"clean","verdict":"clean","strategy":"random"}]}`} {
		_, err := results.Parse([]byte(bad))
		assert.Error(t, err, bad)
	}
}

func FuzzParse(f *testing.F) {
	data, _ := sample().Marshal()
	f.Add(data)
	f.Add([]byte(`{"schema":"racelab/results/v1","runs":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := results.Parse(data)
		if err != nil {
			return
		}
		out, err := file.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := results.Parse(out); err != nil {
			t.Fatalf("a parsed file does not parse back: %v", err)
		}
		results.JUnit(file)
		results.Merge(file, file)
	})
}

// A trace embedded in the file is a trace file: extracted, as the README's
// schema suggests, it parses, whatever the writer left in its schema.
func TestEmbeddedTracesParseAsTraceFiles(t *testing.T) {
	f := sample()
	f.Runs[0].Findings[0].Trace.Schema = ""
	f.Runs[0].Findings[0].MinTrace = &sim.Trace{Strategy: "random", Decisions: []sim.Choice{{Kind: sim.DecideThread, N: 2}}}
	data, err := f.Marshal()
	require.NoError(t, err)
	assert.Empty(t, f.Runs[0].Findings[0].Trace.Schema, "Marshal does not change the file it is given")
	var raw struct {
		Runs []struct {
			Findings []struct {
				Trace    json.RawMessage `json:"trace"`
				MinTrace json.RawMessage `json:"min_trace"`
			} `json:"findings"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal(data, &raw))
	for _, tr := range []json.RawMessage{raw.Runs[0].Findings[0].Trace, raw.Runs[0].Findings[0].MinTrace, raw.Runs[1].Findings[0].Trace} {
		_, err := sim.ParseTrace(tr)
		assert.NoError(t, err, "%s", tr)
	}
}

// An interrupted run says so, and so does every file merged from it.
func TestPartialSurvivesParseAndMerge(t *testing.T) {
	f := sample()
	f.Partial = true
	f.Runs[1].Partial = true
	data, err := f.Marshal()
	require.NoError(t, err)
	assert.Contains(t, string(data), `"partial": true`)
	back, err := results.Parse(data)
	require.NoError(t, err)
	assert.True(t, back.Partial)
	assert.True(t, back.Interrupted())
	assert.False(t, sample().Interrupted())
	m := results.Merge(sample(), back)
	assert.True(t, m.Partial)
	assert.True(t, m.Runs[1].Partial)
	assert.True(t, m.Interrupted())
	assert.False(t, results.Merge(sample(), sample()).Interrupted())
}
