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
	"time"

	"github.com/racelab/racelab/explore"
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
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return badInput("bench takes no arguments")
	}
	if *seeds < 1 || *capFlag <= 0 {
		return badInput("--seeds and --native-cap must be positive")
	}
	cfg := explore.BenchConfig{Seeds: *seeds, NativeCap: *capFlag,
		Progress: func(line string) { fmt.Fprintln(stderr, "  "+line) }}
	if *quick {
		cfg.Seeds, cfg.NativeCap = 3, 2*time.Second
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
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
