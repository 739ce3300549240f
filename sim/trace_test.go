package sim_test

import (
	"testing"

	"github.com/racelab/racelab/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func genChoice(t *rapid.T) sim.Choice {
	n := rapid.Int32Range(2, 50).Draw(t, "n")
	c := sim.Choice{
		Kind:   sim.DecisionKind(rapid.IntRange(0, 3).Draw(t, "kind")),
		N:      n,
		Choice: rapid.Int32Range(0, n-1).Draw(t, "choice"),
	}
	switch c.Kind {
	case sim.DecideFault:
		c.Default = true
	case sim.DecideThread:
		c.Default = rapid.Bool().Draw(t, "default")
	}
	return c
}

func TestTraceRoundTripProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tr := sim.Trace{
			Scenario:  rapid.StringMatching(`[a-z]{0,8}(/[a-z-]{1,12})?`).Draw(t, "scenario"),
			Variant:   rapid.StringMatching(`[a-z]{0,8}`).Draw(t, "variant"),
			Seed:      rapid.Uint64().Draw(t, "seed"),
			Schedule:  rapid.IntRange(0, 1<<30).Draw(t, "schedule"),
			Strategy:  rapid.SampledFrom([]string{"random", "pct", "dfs", "rapid"}).Draw(t, "strategy"),
			Faults:    rapid.SampledFrom([]string{"", "sleep:0.1:2", "crash:0.5:1,cache.error:1:3"}).Draw(t, "faults"),
			Decisions: rapid.SliceOfN(rapid.Custom(genChoice), 0, 100).Draw(t, "decisions"),
		}
		data, err := tr.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		back, err := sim.ParseTrace(data)
		if err != nil {
			t.Fatalf("%v\n%s", err, data)
		}
		tr.Schema = sim.TraceSchema
		if len(tr.Decisions) == 0 {
			tr.Decisions = back.Decisions // nil and empty print the same
		}
		assert.Equal(t, tr, *back)
	})
}

func TestMalformedTracesAreErrors(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"not json", `hello`, "trace: invalid character"},
		{"wrong schema", `{"schema":"racelab/trace/v0","strategy":"random","decisions":[]}`, `schema "racelab/trace/v0"`},
		{"older schema", `{"schema":"racelab/trace/v1","strategy":"random","decisions":["p1/2"]}`, "trace: schema racelab/trace/v1 is from an older racelab whose decisions meant other runs (no timer preemptions, every Mutex waiter woken at an Unlock); record it again"},
		{"v2 schema", `{"schema":"racelab/trace/v2","strategy":"random","decisions":["p1/2"]}`, "trace: schema racelab/trace/v2 is from an older racelab whose decisions meant other runs (every Mutex waiter woken at an Unlock); record it again"},
		{"unknown field", `{"schema":"racelab/trace/v3","strategy":"random","decisions":[],"extra":1}`, "unknown field"},
		{"bad decision", `{"schema":"racelab/trace/v3","strategy":"random","decisions":["t5/3"]}`, `decision "t5/3": choice out of range`},
		{"bad letter", `{"schema":"racelab/trace/v3","strategy":"random","decisions":["x0/3"]}`, "unknown kind"},
		{"not canonical", `{"schema":"racelab/trace/v3","strategy":"random","decisions":["t01/3"]}`, "not canonical"},
		{"no strategy", `{"schema":"racelab/trace/v3","decisions":[]}`, "no strategy"},
		{"bad hash", `{"schema":"racelab/trace/v3","strategy":"random","hash":"xyz","decisions":[]}`, "16 hex digits"},
		{"trailing data", `{"schema":"racelab/trace/v3","strategy":"random","decisions":[]} {}`, "trailing data"},
		{"bad faults", `{"schema":"racelab/trace/v3","strategy":"random","faults":"sleep","decisions":[]}`, "KIND:RATE:BUDGET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sim.ParseTrace([]byte(tt.data))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestReplayOfAMismatchedTraceNamesTheDivergentDecision(t *testing.T) {
	res := sim.Run(sim.Options{Source: sim.Random(3)}, segments(3, 3))
	require.NoError(t, res.Err)
	require.Greater(t, len(res.Decisions), 3)

	// Another program: two threads instead of three.
	other := sim.Run(sim.Options{Source: sim.Replay(res.Decisions)}, segments(2, 3))
	require.Error(t, other.Err)
	assert.Regexp(t, `step \d+: replay: the run diverges from the trace at decision \d+`, other.Err.Error())

	short := sim.Run(sim.Options{Source: sim.Replay(res.Decisions[:2])}, segments(3, 3))
	require.Error(t, short.Err)
	assert.Contains(t, short.Err.Error(), "the trace has 2 decisions")

	guided := sim.Run(sim.Options{Source: sim.Guided(res.Decisions[:2])}, segments(3, 3))
	assert.NoError(t, guided.Err, "a guided replay fills in option 0")
}

func TestReplayFromATraceFileGivesTheSameHash(t *testing.T) {
	res := sim.Run(sim.Options{Source: sim.Random(11)}, lostUpdate(false))
	tr := sim.Trace{Seed: 11, Strategy: "random", Hash: sim.FormatHash(res.Hash), Decisions: res.Decisions}
	data, err := tr.Marshal()
	require.NoError(t, err)
	back, err := sim.ParseTrace(data)
	require.NoError(t, err)
	again := sim.Run(sim.Options{Source: sim.Replay(back.Decisions)}, lostUpdate(false))
	require.NoError(t, again.Err)
	assert.Equal(t, back.Hash, sim.FormatHash(again.Hash))
	assert.Equal(t, res.Log, again.Log)
}

func FuzzParseTrace(f *testing.F) {
	tr := sim.Trace{Strategy: "random", Decisions: []sim.Choice{{Kind: sim.DecideThread, N: 2, Choice: 1}}}
	data, _ := tr.Marshal()
	f.Add(data)
	f.Add([]byte(`{"schema":"racelab/trace/v3","strategy":"pct","decisions":["p1/2","f0/2","c1/2","w2/3"]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := sim.ParseTrace(data)
		if err != nil {
			return
		}
		out, err := tr.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sim.ParseTrace(out); err != nil {
			t.Fatalf("a parsed trace does not parse back: %v\n%s", err, out)
		}
	})
}
