package results

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/racelab/racelab/sim"
)

// Schema is the version tag of a results file.
const Schema = "racelab/results/v1"

// Expectations and verdicts.
const (
	Violation = "violation"
	Clean     = "clean"
)

// File is a results file.
type File struct {
	Schema string `json:"schema"`
	// Shard is "i/n" when the file holds one shard of the schedule space.
	Shard string `json:"shard,omitempty"`
	// Partial reports that the run was interrupted (Ctrl-C, SIGTERM): the
	// file holds what was gathered, some runs stopped early or never ran.
	Partial bool  `json:"partial,omitempty"`
	Runs    []Run `json:"runs"`
}

// Run is one scenario variant explored with one strategy.
type Run struct {
	Scenario string `json:"scenario"`
	Variant  string `json:"variant"`
	Expect   string `json:"expect"`  // violation or clean
	Verdict  string `json:"verdict"` // violation or clean
	Strategy string `json:"strategy"`
	Depth    int    `json:"depth,omitempty"` // pct
	Bound    int    `json:"bound,omitempty"` // dfs
	Seed     uint64 `json:"seed"`
	Faults   string `json:"faults,omitempty"`
	// Schedules is the number of schedules run; FirstSchedules[i] is, for
	// the i-th finding, how many schedules it took to find it.
	Schedules int `json:"schedules"`
	// ElapsedMS is the wall time of the run in milliseconds, fractional.
	ElapsedMS float64 `json:"elapsed_ms"`
	// CheckMS is the time spent checking linearizability, within ElapsedMS.
	CheckMS float64 `json:"check_ms"`
	// Exhausted reports, for dfs, whether every schedule within the bound
	// ran.
	Exhausted bool `json:"exhausted"`
	// TimeToFirstMS is the wall time to the first finding, -1 for none.
	TimeToFirstMS float64 `json:"time_to_first_ms"`
	Unknown       int     `json:"unknown,omitempty"` // checks that timed out
	// Confidence is, for a clean pct run, the probability that it would
	// have found a given bug of depth Depth: 1-(1-1/(n*k^(d-1)))^runs with
	// n threads and k steps measured (Burckhardt et al. 2010).
	Confidence float64   `json:"confidence,omitempty"`
	Findings   []Finding `json:"findings"`
	Note       string    `json:"note,omitempty"`
	// Partial reports that the run was interrupted before its budget ran
	// out: a clean verdict then proves less than its budget says.
	Partial bool `json:"partial,omitempty"`
	// Warnings say what makes the exploration weaker than it looks: one
	// thread only, or no scheduling decision in any schedule (nothing was
	// interleaved: a real sync.Mutex or channel is invisible to racelab).
	Warnings []string `json:"warnings,omitempty"`
}

// Met reports whether the run's verdict is what its expectation says.
func (r *Run) Met() bool { return r.Verdict == r.Expect }

// Name is "scenario:variant".
func (r *Run) Name() string { return r.Scenario + ":" + r.Variant }

// SchedulesPerSecond is the run's throughput.
func (r *Run) SchedulesPerSecond() float64 {
	if r.ElapsedMS <= 0 {
		return 0
	}
	return float64(r.Schedules) * 1000 / r.ElapsedMS
}

// Millis converts a duration to fractional milliseconds, as the file
// stores durations.
func Millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// Duration converts fractional milliseconds back to a duration.
func Duration(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }

// Finding is one failing schedule.
type Finding struct {
	Kind     string `json:"kind"`
	Message  string `json:"message"`
	Seed     uint64 `json:"seed"`
	Schedule int    `json:"schedule"`
	// Trace is the trace file's content; TraceHash its run's log hash.
	Trace     sim.Trace `json:"trace"`
	TraceHash string    `json:"trace_hash"`
	Steps     int64     `json:"steps"`
	// Replay is the command that re-runs this schedule; MinReplay the one
	// that re-runs its shrunk trace (its choices other than 0, by index).
	Replay    string `json:"replay"`
	MinReplay string `json:"min_replay,omitempty"`
	// Explanation is the linearizability explanation, when there is one.
	Explanation string `json:"explanation,omitempty"`
	// Log is the event log of the failing run (of its minimal trace when
	// shrunk), at most 5000 events.
	Log []Event `json:"log,omitempty"`
	// History is its client operations.
	History []Op `json:"history,omitempty"`
	// Cycle is a deadlock's wait-for cycle, as thread names.
	Cycle []string `json:"cycle,omitempty"`
	// Threads are the threads of the run shown, the ones involved first
	// (Involved set): each with where it last handed control to the
	// scheduler, and what it waits on if it stayed blocked.
	Threads []Thread `json:"threads,omitempty"`
	// Visualization is porcupine's HTML for the history, when a model
	// checked it.
	Visualization string `json:"visualization,omitempty"`
	// MinTrace is the finding shrunk: a trace that fails the same way,
	// 1-minimal when Minimal is set. Log, History and Visualization are of
	// its run. The counts compare the original with it.
	MinTrace       *sim.Trace `json:"min_trace,omitempty"`
	MinSteps       int64      `json:"min_steps,omitempty"`
	Preemptions    int        `json:"preemptions"`
	MinPreemptions int        `json:"min_preemptions"`
	Faults         int        `json:"faults"`
	MinFaults      int        `json:"min_faults"`
	Minimal        bool       `json:"minimal"`
	ShrinkRuns     int        `json:"shrink_runs,omitempty"`
	// Race is the flip point: the two steps whose order decides the run.
	Race string `json:"race,omitempty"`
	// DataRace is, for a data race finding, its two accesses (of the run
	// shown).
	DataRace []Access `json:"data_race,omitempty"`
}

// Access is one side of a data race: what the thread did, where, and the
// sync event it did last.
type Access struct {
	Kind     string `json:"kind"`
	Thread   string `json:"thread"`
	Site     string `json:"site"`
	LastSync string `json:"last_sync"`
}

// Thread is one thread of a finding's run and where it stood.
type Thread struct {
	Name string `json:"name"`
	// Involved reports whether the finding is about it: a blocked thread
	// of a deadlock, the thread that panicked or failed a check, a side of
	// the race, or a client of the operation that cannot be placed.
	Involved bool `json:"involved,omitempty"`
	// WaitsOn is what it stayed blocked on; "" if it did not. Exited
	// reports that it ran to its end.
	WaitsOn string `json:"waits_on,omitempty"`
	Exited  bool   `json:"exited,omitempty"`
	// Yield is the label of its last yield point; At the file:line of its
	// code there (the first frame of its stack outside racelab's runtime),
	// Stack the whole stack. At and Stack are "" when the thread ran alone
	// from there to its end: the stack is read when the scheduler has a
	// choice to make.
	Yield string `json:"yield,omitempty"`
	At    string `json:"at,omitempty"`
	Stack string `json:"stack,omitempty"`
}

// Where says in one line where a thread stood, as go test prints a
// failure: "file.go:12: thread b waits on mutex A (held by a)".
func Where(t Thread) string {
	what := "last yielded"
	switch {
	case t.WaitsOn != "":
		what = "waits on " + t.WaitsOn
	case t.Exited:
		what = "exited; it last yielded"
	}
	if t.Yield != "" && t.WaitsOn == "" {
		what += fmt.Sprintf(" at `%s`", t.Yield)
	}
	if t.At == "" {
		return fmt.Sprintf("thread %s %s", t.Name, what)
	}
	return fmt.Sprintf("%s: thread %s %s", t.At, t.Name, what)
}

// Event is one step of a run's event log.
type Event struct {
	Step   int64  `json:"step"`
	TimeNS int64  `json:"time_ns"` // virtual time
	Thread string `json:"thread"`
	Kind   string `json:"kind"` // spawn, start, run, block, wake, exit, fault, timer, begin, end, panic
	Label  string `json:"label"`
	Detail string `json:"detail,omitempty"`
}

// String formats the event as one log line.
func (e Event) String() string {
	s := fmt.Sprintf("%6d %10v %-12s %-6s %s", e.Step, time.Duration(e.TimeNS), e.Thread, e.Kind, e.Label)
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

// Op is one client operation of a run's history, on the log's step axis.
type Op struct {
	Client int    `json:"client"`
	Thread string `json:"thread"`
	Call   int64  `json:"call"`
	Return int64  `json:"return"` // -1: it never returned (its outcome is unknown)
	Desc   string `json:"desc"`
}

// Marshal writes the file as indented JSON.
func (f *File) Marshal() ([]byte, error) {
	c := *f
	c.Schema = Schema
	if c.Runs == nil {
		c.Runs = []Run{}
	}
	c.Runs = append([]Run(nil), c.Runs...)
	for i := range c.Runs {
		r := &c.Runs[i]
		r.Findings = append([]Finding{}, r.Findings...)
		for j := range r.Findings {
			// A trace extracted from the file must parse as a trace file.
			f := &r.Findings[j]
			f.Trace.Schema = sim.TraceSchema
			if f.MinTrace != nil {
				mt := *f.MinTrace
				mt.Schema = sim.TraceSchema
				f.MinTrace = &mt
			}
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Parse reads a results file, rejecting another schema, unknown fields and
// runs that lack their required fields.
func Parse(data []byte) (*File, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f File
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("results: %w", err)
	}
	if f.Schema != Schema {
		return nil, fmt.Errorf("results: schema %q, want %q", f.Schema, Schema)
	}
	for i, r := range f.Runs {
		switch {
		case r.Scenario == "" || r.Variant == "":
			return nil, fmt.Errorf("results: run %d: no scenario or variant", i)
		case r.Expect != Violation && r.Expect != Clean:
			return nil, fmt.Errorf("results: run %d (%s): expect %q is neither %s nor %s", i, r.Name(), r.Expect, Violation, Clean)
		case r.Verdict != Violation && r.Verdict != Clean:
			return nil, fmt.Errorf("results: run %d (%s): verdict %q is neither %s nor %s", i, r.Name(), r.Verdict, Violation, Clean)
		case r.Strategy == "":
			return nil, fmt.Errorf("results: run %d (%s): no strategy", i, r.Name())
		case r.Schedules < 0:
			return nil, fmt.Errorf("results: run %d (%s): negative schedules", i, r.Name())
		}
	}
	return &f, nil
}

// Merge combines the files of several shards: runs of the same scenario,
// variant, strategy and seed add their schedules and findings; the verdict
// is a violation if any shard found one.
func Merge(files ...*File) *File {
	out := &File{Schema: Schema}
	index := map[string]int{}
	for _, f := range files {
		out.Partial = out.Partial || f.Partial
		for _, r := range f.Runs {
			key := fmt.Sprintf("%s|%s|%d|%d|%d|%s", r.Name(), r.Strategy, r.Depth, r.Bound, r.Seed, r.Faults)
			i, seen := index[key]
			if !seen {
				index[key] = len(out.Runs)
				r.Findings = append([]Finding(nil), r.Findings...)
				out.Runs = append(out.Runs, r)
				continue
			}
			m := &out.Runs[i]
			m.Schedules += r.Schedules
			m.ElapsedMS = max(m.ElapsedMS, r.ElapsedMS)
			m.CheckMS += r.CheckMS
			m.Exhausted = m.Exhausted && r.Exhausted
			m.Unknown += r.Unknown
			if r.TimeToFirstMS >= 0 && (m.TimeToFirstMS < 0 || r.TimeToFirstMS < m.TimeToFirstMS) {
				m.TimeToFirstMS = r.TimeToFirstMS
			}
			m.Findings = append(m.Findings, r.Findings...)
			m.Partial = m.Partial || r.Partial
			if r.Verdict == Violation {
				m.Verdict = Violation
			}
		}
	}
	for i := range out.Runs {
		sort.SliceStable(out.Runs[i].Findings, func(a, b int) bool {
			return out.Runs[i].Findings[a].Schedule < out.Runs[i].Findings[b].Schedule
		})
	}
	return out
}

// Interrupted reports whether the file, or any run in it, is partial.
func (f *File) Interrupted() bool {
	if f.Partial {
		return true
	}
	for i := range f.Runs {
		if f.Runs[i].Partial {
			return true
		}
	}
	return false
}

// Failed reports whether any run did not meet its expectation.
func (f *File) Failed() bool {
	for i := range f.Runs {
		if !f.Runs[i].Met() {
			return true
		}
	}
	return false
}

// FindingID names finding fi of run ri of a file, as the report names its
// pages and trace files ("run3-finding0").
func FindingID(ri, fi int) string { return fmt.Sprintf("run%d-finding%d", ri, fi) }
