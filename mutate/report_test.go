package mutate

import (
	"bytes"
	"strings"
	"testing"
)

// The results file round-trips, a file of another schema is refused, and
// the HTML page escapes what a mutant's description holds.
func TestResultsFile(t *testing.T) {
	rep := &Report{Package: "p", Mode: "catalogue", Seeds: []uint64{1}, Mutants: []Result{
		{Mutant: Mutant{ID: "M1", Operator: "remove-lock", File: "a.go", Line: 3, Desc: "removes <b>mu</b>"}, Status: StatusKilled, KilledBy: "s/x:fixed", Schedules: 4, SeedsKilled: 1},
		{Mutant: Mutant{ID: "M2", Operator: "drop-retry", File: "a.go", Line: 9}, Status: StatusSurvived},
		{Mutant: Mutant{ID: "M3", Operator: "swap-writes", File: "a.go", Line: 12}, Status: StatusEquivalent, Reason: "no reader"},
	}}
	rep.tally()
	if rep.Killed != 1 || rep.Survived != 1 || rep.Equivalent != 1 || rep.Reviewed != 1 || rep.Score != 0.5 {
		t.Fatalf("tally: %+v", rep)
	}
	f := &File{Packages: []*Report{rep}}
	data, err := f.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseFile(data)
	if err != nil || len(back.Packages) != 1 || back.Packages[0].Mutants[0].KilledBy != "s/x:fixed" {
		t.Fatalf("round trip: %v, %+v", err, back)
	}
	if _, err := ParseFile([]byte(`{"schema":"racelab/results/v1"}`)); err == nil || !strings.Contains(err.Error(), "racelab/mutate/v1") {
		t.Fatalf("another schema: err = %v", err)
	}
	var page bytes.Buffer
	if err := f.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(page.String(), "<b>mu</b>") || !strings.Contains(page.String(), "reviewed: no reader") {
		t.Fatalf("page: %s", page.String())
	}
	var table bytes.Buffer
	rep.WriteTable(&table)
	if !strings.Contains(table.String(), "| M1 | remove-lock | a.go:3 | killed | s/x:fixed | 4 |") {
		t.Fatalf("table:\n%s", table.String())
	}
}

func TestParseReviewed(t *testing.T) {
	in := "# comment\n\npkg/a a.go:3 remove-lock: no yield point inside\n"
	got, err := ParseReviewed(strings.NewReader(in))
	if err != nil || got["pkg/a"]["a.go:3 remove-lock"] != "no yield point inside" {
		t.Fatalf("ParseReviewed = %v, %v", got, err)
	}
	if _, err := ParseReviewed(strings.NewReader("pkg/a a.go remove-lock\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Fatalf("a malformed line: err = %v", err)
	}
}
