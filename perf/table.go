package perf

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/results"
)

// Row is one measure of the table, with its goal.
type Row struct {
	Measure string `json:"measure"`
	// Value is the measured figure, Goal its target, both as printed.
	Value string `json:"value"`
	Goal  string `json:"goal"`
	// Met reports whether the goal holds.
	Met bool `json:"met"`
	// Detail holds the figures the value was computed from.
	Detail string `json:"detail,omitempty"`
}

// Config says what to measure and how hard.
type Config struct {
	// Rounds is how many times every benchmark runs, interleaved with the
	// others; the minimum is kept (default 3).
	Rounds int
	// Catalogue supplies the scenarios of the catalogue measures; nil
	// leaves them out.
	Catalogue *explore.Catalogue
	// Step names the catalogue variant whose step is measured (default
	// cachesync/random-ops:fixed).
	Step string
	// Schedules is the budget of each run of the parallel measure (default
	// 2000 per clean variant).
	Schedules int
	// Progress, if set, hears one line per measurement.
	Progress func(line string)
	_        struct{}
}

// bench is one named workload of a measurement.
type bench struct {
	name string
	fn   func(*testing.B)
	// yields, if set, divides ns/op into ns per yield.
	yields int
}

// Measure runs every workload of the table cfg.Rounds times, interleaved,
// and returns the table's rows. It takes about a minute.
func Measure(ctx context.Context, cfg Config) ([]Row, error) {
	if cfg.Rounds <= 0 {
		cfg.Rounds = 3
	}
	if cfg.Step == "" {
		cfg.Step = "cachesync/random-ops:fixed"
	}
	if cfg.Schedules <= 0 {
		cfg.Schedules = 2000
	}
	benches := []bench{
		{name: "CoroutineFloor", fn: CoroutineFloor},
		{name: "Step", fn: Step},
		{name: "Schedule3x10", fn: Schedule3x10},
		{name: "Var/threads=2", fn: Scaling(VarWorkload, 2, 1000), yields: 2 * 1000},
		{name: "Var/threads=128", fn: Scaling(VarWorkload, 128, 1000), yields: 128 * 1000},
		{name: "Mutex/threads=2", fn: Scaling(MutexWorkload, 2, 1000), yields: 2 * 1000},
		{name: "Mutex/threads=32", fn: Scaling(MutexWorkload, 32, 1000), yields: 32 * 1000},
	}
	if cfg.Catalogue != nil {
		ts, err := cfg.Catalogue.Resolve([]string{cfg.Step})
		if err != nil {
			return nil, fmt.Errorf("perf: %w", err)
		}
		benches = append(benches, bench{name: "CatalogueStep", fn: CatalogueStep(ts[0])})
	}
	ns := map[string]float64{}
	for round := range cfg.Rounds {
		for _, b := range benches {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			r := testing.Benchmark(b.fn)
			if r.N == 0 {
				return nil, fmt.Errorf("perf: benchmark %s failed", b.name)
			}
			v := float64(r.T.Nanoseconds()) / float64(r.N)
			if b.yields > 0 {
				v /= float64(b.yields)
			}
			if old, ok := ns[b.name]; !ok || v < old {
				ns[b.name] = v
			}
			progress(cfg, "round %d: %s %.1f ns", round+1, b.name, v)
		}
	}
	rows := stepRows(ns)
	if cfg.Catalogue != nil {
		par, err := parallel(ctx, cfg)
		if err != nil {
			return nil, err
		}
		rows = append(rows, par)
	}
	return rows, nil
}

func progress(cfg Config, format string, args ...any) {
	if cfg.Progress != nil {
		cfg.Progress(fmt.Sprintf(format, args...))
	}
}

// stepRows computes the step measures from the minimum ns/op (ns/yield for
// the scaling workloads) of each benchmark.
func stepRows(ns map[string]float64) []Row {
	ratio := func(measure, num, den string, goal float64) Row {
		r := ns[num] / ns[den]
		return Row{Measure: measure, Value: fmt.Sprintf("%.2fx", r), Goal: fmt.Sprintf("<= %.1fx", goal), Met: r <= goal,
			Detail: fmt.Sprintf("%s %.1f ns / %s %.1f ns", num, ns[num], den, ns[den])}
	}
	us := ns["Schedule3x10"] / 1000
	rows := []Row{
		ratio("BenchmarkStep / BenchmarkCoroutineFloor", "Step", "CoroutineFloor", 1.5),
		{Measure: "BenchmarkSchedule3x10", Value: fmt.Sprintf("%.1f us (%.0fk schedules/s)", us, 1000/us), Goal: "<= 4 us (250k/s)", Met: us <= 4},
		ratio("ns per yield, Var, 128 threads vs 2 (1000 yields each)", "Var/threads=128", "Var/threads=2", 1.3),
		ratio("ns per yield, contended Mutex, 32 threads vs 2 (1000 yields each)", "Mutex/threads=32", "Mutex/threads=2", 1.5),
	}
	if _, ok := ns["CatalogueStep"]; ok {
		rows = append(rows, ratio("a catalogue step vs a bare step", "CatalogueStep", "Step", 3))
	}
	return rows
}

// parallel measures the clean variants of the catalogue with one worker and
// with two, interleaved variant by variant so that both see the same
// machine, and compares their schedules per second. It also compares their
// CPU time per schedule, on workers started once (explore.Pool): when that is the same, two workers do not get in
// each other's way, and a wall-clock ratio below 2 comes from CPUs the
// machine did not give (its load average is in the row).
func parallel(ctx context.Context, cfg Config) (Row, error) {
	ts, err := cfg.Catalogue.Resolve(nil)
	if err != nil {
		return Row{}, fmt.Errorf("perf: %w", err)
	}
	var elapsed, cpu [3]float64 // by workers: best wall ms, CPU ms of that run
	var schedules [3]int
	load := loadAverage()
	// The workers start once per worker count, not per run: a short run
	// would otherwise measure goroutine and coroutine start-up.
	pools := [3]*explore.Pool{nil, explore.NewPool(), explore.NewPool()}
	defer pools[1].Close()
	defer pools[2].Close()
	for _, t := range ts {
		if t.Variant.Expect != results.Clean {
			continue
		}
		for _, workers := range []int{1, 2} {
			best, bestCPU := math.Inf(1), 0.0
			n := 0
			for range cfg.Rounds {
				c0 := cpuTime()
				run, err := explore.Explore(ctx, t, explore.Config{Seed: 1, Schedules: cfg.Schedules, Workers: workers, ShrinkBudget: -1, Pool: pools[workers]})
				if err != nil {
					return Row{}, fmt.Errorf("perf: %s: %w", t.Name(), err)
				}
				if run.ElapsedMS < best {
					best, bestCPU, n = run.ElapsedMS, results.Millis(cpuTime()-c0), run.Schedules
				}
			}
			elapsed[workers] += best
			cpu[workers] += bestCPU
			schedules[workers] += n
		}
		progress(cfg, "parallel: %s done", t.Name())
	}
	rate := func(w int) float64 { return float64(schedules[w]) * 1000 / elapsed[w] }
	cpuPer := func(w int) float64 { return cpu[w] * 1000 / float64(schedules[w]) }
	r := rate(2) / rate(1)
	detail := fmt.Sprintf("%.0f vs %.0f schedules/s; CPU %.1f vs %.1f us a schedule", rate(2), rate(1), cpuPer(2), cpuPer(1))
	if load != "" {
		detail += "; load average " + load + " at the start"
	}
	return Row{Measure: fmt.Sprintf("schedules/s of the clean variants, 2 workers vs 1 (%d schedules each, %d CPUs)", cfg.Schedules, runtime.NumCPU()),
		Value: fmt.Sprintf("%.2fx", r), Goal: ">= 1.8x", Met: r >= 1.8, Detail: detail}, nil
}

// Table renders rows as a Markdown table: measure, value, goal, met.
func Table(rows []Row) string {
	var b strings.Builder
	b.WriteString("| measure | measured | goal | met | from |\n|---|---|---|---|---|\n")
	for _, r := range rows {
		met := "no"
		if r.Met {
			met = "yes"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", r.Measure, r.Value, r.Goal, met, r.Detail)
	}
	return b.String()
}
