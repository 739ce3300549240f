package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// TraceSchema is the version tag every trace file carries. v2 added timer
// preemptions (DecideTimer); v3 made a Mutex's Unlock wake one waiter, a
// DecideWake decision, rather than all: an older trace's decisions mean
// another run.
const TraceSchema = "racelab/trace/v3"

// olderSchemas are the schemas of earlier racelab versions, refused with a
// message saying what changed rather than "want v3".
var olderSchemas = map[string]string{
	"racelab/trace/v1": "no timer preemptions, every Mutex waiter woken at an Unlock",
	"racelab/trace/v2": "every Mutex waiter woken at an Unlock",
}

// Trace is a run's record in a small, versioned JSON file: what ran (the
// scenario and variant, for the catalogue; empty for a plain program), how
// its decisions were first made (seed, schedule, strategy, faults) and the
// decisions themselves, which alone determine the run. Hash, when set, is
// the event-log hash the run had, so a replay can confirm it.
type Trace struct {
	Schema    string   `json:"schema"`
	Scenario  string   `json:"scenario,omitempty"`
	Variant   string   `json:"variant,omitempty"`
	Seed      uint64   `json:"seed"`
	Schedule  int      `json:"schedule"`
	Strategy  string   `json:"strategy"`
	Faults    string   `json:"faults,omitempty"`
	Race      bool     `json:"race,omitempty"`    // run with Options.Race
	Preempt   bool     `json:"preempt,omitempty"` // run with Options.PreemptAccesses
	Hash      string   `json:"hash,omitempty"`
	Decisions []Choice `json:"decisions"`
}

// MarshalText writes the choice as in String.
func (c Choice) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads a choice written by MarshalText.
func (c *Choice) UnmarshalText(b []byte) error {
	v, err := parseChoice(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Marshal returns the trace as indented JSON, the decisions packed a line
// of 16.
func (t *Trace) Marshal() ([]byte, error) {
	c := *t
	c.Schema = TraceSchema
	c.Decisions = nil
	head, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.Write(head[:bytes.LastIndex(head, []byte(`"decisions": null`))])
	b.WriteString(`"decisions": [`)
	for i, d := range t.Decisions {
		switch {
		case i%16 == 0:
			b.WriteString("\n    ")
		default:
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%q", d.String())
		if i < len(t.Decisions)-1 {
			b.WriteString(",")
		}
	}
	if len(t.Decisions) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("]\n}\n")
	return b.Bytes(), nil
}

// ParseTrace reads a trace file. A file that is not JSON, has another
// schema, unknown fields, or a malformed decision is an error naming the
// problem.
func ParseTrace(data []byte) (*Trace, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var t Trace
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("trace: trailing data after the JSON object")
	}
	if why, ok := olderSchemas[t.Schema]; ok {
		return nil, fmt.Errorf("trace: schema %s is from an older racelab whose decisions meant other runs (%s); record it again", t.Schema, why)
	}
	if t.Schema != TraceSchema {
		return nil, fmt.Errorf("trace: schema %q, want %q", t.Schema, TraceSchema)
	}
	if t.Strategy == "" {
		return nil, fmt.Errorf("trace: no strategy")
	}
	if t.Schedule < 0 {
		return nil, fmt.Errorf("trace: negative schedule %d", t.Schedule)
	}
	if t.Hash != "" && (len(t.Hash) != 16 || strings.Trim(t.Hash, "0123456789abcdef") != "") {
		return nil, fmt.Errorf("trace: hash %q is not 16 hex digits", t.Hash)
	}
	if _, err := ParseFaultPlan(t.Faults); err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	return &t, nil
}
