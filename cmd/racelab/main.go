package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// usageError is bad input: one line to stderr, exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func badInput(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// errUnmet is returned when a run did not meet its expectation: exit 1.
var errUnmet = errors.New("expectation not met")

// errInterrupted is returned when Ctrl-C or SIGTERM stopped a run: exit
// 130, as a shell reports a command killed by SIGINT, whatever was found
// until then (the results written are partial and say so).
var errInterrupted = errors.New("interrupted")

const usage = `racelab makes concurrency bugs reproducible.

usage:
  racelab list                              list the scenario catalogue
  racelab run [flags] [SCENARIO[:VARIANT]]  explore scenarios (all without arguments)
  racelab replay SCENARIO:VARIANT --seed S --schedule I [--log]
  racelab replay SCENARIO:VARIANT --decisions I=C,...   re-run a shrunk trace
  racelab replay TRACE.json [--log]         re-run one schedule
  racelab shrink TRACE.json -o MIN.json     minimize a failing trace (1-minimal)
  racelab report RESULTS.json ... -o DIR    render (and merge) results files
  racelab bench [--quick] [--perf-only]     the step cost beside its floor, and racelab against stress testing
  racelab test [flags] [PACKAGES]           your own go tests, unmodified, explored
  racelab mutate [flags] PACKAGE ...        weaken the code, explore each mutant, print the score

'racelab COMMAND -h' lists a command's flags.
`

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run is the whole command, testable: it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "list":
		err = list(args[1:], stdout)
	case "run":
		err = runCmd(args[1:], stdout, stderr)
	case "replay":
		err = replay(args[1:], stdout, stderr)
	case "report":
		err = report(args[1:], stdout, stderr)
	case "shrink":
		err = shrink(args[1:], stdout)
	case "bench":
		err = bench(args[1:], stdout, stderr)
	case "test":
		err = testCmd(args[1:], stdout, stderr)
	case "mutate":
		err = mutateCmd(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		err = badInput("unknown command %q (want list, run, test, replay, shrink, report, bench or mutate)", args[0])
	}
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "racelab: %s\n", ue.msg)
		return 2
	case errors.Is(err, errInterrupted):
		return 130
	case errors.Is(err, errUnmet):
		return 1
	default:
		fmt.Fprintf(stderr, "racelab: %v\n", err)
		return 1
	}
}

// parse parses flags that may come before, between or after positional
// arguments, and returns the positional ones. A bad flag is bad input.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(os.Stdout)
				fs.PrintDefaults()
				return nil, err
			}
			return nil, badInput("%s: %v", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
