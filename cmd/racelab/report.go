package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/racelab/racelab/reports"
	"github.com/racelab/racelab/results"
)

// report renders results files (merging several, as shards write them)
// into an HTML report, without running anything. It exits 1 if a run
// missed its expectation or a file is partial.
func report(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	dir := fs.String("o", "", "the directory to write the report into (required)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *dir == "" || len(pos) == 0 {
		return badInput("report needs RESULTS.json files and -o DIR")
	}
	var files []*results.File
	for _, name := range pos {
		data, err := os.ReadFile(name)
		if err != nil {
			return badInput("%v", err)
		}
		f, err := results.Parse(data)
		if err != nil {
			return badInput("%s: %v", name, err)
		}
		files = append(files, f)
	}
	merged := results.Merge(files...)
	index, err := reports.Write(*dir, merged)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "report: %s (%d run(s) from %d file(s))\n", index, len(merged.Runs), len(files))
	if merged.Interrupted() {
		// A partial file proves less than its runs say: never a green exit.
		fmt.Fprintln(stderr, "racelab: the results are partial (an interrupted run): not every run ran its budget")
		return errUnmet
	}
	if merged.Failed() {
		return errUnmet
	}
	return nil
}
