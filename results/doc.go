// Package results is the schema of racelab's one output: a results file
// (schema "racelab/results/v1") listing every scenario run with its
// verdict and findings. The explore engine writes it; the reports package
// renders JUnit XML and HTML from it, so a report can be re-rendered, and
// the files of several shards merged, without running anything again.
//
// # Reproducing a failure
//
// Every finding carries its trace (the content of a trace file, which
// parses as one when extracted), its shrunk trace and the replay commands
// that re-run them. A file written by an interrupted run says so
// ("partial": true).
package results
