// Package atomic is sync/atomic for translated code: every function and
// typed value of the standard package, each operation one yield point
// under a World (sim.Current() != nil) and then the real atomic operation,
// so that a lost update made of an atomic Load and a later Store is
// reachable by the scheduler. Outside a World each is exactly the standard
// operation.
//
// # Reproducing a failure
//
// Under a World every operation here is a decision or an event of the run,
// so the run replays from its trace: racetest.RunTranslated prints the line
// that replays a failing schedule.
package atomic
