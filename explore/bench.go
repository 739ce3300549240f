package explore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/racelab/racelab/linearize"
	"github.com/racelab/racelab/results"
	"github.com/racelab/racelab/sim"
)

// BenchConfig says how hard to measure.
type BenchConfig struct {
	// Seeds is the number of start seeds per strategy (default 20).
	Seeds int
	// NativeCap bounds the stress run on real goroutines (default 60 s).
	NativeCap time.Duration
	// NativeSleep is the longest random real sleep at a yield point.
	NativeSleep time.Duration
	// Progress, if set, hears one line per measurement.
	Progress func(line string)
	_        struct{}
}

// StrategyStat is one strategy's time to first finding over the seeds.
type StrategyStat struct {
	Strategy        string  `json:"strategy"`
	Seeds           int     `json:"seeds"`
	Found           int     `json:"found"`
	MedianSchedules int     `json:"median_schedules"`
	MaxSchedules    int     `json:"max_schedules"`
	MedianMS        float64 `json:"median_ms"`
	MaxMS           float64 `json:"max_ms"`
}

// BenchRow is one violation-expected scenario variant, measured.
type BenchRow struct {
	Scenario   string         `json:"scenario"`
	Variant    string         `json:"variant"`
	Strategies []StrategyStat `json:"strategies"`
	// Native is the stress run: real goroutines, random real sleeps at
	// the same yield points, repeated until the violation shows or the
	// cap passes.
	NativeFound bool    `json:"native_found"`
	NativeRuns  int     `json:"native_runs"`
	NativeMS    float64 `json:"native_ms"`
	NativeNote  string  `json:"native_note,omitempty"`
	// Ratio is the stress run's time over random's median time to first
	// finding (a lower bound when stress found nothing).
	Ratio float64 `json:"ratio"`
	// SchedulesPerSecond and CheckShare are random's throughput and the
	// linearizability checker's share of its time.
	SchedulesPerSecond float64 `json:"schedules_per_second"`
	CheckShare         float64 `json:"check_share"`
}

var benchStrategies = []struct {
	name         string
	depth, bound int
}{{"random", 0, 0}, {"pct", 1, 0}, {"pct", 2, 0}, {"pct", 3, 0}, {"dfs", 0, 2}}

// Bench measures every violation-expected variant of the catalogue.
func (c *Catalogue) Bench(ctx context.Context, cfg BenchConfig) ([]BenchRow, error) {
	if cfg.Seeds <= 0 {
		cfg.Seeds = 20
	}
	if cfg.NativeCap <= 0 {
		cfg.NativeCap = time.Minute
	}
	if cfg.NativeSleep <= 0 {
		cfg.NativeSleep = 100 * time.Microsecond
	}
	targets, err := c.Resolve(nil)
	if err != nil {
		return nil, err
	}
	var rows []BenchRow
	for _, t := range targets {
		if t.Variant.Expect != results.Violation || ctx.Err() != nil {
			continue
		}
		row := BenchRow{Scenario: t.Scenario.Name, Variant: t.Variant.Name}
		var randomMS float64
		for _, st := range benchStrategies {
			seeds := cfg.Seeds
			if st.name == "dfs" {
				seeds = 1 // dfs does not depend on the seed
			}
			stat := StrategyStat{Strategy: st.name, Seeds: seeds}
			if st.name == "pct" {
				stat.Strategy = fmt.Sprintf("pct d=%d", st.depth)
			}
			var schedules []int
			var times []float64
			var elapsed, check float64
			total := 0
			for seed := range uint64(seeds) {
				run, err := Explore(ctx, t, Config{Strategy: st.name, Depth: st.depth, Bound: st.bound, Seed: seed, Workers: 1, ShrinkBudget: -1})
				if err != nil {
					return nil, fmt.Errorf("%s: %w", t.Name(), err)
				}
				total += run.Schedules
				elapsed, check = elapsed+run.ElapsedMS, check+run.CheckMS
				if len(run.Findings) > 0 {
					stat.Found++
					schedules = append(schedules, run.Schedules)
					times = append(times, run.TimeToFirstMS)
				}
			}
			stat.MedianSchedules, stat.MaxSchedules = medianMax(schedules)
			stat.MedianMS, stat.MaxMS = medianMax(times)
			if st.name == "random" {
				randomMS = stat.MedianMS
				if elapsed > 0 {
					row.SchedulesPerSecond = float64(total) * 1000 / elapsed
					row.CheckShare = check / elapsed
				}
			}
			row.Strategies = append(row.Strategies, stat)
		}
		c.benchNative(ctx, t, cfg, &row)
		if randomMS > 0 {
			row.Ratio = row.NativeMS / randomMS
		}
		if cfg.Progress != nil {
			cfg.Progress(fmt.Sprintf("%s: random median %.2fms, stress %s", t.Name(), randomMS, nativeCell(row)))
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// benchNative runs the scenario's native harness until its violation shows
// or the cap passes.
func (c *Catalogue) benchNative(ctx context.Context, t Target, cfg BenchConfig, row *BenchRow) {
	sc := t.Scenario
	if sc.Native == nil {
		row.NativeNote = "no native harness"
		return
	}
	var checker *linearize.Checker
	if sc.Model != nil {
		checker = linearize.NewChecker(*sc.Model, 5*time.Second)
	}
	// A deadlock or a leak shows on real goroutines only as a hang: a run
	// that has not finished after hang counts as found. A run starts only
	// while a whole hang still fits in the cap, so the cap never cuts one
	// short into a false finding.
	hang := min(time.Second, cfg.NativeCap/2)
	start := realNow()
	for realSince(start)+hang <= cfg.NativeCap && ctx.Err() == nil {
		problem := ""
		res := sim.RunNative(sim.NativeOptions{Seed: uint64(row.NativeRuns), StressRate: 0.5, MaxStressSleep: cfg.NativeSleep,
			Faults: sc.Faults, Timeout: hang}, func(rt sim.Runtime) { problem = sc.Native(rt, t.Variant.Name) })
		row.NativeRuns++
		found := problem != "" || len(res.Findings) > 0
		if !found && checker != nil {
			if lr, err := checker.Check(res.History); err == nil && lr.Verdict == linearize.Illegal {
				found = true
			}
		}
		if found {
			row.NativeFound = true
			break
		}
	}
	row.NativeMS = results.Millis(realSince(start))
}

// medianMax returns the median and the maximum of xs (zeros for none).
func medianMax[T cmp.Ordered](xs []T) (T, T) {
	var zero T
	if len(xs) == 0 {
		return zero, zero
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2], s[len(s)-1]
}

func nativeCell(r BenchRow) string {
	switch {
	case r.NativeNote != "":
		return "n/a (" + r.NativeNote + ")"
	case r.NativeFound:
		return fmt.Sprintf("%.0fms (%d runs)", r.NativeMS, r.NativeRuns)
	}
	return fmt.Sprintf("not found in %.0fs (%d runs)", r.NativeMS/1000, r.NativeRuns)
}

// BenchTable renders rows as a Markdown table.
func BenchTable(rows []BenchRow) string {
	var b strings.Builder
	b.WriteString("| scenario:variant |")
	if len(rows) > 0 {
		for _, s := range rows[0].Strategies {
			fmt.Fprintf(&b, " %s: schedules med/max (ms med) |", s.Strategy)
		}
	}
	b.WriteString(" stress (native) | stress / racelab | schedules/s | checker share |\n|---|")
	if len(rows) > 0 {
		b.WriteString(strings.Repeat("---|", len(rows[0].Strategies)))
	}
	b.WriteString("---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s:%s |", r.Scenario, r.Variant)
		for _, s := range r.Strategies {
			if s.Found < s.Seeds {
				fmt.Fprintf(&b, " %d/%d found; %d/%d (%.2f) |", s.Found, s.Seeds, s.MedianSchedules, s.MaxSchedules, s.MedianMS)
			} else {
				fmt.Fprintf(&b, " %d/%d (%.2f) |", s.MedianSchedules, s.MaxSchedules, s.MedianMS)
			}
		}
		ratio := "-"
		if r.Ratio > 0 {
			ratio = fmt.Sprintf("%.0fx", r.Ratio)
			if r.Ratio < 10 {
				ratio = fmt.Sprintf("%.1fx", r.Ratio)
			}
			if !r.NativeFound {
				ratio = ">" + ratio
			}
		}
		fmt.Fprintf(&b, " %s | %s | %.0f | %.0f%% |\n", nativeCell(r), ratio, r.SchedulesPerSecond, 100*r.CheckShare)
	}
	return b.String()
}
