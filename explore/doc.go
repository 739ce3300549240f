// Package explore is racelab's exploration engine: strategies and workers,
// findings, shrinking, flip points, confidence, replay and bench.
//
// A [Scenario] is data plus a little code: a name "system/name", variants
// each with an expectation (a violation for a buggy variant, clean for a
// fixed one), a program run as the main thread of a sim.World, a fault plan,
// an optional sequential model the recorded history is checked against, a
// default strategy and budget. [Explore] runs a variant for a budget of
// schedules or time on several workers; schedule i is seeded from (seed, i),
// so what it finds does not depend on the number of workers, and the first
// finding reported is always the one with the smallest schedule index.
// A wall-clock watchdog ends a schedule that does not come back to the
// scheduler (a thread blocked on a real sync.Mutex or channel) with a
// "hang" finding naming where it is stuck, and a run that interleaved
// nothing carries a warning.
//
// With Config.Race (or Scenario.Race) every schedule runs with sim's data
// race detector: each racing pair of sites is one "data-race" finding per
// exploration (one run may give several), chosen in schedule order so that
// the workers do not change them, and shrunk while the same pair still
// races; a run that also fails otherwise is judged by that failure. The
// trace records the detector (and Config.PreemptAccesses), so a finding
// replays as itself.
//
// The engine knows no system: the built-in catalogue lives in package
// scenarios, the go test front door in package racetest, and both build on
// this package, as does the racelab command.
//
// # Reproducing a failure
//
// Every finding carries its trace and a replay command; [Catalogue.ReplayTrace]
// re-runs a trace and [ReplaySchedule] a seed and schedule index, and both
// return the same run. Its shrunk trace replays from its own command line
// too ([FormatDecisions], [ReplayDecisions]), and what the finding says is
// said of that shrunk run.
package explore
