package reports

import (
	"embed"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/racelab/racelab/results"
)

//go:embed templates/*.html
var templateFS embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"ms":   func(ms float64) string { return results.Duration(ms).Round(time.Microsecond).String() },
	"dur":  func(ns int64) string { return time.Duration(ns).String() },
	"join": strings.Join,
	"rate": func(r results.Run) string { return fmt.Sprintf("%.0f", r.SchedulesPerSecond()) },
}).ParseFS(templateFS, "templates/*.html"))

// findingPage is one finding with what its page needs.
type findingPage struct {
	Run      results.Run
	Finding  results.Finding
	ID       string // file name stem
	Viz      string // file name of porcupine's page, if any
	Trace    string // file name of the trace
	MinTrace string // file name of the minimal trace, if any
	Swim     *Swimlane
}

type indexPage struct {
	Bench    bool // a racelab bench table sits in bench/
	Chart    *chart
	File     *results.File
	Findings map[string][]findingPage // by run name
	Met      int
	Total    int
}

// Write renders f into dir: index.html, a page, a trace file and a
// visualization per finding, and the results file itself. It returns the
// path of index.html.
func Write(dir string, f *results.File) (string, error) {
	if err := os.MkdirAll(filepath.Join(dir, "findings"), 0o755); err != nil {
		return "", fmt.Errorf("reports: %w", err)
	}
	idx := indexPage{File: f, Findings: map[string][]findingPage{}, Total: len(f.Runs), Chart: findingsChart(f.Runs)}
	if _, err := os.Stat(filepath.Join(dir, "bench", "bench.md")); err == nil {
		idx.Bench = true
	}
	for ri, r := range f.Runs {
		if r.Met() {
			idx.Met++
		}
		for fi, fd := range r.Findings {
			p, err := writeFinding(filepath.Join(dir, "findings"), r, fd, results.FindingID(ri, fi))
			if err != nil {
				return "", err
			}
			idx.Findings[r.Name()] = append(idx.Findings[r.Name()], p)
		}
	}
	data, err := f.Marshal()
	if err != nil {
		return "", fmt.Errorf("reports: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "results.json"), data, 0o644); err != nil {
		return "", fmt.Errorf("reports: %w", err)
	}
	junit, err := results.JUnit(f)
	if err != nil {
		return "", fmt.Errorf("reports: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "junit.xml"), junit, 0o644); err != nil {
		return "", fmt.Errorf("reports: %w", err)
	}
	index := filepath.Join(dir, "index.html")
	return index, render(index, "index.html", idx)
}

// writeFinding writes a finding's page, its trace files and porcupine's
// view into dir.
func writeFinding(dir string, r results.Run, fd results.Finding, id string) (findingPage, error) {
	p := findingPage{Run: r, Finding: fd, ID: id, Swim: swimlane(fd), Trace: id + ".trace.json"}
	write := func(name string, data []byte, err error) error {
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, name), data, 0o644)
		}
		if err != nil {
			return fmt.Errorf("reports: %w", err)
		}
		return nil
	}
	data, err := fd.Trace.Marshal()
	if err := write(p.Trace, data, err); err != nil {
		return p, err
	}
	if fd.MinTrace != nil {
		p.MinTrace = id + ".min.trace.json"
		data, err := fd.MinTrace.Marshal()
		if err := write(p.MinTrace, data, err); err != nil {
			return p, err
		}
	}
	if fd.Visualization != "" {
		p.Viz = id + ".linearizability.html"
		if err := write(p.Viz, []byte(fd.Visualization), nil); err != nil {
			return p, err
		}
	}
	return p, render(filepath.Join(dir, id+".html"), "finding.html", p)
}

func render(path, name string, data any) error {
	out, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	if err := pages.ExecuteTemplate(out, name, data); err != nil {
		out.Close()
		return fmt.Errorf("reports: %s: %w", name, err)
	}
	return out.Close()
}
