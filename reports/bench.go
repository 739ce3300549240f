package reports

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// benchPage is `racelab bench`'s Markdown table rendered as a page.
type benchPage struct {
	Head  []string
	Rows  [][]string
	Notes []string // the lines that are not part of the table
	// Perf is perf.md, the step cost beside the coroutine floor, when
	// `racelab bench` measured it.
	Perf *benchPage
}

// writeBench renders dir/bench.md, if `racelab bench` wrote one, into
// dir/index.html, with dir/perf.md above it if there is one, and reports
// whether it did. The table is read as plain
// text (cells between pipes) and every cell is escaped.
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
