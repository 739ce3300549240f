// Command racelab explores racelab's scenario catalogue, replays and
// reports its findings.
//
//	racelab list
//	racelab run [flags] [SCENARIO[:VARIANT] ...]
//	racelab replay (SCENARIO:VARIANT --seed S --schedule I | TRACE.json) [--log]
//	racelab shrink TRACE.json -o MIN.json [--time 10s]
//	racelab report RESULTS.json ... -o DIR
//	racelab bench [--quick] [--seeds N] [--native-cap D] [--perf=false | --perf-only] [--rounds N]
//	racelab test [run's flags] [-run RE] [-v] [-count N] [-timeout D] [-short] [-tags T] [-replay TRACE.json] [PACKAGES]
//
// run, replay and test take --race (the data race detector: unordered
// conflicting accesses are data-race findings) and --preempt (every shared
// access of translated code a yield point, so a split x++ shows as a wrong
// result). racelab test has --race on by default (--race=false turns it
// off); --preempt is off by default, its cost measured in the README.
//
// Exit status: 0 when every run met its expectation, 1 when one did not (a
// violation where clean was expected, none found where one was expected, a
// replayed schedule that violates), 2 on bad input (an unknown scenario, a
// malformed trace or results file, a bad flag).
package main
