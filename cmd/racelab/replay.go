package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/scenarios"
	"github.com/racelab/racelab/sim"
)

// replay re-runs one schedule, from a trace file or from a scenario
// variant, seed and schedule index, and ends with its trace hash.
func replay(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	rf := addRunFlags(fs)
	schedule := fs.Int("schedule", -1, "the schedule index to re-run (with SCENARIO:VARIANT)")
	showLog := fs.Bool("log", false, "print the event log")
	out := fs.String("o", "", "write the replayed run's trace file here")
	decisions := fs.String("decisions", "", "re-run the schedule that takes these choices (INDEX=CHOICE,... as a finding's \"replay shrunk\" line prints them) and option 0 at every other decision")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return badInput("replay takes one SCENARIO:VARIANT or one TRACE.json")
	}
	var r *explore.Replayed
	if strings.HasSuffix(pos[0], ".json") {
		data, err := os.ReadFile(pos[0])
		if err != nil {
			return badInput("%v", err)
		}
		tr, err := sim.ParseTrace(data)
		if err != nil {
			return badInput("%s: %v", pos[0], err)
		}
		if r, err = scenarios.Default().ReplayTrace(tr); err != nil {
			return badInput("%s: %v", pos[0], err)
		}
	} else {
		if !strings.Contains(pos[0], ":") {
			return badInput("replay %s: name one variant, SCENARIO:VARIANT", pos[0])
		}
		if *decisions == "" && (*rf.seed == "" || *schedule < 0) {
			return badInput("replay %s: needs --seed and --schedule, or --decisions", pos[0])
		}
		cfg, err := rf.config()
		if err != nil {
			return err
		}
		targets, err := scenarios.Default().Resolve(pos)
		if err != nil {
			return badInput("%v", err)
		}
		if *decisions != "" {
			choices, err := explore.ParseDecisions(*decisions)
			if err != nil {
				return badInput("--%v", err)
			}
			if r, err = explore.ReplayDecisions(targets[0], cfg, choices); err != nil {
				return badInput("%v", err)
			}
		} else if r, err = explore.ReplaySchedule(targets[0], cfg, *schedule); err != nil {
			return badInput("%v", err)
		}
	}
	if r.Note != "" {
		fmt.Fprintf(stderr, "racelab: note: %s\n", r.Note)
	}
	tr := r.Trace
	if *decisions != "" {
		fmt.Fprintf(stdout, "%s:%s with decisions %s, %d steps\n", tr.Scenario, tr.Variant, *decisions, r.Result.Steps)
	} else {
		fmt.Fprintf(stdout, "%s:%s schedule %d of seed %d (%s), %d steps\n", tr.Scenario, tr.Variant, tr.Schedule, tr.Seed, tr.Strategy, r.Result.Steps)
	}
	if r.Violated() {
		fmt.Fprintf(stdout, "violation: %s: %s\n", r.Kind, r.Message)
		if r.Explanation != "" {
			fmt.Fprintln(stdout, r.Explanation)
		}
	} else {
		fmt.Fprintln(stdout, "clean")
	}
	if *showLog {
		for _, e := range r.Result.Log {
			fmt.Fprintln(stdout, e.String())
		}
	}
	if *out != "" {
		data, err := tr.Marshal()
		if err != nil {
			return err
		}
		if err := writeFile(*out, data); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "trace-hash: %s\n", tr.Hash)
	if r.Violated() {
		return errUnmet
	}
	return nil
}
