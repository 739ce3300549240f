package reports

import (
	"embed"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"slices"
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
	Why      string // what the finding's kind means, in a sentence or two
	Viz      string // porcupine's view as the sandboxed frame's document, if any
	Trace    string // file name of the trace
	MinTrace string // file name of the minimal trace, if any
	MinPath  string // its path as given to Write, for the command line
	Swim     *Swimlane
}

// indexRun is one run of the index with its findings' pages.
type indexRun struct {
	results.Run
	Pages []findingPage
}

// system is one system's runs on the index: the runs that missed their
// expectation first, then those with findings, then the others.
type system struct {
	Name                   string
	Runs                   []indexRun
	Unmet, Findings, Runs0 int
}

type indexPage struct {
	Bench    bool // a racelab bench table sits in bench/
	Chart    *chart
	File     *results.File
	Systems  []system
	Unmet    []indexRun
	Met      int
	Total    int
	Findings int
}

// Write renders f into dir: index.html, a page and trace files per finding,
// the results file itself and JUnit XML, and, if `racelab bench` left its
// table in dir/bench, that table as a page. It returns the path of
// index.html. f is untrusted input (a results file from anywhere): every
// string is escaped, and porcupine's view is never written out as a page of
// its own: it is shown in a sandboxed frame without the page's origin, so no
// script in it reaches the report.
func Write(dir string, f *results.File) (string, error) {
	if err := os.MkdirAll(filepath.Join(dir, "findings"), 0o755); err != nil {
		return "", fmt.Errorf("reports: %w", err)
	}
	idx := indexPage{File: f, Total: len(f.Runs), Chart: findingsChart(f.Runs)}
	bench, err := writeBench(filepath.Join(dir, "bench"))
	if err != nil {
		return "", err
	}
	idx.Bench = bench
	bySystem := map[string]*system{}
	var order []string
	for ri, r := range f.Runs {
		if r.Met() {
			idx.Met++
		}
		ir := indexRun{Run: r}
		for fi, fd := range r.Findings {
			p, err := writeFinding(dir, r, fd, results.FindingID(ri, fi))
			if err != nil {
				return "", err
			}
			ir.Pages = append(ir.Pages, p)
		}
		idx.Findings += len(r.Findings)
		name, _, _ := strings.Cut(r.Scenario, "/")
		sys, ok := bySystem[name]
		if !ok {
			sys = &system{Name: name}
			bySystem[name] = sys
			order = append(order, name)
		}
		sys.Runs = append(sys.Runs, ir)
		sys.Findings += len(r.Findings)
		if !r.Met() {
			sys.Unmet++
			idx.Unmet = append(idx.Unmet, ir)
		}
	}
	slices.Sort(order)
	for _, name := range order {
		sys := bySystem[name]
		rank := func(r indexRun) int {
			switch {
			case !r.Met():
				return 0
			case len(r.Findings) > 0:
				return 1
			}
			return 2
		}
		slices.SortStableFunc(sys.Runs, func(a, b indexRun) int { return rank(a) - rank(b) })
		sys.Runs0 = len(sys.Runs)
		idx.Systems = append(idx.Systems, *sys)
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

// writeFinding writes a finding's page and its trace files into
// dir/findings.
func writeFinding(dir string, r results.Run, fd results.Finding, id string) (findingPage, error) {
	p := findingPage{Run: r, Finding: fd, ID: id, Why: why(fd), Swim: swimlane(fd), Trace: id + ".trace.json"}
	dir = filepath.Join(dir, "findings")
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
		p.MinPath = filepath.Join(dir, p.MinTrace)
		data, err := fd.MinTrace.Marshal()
		if err := write(p.MinTrace, data, err); err != nil {
			return p, err
		}
	}
	if fd.Visualization != "" {
		p.Viz = fd.Visualization + frameSizer
	}
	return p, render(filepath.Join(dir, id+".html"), "finding.html", p)
}

// frameSizer ends porcupine's document in its sandboxed frame: the frame
// cannot be measured from outside (it has no origin in common with the
// page), so the document tells the page its height, and whether the view
// was drawn. The page takes a clamped number and a flag from it, nothing
// else.
const frameSizer = `<script>(function () {
  function post() {
    // The body's own height: the document's would be at least the frame's.
    var body = document.body.getBoundingClientRect();
    parent.postMessage({racelab: "size", height: body.bottom + window.scrollY + 16,
      drawn: !!document.querySelector("#canvas svg")}, "*");
  }
  window.addEventListener("load", function () { post(); setTimeout(post, 250); setTimeout(post, 1500); });
})();</script>`

// why says what a finding of its kind means, for the reader who meets it
// for the first time.
func why(f results.Finding) string {
	switch f.Kind {
	case "linearizability":
		return "" // the explanation says it, operation by operation
	case "invariant":
		return "A check of the scenario's own failed: " + f.Message + ". The run stopped at that check, so its history was not checked for linearizability (operations still in flight never returned)."
	case "deadlock":
		return "Every live thread is blocked, main included, and no timer can wake any of them: the run can never finish. The threads below show what each waits on and where."
	case "leak":
		return "main returned, but some threads stay blocked forever: in a real program they would be leaked goroutines, holding whatever they hold."
	case "panic":
		return "A thread panicked. Its stack is below."
	case "misuse":
		return "A primitive was misused in a way Go itself crashes on (an unlock of an unlocked mutex, a negative WaitGroup counter, a send on a closed channel)."
	case "step-limit":
		return "The run passed its step limit without finishing: threads kept running without making progress (a livelock)."
	case "horizon":
		return "Virtual time passed the run's horizon while threads stayed blocked: a timer kept firing, but nothing else could ever go on."
	case "hang":
		return "A schedule did not come back to the scheduler within its wall-clock limit: a thread blocked, or looped, outside racelab's sight (a real sync.Mutex, channel, sleep or syscall inside the World). It cannot be shrunk; the threads below show where it stood."
	}
	return ""
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
