package racetest

import (
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
)

// watchdog ends a schedule that makes no progress in wall-clock time: a
// thread waiting on something racelab does not control never hands control
// back to the scheduler, and nothing inside the World can notice. A long
// schedule that goes on taking steps (a livelock on its way to the step
// limit, on a loaded machine) is not hung: the limit counts from the
// schedule's start or from its last progress, whichever is later.
type watchdog struct {
	limit time.Duration
	r     *runner
	mu    sync.Mutex
	start time.Time  // of the current schedule, or of its last progress
	w     *sim.World // the current schedule's World
	seen  int64      // w.Progress() when start was last set
	done  chan struct{}
}

func startWatchdog(limit time.Duration, r *runner) *watchdog {
	wd := &watchdog{limit: limit, r: r, done: make(chan struct{})}
	if limit > 0 {
		go wd.watch()
	}
	return wd
}

// begin marks the start of a schedule (each schedule's main thread calls it).
func (wd *watchdog) begin(w *sim.World) {
	wd.mu.Lock()
	wd.start, wd.w, wd.seen = time.Now(), w, w.Progress()
	wd.mu.Unlock()
}

func (wd *watchdog) close() { close(wd.done) }

func (wd *watchdog) watch() {
	tick := time.NewTicker(max(wd.limit/10, 10*time.Millisecond))
	defer tick.Stop()
	for {
		select {
		case <-wd.done:
			return
		case <-tick.C:
		}
		wd.mu.Lock()
		if wd.w != nil {
			if p := wd.w.Progress(); p != wd.seen {
				wd.start, wd.seen = time.Now(), p
			}
		}
		hung := !wd.start.IsZero() && time.Since(wd.start) > wd.limit
		wd.mu.Unlock()
		if hung {
			wd.fire()
		}
	}
}

// fire reports the hung schedule and ends the process: the thread cannot
// be unwound, and the test's goroutine waits for it.
func (wd *watchdog) fire() {
	where := hungThread()
	msg := fmt.Sprintf("a schedule did not finish in %v of wall time: %s; racelab cannot schedule that wait (a real channel or lock of untranslated code, a system call, a network or file wait, or a loop without a yield point)", wd.limit, where)
	cfg := wd.r.cfg
	strategy := cfg.Strategy
	if strategy == "" {
		strategy = "random" // explore's default, which the run was using
	}
	run := results.Run{Scenario: wd.r.scenario, Variant: "default", Expect: results.Clean, Verdict: results.Violation,
		Strategy: strategy, Seed: cfg.Seed, Findings: []results.Finding{{Kind: "uncontrolled", Message: msg, Seed: cfg.Seed}}}
	if err := appendResults(run, cfg); err != nil {
		fmt.Fprintf(os.Stderr, "racelab: %v\n", err)
	}
	fmt.Fprintf(os.Stderr, "--- FAIL: %s\n    racelab: uncontrolled: %s\nFAIL\n", wd.r.name, msg)
	os.Exit(1)
}

var goroutineHeader = regexp.MustCompile(`^goroutine (\d+) \[([^\]]*)\]:`)

// stacks returns every goroutine's stack, one entry per goroutine.
func stacks() []string {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Split(string(buf[:n]), "\n\n")
		}
		buf = make([]byte, 2*len(buf))
	}
}

// hungThread describes the simulated thread that is not parked at a yield
// point: its goroutine state and the first frame of the program's code.
func hungThread() string {
	for _, g := range stacks() {
		m := goroutineHeader.FindStringSubmatch(g)
		if m == nil || m[2] == "coroutine" || !strings.Contains(g, "racelab/sim.(*thread).run") {
			continue
		}
		return fmt.Sprintf("a thread is %s in %s", describeState(m[2]), programFrame(g))
	}
	return "no thread is blocked outside the scheduler (the scheduler itself is stuck)"
}

func describeState(s string) string {
	switch {
	case strings.HasPrefix(s, "running"), strings.HasPrefix(s, "runnable"):
		return "running without reaching a yield point"
	default:
		return "blocked (" + s + ")"
	}
}

// programFrame is "func at file.go:12" for the first frame outside the
// runtime, the standard library's sync and time, and racelab.
func programFrame(stack string) string {
	lines := strings.Split(stack, "\n")
	for i := 1; i+1 < len(lines); i += 2 {
		fn := strings.TrimSpace(lines[i])
		if skipFrame(fn) {
			continue
		}
		if j := strings.LastIndex(fn, "("); j > 0 {
			fn = fn[:j] // the arguments' words
		}
		return fn + " at " + fileLine(lines[i+1])
	}
	return "(unknown)"
}

func skipFrame(fn string) bool {
	for _, p := range []string{"runtime.", "sync.", "internal/", "time.", "iter.", "syscall.", "os.", "net.", "github.com/racelab/racelab/sim", "github.com/racelab/racelab/rt/", "github.com/racelab/racelab/explore", "github.com/racelab/racelab/racetest."} {
		if strings.HasPrefix(fn, p) {
			return true
		}
	}
	return false
}

// fileLine turns "\t/path/file.go:12 +0x3e" into "file.go:12".
func fileLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, " +0x"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndex(s, "/"); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// goroutineIDs is the set of goroutines that exist now.
func goroutineIDs() map[int]bool {
	ids := map[int]bool{}
	for _, g := range stacks() {
		if m := goroutineHeader.FindStringSubmatch(g); m != nil {
			id, _ := strconv.Atoi(m[1])
			ids[id] = true
		}
	}
	return ids
}

// alienGoroutine describes a goroutine started, since RunTranslated
// began, by code that was not translated (translated code starts none:
// its go statements are threads), or returns "". It looks at the stacks
// only when the number of goroutines changed, or an alien was seen last
// time, since the World's coroutines come and go as well.
func (r *runner) alienGoroutine() string {
	n := runtime.NumGoroutine()
	if n == r.lastN && r.lastAlien == "" {
		return ""
	}
	r.lastN, r.lastAlien = n, ""
	for _, g := range stacks() {
		m := goroutineHeader.FindStringSubmatch(g)
		if m == nil {
			continue
		}
		if id, _ := strconv.Atoi(m[1]); r.baseline[id] {
			continue
		}
		lines := strings.Split(strings.TrimSpace(g), "\n")
		var creator, at string
		for i, l := range lines {
			if rest, ok := strings.CutPrefix(l, "created by "); ok {
				creator, _, _ = strings.Cut(rest, " in goroutine")
				if i+1 < len(lines) {
					at = fileLine(lines[i+1])
				}
			}
		}
		if creator == "" || infrastructure(creator) {
			continue
		}
		r.lastAlien = fmt.Sprintf("uncontrolled concurrency: %s started a goroutine at %s; racelab cannot schedule it", creator, at)
		return r.lastAlien
	}
	return ""
}

// infrastructure reports whether a goroutine's creator is the World's
// coroutines, the testing package, the runtime or racelab's harness.
func infrastructure(creator string) bool {
	for _, p := range []string{"iter.Pull", "testing.", "runtime.", "runtime/", "os/signal.", "github.com/racelab/racelab/racetest.", "github.com/racelab/racelab/explore.", "github.com/racelab/racelab/sim."} {
		if strings.HasPrefix(creator, p) {
			return true
		}
	}
	return false
}
