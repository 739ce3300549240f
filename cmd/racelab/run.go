package main

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/reports"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/scenarios"
	"github.com/racelab/racelab/sim"
)

// runFlags are the flags of run that also describe one schedule for replay.
type runFlags struct {
	fs        *flag.FlagSet
	strategy  *string
	depth     *int
	bound     *int
	seed      *string
	faults    *string
	schedules *int
	race      *bool
	preempt   *bool
}

func addRunFlags(fs *flag.FlagSet) runFlags {
	return runFlags{
		fs:        fs,
		strategy:  fs.String("strategy", "", "random, pct or dfs (default: each scenario's own)"),
		depth:     fs.Int("depth", 0, "pct: bug depth (default: the scenario's, 2)"),
		bound:     fs.Int("bound", 0, "dfs: preemption bound, -1 for none (default: the scenario's, 2)"),
		seed:      fs.String("seed", "", "start seed (default: random, printed)"),
		faults:    fs.String("faults", "", "fault plan replacing each scenario's: KIND:RATE:BUDGET,... or none"),
		schedules: fs.Int("schedules", 0, "schedules per run (default: each scenario's budget)"),
		race:      fs.Bool("race", false, "run every schedule with the data race detector: unordered conflicting accesses are data-race findings"),
		preempt:   fs.Bool("preempt", false, "make every shared access of translated code a yield point, so a split x++ shows as a wrong result"),
	}
}

// config checks the flags and turns them into an exploration config.
func (f runFlags) config() (explore.Config, error) {
	var cfg explore.Config
	switch *f.strategy {
	case "", "random", "pct", "dfs":
		cfg.Strategy = *f.strategy
	default:
		return cfg, badInput("--strategy %q: want random, pct or dfs", *f.strategy)
	}
	if *f.depth < 0 {
		return cfg, badInput("--depth %d: must be at least 1", *f.depth)
	}
	if *f.bound < -1 {
		return cfg, badInput("--bound %d: must be -1 (none) or more", *f.bound)
	}
	if *f.schedules < 0 || *f.schedules == 0 && f.given("schedules") {
		return cfg, badInput("--schedules %d: must be positive (leave it out for each scenario's budget)", *f.schedules)
	}
	cfg.Depth, cfg.Bound, cfg.Schedules, cfg.Race, cfg.PreemptAccesses = *f.depth, *f.bound, *f.schedules, *f.race, *f.preempt
	if *f.seed != "" {
		seed, err := strconv.ParseUint(*f.seed, 10, 64)
		if err != nil {
			return cfg, badInput("--seed %q: want a whole number from 0 to 2^64-1", *f.seed)
		}
		cfg.Seed = seed
	} else {
		cfg.Seed = randomSeed()
	}
	if *f.faults != "" {
		plan, err := sim.ParseFaultPlan(*f.faults)
		if err != nil {
			return cfg, badInput("--faults: %v", err)
		}
		cfg.Faults = &plan
	}
	return cfg, nil
}

// given reports whether the flag was set on the command line.
func (f runFlags) given(name string) bool { return flagSet(f.fs, name) }

func randomSeed() uint64 {
	var b [8]byte
	rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:]) >> 1
}

// shardFrom resolves the shard: the flag, else RACELAB_SHARD ("i/n"), else
// the index CI matrices and Kubernetes Indexed Jobs set
// (JOB_COMPLETION_INDEX, 0-based) with RACELAB_SHARDS.
func shardFrom(flagValue string) (shard, shards int, label string, err error) {
	if flagValue == "" {
		flagValue = os.Getenv("RACELAB_SHARD")
	}
	if flagValue == "" {
		if idx, n := os.Getenv("JOB_COMPLETION_INDEX"), os.Getenv("RACELAB_SHARDS"); idx != "" && n != "" {
			i, err1 := strconv.Atoi(idx)
			if err1 != nil {
				return 0, 0, "", badInput("JOB_COMPLETION_INDEX %q: not a number", idx)
			}
			flagValue = fmt.Sprintf("%d/%s", i+1, n)
		}
	}
	if flagValue == "" {
		return 0, 1, "", nil
	}
	shard, shards, err = explore.ParseShard(flagValue)
	if err != nil {
		return 0, 0, "", badInput("%v", err)
	}
	return shard, shards, fmt.Sprintf("%d/%d", shard+1, shards), nil
}

func runCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	rf := addRunFlags(fs)
	ef := addExploreFlags(fs, "run", "schedules run in parallel")
	all := fs.Bool("all", false, "keep exploring after the first finding, to the end of the budget")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	cfg, err := rf.config()
	if err != nil {
		return err
	}
	if err := ef.check(); err != nil {
		return err
	}
	cfg.Workers, cfg.Time, cfg.All = *ef.workers, *ef.time, *all
	var shardLabel string
	if cfg.Shard, cfg.Shards, shardLabel, err = shardFrom(*ef.shard); err != nil {
		return err
	}
	targets, err := scenarios.Default().Resolve(pos)
	if err != nil {
		return badInput("%v", err)
	}
	for _, t := range targets {
		if cfg.Shards > 1 && orDefault(cfg.Strategy, t.Scenario.DefaultStrategy()) == "dfs" {
			return badInput("%s explores with dfs, which cannot be sharded: add --strategy random or pct", t.Name())
		}
	}
	if cfg.Faults != nil {
		warnings, err := explore.CheckFaults(targets, *cfg.Faults)
		if err != nil {
			return badInput("--faults: %v", err)
		}
		for _, w := range warnings {
			fmt.Fprintf(stderr, "racelab: warning: --faults: %s\n", w)
		}
		// A scenario with no fault plan of its own is meant to run
		// fault-free (replica/first-push checks that no push is refused
		// when nothing fails): under injected faults its check may fail
		// for the faults, not for a bug.
		if len(cfg.Faults.Rules) > 0 {
			for _, t := range targets {
				if len(t.Scenario.Faults.Rules) == 0 {
					fmt.Fprintf(stderr, "racelab: warning: --faults: %s is fault-free by design (no fault plan of its own; its check may assume no fault): a violation it reports under --faults may be the fault's, not a bug\n", t.Name())
				}
			}
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(stdout, "racelab: %d run(s), seed %d%s\n", len(targets), cfg.Seed, map[bool]string{true: ", shard " + shardLabel}[shardLabel != ""])
	prog := newProgress(stderr)
	file := &results.File{Shard: shardLabel}
	pool := explore.NewPool() // the workers start once for every run
	defer pool.Close()
	for _, t := range targets {
		if ctx.Err() != nil {
			break
		}
		budget := cfg.Schedules
		if budget == 0 {
			budget = t.Scenario.DefaultBudget()
		}
		tr := prog.start(t.Name(), (budget+cfg.Shards-1)/max(cfg.Shards, 1))
		c := cfg
		c.Progress, c.Pool = tr.update, pool
		r, err := explore.Explore(ctx, t, c)
		tr.finish()
		if err != nil {
			return fmt.Errorf("%s: %w", t.Name(), err)
		}
		file.Runs = append(file.Runs, r)
		printRun(stdout, r, minTracePath(*ef.report, len(file.Runs)-1))
	}
	prog.close()
	file.Partial = ctx.Err() != nil || file.Interrupted()
	if err := writeOutputs(stdout, file, *ef.json, *ef.junit, *ef.report); err != nil {
		return err
	}
	met := 0
	for i := range file.Runs {
		if file.Runs[i].Met() {
			met++
		}
	}
	fmt.Fprintf(stdout, "%d of %d run(s) met their expectation\n", met, len(file.Runs))
	if file.Partial {
		fmt.Fprintf(stdout, "interrupted after %d of %d run(s): the results above are what was gathered (written as partial)\n", len(file.Runs), len(targets))
		return errInterrupted
	}
	if file.Failed() {
		return errUnmet
	}
	return nil
}

// minTracePath is where the report will write run ri's first finding's
// shrunk trace, "" without a report.
func minTracePath(reportDir string, ri int) string {
	if reportDir == "" {
		return ""
	}
	return filepath.Join(reportDir, "findings", results.FindingID(ri, 0)+".min.trace.json")
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// printRun prints one run's line and, when it found something, its first
// finding: what, where each thread it is about stood, and the commands
// that replay it (minTrace: the shrunk trace's file the report writes).
func printRun(w io.Writer, r results.Run, minTrace string) {
	status := "ok  "
	if !r.Met() {
		status = "FAIL"
	}
	what := r.Verdict + " as expected"
	if !r.Met() {
		what = fmt.Sprintf("%s, expected %s", r.Verdict, r.Expect)
	}
	extra := ""
	if r.Exhausted {
		extra = ", space exhausted"
	}
	if r.TimeToFirstMS >= 0 {
		extra += fmt.Sprintf(", first finding after %v", results.Duration(r.TimeToFirstMS).Round(time.Microsecond))
	}
	fmt.Fprintf(w, "%s  %-34s %-30s %s seed=%d  %d schedules in %v (%.0f/s)%s\n", status, r.Name(), what, r.Strategy, r.Seed,
		r.Schedules, results.Duration(r.ElapsedMS).Round(time.Microsecond), r.SchedulesPerSecond(), extra)
	if len(r.Findings) > 0 {
		f := r.Findings[0]
		fmt.Fprintf(w, "      %s: %s\n", f.Kind, f.Message)
		if f.Explanation != "" {
			fmt.Fprintf(w, "      %s\n", f.Explanation)
		}
		if f.Race != "" {
			fmt.Fprintf(w, "      %s\n", f.Race)
		}
		for _, th := range f.Threads {
			if th.Involved {
				fmt.Fprintf(w, "      %s\n", results.Where(th))
			}
		}
		if f.Replay != "" {
			fmt.Fprintf(w, "      replay: %s\n", f.Replay)
		}
		if f.MinTrace != nil {
			minimal := ""
			if f.Minimal {
				minimal = ", 1-minimal"
			}
			fmt.Fprintf(w, "      shrunk: %d -> %d steps, %d -> %d preemptions, %d -> %d faults%s\n",
				f.Steps, f.MinSteps, f.Preemptions, f.MinPreemptions, f.Faults, f.MinFaults, minimal)
		}
		if f.MinReplay != "" {
			fmt.Fprintf(w, "      replay shrunk: %s\n", f.MinReplay)
		}
		if f.MinTrace != nil && minTrace != "" {
			fmt.Fprintf(w, "      shrunk trace: %s\n", minTrace)
		}
	}
	if r.Confidence > 0 {
		fmt.Fprintf(w, "      no bug of depth <= %d missed with probability >= %.1f%%\n", r.Depth, 100*r.Confidence)
	}
	for _, warning := range r.Warnings {
		fmt.Fprintf(w, "      warning: %s\n", warning)
	}
	if r.Note != "" {
		fmt.Fprintf(w, "      %s\n", r.Note)
	}
}

func writeOutputs(stdout io.Writer, f *results.File, jsonOut, junitOut, reportDir string) error {
	if jsonOut != "" {
		data, err := f.Marshal()
		if err != nil {
			return err
		}
		if err := writeFile(jsonOut, data); err != nil {
			return err
		}
	}
	if junitOut != "" {
		data, err := results.JUnit(f)
		if err != nil {
			return err
		}
		if err := writeFile(junitOut, data); err != nil {
			return err
		}
	}
	if reportDir != "" {
		index, err := reports.Write(reportDir, f)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "report: %s\n", index)
	}
	return nil
}

// writeFile writes data to path, making its directory first.
func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
