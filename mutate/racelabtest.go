package mutate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/racelab/racelab/results"
)

// runRacelabTest explores a mutant of a package whose tests are plain Go
// (no racetest): the racelab command (Config.RacelabTest) translates the
// package with the mutant's file overlaid, builds its tests and explores
// every test under the scheduler, once per seed, as `racelab test` does
// for the user. The tests run in dir's mirror of the package, so that the
// traces saved of a mutant's failures do not land in the package.
func (cfg *Config) runRacelabTest(ctx context.Context, dir, overlay string) (Response, error) {
	return cfg.eachSeed(ctx, dir, func(ctx context.Context, cwd string, seed uint64) (SeedResult, error) {
		out := filepath.Join(dir, fmt.Sprintf("results-%d.json", seed))
		args := []string{"test", "--seed", strconv.FormatUint(seed, 10), "--test-dir", cwd, "--json", out, "--workers", "1"}
		if overlay != "" {
			args = append(args, "--overlay", overlay)
		}
		if cfg.Schedules > 0 {
			args = append(args, "--schedules", strconv.Itoa(cfg.Schedules))
		}
		if cfg.TestRun != "" {
			args = append(args, "--run", cfg.TestRun)
		}
		for _, a := range cfg.TestArgs {
			if a == "-test.short" {
				args = append(args, "--short")
			}
		}
		args = append(args, cfg.Dir)
		cmd := exec.CommandContext(ctx, cfg.RacelabTest, args...)
		cmd.Dir = cfg.Dir
		cmd.WaitDelay = 5 * time.Second
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		sr := SeedResult{Seed: seed}
		if ctx.Err() != nil {
			return sr, nil // eachSeed reports the time out
		}
		var exit *exec.ExitError
		if err != nil && (!errors.As(err, &exit) || exit.ExitCode() != 1) {
			return sr, fmt.Errorf("racelab test: %v: %s", err, firstLine(strings.TrimSpace(stderr.String()+stdout.String())))
		}
		if err != nil {
			sr.Killed = true
			sr.Kind, sr.Message = "test", firstLine(strings.TrimSpace(lastLines(stdout.String(), 3)))
			if data, rerr := os.ReadFile(out); rerr == nil {
				if f, perr := results.Parse(data); perr == nil {
					for _, r := range f.Runs {
						if len(r.Findings) > 0 {
							fd := r.Findings[0]
							sr.Target, sr.Kind, sr.Message, sr.Schedules = testName(r.Scenario), fd.Kind, fd.Message, fd.Schedule+1
							break
						}
					}
				}
			}
		}
		return sr, nil
	})
}

// testName is the test a racelab test run is of: its scenario is
// "test/IMPORTPATH.TestName".
func testName(scenario string) string {
	if i := strings.LastIndex(scenario, "."); i >= 0 {
		return scenario[i+1:]
	}
	return scenario
}
