// Package results is the schema of racelab's one output: a results file
// (schema "racelab/results/v1") listing every scenario run with its
// verdict and findings. The scenarios engine writes it; the reports package
// renders JUnit XML and HTML from it, so a report can be re-rendered, and
// the files of several shards merged, without running anything again.
//
// # Reproducing a failure
//
// Every finding carries its trace (the content of a trace file) and the
// replay command that re-runs it.
package results
