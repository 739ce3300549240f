package mutate

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Schema names the version of the mutation results file.
const Schema = "racelab/mutate/v1"

// A mutant's status.
const (
	StatusKilled     = "killed"
	StatusSurvived   = "survived"
	StatusEquivalent = "equivalent"
	StatusNoCompile  = "no-compile"
	StatusTimeout    = "timeout"
	StatusError      = "error"
)

// Result is what exploring one mutant showed.
type Result struct {
	Mutant
	// Status is killed, survived, equivalent, no-compile, timeout or error.
	Status string `json:"status"`
	// KilledBy, Schedules, Kind and Message describe the first seed's kill:
	// the scenario variant (or test) that found it, after how many
	// schedules, and the finding.
	KilledBy  string `json:"killed_by,omitempty"`
	Schedules int    `json:"schedules,omitempty"`
	Kind      string `json:"kind,omitempty"`
	Message   string `json:"message,omitempty"`
	// SeedsKilled of the seeds tried found a violation.
	SeedsKilled int          `json:"seeds_killed"`
	Seeds       []SeedResult `json:"seed_results,omitempty"`
	// Reason, for an equivalent mutant a person reviewed, says why.
	Reason string `json:"reason,omitempty"`
	// Error is the compiler's complaint, or what went wrong in the worker.
	Error     string  `json:"error,omitempty"`
	ElapsedMS float64 `json:"elapsed_ms"`
}

func (r *Result) classify(resp Response, seeds int) {
	r.Seeds = resp.Seeds
	for _, s := range resp.Seeds {
		if s.Killed {
			r.SeedsKilled++
		}
	}
	if len(resp.Seeds) > 0 && resp.Seeds[0].Killed {
		s := resp.Seeds[0]
		r.KilledBy, r.Schedules, r.Kind, r.Message = s.Target, s.Schedules, s.Kind, s.Message
	}
	switch {
	case resp.Equivalent:
		r.Status = StatusEquivalent
	case r.SeedsKilled == seeds:
		r.Status = StatusKilled
	case resp.TimedOut:
		r.Status = StatusTimeout
	default:
		r.Status = StatusSurvived
	}
}

// Report is the mutation test of one package.
type Report struct {
	Schema  string   `json:"schema"`
	Package string   `json:"package"`
	Mode    string   `json:"mode"` // catalogue or test
	Targets []string `json:"targets,omitempty"`
	Seeds   []uint64 `json:"seeds"`
	Mutants []Result `json:"mutants"`
	// Counts per status; Score is killed / (killed + survived + timeout),
	// or 1 with nothing to kill.
	Killed     int     `json:"killed"`
	Survived   int     `json:"survived"`
	Equivalent int     `json:"equivalent"`
	Reviewed   int     `json:"reviewed"` // of the equivalent, judged so by a person
	NoCompile  int     `json:"no_compile"`
	Timeout    int     `json:"timeout"`
	Errors     int     `json:"errors"`
	Score      float64 `json:"score"`
	ElapsedMS  float64 `json:"elapsed_ms"`
}

func (r *Report) tally() {
	r.Killed, r.Survived, r.Equivalent, r.Reviewed, r.NoCompile, r.Timeout, r.Errors = 0, 0, 0, 0, 0, 0, 0
	for _, m := range r.Mutants {
		if m.Reason != "" {
			r.Reviewed++
		}
		switch m.Status {
		case StatusKilled:
			r.Killed++
		case StatusSurvived:
			r.Survived++
		case StatusEquivalent:
			r.Equivalent++
		case StatusNoCompile:
			r.NoCompile++
		case StatusTimeout:
			r.Timeout++
		default:
			r.Errors++
		}
	}
	r.Score = 1
	if n := r.Killed + r.Survived + r.Timeout; n > 0 {
		r.Score = float64(r.Killed) / float64(n)
	}
}

// File is the results file of one racelab mutate run.
type File struct {
	Schema   string    `json:"schema"`
	Packages []*Report `json:"packages"`
}

// Marshal writes the results file.
func (f *File) Marshal() ([]byte, error) {
	f.Schema = Schema
	return json.MarshalIndent(f, "", "  ")
}

// ParseFile reads a results file, rejecting another schema.
func ParseFile(data []byte) (*File, error) {
	var f File
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("mutate: results: %w", err)
	}
	if f.Schema != Schema {
		return nil, fmt.Errorf("mutate: results: schema %q, want %q", f.Schema, Schema)
	}
	return &f, nil
}

// WriteTable writes the report as a Markdown table, one mutant a row, and
// its score.
func (r *Report) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "%s (%s; seeds %s)\n\n", r.Package, r.Mode, joinSeeds(r.Seeds))
	fmt.Fprintln(w, "| mutant | operator | where | result | killed by | schedules |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|")
	for _, m := range r.Mutants {
		result := m.Status
		switch m.Status {
		case StatusSurvived, StatusTimeout:
			if m.SeedsKilled > 0 {
				result += fmt.Sprintf(" (killed from %d of %d seeds)", m.SeedsKilled, len(r.Seeds))
			}
		case StatusNoCompile, StatusError:
			result += ": " + m.Error
		case StatusEquivalent:
			if m.Reason != "" {
				result += " (reviewed: " + m.Reason + ")"
			} else {
				result += " (by test)"
			}
		}
		sched := ""
		if m.Schedules > 0 {
			sched = fmt.Sprint(m.Schedules)
		}
		fmt.Fprintf(w, "| %s | %s | %s:%d | %s | %s | %s |\n", m.ID, m.Operator, m.File, m.Line, cell(result), cell(m.KilledBy), sched)
	}
	fmt.Fprintf(w, "\n%s\n", r.ScoreLine())
}

// ScoreLine is one line: the score and the counts.
func (r *Report) ScoreLine() string {
	return fmt.Sprintf("%s: score %.0f%% (%d killed of %d; %d equivalent, %d of them reviewed; %d not compiling, %d timed out, %d errors)",
		r.Package, 100*r.Score, r.Killed, r.Killed+r.Survived+r.Timeout, r.Equivalent, r.Reviewed, r.NoCompile, r.Timeout, r.Errors)
}

// WriteSummary writes one row per package.
func WriteSummary(w io.Writer, reps []*Report) {
	fmt.Fprintln(w, "| package | mutants | killed | survived | equivalent by test | reviewed equivalent | not compiling | score |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|")
	for _, r := range reps {
		fmt.Fprintf(w, "| %s | %d | %d | %d | %d | %d | %d | %.0f%% |\n", r.Package, len(r.Mutants), r.Killed, r.Survived+r.Timeout,
			r.Equivalent-r.Reviewed, r.Reviewed, r.NoCompile, 100*r.Score)
	}
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func joinSeeds(seeds []uint64) string {
	s := make([]string, len(seeds))
	for i, v := range seeds {
		s[i] = fmt.Sprint(v)
	}
	return strings.Join(s, ", ")
}
