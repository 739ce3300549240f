package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/translate"
)

// testCmd is racelab test: the user's own go tests, translated, built with
// go test -overlay and explored under the scheduler.
//
// Why an overlay: the user's files stay untouched and unread by anything
// but the go command, which builds the translated copies in their place:
// module resolution, build tags, the build cache and the positions of
// compile errors all stay the go command's own. A copied module tree would
// need replace directives for every relative path; -toolexec would run the
// translator once per compile, without the type information of the whole
// load.
func testCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	rf := addRunFlags(fs)
	ef := addExploreFlags(fs, "test's exploration", "test processes in parallel, each exploring one shard of every test's schedules")
	replayFlag := fs.String("replay", "", "replay this trace file (of a test's finding) instead of exploring")
	runPattern := fs.String("run", "", "go test -run: only tests matching this regular expression")
	verbose := fs.Bool("v", false, "go test -v: print every test's output")
	count := fs.Int("count", 0, "go test -count")
	timeout := fs.Duration("timeout", 0, "go test -timeout (default go test's, 10m)")
	short := fs.Bool("short", false, "go test -short: a tenth of the default budget")
	tags := fs.String("tags", "", "go test -tags: build tags")
	overlayFlag := fs.String("overlay", "", "go build -overlay: a JSON file whose Replace map gives files other contents (racelab mutate's mutants)")
	testDir := fs.String("test-dir", "", "run the test binary in this directory instead of the package's (one package only; racelab mutate runs each mutant in a mirror of the package, so that its saved traces do not land in the package)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	cfg, err := rf.config()
	if err != nil {
		return err
	}
	if !rf.given("race") {
		// Plain Go is instrumented: data races are found by default.
		cfg.Race = true
	}
	if err := ef.check(); err != nil {
		return err
	}
	workers, timeBudget := ef.workers, ef.time
	shard, shards, _, err := shardFrom(*ef.shard)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		pos = []string{"."}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	start := time.Now()
	overlay, err := readOverlay(*overlayFlag)
	if err != nil {
		return badInput("--overlay: %v", err)
	}
	prog, cached, err := translateCached(translate.Config{Tags: *tags, Overlay: overlay}, pos)
	if err != nil {
		return err
	}
	translated := time.Since(start)
	var pkgs []translate.Package
	for _, p := range prog.listing.Roots {
		if p.Tests {
			pkgs = append(pkgs, p)
		}
	}
	how := "translated"
	if cached {
		how = "translation cached"
	}
	fmt.Fprintf(stdout, "racelab test: %d package(s) with tests, seed %d, %s in %v\n", len(pkgs), cfg.Seed, how, translated.Round(time.Millisecond))
	if len(prog.skipped) > 0 {
		lines := strings.Split(strings.TrimSpace(string(prog.skipped)), "\n")
		fmt.Fprintf(stdout, "%d dependency package(s) not translated (their goroutines and channels are not controlled)\n", len(lines))
		if *verbose {
			for _, l := range lines {
				fmt.Fprintf(stdout, "  %s\n", l)
			}
		}
	}
	if len(pkgs) == 0 {
		return nil
	}
	if *testDir != "" {
		if len(pkgs) != 1 {
			return badInput("--test-dir: %d packages with tests; it takes one", len(pkgs))
		}
		pkgs[0].Dir = *testDir
	}

	// One binary per package (go test -c), then the shards: processes,
	// because a translated test explores with one World at a time.
	tmp, err := os.MkdirTemp("", "racelab-test")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	start = time.Now()
	bins := make([]string, len(pkgs))
	err = parallel(*workers, len(pkgs), func(i int) error {
		bins[i] = filepath.Join(tmp, fmt.Sprintf("%d.test", i))
		return prog.build(ctx, pkgs[i].Path, bins[i], *tags)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "built in %v\n", time.Since(start).Round(time.Millisecond))

	base := []string{"-test.run=" + *runPattern, "-racelab.seed=" + strconv.FormatUint(cfg.Seed, 10)}
	if *verbose {
		base = append(base, "-test.v")
	}
	if *count > 0 {
		base = append(base, "-test.count="+strconv.Itoa(*count))
	}
	if *timeout > 0 {
		base = append(base, "-test.timeout="+timeout.String())
	}
	if *short {
		base = append(base, "-test.short")
	}
	if cfg.Strategy != "" {
		base = append(base, "-racelab.strategy="+cfg.Strategy)
	}
	if cfg.Depth > 0 {
		base = append(base, "-racelab.depth="+strconv.Itoa(cfg.Depth))
	}
	if cfg.Bound != 0 {
		base = append(base, "-racelab.bound="+strconv.Itoa(cfg.Bound))
	}
	if cfg.Schedules > 0 {
		base = append(base, "-racelab.schedules="+strconv.Itoa(cfg.Schedules))
	}
	if *rf.faults != "" {
		base = append(base, "-racelab.faults="+*rf.faults)
	}
	if cfg.Race {
		base = append(base, "-racelab.race")
	}
	if cfg.PreemptAccesses {
		base = append(base, "-racelab.preempt")
	}
	if *timeBudget > 0 {
		base = append(base, "-racelab.time="+timeBudget.String())
	}
	// The shards this invocation runs: the one asked for, or all of n =
	// workers (dfs and replay cannot be split).
	var mine []int
	n := shards
	switch {
	case shards > 1:
		mine = []int{shard}
	case *replayFlag != "" || cfg.Strategy == "dfs" || *workers == 1:
		n, mine = 1, []int{0}
	default:
		n = *workers
		for i := range n {
			mine = append(mine, i)
		}
	}
	if *replayFlag != "" {
		abs, err := filepath.Abs(*replayFlag)
		if err != nil {
			return badInput("--replay: %v", err)
		}
		base = append(base, "-racelab.replay="+abs)
	}
	type job struct{ pkg, shard int }
	var jobs []job
	for p := range pkgs {
		for _, s := range mine {
			jobs = append(jobs, job{p, s})
		}
	}
	outs := make([]procOutput, len(jobs))
	started := time.Now()
	parallel(*workers, len(jobs), func(i int) error {
		j := jobs[i]
		args := append([]string(nil), base...)
		if n > 1 {
			args = append(args, fmt.Sprintf("-racelab.shard=%d/%d", j.shard+1, n))
		}
		outs[i] = runTestBinary(ctx, bins[j.pkg], pkgs[j.pkg].Dir, filepath.Join(tmp, fmt.Sprintf("%d-%d.json", j.pkg, j.shard)), args)
		return nil
	})

	var files []*results.File
	failedProcs := 0
	for i, o := range outs {
		if o.err != nil {
			return o.err
		}
		explained := o.hasFinding() // before a sibling's replay is dropped
		if o.results != nil {
			dropSiblingReplays(o.results, pkgs[jobs[i].pkg].Dir, started)
			files = append(files, o.results)
		}
		// -v shows what go test -v shows: one process's output (every shard
		// runs the same tests), and any process that failed on its own.
		if (*verbose && jobs[i].shard == mine[0]) || (o.exit != 0 && !explained) {
			fmt.Fprintf(stdout, "--- %s (shard %d of %d)\n%s", pkgs[jobs[i].pkg].Path, jobs[i].shard+1, n, o.output)
		}
		if o.exit != 0 && !explained {
			failedProcs++
		}
	}
	merged := results.Merge(files...)
	for i := range merged.Runs {
		r := &merged.Runs[i]
		for j := range r.Findings {
			f := &r.Findings[j]
			f.Replay = ""
			if f.Kind != "nondeterminism" { // racetest saves no trace for it: there is no one run to replay
				f.Replay = replayLine(r.Scenario, f.TraceHash, prog.listing, pkgs)
			}
		}
	}
	if shards > 1 {
		merged.Shard = fmt.Sprintf("%d/%d", shard+1, shards)
	}
	for _, r := range merged.Runs {
		printRun(stdout, r, "")
	}
	if err := writeOutputs(stdout, merged, *ef.json, *ef.junit, *ef.report); err != nil {
		return err
	}
	met := 0
	for i := range merged.Runs {
		if merged.Runs[i].Met() {
			met++
		}
	}
	fmt.Fprintf(stdout, "%d of %d test(s) clean over every schedule\n", met, len(merged.Runs))
	if failedProcs > 0 {
		fmt.Fprintf(stdout, "%d test process(es) failed without a racelab finding (their output is above)\n", failedProcs)
	}
	if ctx.Err() != nil {
		fmt.Fprintln(stdout, "interrupted: the results above are what was gathered")
	}
	if merged.Failed() || failedProcs > 0 {
		return errUnmet
	}
	return nil
}

// readOverlay reads a go build -overlay file into the contents it gives
// each replaced file; "" is no overlay.
func readOverlay(file string) (map[string][]byte, error) {
	if file == "" {
		return nil, nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var o struct{ Replace map[string]string }
	if err := json.Unmarshal(data, &o); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	out := map[string][]byte{}
	for path, src := range o.Replace {
		if out[path], err = os.ReadFile(src); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// replayLine is the command that replays a test's finding from the trace
// racetest saved in the package's testdata/racelab.
func replayLine(scenario, hash string, l *translate.Listing, pkgs []translate.Package) string {
	name := strings.TrimPrefix(scenario, "test/")
	for _, p := range pkgs {
		test, ok := strings.CutPrefix(name, p.Path+".")
		if !ok {
			test, ok = strings.CutPrefix(name, p.Path+"_test.") // an external test package
		}
		if !ok || strings.Contains(test, ".") {
			continue
		}
		dir, err := filepath.Rel(l.ModuleDir, p.Dir)
		if err != nil {
			dir = p.Dir
		}
		trace := filepath.Join(dir, "testdata", "racelab", test+"-"+hash+".json")
		pkg := "./" + dir
		if dir == "." {
			pkg = "."
		}
		return fmt.Sprintf("racelab test -run '^%s$' -replay %s %s", test, trace, pkg)
	}
	return ""
}

// parallel runs f(0..n-1) on k goroutines and returns the first error.
func parallel(k, n int, f func(i int) error) error {
	var mu sync.Mutex
	var first error
	next := 0
	var wg sync.WaitGroup
	for range min(k, n) {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				stop := first != nil
				mu.Unlock()
				if i >= n || stop {
					return
				}
				if err := f(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return first
}

// procOutput is what one test process left: its exit status, its output
// and its results file.
type procOutput struct {
	exit    int
	output  []byte
	results *results.File
	err     error
}

func (o procOutput) hasFinding() bool {
	return o.results != nil && o.results.Failed()
}

func runTestBinary(ctx context.Context, bin, dir, resultsFile string, args []string) procOutput {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "RACELAB_RESULTS="+resultsFile)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	o := procOutput{output: out.Bytes()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		o.exit = ee.ExitCode()
	case err != nil:
		o.err = fmt.Errorf("running the tests of %s: %w", dir, err)
		return o
	}
	if data, err := os.ReadFile(resultsFile); err == nil {
		if o.results, err = results.Parse(data); err != nil {
			o.err = fmt.Errorf("%s: the results of the tests: %w", dir, err)
		}
	}
	return o
}

// dropSiblingReplays removes the runs that replayed a trace saved during
// this invocation: the shards of one package share its testdata/racelab,
// and a shard that starts after another found a bug replays the other's
// trace first, which would count that finding twice.
func dropSiblingReplays(f *results.File, dir string, started time.Time) {
	runs := f.Runs[:0]
	for _, r := range f.Runs {
		if file, ok := strings.CutPrefix(r.Note, "replayed from "); ok {
			if !filepath.IsAbs(file) {
				file = filepath.Join(dir, file)
			}
			if st, err := os.Stat(file); err == nil && !st.ModTime().Before(started) {
				continue
			}
		}
		runs = append(runs, r)
	}
	f.Runs = runs
}

// program is a translated build: the overlay and how to build with it.
type program struct {
	listing *translate.Listing
	overlay string // overlay.json
	modfile string // a go.mod that requires racelab and replaces translated dependencies
	skipped []byte // dependency packages left untranslated, one a line
}

// build compiles the test binary of one package.
func (p *program) build(ctx context.Context, pkg, out, tags string) error {
	args := []string{"test", "-c", "-o", out, "-vet=off", "-overlay=" + p.overlay}
	if tags != "" {
		args = append(args, "-tags="+tags)
	}
	if p.modfile != "" {
		args = append(args, "-modfile="+p.modfile, "-mod=mod")
	}
	args = append(args, pkg)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = p.listing.ModuleDir
	if msg, err := cmd.CombinedOutput(); err != nil {
		lines := strings.Split(strings.TrimSpace(string(msg)), "\n")
		for _, l := range lines {
			// The first compiler message names the user's file:line (the
			// translation carries //line directives).
			if strings.Contains(l, ".go:") {
				return badInput("cannot build the translated tests of %s: %s", pkg, strings.TrimSpace(l))
			}
		}
		return badInput("cannot build the translated tests of %s: %s", pkg, lines[len(lines)-1])
	}
	return nil
}

// translateCached translates the packages patterns match, or finds their
// translation in the cache: $XDG_CACHE_HOME/racelab/translate/<hash>/
// (os.UserCacheDir), keyed by the content of every translated file, the
// build tags and the racelab binary itself.
func translateCached(cfg translate.Config, patterns []string) (*program, bool, error) {
	listing, err := translate.List(cfg, patterns...)
	if err != nil {
		return nil, false, badInput("%v", err)
	}
	self, err := selfHash()
	if err != nil {
		return nil, false, err
	}
	key, err := listing.Key(self, cfg.Tags, runtime.Version())
	if err != nil {
		return nil, false, err
	}
	root, err := os.UserCacheDir()
	if err != nil {
		return nil, false, fmt.Errorf("translation cache: %w", err)
	}
	dir := filepath.Join(root, "racelab", "translate", key)
	p := &program{listing: listing, overlay: filepath.Join(dir, "overlay.json")}
	needModfile := listing.Module != translate.Module || len(listing.Deps) > 0
	if needModfile {
		p.modfile = filepath.Join(dir, "go.mod")
	}
	if _, err := os.Stat(p.overlay); err == nil {
		p.skipped, _ = os.ReadFile(filepath.Join(dir, "skipped.txt"))
		return p, true, nil
	}
	tr, err := translate.Translate(cfg, patterns...)
	if err != nil {
		var te *translate.Error
		if errors.As(err, &te) {
			return nil, false, badInput("cannot translate: %v", err)
		}
		return nil, false, badInput("%v", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, false, fmt.Errorf("translation cache: %w", err)
	}
	replaces, err := copyDeps(dir, listing, tr.Files)
	if err != nil {
		return nil, false, err
	}
	if needModfile {
		if err := writeModfile(listing, dir, replaces); err != nil {
			return nil, false, err
		}
	}
	p.skipped = []byte(strings.Join(tr.Skipped, "\n"))
	if err := os.WriteFile(filepath.Join(dir, "skipped.txt"), p.skipped, 0o644); err != nil {
		return nil, false, fmt.Errorf("translation cache: %w", err)
	}
	main := map[string][]byte{}
	for f, data := range tr.Files {
		if !strings.HasPrefix(f, filepath.Join(dir, "mod")) && !listingHasDepFile(listing, f) {
			main[f] = data
		}
	}
	if err := writeOverlay(dir, main); err != nil {
		return nil, false, err
	}
	return p, false, nil
}

func listingHasDepFile(l *translate.Listing, file string) bool {
	for _, m := range l.Deps {
		if strings.HasPrefix(file, m.Dir+string(os.PathSeparator)) {
			return true
		}
	}
	return false
}

// writeOverlay writes the translated files and overlay.json (go build's
// format: {"Replace": {original path: replacement path}}) into dir, the
// index last, so that a cache entry with an index is complete.
func writeOverlay(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("translation cache: %w", err)
	}
	replace := map[string]string{}
	for orig, data := range files {
		sum := sha256.Sum256([]byte(orig))
		name := filepath.Join(dir, hex.EncodeToString(sum[:6])+"-"+filepath.Base(orig))
		if err := os.WriteFile(name, data, 0o644); err != nil {
			return fmt.Errorf("translation cache: %w", err)
		}
		replace[orig] = name
	}
	data, err := json.MarshalIndent(map[string]any{"Replace": replace}, "", "\t")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, "overlay.json.tmp")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("translation cache: %w", err)
	}
	return os.Rename(tmp, filepath.Join(dir, "overlay.json"))
}

// selfHash identifies the translator: the racelab binary's own content.
func selfHash() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("translation cache: %w", err)
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", fmt.Errorf("translation cache: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("translation cache: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
