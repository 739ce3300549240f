package mutate

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var (
	failLine     = regexp.MustCompile(`(?m)^\s*--- FAIL: (\S+)`)
	foundLine    = regexp.MustCompile(`found in schedule (\d+) of \d+`)
	findingLine  = regexp.MustCompile(`(?m)racelab: ([a-z-]+): (.*)$`)
	seedFlagGone = "flag provided but not defined: -racelab.seed"
)

// errPlainTests says that a package's tests do not use racetest.
var errPlainTests = errors.New("the tests do not use racetest (no -racelab.seed flag): explore them with racelab test (Config.RacelabTest)")

// runTests runs the package's test binary once per seed, in a directory of
// its own that mirrors the package's (so testdata fixtures are found, and
// the traces racetest saves of a mutant's failures land there, not in the
// package).
func (cfg *Config) runTests(ctx context.Context, dir, bin string) (Response, error) {
	return cfg.eachSeed(ctx, dir, func(ctx context.Context, cwd string, seed uint64) (SeedResult, error) {
		args := []string{"-test.count=1", "-test.timeout=" + cfg.Timeout.String()}
		if seed != 0 {
			args = append(args, "-racelab.seed="+strconv.FormatUint(seed, 10))
		}
		if cfg.Schedules > 0 {
			args = append(args, "-racelab.schedules="+strconv.Itoa(cfg.Schedules))
		}
		if cfg.TestRun != "" {
			args = append(args, "-test.run="+cfg.TestRun)
		}
		args = append(args, cfg.TestArgs...)
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Dir = cwd
		cmd.WaitDelay = 5 * time.Second
		out, err := cmd.CombinedOutput()
		text := string(out)
		sr := SeedResult{Seed: seed}
		if strings.Contains(text, seedFlagGone) {
			return sr, errPlainTests
		}
		if ctx.Err() != nil {
			return sr, nil // eachSeed reports the time out
		}
		if err != nil {
			sr.Killed = true
			if m := failLine.FindStringSubmatch(text); m != nil {
				sr.Target = m[1]
			}
			if m := foundLine.FindStringSubmatch(text); m != nil {
				n, _ := strconv.Atoi(m[1])
				sr.Schedules = n + 1
			}
			if m := findingLine.FindStringSubmatch(text); m != nil {
				sr.Kind, sr.Message = m[1], m[2]
			} else {
				sr.Kind, sr.Message = "test", firstLine(strings.TrimSpace(lastLines(text, 3)))
			}
		}
		return sr, nil
	})
}

// eachSeed runs one seed at a time in dir's mirror of the package (so
// testdata fixtures are found, and the traces saved of a mutant's failures
// land there, not in the package), all of them within cfg.Timeout, until a
// seed leaves the mutant alive (it is killed only if every seed kills it,
// so the first survivor settles it), the time is up, or run fails.
func (cfg *Config) eachSeed(ctx context.Context, dir string, run func(ctx context.Context, cwd string, seed uint64) (SeedResult, error)) (Response, error) {
	cwd := filepath.Join(dir, "run")
	if err := mirror(cfg.Dir, cwd); err != nil {
		return Response{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	var resp Response
	for _, seed := range cfg.Seeds {
		sr, err := run(ctx, cwd, seed)
		if err != nil {
			return resp, err
		}
		if ctx.Err() != nil {
			resp.TimedOut = true
			resp.Seeds = append(resp.Seeds, SeedResult{Seed: seed})
			break
		}
		resp.Seeds = append(resp.Seeds, sr)
		if !sr.Killed {
			break
		}
	}
	return resp, nil
}

// mirror makes dst look like the package directory src: a symbolic link to
// each entry, except testdata, which is a directory of links without
// testdata/racelab (the saved traces of the package's own failures).
func mirror(src, dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		from := filepath.Join(src, e.Name())
		if e.Name() == "testdata" && e.IsDir() {
			inner, err := os.ReadDir(from)
			if err != nil {
				return err
			}
			td := filepath.Join(dst, "testdata")
			if err := os.MkdirAll(td, 0o755); err != nil {
				return err
			}
			for _, ie := range inner {
				if ie.Name() != "racelab" {
					if err := os.Symlink(filepath.Join(from, ie.Name()), filepath.Join(td, ie.Name())); err != nil && !os.IsExist(err) {
						return err
					}
				}
			}
			continue
		}
		if err := os.Symlink(from, filepath.Join(dst, e.Name())); err != nil && !os.IsExist(err) {
			return err
		}
	}
	return nil
}

func lastLines(s string, n int) string {
	ls := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(ls[max(0, len(ls)-n):], "\n")
}
