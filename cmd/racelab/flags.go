package main

import (
	"flag"
	"runtime"
	"time"
)

// exploreFlags are the flags run and test share beyond one schedule's:
// wall-time budget, workers, shard and the three outputs.
type exploreFlags struct {
	time                *time.Duration
	workers             *int
	shard               *string
	json, junit, report *string
	_                   struct{}
}

// addExploreFlags defines them; what names what is explored ("run",
// "test") and workers what a worker is.
func addExploreFlags(fs *flag.FlagSet, what, workers string) exploreFlags {
	return exploreFlags{
		time:    fs.Duration("time", 0, "stop each "+what+" after this much wall time (e.g. 30s)"),
		workers: fs.Int("workers", runtime.NumCPU(), workers),
		shard:   fs.String("shard", "", "i/n: run shard i of n of every schedule space (or RACELAB_SHARD, or JOB_COMPLETION_INDEX with RACELAB_SHARDS)"),
		json:    fs.String("json", "", "write the results file (racelab/results/v1) here"),
		junit:   fs.String("junit", "", "write JUnit XML here"),
		report:  fs.String("report", "", "write the HTML report into this directory"),
	}
}

// check rejects values no exploration can take.
func (f exploreFlags) check() error {
	if *f.workers < 1 {
		return badInput("--workers %d: must be at least 1", *f.workers)
	}
	if *f.time < 0 {
		return badInput("--time %v: must be positive", *f.time)
	}
	return nil
}

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
