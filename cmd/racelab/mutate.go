package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/racelab/racelab/mutate"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/scenarios"
)

// mutateCmd generates mutants of packages, explores each with the
// scenarios (or the tests) that cover the package, and prints the table
// and the score.
func mutateCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("mutate", flag.ContinueOnError)
	ops := fs.String("operators", "all", "comma-separated operators (racelab mutate --list-operators)")
	listOps := fs.Bool("list-operators", false, "list the operators and exit")
	seeds := fs.String("seeds", "1,2,3", "start seeds; a mutant is killed when every one finds a violation")
	schedules := fs.Int("schedules", 0, "schedules per exploration (default: each scenario's or test's budget)")
	timeout := fs.Duration("timeout", 3*time.Minute, "time budget of each mutant")
	workers := fs.Int("workers", 0, "mutants built and explored at once (default: the number of CPUs)")
	scen := fs.String("scenarios", "", "catalogue scenarios covering the package, comma-separated (default: the clean variants of the scenarios named after it)")
	testMode := fs.Bool("test", false, "run the package's go test tests (racetest.Check) even if catalogue scenarios cover it")
	runPat := fs.String("run", "", "test mode: only the tests matching this -run pattern")
	short := fs.Bool("short", false, "test mode: run the tests with -test.short")
	only := fs.String("only", "", "only these mutants, e.g. M3,M7")
	jsonOut := fs.String("json", "", "write the results (racelab/mutate/v1) here")
	reportDir := fs.String("report", "", "write DIR/mutate.html")
	keep := fs.String("keep", "", "keep each mutant's file and overlay under this directory")
	minScore := fs.Float64("min-score", 0, "exit 1 when a package scores lower (0 to 1)")
	reviewedFile := fs.String("reviewed", "", "mutants judged equivalent by a person: PACKAGE FILE:LINE OPERATOR: reason, a line (default: the module's "+reviewedDefault+" if present)")
	worker := fs.String("worker", "", "internal: answer the request in this file")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *worker != "" {
		return mutateWorker(*worker, stdout)
	}
	if *listOps {
		for _, op := range mutate.Operators() {
			fmt.Fprintf(stdout, "%-18s %s\n", op.Name, op.Doc)
		}
		return nil
	}
	operators, err := mutate.SelectOperators(*ops)
	if err != nil {
		return badInput("--operators: %v", err)
	}
	seedList, err := parseSeeds(*seeds)
	if err != nil {
		return badInput("--seeds: %v", err)
	}
	switch {
	case len(pos) == 0:
		return badInput("mutate: name the packages to mutate, e.g. racelab mutate ./impl/...")
	case *schedules < 0:
		return badInput("--schedules %d: must be positive", *schedules)
	case *timeout <= 0:
		return badInput("--timeout %v: must be positive", *timeout)
	case *minScore < 0 || *minScore > 1:
		return badInput("--min-score %v: want a number from 0 to 1", *minScore)
	case *runPat != "" && *scen != "":
		return badInput("--run is for test mode; --scenarios for catalogue mode")
	}
	pkgs, err := listPackages(pos)
	if err != nil {
		return err
	}
	var explicit []string
	if *scen != "" {
		explicit = strings.Split(*scen, ",")
		if _, err := scenarios.Default().Resolve(explicit); err != nil {
			return badInput("--scenarios: %v", err)
		}
	}
	reviewed, err := loadReviewed(*reviewedFile, pkgs)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	start := time.Now()
	var out mutate.File
	for _, p := range pkgs {
		cfg := mutate.Config{Dir: p.dir, Package: p.importPath, Operators: operators, Seeds: seedList, Schedules: *schedules,
			Timeout: *timeout, Workers: *workers, TestRun: *runPat, ModuleDir: p.moduleDir}
		cfg.Reviewed = reviewed[p.importPath]
		// plain-Go tests (no racetest) are explored by this command's own
		// racelab test
		if self, err := os.Executable(); err == nil {
			cfg.RacelabTest = self
		}
		if *short {
			cfg.TestArgs = []string{"-test.short"}
		}
		if *only != "" {
			cfg.Only = strings.Split(*only, ",")
		}
		if !*testMode {
			cfg.Targets = explicit
			if cfg.Targets == nil {
				cfg.Targets = coveringTargets(p)
			}
		}
		if *keep != "" {
			cfg.WorkDir = filepath.Join(*keep, strings.ReplaceAll(p.importPath, "/", "_"))
		}
		pkg := p.importPath
		cfg.Progress = func(done, total int, r mutate.Result) {
			what := r.Status
			if r.KilledBy != "" {
				what += " by " + r.KilledBy
			}
			fmt.Fprintf(stderr, "mutate: %s %d/%d %s %s %s:%d: %s (%v)\n", pkg, done, total, r.ID, r.Operator, r.File, r.Line, what,
				time.Since(start).Round(time.Second))
		}
		mode := "the package's tests"
		if len(cfg.Targets) > 0 {
			mode = strings.Join(cfg.Targets, " ")
		}
		fmt.Fprintf(stderr, "mutate: %s: exploring the original with %s\n", pkg, mode)
		rep, err := mutate.Run(ctx, cfg)
		if err != nil {
			return err
		}
		rep.WriteTable(stdout)
		fmt.Fprintln(stdout)
		out.Packages = append(out.Packages, rep)
	}
	if len(out.Packages) > 1 {
		mutate.WriteSummary(stdout, out.Packages)
	}
	fmt.Fprintf(stdout, "%d packages in %v\n", len(out.Packages), time.Since(start).Round(time.Second))
	if err := writeMutateOutputs(&out, *jsonOut, *reportDir, stdout); err != nil {
		return err
	}
	for _, r := range out.Packages {
		if r.Score < *minScore {
			fmt.Fprintf(stderr, "racelab: %s scores %.0f%%, below --min-score %.0f%%\n", r.Package, 100*r.Score, 100**minScore)
			return errUnmet
		}
	}
	return nil
}

func writeMutateOutputs(out *mutate.File, jsonOut, reportDir string, stdout io.Writer) error {
	if jsonOut != "" {
		data, err := out.Marshal()
		if err != nil {
			return err
		}
		if err := writeFile(jsonOut, data); err != nil {
			return err
		}
	}
	if reportDir != "" {
		var b bytes.Buffer
		if err := out.WriteHTML(&b); err != nil {
			return err
		}
		file := filepath.Join(reportDir, "mutate.html")
		if err := writeFile(file, b.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s\n", file)
	}
	return nil
}

func parseSeeds(s string) ([]uint64, error) {
	var out []uint64
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.ParseUint(strings.TrimSpace(f), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q: want whole numbers, comma-separated", f)
		}
		out = append(out, v)
	}
	return out, nil
}

// pkgInfo is one package go list found.
type pkgInfo struct{ importPath, dir, modulePath, moduleDir string }

// listPackages expands package patterns with go list.
func listPackages(patterns []string) ([]pkgInfo, error) {
	cmd := exec.Command("go", append([]string{"list", "-f", "{{.ImportPath}}\t{{.Dir}}\t{{with .Module}}{{.Path}}\t{{.Dir}}{{end}}"}, patterns...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, badInput("mutate: %s", strings.TrimSpace(strings.SplitN(stderr.String()+err.Error(), "\n", 2)[0]))
	}
	var pkgs []pkgInfo
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(l, "\t")
		if len(f) < 4 {
			return nil, badInput("mutate: %s is not in a module", f[0])
		}
		pkgs = append(pkgs, pkgInfo{f[0], f[1], f[2], f[3]})
	}
	return pkgs, nil
}

// coveringTargets are the clean variants of the catalogue scenarios named
// after a package of the racelab module (impl/opsync: opsync/*); none for
// any other package.
func coveringTargets(p pkgInfo) []string {
	if p.modulePath != "github.com/racelab/racelab" {
		return nil
	}
	system := path.Base(p.importPath)
	var out []string
	for _, s := range scenarios.Default().All() {
		if !strings.HasPrefix(s.Name, system+"/") {
			continue
		}
		for _, v := range s.Variants {
			if v.Expect == results.Clean {
				out = append(out, s.Name+":"+v.Name)
			}
		}
	}
	return out
}

// mutateWorker answers a worker request with this binary's catalogue: it is
// how a mutant, built into the racelab command, is explored.
func mutateWorker(file string, stdout io.Writer) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var req mutate.Request
	if err := json.Unmarshal(data, &req); err != nil {
		return badInput("--worker %s: %v", file, err)
	}
	resp := mutate.Work(context.Background(), scenarios.Default(), req)
	out, err := json.Marshal(resp)
	if err != nil {
		return err
	}
	_, err = stdout.Write(out)
	return err
}

// reviewedDefault is where a module keeps its reviewed equivalent mutants.
const reviewedDefault = "mutate-reviewed.txt"

// loadReviewed reads the reviewed equivalents: the named file, or the
// default file at the root of the packages' module if it exists.
func loadReviewed(file string, pkgs []pkgInfo) (map[string]map[string]string, error) {
	if file == "" {
		if len(pkgs) == 0 {
			return nil, nil
		}
		file = filepath.Join(pkgs[0].moduleDir, reviewedDefault)
		if _, err := os.Stat(file); err != nil {
			return nil, nil
		}
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, badInput("--reviewed: %v", err)
	}
	defer f.Close()
	out, err := mutate.ParseReviewed(f)
	if err != nil {
		return nil, badInput("--reviewed %s: %v", file, err)
	}
	return out, nil
}
