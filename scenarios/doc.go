// Package scenarios is racelab's catalogue and exploration engine.
//
// A [Scenario] is data plus a little code: a name "system/name", variants
// each with an expectation (a violation for a buggy variant, clean for a
// fixed one), a program run as the main thread of a sim.World, a fault plan,
// an optional sequential model the recorded history is checked against, a
// default strategy and budget. [Explore] runs a variant for a budget of
// schedules or time on several workers; schedule i is seeded from (seed, i),
// so what it finds does not depend on the number of workers, and the first
// finding reported is always the one with the smallest schedule index.
//
// [Default] returns the built-in catalogue. Users add their own scenarios by
// building a [Catalogue], or test their own code directly with the racetest
// package.
//
// # Reproducing a failure
//
// Every finding carries its trace and a replay command; [Replay] re-runs a
// trace (or a seed and schedule index) and returns the same run.
package scenarios
