package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"time"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/perf"
	"github.com/racelab/racelab/scenarios"
)

// bench measures racelab against stress testing on every violation-expected
// scenario variant, and writes a Markdown table and JSON.
func bench(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	quick := fs.Bool("quick", false, "small budgets: 3 seeds, a 2 s stress cap")
	seeds := fs.Int("seeds", 20, "start seeds per strategy")
	capFlag := fs.Duration("native-cap", time.Minute, "how long the stress run may try each variant")
	out := fs.String("out", filepath.Join("reports", "out", "bench"), "directory for bench.md and bench.json")
	jsonOut := fs.String("json", "", "also write the JSON here")
	perfOn := fs.Bool("perf", true, "first measure the step cost beside the coroutine floor (perf's table; off with --quick)")
	perfOnly := fs.Bool("perf-only", false, "measure perf's table only, not the catalogue")
	rounds := fs.Int("rounds", 3, "rounds of perf's interleaved benchmarks (the minimum is kept)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return badInput("bench takes no arguments")
	}
	if *seeds < 1 || *capFlag <= 0 || *rounds < 1 {
		return badInput("--seeds, --native-cap and --rounds must be positive")
	}
	cfg := explore.BenchConfig{Seeds: *seeds, NativeCap: *capFlag,
		Progress: func(line string) { fmt.Fprintln(stderr, "  "+line) }}
	if *quick {
		cfg.Seeds, cfg.NativeCap = 3, 2*time.Second
		if !flagSet(fs, "perf") {
			*perfOn = false
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	if *perfOn || *perfOnly {
		if err := benchPerf(ctx, *rounds, *out, stdout, stderr); err != nil {
			return err
		}
		if *perfOnly {
			return nil
		}
	}
	rows, err := scenarios.Default().Bench(ctx, cfg)
	if err != nil {
		return err
	}
	table := explore.BenchTable(rows)
	fmt.Fprint(stdout, table)
	fmt.Fprintf(stdout, "\n%d variants, %d seeds per strategy, stress cap %v, in %v\n", len(rows), cfg.Seeds, cfg.NativeCap, time.Since(start).Round(time.Millisecond))
	data, err := json.MarshalIndent(map[string]any{"schema": "racelab/bench/v1", "seeds": cfg.Seeds, "native_cap_ms": cfg.NativeCap.Milliseconds(), "rows": rows}, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(*out, "bench.md"), []byte(table)); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(*out, "bench.json"), data); err != nil {
		return err
	}
	if *jsonOut != "" {
		if err := writeFile(*jsonOut, data); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "wrote %s and bench.json\n", filepath.Join(*out, "bench.md"))
	return nil
}

// benchPerf measures perf's table (the step against the coroutine floor,
// scaling in threads, a catalogue step, parallel workers), prints it and
// writes perf.md and perf.json beside bench.md, for the bench page.
func benchPerf(ctx context.Context, rounds int, out string, stdout, stderr io.Writer) error {
	fmt.Fprintln(stderr, "measuring the step cost (perf), about a minute per round")
	rows, err := perf.Measure(ctx, perf.Config{Rounds: rounds, Catalogue: scenarios.Default(),
		Progress: func(line string) { fmt.Fprintln(stderr, "  "+line) }})
	if err != nil {
		return err
	}
	table := perf.Table(rows)
	fmt.Fprintf(stdout, "%s\n(min of %d interleaved rounds, GOMAXPROCS %d)\n\n", table, rounds, runtime.GOMAXPROCS(0))
	data, err := json.MarshalIndent(map[string]any{"schema": "racelab/perf/v1", "rounds": rounds, "rows": rows}, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(out, "perf.md"), []byte(table)); err != nil {
		return err
	}
	return writeFile(filepath.Join(out, "perf.json"), data)
}
