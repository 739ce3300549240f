package mutate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
)

// Config says which package to mutate and how to explore its mutants.
type Config struct {
	// Dir is the package's directory; Package its import path (for the
	// report).
	Dir, Package string
	// Operators to apply; nil: every one.
	Operators []Operator
	// Targets, in catalogue mode, are the clean scenario variants
	// ("cachesync/random-ops:fixed") that cover the package, explored by
	// the racelab command Main (default
	// github.com/racelab/racelab/cmd/racelab) built from ModuleDir with
	// each mutant. Without targets, Run is in test mode: the package's own
	// tests are built with each mutant and run.
	Targets   []string
	Main      string
	ModuleDir string
	// TestRun is the test mode's -run pattern; TestArgs more flags for the
	// test binary (-test.short).
	TestRun  string
	TestArgs []string
	// RacelabTest, in test mode, is the racelab command that explores
	// tests written in plain Go (they do not use racetest) with `racelab
	// test`: each mutant is translated and its tests explored under the
	// scheduler. Empty: such tests are refused (they would run once, on
	// real goroutines, and show little).
	RacelabTest string
	// Seeds are the start seeds (default 1, 2, 3); a mutant is killed when
	// the exploration from every one finds a violation.
	Seeds []uint64
	// Schedules overrides each exploration's budget; 0: the scenario's or
	// the test's own.
	Schedules int
	// Fingerprints, if positive, bounds the schedules per target that
	// decide equivalence; 0: all of the first seed's exploration.
	Fingerprints int
	// Timeout bounds each mutant's exploration; default 3 minutes.
	Timeout time.Duration
	// Workers is how many mutants are built and explored at once; default
	// the number of CPUs.
	Workers int
	// Only, if set, keeps only these mutant IDs.
	Only []string
	// WorkDir receives each mutant's file and overlay (M7/overlay.json);
	// default a temporary directory, removed at the end.
	WorkDir string
	// Reviewed holds the mutants a person judged equivalent (the change
	// cannot be observed through the system's interface), by "file:line
	// operator", with the reason. Such a mutant that survives is reported
	// as equivalent with that reason; one that is killed stays killed.
	Reviewed map[string]string
	// Progress, if set, is called after each mutant, from one goroutine at
	// a time.
	Progress func(done, total int, r Result)

	plainTests bool // the tests do not use racetest: run them with RacelabTest
	_          struct{}
}

// DefaultMain is the racelab command that explores catalogue mutants.
const DefaultMain = "github.com/racelab/racelab/cmd/racelab"

func (c *Config) defaults() {
	if len(c.Seeds) == 0 {
		c.Seeds = []uint64{1, 2, 3}
	}
	if c.Timeout <= 0 {
		c.Timeout = 3 * time.Minute
	}
	if c.Workers <= 0 {
		c.Workers = runtime.NumCPU()
	}
	if c.Main == "" {
		c.Main = DefaultMain
	}
}

// Run generates the package's mutants, checks that the original passes,
// and explores every mutant. An error is a problem before any mutant ran:
// no Go files, a build of the original that fails, an original that the
// tests already fail.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	cfg.defaults()
	mutants, err := Generate(cfg.Dir, cfg.Operators)
	if err != nil {
		return nil, err
	}
	if len(cfg.Only) > 0 {
		keep := map[string]bool{}
		for _, id := range cfg.Only {
			keep[id] = true
		}
		var kept []Mutant
		for _, m := range mutants {
			if keep[m.ID] {
				kept = append(kept, m)
			}
		}
		mutants = kept
	}
	work := cfg.WorkDir
	if work == "" {
		if work, err = os.MkdirTemp("", "racelab-mutate-"); err != nil {
			return nil, err
		}
		defer os.RemoveAll(work)
	}
	rep := &Report{Schema: Schema, Package: cfg.Package, Targets: cfg.Targets, Seeds: cfg.Seeds, Mode: "test"}
	if len(cfg.Targets) > 0 {
		rep.Mode = "catalogue"
	}
	start := time.Now()
	orig, err := cfg.original(ctx, work)
	if err != nil {
		return nil, err
	}
	if cfg.plainTests {
		rep.Mode = "racelab-test"
	}
	results := make([]Result, len(mutants))
	next := make(chan int)
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for range min(cfg.Workers, max(len(mutants), 1)) {
		wg.Go(func() {
			for i := range next {
				r := cfg.one(ctx, work, mutants[i], orig)
				mu.Lock()
				results[i] = r
				done++
				if cfg.Progress != nil {
					cfg.Progress(done, len(mutants), r)
				}
				mu.Unlock()
			}
		})
	}
	for i := range mutants {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	for _, r := range results {
		if r.ID != "" {
			rep.Mutants = append(rep.Mutants, r)
		}
	}
	rep.ElapsedMS = float64(time.Since(start).Microseconds()) / 1000
	rep.tally()
	return rep, nil
}

// original builds and explores the unchanged package: its fingerprints are
// what equivalence is measured against, and it must pass.
func (cfg *Config) original(ctx context.Context, work string) (map[string][]string, error) {
	dir := filepath.Join(work, "original")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	bin := filepath.Join(dir, "bin")
	if msg, err := cfg.build(ctx, "", bin); err != nil {
		return nil, fmt.Errorf("mutate: the original does not build: %s", msg)
	}
	defer os.Remove(bin)
	resp, err := cfg.explore(ctx, dir, bin, "", nil)
	if err != nil {
		return nil, fmt.Errorf("mutate: the original: %w", err)
	}
	for _, s := range resp.Seeds {
		if s.Killed {
			return nil, fmt.Errorf("mutate: the original already fails from seed %d: %s: %s %s", s.Seed, s.Target, s.Kind, s.Message)
		}
	}
	return resp.Fingerprints, nil
}

// one builds and explores one mutant.
func (cfg *Config) one(ctx context.Context, work string, m Mutant, orig map[string][]string) Result {
	start := time.Now()
	r := Result{Mutant: m}
	defer func() { r.ElapsedMS = float64(time.Since(start).Microseconds()) / 1000 }()
	dir := filepath.Join(work, m.ID)
	overlay, err := writeOverlay(dir, m)
	if err != nil {
		r.Status, r.Error = StatusError, err.Error()
		return r
	}
	bin := filepath.Join(dir, "bin")
	if msg, err := cfg.build(ctx, overlay, bin); err != nil {
		r.Status, r.Error = StatusNoCompile, msg
		return r
	}
	defer os.Remove(bin)
	resp, err := cfg.explore(ctx, dir, bin, overlay, orig)
	if err != nil {
		r.Status, r.Error = StatusError, err.Error()
		return r
	}
	r.classify(resp, len(cfg.Seeds))
	if reason, ok := cfg.Reviewed[fmt.Sprintf("%s:%d %s", m.File, m.Line, m.Operator)]; ok && r.Status == StatusSurvived {
		r.Status, r.Reason = StatusEquivalent, reason
	}
	return r
}

// writeOverlay writes the mutated file and the overlay that puts it in
// place of the original, for go build -overlay.
func writeOverlay(dir string, m Mutant) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	src := filepath.Join(dir, m.File)
	if err := os.WriteFile(src, m.Source, 0o644); err != nil {
		return "", err
	}
	data, err := json.Marshal(map[string]map[string]string{"Replace": {m.Path: src}})
	if err != nil {
		return "", err
	}
	overlay := filepath.Join(dir, "overlay.json")
	return overlay, os.WriteFile(overlay, data, 0o644)
}

// build builds the racelab command (catalogue mode) or the package's test
// binary (test mode) with an overlay ("" for none), and returns the first
// lines of the compiler's complaint on failure.
func (cfg *Config) build(ctx context.Context, overlay, bin string) (string, error) {
	args := []string{"build", "-o", bin}
	dir := cfg.ModuleDir
	if len(cfg.Targets) == 0 {
		args = []string{"test", "-c", "-o", bin}
		dir = cfg.Dir
	}
	if overlay != "" {
		args = append(args, "-overlay", overlay)
	}
	if len(cfg.Targets) > 0 {
		args = append(args, cfg.Main)
	} else {
		args = append(args, ".")
	}
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return compileError(string(out), err), err
	}
	return "", nil
}

// compileError is the first error line of a failed build.
func compileError(out string, err error) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, ".go:") {
			if i := strings.LastIndex(l, "/"); i >= 0 && strings.Index(l, ".go:") > i {
				l = l[i+1:]
			}
			return strings.TrimSpace(l)
		}
	}
	if s := strings.TrimSpace(out); s != "" {
		return firstLine(s)
	}
	return err.Error()
}

// explore runs one worker process on a built binary (built with overlay,
// "" for the original).
func (cfg *Config) explore(ctx context.Context, dir, bin, overlay string, orig map[string][]string) (Response, error) {
	if len(cfg.Targets) == 0 {
		if cfg.plainTests {
			return cfg.runRacelabTest(ctx, dir, overlay)
		}
		resp, err := cfg.runTests(ctx, dir, bin)
		if errors.Is(err, errPlainTests) && cfg.RacelabTest != "" {
			// the original tells: from now on every mutant runs under
			// racelab test
			cfg.plainTests = true
			return cfg.runRacelabTest(ctx, dir, overlay)
		}
		return resp, err
	}
	req := Request{Targets: cfg.Targets, Seeds: cfg.Seeds, Schedules: cfg.Schedules, Fingerprints: cfg.Fingerprints,
		Original: orig, TimeMS: cfg.Timeout.Milliseconds()}
	if orig == nil {
		// The original runs one budget per seed with no shortcut; give it
		// the time of every mutant's worst case.
		req.TimeMS *= 2
	}
	data, err := json.Marshal(req)
	if err != nil {
		return Response{}, err
	}
	reqFile := filepath.Join(dir, "request.json")
	if err := os.WriteFile(reqFile, data, 0o644); err != nil {
		return Response{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, time.Duration(req.TimeMS)*time.Millisecond+time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "mutate", "--worker", reqFile)
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var resp Response
	if err := json.Unmarshal(stdout.Bytes(), &resp); err != nil {
		if ctx.Err() != nil {
			return Response{TimedOut: true}, nil
		}
		return Response{}, fmt.Errorf("worker: %v: %s", errors.Join(runErr, err), firstLine(strings.TrimSpace(stderr.String())))
	}
	if resp.Error != "" {
		return resp, fmt.Errorf("worker: %s", resp.Error)
	}
	return resp, nil
}
