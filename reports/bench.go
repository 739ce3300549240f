package reports

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/racelab/racelab/mutate"
)

// benchPage is `racelab bench`'s Markdown table rendered as a page.
type benchPage struct {
	Head  []string
	Rows  [][]string
	Notes []string // the lines that are not part of the table
	// Mutation is the catalogue's mutation test (make mutate), when its
	// results sit beside the bench directory; MutationPage says whether
	// its page does too.
	Mutation     []mutationRow
	MutationPage bool
	// Perf is perf.md, the step cost beside the coroutine floor, when
	// `racelab bench` measured it.
	Perf *benchPage
}

// mutationRow is one package's line of the mutation test's summary.
type mutationRow struct {
	Package                                                string
	Mutants, Killed, Survived, ByTest, Reviewed, NoCompile int
	Score                                                  string
}

// writeBench renders dir/bench.md, if `racelab bench` wrote one, into
// dir/index.html, with dir/perf.md above it if there is one, and reports
// whether it did. The tables are read as plain text (cells between pipes)
// and every cell is escaped.
func writeBench(dir string) (bool, error) {
	data, err := os.ReadFile(filepath.Join(dir, "bench.md"))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("reports: %w", err)
	}
	page := parseTable(string(data))
	perf, err := os.ReadFile(filepath.Join(dir, "perf.md"))
	switch {
	case err == nil:
		p := parseTable(string(perf))
		page.Perf = &p
	case !errors.Is(err, fs.ErrNotExist):
		return false, fmt.Errorf("reports: %w", err)
	}
	// make mutate writes mutate.json and mutate.html into the report
	// directory, the bench directory's parent: the bench page shows its
	// scores, since both answer "would racelab find it?".
	parent := filepath.Dir(dir)
	if data, err := os.ReadFile(filepath.Join(parent, "mutate.json")); err == nil {
		f, err := mutate.ParseFile(data)
		if err != nil {
			return false, fmt.Errorf("reports: %w", err)
		}
		for _, r := range f.Packages {
			page.Mutation = append(page.Mutation, mutationRow{Package: r.Package, Mutants: len(r.Mutants), Killed: r.Killed,
				Survived: r.Survived, ByTest: r.Equivalent - r.Reviewed, Reviewed: r.Reviewed, NoCompile: r.NoCompile,
				Score: fmt.Sprintf("%.0f%%", 100*r.Score)})
		}
		_, err = os.Stat(filepath.Join(parent, "mutate.html"))
		page.MutationPage = err == nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("reports: %w", err)
	}
	return true, render(filepath.Join(dir, "index.html"), "bench.html", page)
}

// parseTable reads a Markdown table: the first row is the head, a row of
// dashes follows it; other lines are notes.
func parseTable(md string) benchPage {
	var p benchPage
	for _, line := range strings.Split(md, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			if line != "" {
				p.Notes = append(p.Notes, line)
			}
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if strings.Trim(strings.Join(cells, ""), "-: ") == "" {
			continue // the separator
		}
		if p.Head == nil {
			p.Head = cells
		} else {
			p.Rows = append(p.Rows, cells)
		}
	}
	return p
}
