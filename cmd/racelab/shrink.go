package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/racelab/racelab/explore"
	"github.com/racelab/racelab/scenarios"
	"github.com/racelab/racelab/sim"
)

// shrink minimizes a failing trace and writes the minimal one.
func shrink(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("shrink", flag.ContinueOnError)
	out := fs.String("o", "", "write the minimal trace here (required)")
	budget := fs.Duration("time", explore.DefaultShrinkBudget, "stop after this long and keep the best so far")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" {
		return badInput("shrink takes one TRACE.json and -o MIN.json")
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return badInput("%v", err)
	}
	tr, err := sim.ParseTrace(data)
	if err != nil {
		return badInput("%s: %v", pos[0], err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	s, err := scenarios.Default().ShrinkTrace(ctx, tr, *budget)
	if err != nil {
		return badInput("%s: %v", pos[0], err)
	}
	min, err := s.Trace.Marshal()
	if err != nil {
		return err
	}
	if err := writeFile(*out, min); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s:%s %s: %s\n", s.Trace.Scenario, s.Trace.Variant, s.Kind, s.Message)
	fmt.Fprintf(stdout, "shrunk in %d runs: %d -> %d steps, %d -> %d decisions, %d -> %d preemptions, %d -> %d faults\n",
		s.Runs, s.StepsBefore, s.StepsAfter, s.DecisionsBefore, s.DecisionsAfter, s.PreemptionsBefore, s.PreemptionsAfter, s.FaultsBefore, s.FaultsAfter)
	if s.Minimal {
		fmt.Fprintln(stdout, "1-minimal: taking back any one remaining preemption, fault or drawn value makes it pass or fail differently")
	} else {
		fmt.Fprintln(stdout, "the time budget ran out: this is the smallest found, not proved 1-minimal")
	}
	if s.Flip != nil {
		fmt.Fprintln(stdout, s.Flip.Description)
	}
	fmt.Fprintf(stdout, "wrote %s; replay: racelab replay %s\n", *out, *out)
	return nil
}
