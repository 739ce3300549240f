// Package perf holds racelab's performance workloads and the table that
// compares them with their goals.
//
// Each workload is a benchmark body (func(*testing.B)): the Go benchmarks in
// perf's tests run them for benchstat, and [Measure] runs them side by side
// in one process, paired and interleaved, keeping the minimum of several
// rounds, so that a ratio such as "a step over the coroutine floor" compares
// figures taken on the same machine at the same time. `racelab bench` prints
// that table and its page shows it beside the catalogue's time to first
// finding.
//
// Nothing here asserts speed in a test: ratios are measured and reported,
// and a goal that does not hold is named in the table and the README.
package perf
